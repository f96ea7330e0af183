"""Reusable report scenarios for tests: small, fully consistent reports to break on purpose."""

from decimal import Decimal as D

from disclosure.models import PriorYearFigure, Procurement, Reason
from tests.factories import (
    AssetHoldingFactory,
    BalancesFactory,
    BasicExpenditureLineFactory,
    ExpenditureLineFactory,
    FiscalExpenditureLineFactory,
    IncomeLineFactory,
    ReportFactory,
    ThreePublicExpensesFactory,
    UnitFactory,
    economic_code,
    function_code,
)
from units.models import Unit


def consistent_report(unit_type=Unit.UnitType.PUBLIC_WELFARE_1, unit=None, **fields):
    """A small report in which every identity holds.

    Fiscal: income 105 + opening 2 = spending 100 + closing 7.
    Non-fiscal: other income 6 + opening 1 = spending 5 + closing 2.
    `fields` are the report's own (kind="budget" makes it a 预算).
    """
    report = ReportFactory(unit=unit or UnitFactory(unit_type=unit_type), **fields)
    pension, city = function_code("2080505"), function_code("2120199")
    IncomeLineFactory(report=report, function_code=pension, general_budget=D("10.00"))
    IncomeLineFactory(
        report=report, function_code=city, general_budget=D("95.00"), other=D("6.00")
    )
    ExpenditureLineFactory(report=report, function_code=pension, basic=D("10.00"))
    ExpenditureLineFactory(
        report=report, function_code=city, basic=D("50.00"), project=D("45.00")
    )
    FiscalExpenditureLineFactory(
        report=report,
        function_code=pension,
        basic=D("10.00"),
        budget_initial=D("10.00"),
    )
    FiscalExpenditureLineFactory(
        report=report,
        function_code=city,
        basic=D("50.00"),
        project=D("40.00"),
        budget_initial=D("90.00"),
        opening_balance=D("2.00"),
        closing_balance=D("7.00"),
    )
    BalancesFactory(report=report, opening_total=D("3.00"), closing_total=D("9.00"))
    for code, value in {
        "30101": "45.00",
        "30108": "10.00",
        "30201": "3.00",
        "30231": "2.00",
    }.items():
        BasicExpenditureLineFactory(
            report=report, economic_code=economic_code(code), amount=D(value)
        )
    ThreePublicExpensesFactory(
        report=report,
        budget_vehicle_operation=D("3.00"),
        actual_vehicle_operation=D("2.00"),
        vehicles_held=1,
    )
    AssetHoldingFactory(report=report, vehicles_other=1)
    Procurement.objects.create(report=report, goods=D("5.00"), sme_goods=D("5.00"))
    Reason.objects.create(
        report=report,
        key="three_public:vehicle_operation:budget",
        text="严格控制车辆费用",
    )
    Reason.objects.create(report=report, key="closing_total", text="项目资金跨年度支付")
    PriorYearFigure.objects.create(
        report=report, key=PriorYearFigure.Key.CLOSING_TOTAL, amount=D("3.00")
    )
    return report


def consistent_budget(amount_unit="wan_yuan", **options):
    """`consistent_report()` as a draft 单位预算 on 江西 2023: every 预算 identity holds.

    收支: 本年收入 111 + 上年结转 3 = 本年支出 105 + 结转下年 9.
    一般公共预算: 收入 105 + 上年结转 2 = 支出 100 + 结转下年 7, per code too
    (2080505: 10 = 10; 2120199: 95 + 2 = 90 + 7). 基本支出 30231 2 ≤ “三公”
    公务用车运行维护费预算 3. The amounts read in `amount_unit`.
    """
    from disclosure.models import Report

    return consistent_report(
        kind=Report.Kind.BUDGET,
        template_variant="jx2023_unit_budget",
        amount_unit=amount_unit,
        **options,
    )


def publish_correction(report, note="更正公开05表的数字。", **changes):
    """Correct a published `report` through the workflow; returns the published revision 2+.

    `changes` are set on the correction's report row (e.g. data_note) while it
    is a draft; warnings the 审核 finds are explained, as a preparer would.
    """
    import datetime

    from django.contrib.auth.models import Group

    from disclosure.models import Report, RuleExplanation
    from disclosure.workflow import (
        Attestation,
        report_approve,
        report_correct,
        report_publish,
        report_submit,
        submission_gate,
    )
    from tests.factories import MembershipFactory, UserFactory
    from units.models import Membership

    def person(group, role):
        user = UserFactory()
        user.groups.add(Group.objects.get(name=group))
        MembershipFactory(user=user, unit=report.unit, role=role)
        return user

    preparer = person("填报人", Membership.Role.PREPARER)
    reviewer = person("审核人", Membership.Role.REVIEWER)
    correction = report_correct(report, preparer, note)
    if changes:
        Report.objects.filter(pk=correction.pk).update(**changes)
    for finding in submission_gate(correction).unexplained:
        RuleExplanation.objects.update_or_create(
            report=correction,
            rule_id=finding.rule_id,
            defaults={"text": "已核实，数字无误。", "author": preparer},
        )
    report_submit(correction, preparer)
    today = datetime.date.today()
    report_approve(correction, reviewer, Attestation("王保密", today, "李主任", today))
    return report_publish(correction, reviewer)


def force_status(report, status, *, freeze=True, **fields):
    """Put `report` (a Report or its pk) in `status` directly, as the demo loader does.

    Test set-up only.
    Outside the workflow services the status refuses to move; a test that
    needs a report in a given state without walking it there uses this. A
    report made public is frozen, like any report loaded as already published
    (`freeze=False` leaves it without a snapshot). `fields` are set with it.
    """
    from disclosure.models import Report, generated_data_reset
    from disclosure.snapshots import freeze as freeze_snapshot

    if not isinstance(report, Report):
        report = Report.objects.get(pk=report)
    with generated_data_reset():
        Report.objects.filter(pk=report.pk).update(status=status, **fields)
    report.status = status
    for name, value in fields.items():
        setattr(report, name, value)
    if freeze and status in Report.PUBLIC_STATUSES:
        freeze_snapshot(report)
    return report


def department(units=2, *, merged=0, status="approved"):
    """A 主管部门 with its 本级 and `units` 预算单列 units, each with a consistent 单位决算.

    `merged` more units below it have no report (并入本级). The unit reports
    are put in `status`; the department's 部门决算 is a draft with the default
    composition. Returns (department report, {unit code: unit report}).
    """
    from disclosure.consolidation import compose
    from disclosure.models import Report

    head = UnitFactory(unit_type=Unit.UnitType.ADMINISTRATIVE)
    reports = {head.code: consistent_report(unit=head)}
    for _ in range(units):
        child = UnitFactory(parent=head)
        reports[child.code] = consistent_report(unit=child)
    for _ in range(merged):
        UnitFactory(parent=head)
    for report in reports.values():
        force_status(report, status)
    first = next(iter(reports.values()))
    dept = Report.objects.create(
        unit=head, fiscal_year=first.fiscal_year, level=Report.Level.DEPARTMENT
    )
    compose(dept, None)
    return dept, reports
