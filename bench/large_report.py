"""The large report the benchmarks time: one report with hundreds of 功能分类 项 lines.

    from large_report import large_report
    report, count = large_report(300, code="BENCH300", name="基准测试单位")

Every figure is consistent, so the 审核 rules pass (what a unit submits):
each 项 has 一般公共预算 income spent as 基本支出, one in ten also has
政府性基金 income spent as 项目支出, every 项 has a little 其他收入 spent as
项目支出, and the 基本支出 is itemised by 经济分类 in full. Needs the year's
code lists (the demo loads them).
"""

from decimal import Decimal

GENERAL = Decimal("1234.56")
FUND = Decimal("100.00")
OTHER = Decimal("1.25")
ECONOMIC_SHARE = Decimal("1.00")


def large_report(
    lines: int = 300, code: str = "BENCH", name: str = "基准测试单位", parent=None
):
    """A new unit's draft report with `lines` 项 lines; returns (report, lines made).

    `parent`: the unit's 主管部门 (bench/department.py builds departments of them).
    """
    from disclosure.models import (
        Balances,
        BasicExpenditureLine,
        EconomicCode,
        ExpenditureLine,
        FiscalExpenditureLine,
        FunctionCode,
        Fund,
        IncomeLine,
        Report,
        ThreePublicExpenses,
    )
    from units.models import Unit

    unit = Unit.objects.create(
        code=code, name=name, unit_type="public_welfare_1", parent=parent
    )
    fiscal_year_id = FunctionCode.objects.first().fiscal_year_id
    report = Report.objects.create(unit=unit, fiscal_year_id=fiscal_year_id)
    codes = list(
        FunctionCode.objects.filter(fiscal_year_id=fiscal_year_id, level=3).order_by(
            "code"
        )[:lines]
    )
    fund_codes = set(codes[::10])

    def fund(c):
        return FUND if c in fund_codes else Decimal("0.00")

    IncomeLine.objects.bulk_create(
        IncomeLine(
            report=report,
            function_code=c,
            general_budget=GENERAL,
            gov_fund=fund(c),
            other=OTHER,
        )
        for c in codes
    )
    ExpenditureLine.objects.bulk_create(
        ExpenditureLine(
            report=report, function_code=c, basic=GENERAL, project=OTHER + fund(c)
        )
        for c in codes
    )
    FiscalExpenditureLine.objects.bulk_create(
        [
            FiscalExpenditureLine(
                report=report,
                function_code=c,
                fund=Fund.GENERAL,
                basic=GENERAL,
                budget_initial=GENERAL,
            )
            for c in codes
        ]
        + [
            FiscalExpenditureLine(
                report=report,
                function_code=c,
                fund=Fund.GOV_FUND,
                project=FUND,
                budget_initial=FUND,
            )
            for c in codes
            if c in fund_codes
        ]
    )
    # 基本支出 by 经济分类: a little on every 款 of the 类 公开06表 lists (but the
    # “三公” ones), the rest on 30101.
    economic = list(
        EconomicCode.objects.filter(
            fiscal_year_id=fiscal_year_id,
            scheme=EconomicCode.Scheme.DEPARTMENT,
            level=2,
        )
        .filter(parent__code__in=["301", "302", "303", "307", "310", "399"])
        .exclude(code__in=["30212", "30217", "30231", "31013"])
        .order_by("code")
    )
    rest = GENERAL * len(codes) - ECONOMIC_SHARE * (len(economic) - 1)
    BasicExpenditureLine.objects.bulk_create(
        BasicExpenditureLine(
            report=report,
            economic_code=e,
            amount=rest if e.code == "30101" else ECONOMIC_SHARE,
        )
        for e in economic
    )
    Balances.objects.create(report=report)
    ThreePublicExpenses.objects.create(report=report)
    return report, len(codes)
