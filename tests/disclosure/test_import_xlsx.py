"""Importing a report workbook: the round trip, every kind of bad file, the preview."""

import shutil
import subprocess
import tempfile
import zipfile
from decimal import Decimal as D
from io import BytesIO
from pathlib import Path
from unittest import skipUnless

from django.contrib.auth.models import Permission
from django.test import TestCase
from openpyxl import load_workbook

from demo.loader import SEED_DEPARTMENT, SEED_UNIT
from disclosure.document import build_document
from disclosure.exports.xlsx import SUPPLEMENT_SHEET, render_report_xlsx
from disclosure.importers.cells import WorkbookRejected
from disclosure.importers.facts import ReportFacts, facts_of
from disclosure.importers.preview import CellChange, preview
from disclosure.importers.xlsx import MAX_FILE_BYTES, import_workbook, read_workbook
from disclosure.models import FiscalYear, FunctionCode, Report
from disclosure.services import EditRefused
from disclosure.versions import StaleVersion, facts_version
from reporting.money import parse_amount, parse_count
from tests.demo_cache import load_demo_shared
from tests.factories import MembershipFactory, ReportFactory, UnitFactory, UserFactory


def preparer_of(unit, username):
    user = UserFactory(username=username)
    MembershipFactory(user=user, unit=unit)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="disclosure",
            codename__in=["view_report", "change_report"],
        )
    )
    return user


def workbook_of(report) -> bytes:
    return render_report_xlsx(build_document(report))


def edited(content: bytes, edit) -> bytes:
    """The workbook with `edit(wb)` applied, saved again (as a person would in Excel)."""
    wb = load_workbook(BytesIO(content))
    edit(wb)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def find_row(
    ws, *, code: str = "", label: str = "", column: int = 1, parts: int = 3
) -> int:
    """The row of a code (split over `parts` columns from `column`) or of a label."""
    for row in ws.iter_rows():
        if code:
            found = [row[column - 1 + i].value or "" for i in range(parts)]
            if "".join(found) == code:
                return row[0].row
        elif row[column - 1].value == label:
            return row[0].row
    raise AssertionError(f"{ws.title}: no row for {code or label}")


def set_cell(
    sheet: str, *, column: str, value, code: str = "", label: str = "", parts=3
):
    def edit(wb):
        ws = wb[sheet]
        ws[f"{column}{find_row(ws, code=code, label=label, parts=parts)}"] = value

    return edit


class ImportTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_shared()
        cls.seed = Report.objects.get(unit__code=SEED_UNIT, fiscal_year__year=2022)
        cls.department = Report.objects.get(
            unit__code=SEED_DEPARTMENT, fiscal_year__year=2022, level="unit"
        )
        cls.unit = UnitFactory(code="IMPORT01", name="导入测试单位")
        cls.target = ReportFactory(
            unit=cls.unit, fiscal_year=FiscalYear.objects.get(year=2021)
        )
        cls.user = preparer_of(cls.unit, "daoru")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.content = workbook_of(cls.seed)

    def assertRejected(self, content, *fragments, report=None):
        """The file is refused with every fragment in one message, and nothing is saved."""
        report = report or self.target
        before = facts_of(report)
        with self.assertRaises(WorkbookRejected) as caught:
            import_workbook(report, content, self.user)
        messages = [str(p) for p in caught.exception.problems]
        self.assertTrue(
            any(all(f in m for f in fragments) for m in messages),
            f"{fragments} not in {messages}",
        )
        self.assertEqual(facts_of(report), before)
        return messages


class RoundTripTests(ImportTestCase):
    def assertSameFacts(self, source, target):
        expected, actual = facts_of(source), facts_of(target)
        for group in ReportFacts.__dataclass_fields__:
            with self.subTest(group=group):
                self.assertEqual(getattr(actual, group), getattr(expected, group))

    def test_the_seed_report_exported_and_imported_into_an_empty_report_has_identical_facts(
        self,
    ):
        self.assertEqual(facts_of(self.target), ReportFacts())

        result = import_workbook(self.target, self.content, self.user)

        self.assertSameFacts(self.seed, self.target)
        self.assertEqual(result.deleted, 0)
        self.assertGreater(result.created, 40)
        seed = facts_of(self.seed)
        self.assertEqual(
            seed.fiscal[("general", "2120199")]["budget_initial"], D("224.61")
        )
        self.assertEqual(seed.three_public["vehicles_held"], 1)

    def test_a_report_with_government_fund_lines_round_trips_too(self):
        self.assertIn(
            "gov_fund", {fund for fund, _ in facts_of(self.department).fiscal}
        )

        import_workbook(self.target, workbook_of(self.department), self.user)

        self.assertSameFacts(self.department, self.target)

    def test_importing_the_same_file_again_changes_nothing(self):
        import_workbook(self.target, self.content, self.user)

        result = import_workbook(self.target, self.content, self.user)

        self.assertFalse(result.changed)

    def test_importing_replaces_facts_the_file_does_not_have(self):
        import_workbook(self.target, workbook_of(self.department), self.user)

        result = import_workbook(self.target, self.content, self.user)

        self.assertSameFacts(self.seed, self.target)
        self.assertGreater(result.deleted, 0)

    def test_a_negative_closing_balance_is_accepted_as_an_operating_deficit(self):
        def edit(wb):
            ws = wb["公开01表"]
            ws[f"F{find_row(ws, label='年末结转和结余', column=4)}"] = -1
            ws[f"F{find_row(ws, label='总计', column=4)}"] = 316.25

        import_workbook(self.target, edited(self.content, edit), self.user)

        self.assertEqual(facts_of(self.target).balances["closing_total"], D("-1.00"))

    def test_general_budget_income_is_what_remains_of_fiscal_income_after_the_other_funds(
        self,
    ):
        facts = read_workbook(self.target, workbook_of(self.department))
        source = facts_of(self.department)
        for code, values in source.income.items():
            self.assertEqual(
                facts.income[code]["general_budget"], values["general_budget"]
            )
            self.assertEqual(facts.income[code]["gov_fund"], values["gov_fund"])
        self.assertTrue(any(v["gov_fund"] for v in facts.income.values()))


class BadFileTests(ImportTestCase):
    def test_a_file_that_is_not_a_workbook_is_refused(self):
        self.assertRejected(b"code,name\n201,x\n", "不是 .xlsx 格式")
        archive = BytesIO()
        with zipfile.ZipFile(archive, "w") as z:
            z.writestr("readme.txt", "hello")
        self.assertRejected(archive.getvalue(), "不是 .xlsx 格式")

    def test_a_file_far_too_large_is_refused_before_it_is_read(self):
        self.assertRejected(b"\0" * (MAX_FILE_BYTES + 1), "超过 5 MB")

    def test_a_missing_sheet_is_named(self):
        content = edited(self.content, lambda wb: wb.remove(wb["公开05表"]))
        self.assertRejected(content, "缺少工作表“公开05表”")

    def test_a_renamed_sheet_is_named_with_what_the_file_has_instead(self):
        def rename(wb):
            wb["公开05表"].title = "表5"

        self.assertRejected(
            edited(self.content, rename), "缺少工作表“公开05表”", "“表5”"
        )

    def test_text_in_a_number_cell_is_refused_with_its_place(self):
        content = edited(
            self.content, set_cell("公开05表", code="2120199", column="F", value="十二")
        )
        row = find_row(load_workbook(BytesIO(content))["公开05表"], code="2120199")
        self.assertRejected(
            content, f"工作表“公开05表” 第 {row} 行 F 列", "“十二”不是有效的金额"
        )

    def test_three_decimals_are_refused(self):
        content = edited(
            self.content,
            set_cell("公开03表", code="2080505", column="F", value=10.2750001),
        )
        self.assertRejected(content, "公开03表", "F 列", "“10.2750001”最多保留六位小数")

    def test_a_code_unknown_for_the_year_is_refused(self):
        self.assertFalse(FunctionCode.objects.filter(code="2120177").exists())
        content = edited(
            self.content, set_cell("公开03表", code="2120199", column="C", value="77")
        )
        self.assertRejected(
            content, "公开03表", "2021 年度支出功能分类科目中没有编码为 2120177"
        )

    def test_a_negative_amount_is_refused_where_the_figure_cannot_be_negative(self):
        content = edited(
            self.content, set_cell("公开03表", code="2080505", column="F", value=-10.27)
        )
        self.assertRejected(content, "公开03表", "F 列", "不能为负数")

    def test_a_changed_header_is_refused(self):
        def edit(wb):
            wb["公开05表"]["F4"] = "基本经费"

        self.assertRejected(
            edited(self.content, edit),
            "工作表“公开05表” 第 4 行 F 列",
            "表头应为“基本支出”",
        )

    def test_an_amount_unit_other_than_yuan_or_wan_yuan_is_refused(self):
        def edit(wb):
            wb["公开02表"]["K3"] = "金额单位：千元"

        self.assertRejected(
            edited(self.content, edit),
            "公开02表",
            "金额单位为“千元”，只能是“万元”或“元”",
        )

    def test_an_unknown_row_of_a_fixed_table_is_refused(self):
        content = edited(
            self.content,
            set_cell(
                "公开01表", label="八、其他收入", column="A", value="八、杂项收入"
            ),
        )
        self.assertRejected(content, "公开01表", "无法识别的行“八、杂项收入”")

    def test_a_missing_supplement_section_is_named(self):
        def edit(wb):
            ws = wb[SUPPLEMENT_SHEET]
            ws[f"A{find_row(ws, label='四、政府采购')}"] = "四、采购"

        self.assertRejected(edited(self.content, edit), "缺少“四、政府采购”部分")

    def test_nothing_is_saved_when_one_cell_of_a_large_file_is_bad(self):
        import_workbook(self.target, workbook_of(self.department), self.user)
        content = edited(
            self.content,
            set_cell("公开06表", code="30101", column="D", value="abc", parts=2),
        )
        self.assertRejected(content, "公开06表", "“abc”不是有效的金额")


class StatedTotalTests(ImportTestCase):
    """Totals follow their details: a stated total that differs is recomputed, and said."""

    def assertRecomputed(self, content, *fragments):
        facts = read_workbook(self.target, content)
        self.assertTrue(
            any(all(f in note for f in fragments) for note in facts.recomputed),
            f"{fragments} not in {facts.recomputed}",
        )
        return facts

    def test_a_total_that_disagrees_with_its_rows_is_recomputed_and_said(self):
        content = edited(
            self.content, set_cell("公开05表", label="合计", column="F", value=140.8)
        )
        facts = self.assertRecomputed(
            content,
            "工作表“公开05表” 第 8 行",
            "“合计”的“基本支出”文件中为 140.80，按明细重新计算为 140.78",
        )
        self.assertEqual(facts, facts_of(self.seed))

    def test_a_class_subtotal_that_disagrees_with_its_items_is_recomputed(self):
        content = edited(
            self.content, set_cell("公开02表", code="212", column="F", value=300)
        )
        self.assertRecomputed(
            content,
            "公开02表",
            "“212 城乡社区支出”的“财政拨款收入”文件中为 300.00，按明细重新计算为 288.02",
        )

    def test_a_row_total_that_disagrees_with_its_columns_is_recomputed(self):
        content = edited(
            self.content, set_cell("公开03表", code="2080505", column="E", value=11)
        )
        self.assertRecomputed(
            content, "公开03表", "文件中为 11.00，按明细重新计算为 10.27"
        )

    def test_the_summary_tables_totals_follow_the_detail(self):
        content = edited(
            self.content,
            set_cell("公开01表", label="本年收入合计", column="C", value=335),
        )
        self.assertRecomputed(
            content,
            "公开01表",
            "“本年收入合计”的“收入·决算数”文件中为 335.00，按明细重新计算为 335.28",
        )
        content = edited(
            self.content,
            set_cell("公开04表", label="一般公共预算财政拨款", column="C", value=1),
        )
        self.assertRecomputed(content, "公开04表", "按明细重新计算为 17.96")

    def test_income_moved_to_another_fund_is_reflected_in_the_summary(self):
        def edit(wb):
            ws = wb[SUPPLEMENT_SHEET]
            row = find_row(ws, label="科目编码") + 1
            ws[f"A{row}"], ws[f"C{row}"] = "2120199", 8

        self.assertRecomputed(
            edited(self.content, edit),
            "公开01表",
            "“三、国有资本经营预算财政拨款收入”的“收入·决算数”文件中为 0.00，按明细重新计算为 8.00",
        )

    @skipUnless(shutil.which("soffice"), "没有 LibreOffice（soffice），跳过。")
    def test_a_workbook_saved_by_a_spreadsheet_program_imports_with_its_totals_following(
        self,
    ):
        """Downloaded, one detail changed, saved by LibreOffice Calc, imported."""
        content = edited(
            self.content, set_cell("公开05表", code="2080505", column="F", value=48.3)
        )
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "in" / "决算.xlsx"
            source.parent.mkdir()
            source.write_bytes(content)
            out = Path(folder) / "out"
            subprocess.run(
                [
                    "soffice",
                    f"-env:UserInstallation=file://{folder}/profile",
                    "--headless",
                    "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML",
                    "--outdir",
                    str(out),
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=120,
            )
            saved = (out / "决算.xlsx").read_bytes()
        self.assertNotEqual(saved, content)
        import_workbook(self.target, saved, self.user)
        stored = facts_of(self.target)
        self.assertEqual(stored.fiscal[("general", "2080505")]["basic"], D("48.30"))
        expected = facts_of(self.seed)
        expected.fiscal[("general", "2080505")]["basic"] = D("48.30")
        self.assertEqual(stored, expected)

    def test_a_changed_detail_carries_its_totals_with_it(self):
        """One detail changed as in Excel or WPS, its 类/款/合计 left as they were."""
        content = edited(
            self.content, set_cell("公开05表", code="2080505", column="F", value=48.3)
        )
        facts = self.assertRecomputed(content, "公开05表", "按明细重新计算")
        general = facts.fiscal[("general", "2080505")]
        self.assertEqual(general["basic"], D("48.30"))

    def test_other_fund_income_larger_than_fiscal_income_is_refused(self):
        def edit(wb):
            ws = wb[SUPPLEMENT_SHEET]
            row = find_row(ws, label="科目编码") + 1
            ws[f"A{row}"], ws[f"C{row}"] = "2080505", 11

        self.assertRejected(
            edited(self.content, edit),
            "公开02表",
            "科目 2080505 的财政拨款收入 10.27（公开02表）小于",
        )


class ImportRulesTests(ImportTestCase):
    def test_only_a_draft_report_can_be_imported_into(self):
        with self.assertRaises(EditRefused):
            import_workbook(self.seed, self.content, UserFactory(is_superuser=True))

    def test_a_preparer_cannot_import_into_another_units_report(self):
        other = ReportFactory(unit=UnitFactory(code="IMPORT02"))
        with self.assertRaises(EditRefused):
            import_workbook(other, self.content, self.user)
        self.assertEqual(facts_of(other), ReportFacts())

    def test_a_version_taken_before_a_change_refuses_the_import(self):
        before = facts_version(self.target, facts_of(self.target))
        import_workbook(self.target, workbook_of(self.department), self.user)
        changed = facts_of(self.target)

        with self.assertRaises(StaleVersion) as caught:
            import_workbook(self.target, self.content, self.user, version=before)

        self.assertIn("新增了", str(caught.exception))
        self.assertEqual(facts_of(self.target), changed)

    def test_the_current_version_lets_the_import_through(self):
        current = facts_version(self.target, facts_of(self.target))

        result = import_workbook(self.target, self.content, self.user, version=current)

        self.assertTrue(result.changed)
        self.assertEqual(facts_of(self.target), facts_of(self.seed))

    def test_numbers_are_read_exactly_as_excel_shows_them(self):
        self.assertEqual(parse_amount(288.02, from_cell=True), D("288.02"))
        self.assertEqual(
            parse_amount(0.1 + 0.2 - 0.3 + 5.05, from_cell=True), D("5.05")
        )
        self.assertEqual(parse_amount("1,234.50", from_cell=True), D("1234.50"))
        self.assertEqual(parse_amount("  ", from_cell=True), None)
        self.assertEqual(parse_count(3.0, from_cell=True), 3)


class PreviewTests(ImportTestCase):
    def test_the_preview_lists_each_changed_cell_with_its_old_and_new_value(self):
        facts = read_workbook(self.target, self.content)

        sheets = {sheet.sheet: sheet for sheet in preview(self.target, facts)}

        self.assertIn(
            CellChange("合计", "合计", "0", "317.14"), sheets["公开05表"].changes
        )
        self.assertIn(
            CellChange(
                "2120199 其他城乡社区管理事务支出", "基本支出", "（空）", "111.46"
            ),
            sheets["公开05表"].changes,
        )
        self.assertIn(
            CellChange(
                "一般公共预算财政拨款 2120199", "年初预算数", "（空）", "224.61"
            ),
            sheets[SUPPLEMENT_SHEET].changes,
        )
        self.assertEqual(facts_of(self.target), ReportFacts())

    def test_the_preview_of_an_unchanged_file_is_empty(self):
        import_workbook(self.target, self.content, self.user)

        self.assertEqual(
            preview(self.target, read_workbook(self.target, self.content)), []
        )
