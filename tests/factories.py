"""factory_boy factories shared by the suite. Amounts are Decimal strings, never floats."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from disclosure.models import (
    BasicExpenditureLine,
    EconomicCode,
    ExpenditureLine,
    FiscalExpenditureLine,
    FiscalYear,
    FunctionCode,
    Fund,
    IncomeLine,
    Report,
)
from units.models import Membership, Unit, UnitProfile


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.django.Password("pass-word-123")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"测试单位{n}")
    unit_type = Unit.UnitType.PUBLIC_WELFARE_1


class UnitProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitProfile

    unit = factory.SubFactory(UnitFactory)
    year = 2022
    staff_total = 10
    staff_in_service = 10


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Membership.Role.PREPARER


class FiscalYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FiscalYear
        django_get_or_create = ["year"]

    year = 2022


def function_code(code: str, name: str = "", year: int = 2022) -> FunctionCode:
    """Get or create `code` and its ancestors in the year's list (names invented if absent)."""
    fiscal_year = FiscalYearFactory(year=year)
    parent = None
    for n in (3, 5, 7):
        if len(code) < n:
            break
        part = code[:n]
        parent, _ = FunctionCode.objects.get_or_create(
            fiscal_year=fiscal_year,
            code=part,
            defaults={
                "name": name if part == code and name else f"科目{part}",
                "level": {3: 1, 5: 2, 7: 3}[n],
                "parent": parent,
            },
        )
    return parent


def economic_code(code: str, name: str = "", year: int = 2022) -> EconomicCode:
    fiscal_year = FiscalYearFactory(year=year)
    parent = None
    for n in (3, 5):
        if len(code) < n:
            break
        part = code[:n]
        parent, _ = EconomicCode.objects.get_or_create(
            fiscal_year=fiscal_year,
            scheme=EconomicCode.Scheme.DEPARTMENT,
            code=part,
            defaults={
                "name": name if part == code and name else f"经济科目{part}",
                "level": {3: 1, 5: 2}[n],
                "parent": parent,
            },
        )
    return parent


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    unit = factory.SubFactory(UnitFactory)
    fiscal_year = factory.SubFactory(FiscalYearFactory)


class IncomeLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncomeLine

    report = factory.SubFactory(ReportFactory)
    function_code = factory.LazyAttribute(
        lambda o: function_code("2120199", year=o.report.year)
    )
    general_budget = Decimal("0.00")


class ExpenditureLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpenditureLine

    report = factory.SubFactory(ReportFactory)
    function_code = factory.LazyAttribute(
        lambda o: function_code("2120199", year=o.report.year)
    )


class FiscalExpenditureLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FiscalExpenditureLine

    report = factory.SubFactory(ReportFactory)
    fund = Fund.GENERAL
    function_code = factory.LazyAttribute(
        lambda o: function_code("2120199", year=o.report.year)
    )


class BasicExpenditureLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BasicExpenditureLine

    report = factory.SubFactory(ReportFactory)
    economic_code = factory.LazyAttribute(
        lambda o: economic_code("30101", year=o.report.year)
    )
    amount = Decimal("0.00")


class BalancesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "disclosure.Balances"

    report = factory.SubFactory(ReportFactory)
    opening_total = Decimal("0.00")
    non_fiscal_surplus_used = Decimal("0.00")
    surplus_distribution = Decimal("0.00")
    closing_total = Decimal("0.00")


class ThreePublicExpensesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "disclosure.ThreePublicExpenses"

    report = factory.SubFactory(ReportFactory)


class AssetHoldingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "disclosure.AssetHolding"

    report = factory.SubFactory(ReportFactory)


class ProjectFactory(factory.django.DjangoModelFactory):
    """A self-evaluated project: 40 budgeted and spent, execution weight 10."""

    class Meta:
        model = "performance.Project"

    report = factory.SubFactory(ReportFactory)
    # The next free 序号 of its report (1–10): a built, unsaved report has none.
    position = factory.LazyAttribute(
        lambda o: o.report.performance_projects.count() + 1 if o.report.pk else 1
    )
    name = factory.Sequence(lambda n: f"测试项目{n}")
    department = "测试主管部门"
    implementer = "测试实施单位"
    initial_fiscal = Decimal("40.00")
    annual_fiscal = Decimal("40.00")
    executed_fiscal = Decimal("40.00")


class IndicatorFactory(factory.django.DjangoModelFactory):
    """A positive 产出/数量 indicator, fully met."""

    class Meta:
        model = "performance.Indicator"

    project = factory.SubFactory(ProjectFactory)
    position = factory.Sequence(lambda n: n + 1)
    level1 = "output"
    level2 = "quantity"
    name = factory.Sequence(lambda n: f"测试指标{n}")
    target_text = "≥2次"
    actual_text = "2次"
    weight = Decimal("10.00")
