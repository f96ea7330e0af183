"""Amounts kept to the cent in 元: entered in 元 or 万元, published in 万元 rounded once.

An official 万元 report rounds each figure once from accounts kept in 元, so a
total may differ from the sum of its printed parts by 0.01 per part:
1,203,450 元 + 803,350 元 prints as 120.35 + 80.34 while the total prints
200.68. These tests enter such a report and check every rendering and entry
path keeps that.
"""

import re
from decimal import Decimal as D
from io import BytesIO

from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from disclosure.codelists import load_bundled_year
from disclosure.document import build_document
from disclosure.exports.open_data import report_json
from disclosure.exports.xlsx import render_report_xlsx
from disclosure.importers.xlsx import read_workbook
from disclosure.models import Balances, ExpenditureLine, Report
from disclosure.services import save_grid
from reporting.money import AmountError, convert, exact_text, parse_entry
from reporting.table_html import table_html
from tests.admin_forms import form_data
from tests.factories import (
    BalancesFactory,
    ReportFactory,
    UnitFactory,
    UserFactory,
    function_code,
)

ADMIN_RUN = "2120101"
OTHER_URBAN = "2120199"


def spending(report) -> dict[str, D]:
    return {
        line.function_code.code: line.basic
        for line in ExpenditureLine.objects.filter(report=report).select_related(
            "function_code"
        )
    }


class ExactAmountsTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        # The whole year's lists: the workbook prints every 类 of 公开06表.
        load_bundled_year(2022)
        cls.admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
        cls.report = ReportFactory(
            unit=UnitFactory(code="901001", name="测试局"),
            amount_unit=Report.AmountUnit.WAN_YUAN,
            entry_unit=Report.AmountUnit.YUAN,
        )
        save_grid(
            cls.report,
            "expenditure",
            [
                {"code": ADMIN_RUN, "basic": "1,203,450.00"},
                {"code": OTHER_URBAN, "basic": "803,350.00"},
            ],
            cls.admin,
        )

    def spending_table(self, doc):
        return doc.table("expenditure")


class EnteredInYuanTests(ExactAmountsTestCase):
    def test_amounts_typed_in_yuan_are_kept_to_the_cent(self):
        self.assertEqual(
            spending(self.report),
            {ADMIN_RUN: D("120.345000"), OTHER_URBAN: D("80.335000")},
        )

    def test_the_published_total_is_rounded_once_from_the_exact_amounts(self):
        html = str(table_html(self.spending_table(build_document(self.report))))
        cells = re.findall(r'class="num[^"]*">([^<]*)<', html)
        # Parts round half up one by one; the total rounds the exact sum.
        self.assertIn("120.35", cells)
        self.assertIn("80.34", cells)
        self.assertIn("200.68", cells)
        self.assertNotIn("200.69", cells)

    def test_the_narrative_prints_the_total_as_the_tables_do(self):
        text = build_document(self.report).narrative.text()
        self.assertIn("200.68万元", text)
        self.assertNotIn("200.69", text)

    def test_the_workbook_keeps_exact_values_and_prints_them_rounded(self):
        content = render_report_xlsx(build_document(self.report))
        sheet = load_workbook(BytesIO(content))[
            self.spending_table(build_document(self.report)).code
        ]
        values = {
            cell.value: cell.number_format
            for row in sheet.iter_rows()
            for cell in row
            if isinstance(cell.value, (int, float)) and cell.value
        }
        self.assertIn(120.345, values)
        self.assertIn("0.00", values[120.345])
        # Read back, the workbook gives the very same amounts.
        facts = read_workbook(self.report, content)
        self.assertEqual(facts.expenditure[ADMIN_RUN]["basic"], D("120.345"))
        self.assertEqual(facts.expenditure[OTHER_URBAN]["basic"], D("80.335"))

    def test_open_data_gives_the_exact_amounts(self):
        data = report_json(build_document(self.report))
        flat = repr(data)
        self.assertIn("'120.345'", flat)
        self.assertIn("'200.68'", flat)

    def test_the_grid_shows_the_amounts_in_the_entry_unit(self):
        self.client.force_login(self.admin)
        url = reverse(
            "admin:disclosure_report_grid", args=[self.report.pk, "expenditure"]
        )
        response = self.client.get(url)
        self.assertContains(response, "金额单位：万元（以元填写）")
        self.assertContains(response, 'value="1203450.00"')
        # The computed total in 元, exactly.
        self.assertContains(response, "2,006,800.00")


class WorkbookTotalsTests(ExactAmountsTestCase):
    def test_a_workbook_with_official_totals_imports_with_a_note(self):
        """Parts 120.35 + 80.34 under an official total of 200.68: a note, not a refusal."""
        report = ReportFactory(
            unit=UnitFactory(code="901002", name="另一测试局"),
            fiscal_year=self.report.fiscal_year,
            amount_unit=Report.AmountUnit.WAN_YUAN,
        )
        doc = build_document(self.report)
        content = render_report_xlsx(doc)
        wb = load_workbook(BytesIO(content))
        sheet = wb[self.spending_table(doc).code]
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == 120.345:
                    cell.value = 120.35
                elif cell.value == 80.335:
                    cell.value = 80.34
                elif cell.value == 200.68:
                    pass  # the totals keep the official figure
        # The unit name line is the other report's.
        out = BytesIO()
        wb.save(out)
        facts = read_workbook(report, out.getvalue())
        self.assertEqual(facts.expenditure[ADMIN_RUN]["basic"], D("120.35"))
        notes = [n for n in facts.recomputed if "200.68" in n]
        self.assertTrue(notes, facts.recomputed)
        self.assertIn("按明细重新计算为 200.69", notes[0])
        self.assertIn("差额在各明细四舍五入的误差之内", notes[0])

    def test_a_sheet_in_yuan_is_read_in_yuan(self):
        doc = build_document(self.report)
        wb = load_workbook(BytesIO(render_report_xlsx(doc)))
        sheet = wb[self.spending_table(doc).code]
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("金额单位："):
                    cell.value = "金额单位：元"
                elif isinstance(cell.value, float):
                    cell.value = round(cell.value * 10000, 2)
        out = BytesIO()
        wb.save(out)
        facts = read_workbook(self.report, out.getvalue())
        self.assertEqual(facts.expenditure[ADMIN_RUN]["basic"], D("120.345"))


class PublishedInYuanTests(TestCase):
    def test_a_report_in_yuan_prints_amounts_as_its_tables_do(self):
        function_code("212", "城乡社区支出")
        function_code("21201", "城乡社区管理事务")
        function_code(ADMIN_RUN, "行政运行")
        admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
        report = ReportFactory(amount_unit=Report.AmountUnit.YUAN)
        save_grid(
            report, "expenditure", [{"code": ADMIN_RUN, "basic": "6283.7"}], admin
        )
        text = build_document(report).narrative.text()
        self.assertIn("6,283.70元", text)
        self.assertNotIn("6283.7元", text)


class EntryParsingTests(TestCase):
    def test_yuan_entry_takes_two_decimals_and_wan_yuan_entry_six(self):
        self.assertEqual(
            parse_entry("1,203,450.00", entry_unit="yuan", stored_unit="wan_yuan"),
            D("120.345000"),
        )
        self.assertEqual(
            parse_entry("120.345", entry_unit="wan_yuan", stored_unit="yuan"),
            D("1203450.00"),
        )
        with self.assertRaisesMessage(AmountError, "最多保留两位小数"):
            parse_entry("1.005", entry_unit="yuan", stored_unit="wan_yuan")
        with self.assertRaisesMessage(AmountError, "最多保留六位小数"):
            parse_entry("1.0000001", entry_unit="wan_yuan", stored_unit="wan_yuan")

    def test_the_range_is_that_of_the_amount_in_yuan(self):
        self.assertEqual(
            parse_entry(
                "999,999,999.999999", entry_unit="wan_yuan", stored_unit="wan_yuan"
            ),
            D("999999999.999999"),
        )
        with self.assertRaisesMessage(AmountError, "超出金额范围"):
            parse_entry("1,000,000,000", entry_unit="wan_yuan", stored_unit="wan_yuan")

    def test_conversion_is_exact_both_ways(self):
        for yuan in ("0.01", "1203450.00", "9999999999999.99", "-0.05"):
            wan = convert(D(yuan), "yuan", "wan_yuan")
            self.assertEqual(convert(wan, "wan_yuan", "yuan"), D(yuan))

    def test_exact_text_pads_to_two_decimals_and_keeps_the_cents(self):
        self.assertEqual(exact_text(D("100")), "100.00")
        self.assertEqual(exact_text(D("120.345000")), "120.345")
        self.assertEqual(exact_text(D("-0.000000")), "0.00")
        self.assertEqual(exact_text(D("1234567.5"), thousands=True), "1,234,567.50")


class EntryUnitChangeTests(TestCase):
    """Changing the entry unit on the change page does not reread the amounts posted with it."""

    def test_amounts_posted_with_the_change_keep_their_value(self):
        admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
        report = ReportFactory(amount_unit=Report.AmountUnit.WAN_YUAN)
        BalancesFactory(report=report, closing_total=D("12.34"))
        self.client.force_login(admin)
        url = reverse("admin:disclosure_report_change", args=[report.pk])
        data = form_data(self.client.get(url))
        self.assertEqual(data["balances-0-closing_total"], "12.34")
        data["entry_unit"] = Report.AmountUnit.YUAN
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))

        report.refresh_from_db()
        self.assertEqual(report.entry_unit, Report.AmountUnit.YUAN)
        self.assertEqual(Balances.objects.get(report=report).closing_total, D("12.34"))
        # The page now shows and reads the amount in 元.
        data = form_data(self.client.get(url))
        self.assertEqual(data["balances-0-closing_total"], "123400.00")

    def test_a_new_inline_reads_its_amounts_in_the_entry_unit(self):
        admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
        report = ReportFactory(
            amount_unit=Report.AmountUnit.WAN_YUAN, entry_unit=Report.AmountUnit.YUAN
        )
        self.client.force_login(admin)
        url = reverse("admin:disclosure_report_change", args=[report.pk])
        data = form_data(self.client.get(url))
        data["balances-TOTAL_FORMS"] = "1"
        data["balances-0-closing_total"] = "123,456.78"
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        self.assertEqual(
            Balances.objects.get(report=report).closing_total, D("12.345678")
        )
