"""部门决算 through the workflow: figures never typed, sources pinned on submission,
units locked while consolidated, the department told of a unit's later correction."""

from decimal import Decimal as D

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from disclosure.entry import EditRefused, fact_writes
from disclosure.models import (
    DEPARTMENT_FIGURES_REFUSED,
    Balances,
    ConsolidationMember,
    IncomeLine,
    OperatingExpense,
    PriorYearFigure,
    Reason,
    Report,
    ReportLocked,
    RuleExplanation,
    generated_data_reset,
)
from disclosure.workflow import (
    report_approve,
    report_publish,
    report_submit,
    submission_gate,
)
from performance.models import Project
from tests.disclosure.test_department_rules import eliminate
from tests.disclosure.test_workflow import ATTESTATION, person
from tests.factories import ReportFactory, UnitFactory, function_code
from tests.scenarios import department, force_status
from units.models import Membership

Mode = ConsolidationMember.Mode
Status = Report.Status


def make_submittable(dept, author) -> None:
    """What a department's accountant adds before submitting: reasons, explanations.

    The 本级 is an administrative unit, so its own report states its
    机关运行经费 (entered when it was approved).
    """
    head = dept.members.get(mode=Mode.SELF)
    source = Report.objects.get(
        unit=head.unit, fiscal_year=dept.fiscal_year, level=Report.Level.UNIT
    )
    with generated_data_reset():
        OperatingExpense.objects.get_or_create(
            report=source, defaults={"amount": D("1.00")}
        )
    Reason.objects.get_or_create(
        report=dept,
        key="three_public:vehicle_operation:budget",
        defaults={"text": "严格控制车辆费用"},
    )
    for finding in submission_gate(dept).unexplained:
        RuleExplanation.objects.update_or_create(
            report=dept,
            rule_id=finding.rule_id,
            defaults={"text": "已核实，数字无误。", "author": author},
        )


class DepartmentTestCase(TestCase):
    def setUp(self):
        self.dept, reports = department(units=1)
        self.head, self.child = reports.values()
        self.preparer = person(
            "bumen", "填报人", self.dept.unit, Membership.Role.PREPARER
        )
        # The finance bureau's supervisor of the department and its units.
        self.reviewer = person(
            "caizheng", "审核人", self.dept.unit, Membership.Role.REVIEWER
        )
        make_submittable(self.dept, self.preparer)

    def refresh(self, report):
        report.refresh_from_db()
        return report

    def submit(self, report=None):
        return report_submit(report or self.dept, self.preparer)

    def publish(self, report=None):
        report = report or self.dept
        self.submit(report)
        report_approve(report, self.reviewer, ATTESTATION)
        return report_publish(report, self.reviewer)


class TypedFiguresTests(DepartmentTestCase):
    def test_a_typed_figure_is_refused_by_the_model(self):
        code = function_code("2120199")
        for fact in (
            IncomeLine(report=self.dept, function_code=code, general_budget=D("1")),
            Balances(report=self.dept, opening_total=D("1")),
        ):
            with (
                self.subTest(type(fact).__name__),
                self.assertRaisesMessage(ReportLocked, DEPARTMENT_FIGURES_REFUSED),
            ):
                fact.save()
        with self.assertRaisesMessage(ReportLocked, DEPARTMENT_FIGURES_REFUSED):
            IncomeLine.objects.bulk_create(
                [IncomeLine(report=self.dept, function_code=code)]
            )
        self.assertFalse(IncomeLine.objects.filter(report=self.dept).exists())

    def test_a_queryset_update_is_refused_and_a_deletion_let_through(self):
        # A 单位决算 of a 主管部门 that was typed into, then made a 部门决算
        # behind the model's back: its figures can be cleared, not changed.
        unit = UnitFactory()
        report = ReportFactory(unit=unit, fiscal_year=self.dept.fiscal_year)
        IncomeLine.objects.create(
            report=report, function_code=function_code("2120199"), other=D("1")
        )
        Report.objects.filter(pk=report.pk).update(level=Report.Level.DEPARTMENT)
        lines = IncomeLine.objects.filter(report=report)
        with self.assertRaisesMessage(ReportLocked, DEPARTMENT_FIGURES_REFUSED):
            lines.update(other=D("2"))
        lines.delete()
        self.assertFalse(lines.exists())

    def test_a_unit_report_with_figures_cannot_become_a_department_report(self):
        from django.core.exceptions import ValidationError

        unit = UnitFactory()
        report = ReportFactory(unit=unit, fiscal_year=self.dept.fiscal_year)
        IncomeLine.objects.create(
            report=report, function_code=function_code("2120199"), other=D("1")
        )
        report.level = Report.Level.DEPARTMENT
        with self.assertRaisesMessage(ValidationError, "不能改为部门决算"):
            report.full_clean()

    def test_the_write_service_refuses_it_with_the_same_message(self):
        with (
            self.assertRaisesMessage(EditRefused, DEPARTMENT_FIGURES_REFUSED),
            fact_writes(self.dept, self.preparer) as writer,
        ):
            writer.save(Balances(report=self.dept, opening_total=D("1")))

    def test_what_a_department_does_write_is_accepted(self):
        PriorYearFigure.objects.create(
            report=self.dept, key=PriorYearFigure.Key.CLOSING_TOTAL, amount=D("3")
        )
        Reason.objects.create(report=self.dept, key="closing_total", text="跨年支付")
        Project.objects.create(report=self.dept, name="城市管理专项")
        eliminate(self.dept, self.child, self.head, "1.00")
        self.assertEqual(self.dept.adjustments.count(), 1)

    def test_the_one_query_that_checks_the_status_checks_the_level(self):
        line = IncomeLine(
            report=self.head,
            function_code=function_code("2120101", year=self.dept.year),
        )
        force_status(self.head, Status.DRAFT)
        with CaptureQueriesContext(connection) as queries:
            line.save()
        reads = [q for q in queries if '"disclosure_report"' in q["sql"]]
        self.assertEqual(len(reads), 1)
