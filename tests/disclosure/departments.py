"""部门决算 in the 江西 部门 layout, for the tests of that layout and its 分单位 table."""

from decimal import Decimal as D

from disclosure.models import (
    ConsolidationAdjustment,
    ExpenditureLine,
    IncomeLine,
    Report,
    generated_data_reset,
)
from tests.factories import UnitProfileFactory, function_code
from tests.scenarios import department
from units.models import InternalBody


def jiangxi_department(units=2, *, merged=0, status="approved", profiles=True):
    """`department()` in the 江西 2022 部门决算 layout, each unit with a profile.

    The department's 本级 has two 内设机构; each unit's headcount differs, so
    that a sum is told from a copy. Returns (department report, {unit code:
    unit report}), the department's report read afresh.
    """
    dept, reports = department(units, merged=merged, status=status)
    Report.objects.filter(pk=dept.pk).update(template_variant="jx2022_dept")
    if profiles:
        with generated_data_reset():
            for index, report in enumerate(reports.values(), start=1):
                profile = UnitProfileFactory(
                    unit=report.unit,
                    year=report.fiscal_year.year,
                    duties="负责本行业的管理工作。",
                    staff_total=10 * index + 2,
                    staff_in_service=10 * index,
                    staff_retired_tui=2,
                )
                if report.unit_id == dept.unit_id:
                    for position, name in enumerate(("办公室", "执法科")):
                        InternalBody.objects.create(
                            profile=profile, name=name, position=position
                        )
    return Report.objects.get(pk=dept.pk), reports


def vary_figures(reports) -> None:
    """Give the first unit below 本级 a line no other unit has, so sums are told from copies."""
    child = list(reports.values())[1]
    code = function_code("2010101")
    with generated_data_reset():
        IncomeLine.objects.create(
            report=child, function_code=code, general_budget=D("7.25"), other=D("1.10")
        )
        ExpenditureLine.objects.create(
            report=child, function_code=code, basic=D("3.25"), project=D("5.10")
        )


def grant_between(dept, reports, amount=D("20.00")) -> ConsolidationAdjustment:
    """本级 grants `amount` to its first unit (上级补助 / 对附属单位补助), eliminated."""
    head, child = list(reports.values())[:2]
    code = function_code("2120199")
    with generated_data_reset():
        IncomeLine.objects.filter(report=child, function_code=code).update(
            superior_grant=amount
        )
        ExpenditureLine.objects.filter(report=head, function_code=code).update(
            to_affiliates=amount
        )
    return ConsolidationAdjustment.objects.create(
        report=dept,
        pair="grant",
        income_unit=child.unit,
        income_code=code,
        expense_unit=head.unit,
        expense_code=code,
        amount=amount,
    )
