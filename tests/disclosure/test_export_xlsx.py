"""The report workbook: opened with openpyxl and checked cell by cell on the seed report."""

from decimal import Decimal as D
from io import BytesIO

from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from demo.loader import DRAFT_UNIT, SEED_UNIT
from disclosure.document import build_document
from disclosure.exports.xlsx import AMOUNT_FORMAT, SUPPLEMENT_SHEET, render_report_xlsx
from disclosure.models import Report
from reporting.xlsx_writer import Sheet, Styles, Workbook, column_letter
from tests.demo_cache import load_demo_shared

TABLE_SHEETS = [f"公开{n:02d}表" for n in range(1, 11)]


def amount(cell) -> D:
    """A cell's number as the exact Decimal Excel shows (openpyxl reads floats)."""
    assert isinstance(cell.value, int | float), (cell.coordinate, cell.value)
    return D(repr(cell.value)) if isinstance(cell.value, float) else D(cell.value)


def merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


class SeedWorkbookTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_shared()
        cls.report = Report.objects.get(unit__code=SEED_UNIT, fiscal_year__year=2022)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.doc = build_document(cls.report)
        cls.content = render_report_xlsx(cls.doc)
        cls.wb = load_workbook(BytesIO(cls.content))

    def test_there_is_one_sheet_per_table_then_the_self_evaluation_and_the_supplement(
        self,
    ):
        self.assertEqual(
            self.wb.sheetnames, [*TABLE_SHEETS, "绩效自评表", SUPPLEMENT_SHEET]
        )

    def test_the_title_is_merged_bold_and_centred_under_the_table_number(self):
        ws = self.wb["公开05表"]
        self.assertEqual(ws["G1"].value, "公开05表")
        self.assertEqual(ws["G1"].alignment.horizontal, "right")
        self.assertEqual(ws["A2"].value, "一般公共预算财政拨款支出决算表")
        self.assertIn("A2:G2", merged(ws))
        self.assertTrue(ws["A2"].font.b)
        self.assertEqual(ws["A2"].alignment.horizontal, "center")

    def test_the_unit_line_names_the_unit_the_year_and_the_amount_unit(self):
        ws = self.wb["公开05表"]
        self.assertEqual(ws["A3"].value, "编制单位：景德镇市数字城市管理服务中心")
        self.assertEqual(ws["D3"].value, "2022 年度")
        self.assertEqual(ws["G3"].value, "金额单位：万元")
        self.assertEqual(self.wb["公开10表"]["C3"].value, "单位：台、辆、套")

    def test_multi_level_headers_are_merged_as_the_table_defines_them(self):
        ws = self.wb["公开05表"]
        self.assertEqual(ws["A4"].value, "项目")
        self.assertEqual(ws["A5"].value, "支出功能分类科目编码")
        self.assertEqual([ws[c].value for c in ("A6", "B6", "C6")], ["类", "款", "项"])
        self.assertEqual(ws["E4"].value, "合计")
        self.assertTrue({"A4:D4", "A5:C5", "D5:D6", "E4:E6"} <= merged(ws))
        three = self.wb["公开09表"]
        self.assertEqual((three["A4"].value, three["G4"].value), ("预算数", "决算数"))
        self.assertTrue({"A4:F4", "G4:L4", "C5:E5", "A5:A6"} <= merged(three))

    def test_the_column_number_row_follows_the_headers(self):
        ws = self.wb["公开05表"]
        self.assertEqual(ws["A7"].value, "栏次")
        self.assertIn("A7:D7", merged(ws))
        self.assertEqual([ws[c].value for c in ("E7", "F7", "G7")], ["1", "2", "3"])
        self.assertEqual(self.wb["公开09表"]["L7"].value, "12")

    def test_the_seed_figures_are_numbers_in_their_cells(self):
        t01 = self.wb["公开01表"]
        self.assertEqual(t01["A7"].value, "一、一般公共预算财政拨款收入")
        self.assertEqual(amount(t01["C7"]), D("317.34"))
        self.assertEqual(amount(t01["C14"]), D("17.94"))
        t05 = self.wb["公开05表"]
        self.assertEqual(t05["A8"].value, "合计")
        self.assertEqual(
            [amount(t05[c]) for c in ("E8", "F8", "G8")],
            [D("317.14"), D("140.78"), D("176.36")],
        )
        t09 = self.wb["公开09表"]
        self.assertEqual(amount(t09["A8"]), D("3.59"))
        self.assertEqual(amount(t09["G8"]), D("2.45"))
        t06 = self.wb["公开06表"]
        last = max(r for r in range(7, 40) if t06[f"A{r}"].value == "人员经费合计")
        self.assertEqual(amount(t06[f"D{last}"]), D("118.24"))
        self.assertEqual(t06[f"E{last}"].value, "公用经费合计")
        self.assertEqual(amount(t06[f"H{last}"]), D("22.54"))

    def test_amounts_carry_the_thousands_format_and_print_zero_as_0(self):
        cell = self.wb["公开05表"]["G9"]
        self.assertEqual(cell.value, 0)
        self.assertTrue(cell.number_format.startswith(AMOUNT_FORMAT))
        self.assertTrue(cell.number_format.endswith(";0"))
        self.assertEqual(self.wb["公开05表"]["E8"].number_format, cell.number_format)
        count = self.wb["公开10表"]["C5"]
        self.assertEqual(count.value, 1)
        self.assertTrue(count.number_format.startswith("#,##0;"))

    def test_codes_are_text_split_into_class_section_and_item(self):
        ws = self.wb["公开05表"]
        rows = {
            (ws[f"A{r}"].value, ws[f"B{r}"].value, ws[f"C{r}"].value): r
            for r in range(8, 30)
        }
        self.assertIn(("212", "01", "99"), rows)
        self.assertIn(("208", "05", None), rows)
        self.assertEqual(ws[f"A{rows[('212', '01', '99')]}"].number_format, "@")

    def test_labels_are_indented_by_level(self):
        ws = self.wb["公开05表"]
        by_code = {
            "".join(
                filter(None, (ws[f"A{r}"].value, ws[f"B{r}"].value, ws[f"C{r}"].value))
            ): r
            for r in range(9, 30)
            if ws[f"A{r}"].value
        }
        self.assertEqual(ws[f"D{by_code['212']}"].alignment.indent, 1)
        self.assertEqual(ws[f"D{by_code['21201']}"].alignment.indent, 2)
        self.assertEqual(ws[f"D{by_code['2120199']}"].alignment.indent, 3)
        self.assertEqual(ws[f"D{by_code['2120199']}"].value, "其他城乡社区管理事务支出")

    def test_footnotes_and_the_empty_table_note_follow_the_body(self):
        ws = self.wb["公开07表"]
        texts = [ws[f"A{r}"].value for r in range(8, ws.max_row + 1)]
        self.assertIn(
            "注：本表反映部门(单位)本年度政府性基金预算财政拨款收入、支出及结转和结余情况。",
            texts,
        )
        self.assertIn(
            "说明：当此表数据为零时，即本部门(单位)无政府性基金预算财政拨款收入、支出。",
            texts,
        )
        note_row = 8 + texts.index(texts[-1])
        self.assertIn(f"A{note_row}:J{note_row}", merged(ws))

    def test_wide_tables_print_landscape_fitted_to_the_page_width(self):
        for name, orientation in (("公开01表", "landscape"), ("公开05表", "portrait")):
            ws = self.wb[name]
            self.assertEqual(ws.page_setup.orientation, orientation)
            self.assertTrue(ws.sheet_properties.pageSetUpPr.fitToPage)
            self.assertEqual(ws.page_setup.fitToWidth, 1)
            self.assertEqual(ws.page_setup.fitToHeight, 0)

    def test_title_and_header_rows_repeat_and_stay_frozen_above_the_body(self):
        t05 = self.wb["公开05表"]
        self.assertEqual(t05.print_title_rows, "$1:$7")
        self.assertEqual(t05.freeze_panes, "A8")
        t06 = self.wb["公开06表"]  # no 栏次 row
        self.assertEqual(t06.print_title_rows, "$1:$6")
        self.assertEqual(t06.freeze_panes, "A7")

    def test_columns_are_wide_enough_for_names_and_amounts(self):
        ws = self.wb["公开05表"]
        self.assertGreaterEqual(ws.column_dimensions["D"].width, 26)
        self.assertGreaterEqual(ws.column_dimensions["E"].width, 10)
        self.assertLessEqual(ws.column_dimensions["A"].width, 8)

    def test_no_cell_holds_a_formula(self):
        for ws in self.wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    self.assertNotEqual(cell.data_type, "f", cell.coordinate)

    def test_the_self_evaluation_sheet_renders_the_projects_tables(self):
        ws = self.wb["绩效自评表"]
        values = [c.value for row in ws.iter_rows() for c in row if c.value]
        self.assertIn("项目支出绩效自评表", values)
        self.assertIn("数字化城管运行维护费", values)
        self.assertIn("99.99%", values)
        self.assertIn("98", values)

    def test_the_supplement_carries_what_no_table_shows(self):
        ws = self.wb[SUPPLEMENT_SHEET]
        rows = [[c.value for c in row] for row in ws.iter_rows()]
        budget = next(r for r in rows if r[1] == "2120199")
        self.assertEqual(budget[0], "一般公共预算财政拨款")
        self.assertEqual(
            [D(repr(v)) for v in budget[3:6]], [D("224.61"), D("17.96"), D("18.16")]
        )
        self.assertIn(["年末公务用车保有量", 1, None, None, None, None], rows)
        self.assertTrue(any(r[0] == "basic_class:310" for r in rows))


class WorkbookWriterTests(TestCase):
    def test_it_refuses_a_float_so_money_never_passes_through_binary_floating_point(
        self,
    ):
        sheet = Sheet("x", Styles())
        with self.assertRaises(TypeError):
            sheet.set(1, 1, 0.1)

    def test_column_letters_go_past_z(self):
        self.assertEqual(
            [column_letter(n) for n in (1, 26, 27, 52)], ["A", "Z", "AA", "AZ"]
        )

    def test_text_with_markup_characters_and_control_characters_is_kept_readable(self):
        wb = Workbook()
        sheet = wb.add_sheet("说明")
        sheet.set(1, 1, "A&B <原因>\x07 ")
        ws = load_workbook(BytesIO(wb.save()))["说明"]
        self.assertEqual(ws["A1"].value, "A&B <原因> ")

    def test_a_sheet_name_excel_cannot_hold_is_refused(self):
        with self.assertRaises(ValueError):
            Workbook().add_sheet("公开/01表")


class DownloadViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_shared()

    def test_a_published_report_downloads_as_a_workbook_with_a_chinese_file_name(self):
        response = self.client.get(
            reverse("disclosure:report_xlsx", args=[2022, SEED_UNIT])
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response["Content-Type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        disposition = response["Content-Disposition"]
        self.assertTrue(disposition.startswith("attachment;"))
        self.assertIn(f'filename="{SEED_UNIT}-2022.xlsx"', disposition)
        self.assertIn(
            "filename*=UTF-8''%E6%99%AF%E5%BE%B7%E9%95%87", disposition
        )  # 景德镇…
        wb = load_workbook(BytesIO(response.content))
        self.assertEqual(wb.sheetnames[:10], TABLE_SHEETS)

    def test_a_draft_report_is_not_found(self):
        response = self.client.get(
            reverse("disclosure:report_xlsx", args=[2022, DRAFT_UNIT])
        )
        self.assertEqual(response.status_code, 404)

    def test_an_unknown_unit_or_year_is_not_found(self):
        for args in ([2022, "000000"], [2019, SEED_UNIT]):
            response = self.client.get(reverse("disclosure:report_xlsx", args=args))
            self.assertEqual(response.status_code, 404)
