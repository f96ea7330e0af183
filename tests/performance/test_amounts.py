"""Project amounts typed and printed with up to four decimals, as real 自评表 give them."""

from decimal import Decimal as D
from io import BytesIO

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import SimpleTestCase, TestCase
from openpyxl import load_workbook

from disclosure.document import build_document
from disclosure.exports.pdf import _ReportPdf
from disclosure.exports.xlsx import render_report_xlsx
from performance.amounts import amount_text
from performance.forms import ProjectForm
from performance.models import Project
from reporting.formatting import format_amount, printed_places
from tests.performance.scenarios import evaluated_report
from tests.performance.test_admin import AdminTestCase, change_url


class PrintedPlacesTests(SimpleTestCase):
    def test_an_amount_prints_two_decimals_or_as_many_as_it_needs_up_to_four(self):
        for value, expected in [
            (D("89.974"), "89.974"),
            (D("89.974000"), "89.974"),
            (D("40"), "40.00"),
            (D("40.000000"), "40.00"),
            (D("12.5"), "12.50"),
            (D("0.1234"), "0.1234"),
            (D("1234.5678"), "1,234.5678"),
            (D("0"), "0.00"),
        ]:
            with self.subTest(value=value):
                self.assertEqual(amount_text(value), expected)

    def test_more_than_four_decimals_are_rounded_half_up_to_four(self):
        self.assertEqual(amount_text(D("1.234550")), "1.2346")
        self.assertEqual(printed_places(D("1.234550"), 4), 4)

    def test_other_tables_still_print_cents(self):
        self.assertEqual(format_amount(D("89.974")), "89.97")
        self.assertEqual(printed_places(D("89.974")), 2)


class ProjectFormTests(TestCase):
    def field(self):
        return ProjectForm.base_fields["annual_fiscal"]

    def test_project_amounts_take_up_to_four_decimals(self):
        for text, expected in [
            ("89.974", D("89.974")),
            ("1,234.5678", D("1234.5678")),
            ("40", D("40")),
        ]:
            with self.subTest(text=text):
                self.assertEqual(self.field().clean(text), expected)

    def test_a_fifth_decimal_is_refused_naming_the_field(self):
        with self.assertRaises(ValidationError) as caught:
            self.field().clean("89.97412")
        self.assertEqual(
            caught.exception.messages, ["“当年财政拨款 全年预算数”最多保留四位小数。"]
        )

    def test_a_stored_amount_is_shown_as_printed(self):
        self.assertEqual(self.field().prepare_value(D("89.974000")), "89.974")
        self.assertEqual(self.field().prepare_value(D("40.000000")), "40.00")


class ProjectAdminAmountTests(AdminTestCase):
    def test_the_admin_stores_an_amount_with_three_decimals(self):
        response = self.edit(annual_fiscal="89.974", executed_fiscal="89.9745")

        self.assertEqual(response.status_code, 302)
        project = Project.objects.get(pk=self.project.pk)
        self.assertEqual(project.annual_fiscal, D("89.974"))
        self.assertEqual(project.executed_fiscal, D("89.9745"))
        page = self.client.get(change_url(self.project))
        self.assertContains(page, 'value="89.974"')
        self.assertContains(page, "全年执行数：89.9745")

    def test_the_admin_refuses_a_fifth_decimal_naming_the_field(self):
        before = self.project.annual_fiscal
        response = self.edit(annual_fiscal="89.97412")

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "“当年财政拨款 全年预算数”最多保留四位小数。")
        self.assertEqual(Project.objects.get(pk=self.project.pk).annual_fiscal, before)


class PrintedProjectAmountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.report, cls.project = evaluated_report()
        cls.project.annual_fiscal = D("89.974")
        cls.project.executed_fiscal = D("39.9745")
        cls.project.save()

    def setUp(self):
        self.doc = build_document(self.report)
        self.funds = self.doc.performance.projects[0].tables[1]

    def test_the_public_table_prints_the_decimals_the_amount_has(self):
        html = render_to_string("disclosure/includes/table.html", {"table": self.funds})
        self.assertIn(">89.974</td>", html)
        self.assertIn(">39.9745</td>", html)
        # 年初预算数 40 keeps its two decimals.
        self.assertIn(">40.00</td>", html)

    def test_the_pdf_prints_the_same_text(self):
        printed = {
            _ReportPdf.cell_text(self.funds, cell)
            for row in self.funds.body
            for cell in row
            if cell.is_number
        }
        self.assertLessEqual({"89.974", "39.9745", "40.00"}, printed)

    def test_the_workbook_keeps_the_amount_and_shows_its_decimals(self):
        wb = load_workbook(BytesIO(render_report_xlsx(self.doc)))
        cells = {
            cell.value: cell.number_format
            for row in wb["绩效自评表"].iter_rows()
            for cell in row
            if isinstance(cell.value, int | float)
        }
        self.assertEqual(cells[89.974], "#,##0.000;-#,##0.000;0")
        self.assertEqual(cells[39.9745], "#,##0.0000;-#,##0.0000;0")
        self.assertEqual(cells[40], "#,##0.00;-#,##0.00;0")

    def test_the_narrative_keeps_the_decimals_of_the_funds_covered(self):
        summary = self.doc.narrative.sections[8].paragraphs[0]
        self.assertIn("共涉及资金39.9745万元", summary)
