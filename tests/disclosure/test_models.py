"""Rules the database enforces on reports, facts and the code lists."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from disclosure.models import (
    Balances,
    BasicExpenditureLine,
    EconomicCode,
    ExpenditureLine,
    FiscalExpenditureLine,
    FunctionCode,
    IncomeLine,
    OperatingExpense,
    Procurement,
    Reason,
    ThreePublicExpenses,
)
from tests.factories import (
    FiscalYearFactory,
    IncomeLineFactory,
    ReportFactory,
    UnitFactory,
    economic_code,
    function_code,
)

MINUS = Decimal("-0.01")


class ReportTests(TestCase):
    def test_a_unit_has_one_report_per_fiscal_year(self):
        report = ReportFactory()

        with self.assertRaises(IntegrityError), transaction.atomic():
            ReportFactory(unit=report.unit, fiscal_year=report.fiscal_year)

    def test_the_same_unit_may_report_for_another_year(self):
        report = ReportFactory()

        other = ReportFactory(
            unit=report.unit, fiscal_year=FiscalYearFactory(year=2023)
        )

        self.assertEqual(report.unit.reports.count(), 2)
        self.assertEqual(str(other), f"{report.unit.name} 2023 年度决算")

    def test_a_new_report_is_a_draft_in_ten_thousand_yuan(self):
        report = ReportFactory()

        self.assertEqual(report.status, "draft")
        self.assertEqual(report.amount_unit, "wan_yuan")


class NonNegativeFactTests(TestCase):
    """Every published amount is ≥ 0; the database refuses a negative one."""

    @classmethod
    def setUpTestData(cls):
        cls.report = ReportFactory()
        cls.item = function_code("2120199")
        cls.wages = economic_code("30101")

    def assert_each_field_refuses_a_negative(self, model, fields, **keys):
        for field in fields:
            with self.subTest(model=model.__name__, field=field):
                with self.assertRaises(IntegrityError), transaction.atomic():
                    model.objects.create(report=self.report, **keys, **{field: MINUS})

    def test_income_lines(self):
        self.assert_each_field_refuses_a_negative(
            IncomeLine, IncomeLine.AMOUNT_FIELDS, function_code=self.item
        )

    def test_expenditure_lines(self):
        self.assert_each_field_refuses_a_negative(
            ExpenditureLine, ExpenditureLine.AMOUNT_FIELDS, function_code=self.item
        )

    def test_fiscal_expenditure_lines(self):
        self.assert_each_field_refuses_a_negative(
            FiscalExpenditureLine,
            FiscalExpenditureLine.AMOUNT_FIELDS,
            function_code=self.item,
            fund="general",
        )

    def test_basic_expenditure_lines(self):
        self.assert_each_field_refuses_a_negative(
            BasicExpenditureLine, ["amount"], economic_code=self.wages
        )

    def test_three_public_expenses(self):
        self.assert_each_field_refuses_a_negative(
            ThreePublicExpenses, ThreePublicExpenses.AMOUNT_FIELDS
        )

    def test_procurement(self):
        # Only the categories: a negative SME share would also breach "within category".
        self.assert_each_field_refuses_a_negative(
            Procurement, ["goods", "works", "services"]
        )

    def test_operating_expense(self):
        self.assert_each_field_refuses_a_negative(OperatingExpense, ["amount"])

    def test_non_fiscal_surplus_used(self):
        self.assert_each_field_refuses_a_negative(Balances, ["non_fiscal_surplus_used"])

    def test_zero_is_accepted(self):
        line = IncomeLine.objects.create(
            report=self.report, function_code=self.item, general_budget=Decimal("0.00")
        )

        self.assertEqual(line.general_budget, Decimal("0.00"))

    def test_one_line_per_report_and_code(self):
        IncomeLineFactory(report=self.report, function_code=self.item)

        with self.assertRaises(IntegrityError), transaction.atomic():
            IncomeLineFactory(report=self.report, function_code=self.item)


class FactLineYearTests(TestCase):
    def test_a_code_from_another_years_list_is_refused_in_chinese(self):
        report = ReportFactory()
        line = IncomeLine(
            report=report, function_code=function_code("2120199", year=2021)
        )

        with self.assertRaises(ValidationError) as caught:
            line.full_clean()

        self.assertEqual(
            caught.exception.message_dict["function_code"],
            ["科目 2120199 不属于本报告年度的科目表。"],
        )


class CodeFormatTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.year = FiscalYearFactory(year=2022)

    def test_a_function_code_length_must_match_its_level(self):
        for level, code in [(1, "21201"), (2, "212"), (3, "21201"), (2, "2120A")]:
            with self.subTest(level=level, code=code):
                with self.assertRaises(IntegrityError), transaction.atomic():
                    FunctionCode.objects.create(
                        fiscal_year=self.year, code=code, name="科目", level=level
                    )

    def test_function_codes_of_three_five_and_seven_digits_are_accepted(self):
        item = function_code("2120199", name="其他城乡社区管理事务支出")

        self.assertEqual(
            [(c.code, c.level) for c in FunctionCode.objects.order_by("code")],
            [("212", 1), ("21201", 2), ("2120199", 3)],
        )
        self.assertEqual(item.class_code, "212")

    def test_a_function_code_appears_once_per_year(self):
        function_code("212")

        with self.assertRaises(IntegrityError), transaction.atomic():
            FunctionCode.objects.create(
                fiscal_year=self.year, code="212", name="重复", level=1
            )

    def test_an_economic_code_length_must_match_its_level(self):
        for level, code in [(1, "30101"), (2, "301"), (2, "3010A")]:
            with self.subTest(level=level, code=code):
                with self.assertRaises(IntegrityError), transaction.atomic():
                    EconomicCode.objects.create(
                        fiscal_year=self.year,
                        scheme="dept",
                        code=code,
                        name="科目",
                        level=level,
                    )

    def test_the_same_economic_code_may_exist_in_both_schemes(self):
        for scheme in ("dept", "gov"):
            EconomicCode.objects.create(
                fiscal_year=self.year, scheme=scheme, code="301", name="科目", level=1
            )

        self.assertEqual(EconomicCode.objects.filter(code="301").count(), 2)


class ProcurementTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.report = ReportFactory()

    def create(self, **amounts):
        values = {"goods": Decimal("10.00"), "works": Decimal("5.00")}
        values.update(amounts)
        return Procurement.objects.create(report=self.report, **values)

    def test_sme_amounts_up_to_their_category_are_accepted(self):
        procurement = self.create(
            sme_goods=Decimal("10.00"),
            sme_works=Decimal("4.00"),
            small_micro=Decimal("14.00"),
        )

        self.assertEqual(procurement.total, Decimal("15.00"))
        self.assertEqual(procurement.sme_total, Decimal("14.00"))

    def test_an_sme_amount_above_its_category_is_refused(self):
        for field in ("sme_goods", "sme_works", "sme_services"):
            with self.subTest(field=field):
                with self.assertRaises(IntegrityError), transaction.atomic():
                    self.create(**{field: Decimal("10.01")})

    def test_small_and_micro_firms_cannot_exceed_all_smes(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            self.create(sme_goods=Decimal("3.00"), small_micro=Decimal("3.01"))


class ThreePublicCountTests(TestCase):
    def test_foreign_receptions_cannot_exceed_all_receptions(self):
        report = ReportFactory()

        for counts in (
            {"reception_batches": 2, "foreign_reception_batches": 3},
            {"reception_people": 10, "foreign_reception_people": 11},
        ):
            with self.subTest(**counts):
                with self.assertRaises(IntegrityError), transaction.atomic():
                    ThreePublicExpenses.objects.create(report=report, **counts)


class ReasonKeyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.report = ReportFactory(unit=UnitFactory(code="A01"))

    def test_slot_keys_in_the_documented_format_are_accepted(self):
        for key in ("income_total", "fiscal_class:212", "basic_class:301", "a:b:c1"):
            Reason.objects.create(report=self.report, key=key, text="主要原因是……")

        self.assertEqual(self.report.reasons.count(), 4)

    def test_malformed_keys_are_refused(self):
        for key in ("Income", "income total", "fiscal_class:", ":212", "收入"):
            with self.subTest(key=key):
                with self.assertRaises(IntegrityError), transaction.atomic():
                    Reason.objects.create(report=self.report, key=key, text="原因")

    def test_one_reason_per_slot(self):
        Reason.objects.create(report=self.report, key="income_total", text="一")

        with self.assertRaises(IntegrityError), transaction.atomic():
            Reason.objects.create(report=self.report, key="income_total", text="二")
