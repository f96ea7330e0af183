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


def consistent_report(unit_type=Unit.UnitType.PUBLIC_WELFARE_1):
    """A small report in which every identity holds.

    Fiscal: income 105 + opening 2 = spending 100 + closing 7.
    Non-fiscal: other income 6 + opening 1 = spending 5 + closing 2.
    """
    report = ReportFactory(unit=UnitFactory(unit_type=unit_type))
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
