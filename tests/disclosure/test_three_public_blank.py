"""A “三公” sub-row the unit leaves blank stays blank; zero is recorded only when typed or declared."""

from decimal import Decimal as D
from io import BytesIO

from django.forms import modelform_factory
from django.test import TestCase
from openpyxl import load_workbook

from disclosure.codelists import load_bundled_year
from disclosure.document import build_document
from disclosure.exports.xlsx import render_report_xlsx
from disclosure.forms import ThreePublicExpensesForm
from disclosure.importers.xlsx import read_workbook
from disclosure.models import ThreePublicExpenses
from tests.factories import ReportFactory, ThreePublicExpensesFactory


class BlankSubRowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_bundled_year(2022)
        cls.report = ReportFactory()
        ThreePublicExpensesFactory(
            report=cls.report,
            budget_abroad=None,
            actual_abroad=None,
            budget_vehicle_purchase=None,
            actual_vehicle_purchase=None,
            budget_reception=D("2"),
            actual_reception=D("1.5"),
            budget_vehicle_operation=D("3"),
            actual_vehicle_operation=D("2.45"),
            vehicles_held=1,
            reception_batches=3,
            reception_people=9,
        )

    def test_the_table_prints_blank_sub_rows_blank_and_sums_the_rest(self):
        table = build_document(self.report).table("three_public")
        self.assertIsNone(table.value("row", "actual_abroad", None))
        self.assertIsNone(table.value("row", "budget_vehicle_purchase", None))
        self.assertEqual(table.value("row", "actual_vehicle_total", None), D("2.45"))
        self.assertEqual(table.value("row", "actual_total", None), D("3.95"))
        self.assertEqual(table.value("row", "actual_reception", None), D("1.5"))

    def test_the_narrative_and_rules_count_a_blank_sub_row_as_zero(self):
        doc = build_document(self.report)
        text = doc.narrative.text()
        self.assertIn("公务接待费支出", text)
        self.assertIn("3.95万元", text)

    def test_the_workbook_round_trip_keeps_a_blank_sub_row_blank(self):
        content = render_report_xlsx(build_document(self.report))
        facts = read_workbook(self.report, content)
        self.assertIsNone(facts.three_public["actual_abroad"])
        self.assertIsNone(facts.three_public["budget_vehicle_purchase"])
        self.assertEqual(facts.three_public["actual_reception"], D("1.5"))
        sheet = load_workbook(BytesIO(content))[
            build_document(self.report).table("three_public").code
        ]
        self.assertTrue(any(c.value == 1.5 for row in sheet.iter_rows() for c in row))


class NothingThisYearTests(TestCase):
    form_class = modelform_factory(
        ThreePublicExpenses,
        form=ThreePublicExpensesForm,
        fields=["budget_abroad", "actual_abroad"],
    )

    def test_a_blank_field_stays_blank(self):
        form = self.form_class(data={"budget_abroad": "", "actual_abroad": "1"})
        self.assertTrue(form.is_valid(), form.errors)
        self.assertIsNone(form.cleaned_data["budget_abroad"])

    def test_nothing_this_year_records_zero_in_every_amount(self):
        form = self.form_class(
            data={"budget_abroad": "", "actual_abroad": "", "nothing_this_year": "on"}
        )
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["budget_abroad"], 0)
        self.assertEqual(form.cleaned_data["actual_abroad"], 0)
