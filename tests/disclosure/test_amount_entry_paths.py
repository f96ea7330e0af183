"""The same typed amount gives the same figure, or the same refusal, on every entry path."""

from decimal import Decimal as D

import tablib
from django.core.exceptions import ValidationError
from django.forms import modelform_factory
from django.test import TestCase

from disclosure.exports.supplement import OPERATING_LABEL, SUPPLEMENT_SHEET
from disclosure.forms import FactForm, GridError
from disclosure.importers.cells import WorkbookRejected
from disclosure.importers.resources import IncomeLineResource
from disclosure.importers.xlsx import read_workbook
from disclosure.models import AssetHolding, Balances, ExpenditureLine, IncomeLine
from disclosure.services import save_grid
from performance.forms import ProjectForm
from tests.disclosure.test_fact_resources import preparer_of
from tests.disclosure.test_import_xlsx import ImportTestCase, edited, set_cell
from tests.disclosure.test_report_admin import ReportAdminTestCase
from tests.factories import ReportFactory, UnitFactory, UserFactory, function_code

# Typed text → the figure every path stores.
SAME = [
    ("12.", D("12.00")),
    ("4,895.00", D("4895.00")),
    ("１２．５", D("12.50")),
    (" 7 ", D("7.00")),
    ("—", D("0.00")),
]
# Typed text → a fragment of the refusal every path gives (on a field that
# may not be negative).
REFUSED = [
    ("12.3456789", "最多保留六位小数"),
    ("1e3", "科学计数法"),
    ("abc", "不是有效的金额"),
    ("(12.00)", "不能为负数"),
]


class GridPathTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        function_code("2120199", "其他城乡社区管理事务支出")
        cls.report = ReportFactory()
        cls.admin = UserFactory(username="admin", is_superuser=True)

    def save(self, text):
        return save_grid(
            self.report, "expenditure", [{"code": "2120199", "basic": text}], self.admin
        )

    def test_the_grid_stores_the_same_figures(self):
        for text, expected in SAME:
            with self.subTest(text=text):
                self.save(text)
                self.assertEqual(ExpenditureLine.objects.get().basic, expected)

    def test_the_grid_gives_the_same_refusals(self):
        for text, fragment in REFUSED:
            with self.subTest(text=text), self.assertRaises(GridError) as caught:
                self.save(text)
            self.assertIn(fragment, str(caught.exception))


class WorkbookPathTests(ImportTestCase):
    def read(self, text):
        content = edited(
            self.content,
            set_cell(SUPPLEMENT_SHEET, label=OPERATING_LABEL, column="B", value=text),
        )
        return read_workbook(self.target, content)

    def test_the_workbook_import_reads_the_same_figures(self):
        for text, expected in SAME:
            with self.subTest(text=text):
                self.assertEqual(self.read(text).operating_expense, expected)

    def test_the_workbook_import_gives_the_same_refusals(self):
        for text, fragment in REFUSED:
            with self.subTest(text=text):
                with self.assertRaises(WorkbookRejected) as caught:
                    self.read(text)
                self.assertIn(fragment, str(caught.exception))


class FlatImportPathTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        function_code("2120199", "其他城乡社区管理事务支出")
        cls.unit = UnitFactory(code="U100", name="数字城管中心")
        cls.report = ReportFactory(unit=cls.unit)
        cls.user = preparer_of(cls.unit, "kuaiji")

    def run_import(self, text):
        data = tablib.Dataset(
            ["U100", "2022", "2120199", text],
            headers=["unit_code", "year", "code", "general_budget"],
        )
        return IncomeLineResource(user=self.user).import_data(data)

    def test_the_flat_import_stores_the_same_figures(self):
        for text, expected in SAME:
            with self.subTest(text=text):
                result = self.run_import(text)
                self.assertFalse(result.has_validation_errors())
                self.assertEqual(IncomeLine.objects.get().general_budget, expected)

    def test_the_flat_import_gives_the_same_refusals(self):
        for text, fragment in REFUSED:
            with self.subTest(text=text):
                result = self.run_import(text)
                messages = [
                    m
                    for row in result.invalid_rows
                    for ms in row.error_dict.values()
                    for m in ms
                ]
                self.assertTrue(any(fragment in m for m in messages), messages)


class AdminFormPathTests(TestCase):
    form_class = modelform_factory(
        Balances, form=FactForm, fields=["non_fiscal_surplus_used", "closing_total"]
    )

    def clean(self, text):
        form = self.form_class(
            data={"non_fiscal_surplus_used": text, "closing_total": "0"}
        )
        form.is_valid()
        return form

    def test_the_admin_forms_read_the_same_figures(self):
        for text, expected in SAME:
            with self.subTest(text=text):
                form = self.clean(text)
                self.assertEqual(form.errors, {})
                self.assertEqual(form.cleaned_data["non_fiscal_surplus_used"], expected)

    def test_the_admin_forms_give_the_same_refusals_naming_the_field(self):
        for text, fragment in REFUSED:
            with self.subTest(text=text):
                errors = self.clean(text).errors["non_fiscal_surplus_used"]
                self.assertEqual(len(errors), 1)
                self.assertIn(fragment, errors[0])
                self.assertTrue(errors[0].startswith("“使用非财政拨款结余”"))

    def test_a_signed_field_reads_accounting_negatives(self):
        form = self.form_class(
            data={"non_fiscal_surplus_used": "0", "closing_total": "（1,200.50）"}
        )
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["closing_total"], D("-1200.50"))

    def test_amounts_are_typed_into_text_inputs_a_browser_does_not_refuse(self):
        html = str(self.form_class()["non_fiscal_surplus_used"])
        self.assertIn('type="text"', html)
        self.assertIn('inputmode="decimal"', html)


class PerformanceFormPathTests(TestCase):
    def test_project_amounts_read_the_same_figures(self):
        field = ProjectForm.base_fields["annual_fiscal"]
        for text, expected in SAME:
            with self.subTest(text=text):
                self.assertEqual(field.clean(text), expected)

    def test_project_amounts_give_the_same_refusals(self):
        # Project amounts keep up to four decimals, as the 自评表 prints them.
        field = ProjectForm.base_fields["annual_fiscal"]
        refused = [("12.34567", "最多保留四位小数"), *REFUSED[1:3]]
        for text, fragment in refused:
            with self.subTest(text=text):
                with self.assertRaises(ValidationError) as caught:
                    field.clean(text)
                self.assertIn(fragment, caught.exception.messages[0])


class ReportAdminPostTests(ReportAdminTestCase):
    def test_the_report_admin_stores_a_grouped_full_width_amount(self):
        response = self.post_change({(Balances, "opening_total"): "４，８９５．００"})

        self.assertEqual(response.status_code, 302)
        self.assertEqual(Balances.objects.get().opening_total, D("4895.00"))

    def test_the_report_admin_reads_counts_with_the_count_parser(self):
        response = self.post_change({(AssetHolding, "vehicles_other"): "１，２００"})

        self.assertEqual(response.status_code, 302)
        self.assertEqual(AssetHolding.objects.get().vehicles_other, 1200)
