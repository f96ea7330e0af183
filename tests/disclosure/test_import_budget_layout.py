"""A 上海 2025 部门预算's workbook reads back into the facts its tables do not show.

Its 收入预算总表 prints one 财政拨款收入 column and one 其他收入 column (上级补助
and 附属单位上缴 within it), and its 政府性基金 table has no 本年收入: the
政府性基金预算 income per code and the parts of 其他收入 travel in 填报补充
(docs/excel.md), and a layout whose tables show them has no such section.
"""

from decimal import Decimal as D
from io import BytesIO

from django.test import TestCase
from openpyxl import load_workbook

from disclosure.exports.supplement import (
    GOV_FUND_INCOME_SECTION,
    OTHER_INCOME_SECTION,
    SUPPLEMENT_SECTIONS,
    SUPPLEMENT_SHEET,
)
from disclosure.importers.cells import WorkbookRejected
from disclosure.importers.facts import ReportFacts, facts_of
from disclosure.importers.preview import preview
from disclosure.importers.xlsx import import_workbook, read_workbook
from disclosure.models import (
    Balances,
    Fund,
    IncomeLine,
    Report,
    ThreePublicExpenses,
)
from tests.demo_cache import load_demo_shared
from tests.disclosure.test_import_xlsx import (
    edited,
    find_row,
    preparer_of,
    workbook_of,
)
from tests.factories import (
    ExpenditureLineFactory,
    FiscalExpenditureLineFactory,
    IncomeLineFactory,
    ReportFactory,
    UnitFactory,
    function_code,
)
from tests.scenarios import consistent_report

TEMPLATE = "sh2025_dept_budget"
GOV_FUND_TITLE = SUPPLEMENT_SECTIONS[GOV_FUND_INCOME_SECTION][0]
OTHER_TITLE = SUPPLEMENT_SECTIONS[OTHER_INCOME_SECTION][0]
LAND = "2120803"
PENSION = "2080505"


def shanghai_budget(unit, **fields) -> Report:
    """`consistent_report()` as a 上海 预算, with 政府性基金 and 上级补助/附属单位上缴 income.

    2120803 has 政府性基金 income 20 spent on a project; 2080505's income
    has 上级补助 3, 附属单位上缴 2 and 其他收入 1 besides its 一般公共预算 10
    (spent on 基本支出); 2120199 keeps its 其他收入 6 alone. The
    layout prints no 结转结余 and no “三公” 决算数: a 预算 of it has none.
    """
    report = consistent_report(
        unit=unit, kind=Report.Kind.BUDGET, template_variant=TEMPLATE, **fields
    )
    Balances.objects.filter(report=report).update(
        opening_total=D("0.00"), closing_total=D("0.00")
    )
    ThreePublicExpenses.objects.filter(report=report).update(
        actual_vehicle_operation=None
    )
    land = function_code(LAND)
    IncomeLineFactory(report=report, function_code=land, gov_fund=D("20.00"))
    ExpenditureLineFactory(report=report, function_code=land, project=D("20.00"))
    FiscalExpenditureLineFactory(
        report=report,
        fund=Fund.GOV_FUND,
        function_code=land,
        project=D("20.00"),
        budget_initial=D("20.00"),
    )
    IncomeLine.objects.filter(report=report, function_code__code=PENSION).update(
        superior_grant=D("3.00"), affiliate=D("2.00"), other=D("1.00")
    )
    return report


def supplement_titles(content: bytes) -> list[str]:
    ws = load_workbook(BytesIO(content))[SUPPLEMENT_SHEET]
    return [row[0].value for row in ws.iter_rows() if row[0].value]


class ShanghaiBudgetWorkbookTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_shared()  # the year's full code lists
        cls.source = shanghai_budget(UnitFactory(code="SHIMP01", name="上海导入来源"))
        cls.unit = UnitFactory(code="SHIMP02", name="上海导入目标")
        cls.target = ReportFactory(
            unit=cls.unit,
            fiscal_year=cls.source.fiscal_year,
            kind=Report.Kind.BUDGET,
            template_variant=TEMPLATE,
        )
        cls.user = preparer_of(cls.unit, "shdaoru")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.content = workbook_of(cls.source)

    def supplement_cell(self, title: str, code: str, column: str, value):
        """An edit of the 填报补充 row of `code` in the section titled `title`."""

        def edit(wb):
            ws = wb[SUPPLEMENT_SHEET]
            start = find_row(ws, label=title)
            for row in ws.iter_rows(min_row=start + 2):
                if row[0].value == code:
                    ws[f"{column}{row[0].row}"] = value
                    return
            raise AssertionError(f"no row for {code} under {title}")

        return edit

    def after_section(self, title: str, values: tuple):
        """An edit writing `values` as a new row at the end of the section `title`."""

        def edit(wb):
            ws = wb[SUPPLEMENT_SHEET]
            row = find_row(ws, label=title) + 2
            while ws.cell(row, 1).value:
                row += 1
            for column, value in enumerate(values, start=1):
                ws.cell(row, column, value)

        return edit

    def assertRejected(self, content, *fragments):
        before = facts_of(self.target)
        with self.assertRaises(WorkbookRejected) as caught:
            import_workbook(self.target, content, self.user)
        messages = [str(p) for p in caught.exception.problems]
        self.assertTrue(
            any(all(f in m for f in fragments) for m in messages),
            f"{fragments} not in {messages}",
        )
        self.assertEqual(facts_of(self.target), before)
        return messages

    def test_the_workbook_lists_the_government_fund_income_and_the_parts_of_other_income(
        self,
    ):
        ws = load_workbook(BytesIO(self.content))[SUPPLEMENT_SHEET]
        rows = [tuple(c.value for c in row) for row in ws.iter_rows()]
        gov = find_row(ws, label=GOV_FUND_TITLE)
        other = find_row(ws, label=OTHER_TITLE)

        self.assertEqual(rows[gov][:3], ("科目编码", "科目名称", "本年收入"))
        self.assertEqual(rows[gov + 1][0], LAND)
        self.assertEqual(D(str(rows[gov + 1][2])), D("20"))
        self.assertIsNone(rows[gov + 2][0])
        self.assertEqual(
            rows[other][:5],
            ("科目编码", "科目名称", "上级补助收入", "附属单位上缴收入", "其他收入"),
        )
        # Only the code with 上级补助 or 附属单位上缴: 2120199's 其他收入 is its own.
        self.assertEqual(rows[other + 1][0], PENSION)
        self.assertEqual(
            [D(str(v)) for v in rows[other + 1][2:5]], [D("3"), D("2"), D("1")]
        )
        self.assertEqual(len(rows), other + 2)

    def test_the_workbook_reads_back_into_exactly_the_same_facts(self):
        self.assertEqual(facts_of(self.target), ReportFacts())

        import_workbook(self.target, self.content, self.user)

        expected, actual = facts_of(self.source), facts_of(self.target)
        self.assertEqual(actual.income[LAND]["gov_fund"], D("20.00"))
        self.assertEqual(actual.income[LAND]["general_budget"], D("0.00"))
        pension = actual.income[PENSION]
        self.assertEqual(
            (pension["superior_grant"], pension["affiliate"], pension["other"]),
            (D("3.00"), D("2.00"), D("1.00")),
        )
        self.assertEqual(actual.income["2120199"]["other"], D("6.00"))
        for group in ReportFacts.__dataclass_fields__:
            with self.subTest(group=group):
                self.assertEqual(getattr(actual, group), getattr(expected, group))

    def test_importing_it_again_changes_nothing(self):
        import_workbook(self.target, self.content, self.user)

        result = import_workbook(self.target, self.content, self.user)

        self.assertFalse(result.changed)

    def test_the_preview_lists_the_new_sections_figures(self):
        changes = preview(self.target, read_workbook(self.target, self.content))

        supplement = next(s for s in changes if s.sheet == SUPPLEMENT_SHEET)
        rows = {(c.row, c.column, c.new) for c in supplement.changes}
        self.assertIn((f"政府性基金预算财政拨款收入 {LAND}", "本年收入", "20.00"), rows)
        self.assertIn((f"其他收入构成 {PENSION}", "上级补助收入", "3.00"), rows)

    def test_a_workbook_without_the_sections_reads_other_income_as_its_own(self):
        # As one exported before the sections: 政府性基金 income is then 一般公共预算.
        def edit(wb):
            ws = wb[SUPPLEMENT_SHEET]
            start = find_row(ws, label=GOV_FUND_TITLE)
            ws.delete_rows(start, ws.max_row - start + 1)

        import_workbook(self.target, edited(self.content, edit), self.user)

        income = facts_of(self.target).income
        self.assertEqual(income[PENSION]["other"], D("6.00"))
        self.assertEqual(income[PENSION]["superior_grant"], D("0.00"))
        self.assertEqual(income[LAND]["general_budget"], D("20.00"))

    def test_a_changed_government_fund_income_is_read_and_general_budget_follows(
        self,
    ):
        content = edited(
            self.content, self.supplement_cell(GOV_FUND_TITLE, LAND, "C", 5)
        )

        import_workbook(self.target, content, self.user)

        income = facts_of(self.target).income[LAND]
        self.assertEqual(
            (income["gov_fund"], income["general_budget"]), (D("5.00"), D("15.00"))
        )

    def test_a_bad_government_fund_amount_is_refused_at_its_cell(self):
        content = edited(
            self.content, self.supplement_cell(GOV_FUND_TITLE, LAND, "C", "二十")
        )

        self.assertRejected(content, SUPPLEMENT_SHEET, "C 列", "“本年收入”")

    def test_government_fund_income_above_fiscal_income_is_refused(self):
        content = edited(
            self.content, self.supplement_cell(GOV_FUND_TITLE, LAND, "C", 25)
        )

        self.assertRejected(
            content,
            "F 列",
            f"科目 {LAND} 的财政拨款收入 20.00（表2）小于",
            f"25.00（{SUPPLEMENT_SHEET}）",
        )

    def test_an_unknown_code_in_the_government_fund_section_is_refused_at_its_cell(
        self,
    ):
        content = edited(
            self.content, self.after_section(GOV_FUND_TITLE, ("9990101", "无", 1))
        )

        self.assertRejected(content, "A 列", "没有编码为“9990101”的科目")

    def test_a_duplicate_government_fund_row_is_refused(self):
        content = edited(
            self.content, self.after_section(GOV_FUND_TITLE, (LAND, "重复", 1))
        )

        self.assertRejected(content, f"科目 {LAND} 与第", "行重复")

    def test_a_bad_other_income_amount_is_refused_at_its_cell(self):
        content = edited(
            self.content, self.supplement_cell(OTHER_TITLE, PENSION, "D", "abc")
        )

        self.assertRejected(content, SUPPLEMENT_SHEET, "D 列", "“附属单位上缴收入”")

    def test_parts_that_do_not_add_up_to_the_printed_other_income_are_refused(self):
        content = edited(
            self.content, self.supplement_cell(OTHER_TITLE, PENSION, "C", 4)
        )

        self.assertRejected(
            content,
            "C 列",
            f"科目 {PENSION} 的上级补助收入、附属单位上缴收入与其他收入之和 7.00 与表2的“其他收入” 6.00 不一致",
        )

    def test_an_unknown_code_in_the_other_income_section_is_refused(self):
        content = edited(
            self.content, self.after_section(OTHER_TITLE, ("9990102", "无", 1, 0, 0))
        )

        self.assertRejected(content, "A 列", "没有编码为“9990102”的科目")

    def test_a_duplicate_other_income_row_is_refused(self):
        content = edited(
            self.content, self.after_section(OTHER_TITLE, (PENSION, "重复", 3, 2, 1))
        )

        self.assertRejected(content, f"科目 {PENSION} 与第", "行重复")


class TableLayoutWorkbookTests(TestCase):
    """A layout whose tables show these facts (江西 2022 决算) has no such section."""

    @classmethod
    def setUpTestData(cls):
        load_demo_shared()
        cls.source = consistent_report(unit=UnitFactory(code="JXIMP01"))
        IncomeLine.objects.filter(
            report=cls.source, function_code__code=PENSION
        ).update(superior_grant=D("3.00"), affiliate=D("2.00"))
        cls.unit = UnitFactory(code="JXIMP02", name="江西导入目标")
        cls.target = ReportFactory(unit=cls.unit, fiscal_year=cls.source.fiscal_year)
        cls.user = preparer_of(cls.unit, "jxdaoru")

    def test_its_workbook_has_neither_section_and_reads_back_the_same(self):
        content = workbook_of(self.source)

        titles = supplement_titles(content)
        self.assertNotIn(GOV_FUND_TITLE, titles)
        self.assertNotIn(OTHER_TITLE, titles)
        import_workbook(self.target, content, self.user)
        self.assertEqual(facts_of(self.target), facts_of(self.source))

    def test_a_section_its_tables_make_redundant_is_refused(self):
        def edit(wb):
            ws = wb[SUPPLEMENT_SHEET]
            row = ws.max_row + 2
            ws.cell(row, 1, GOV_FUND_TITLE)
            for column, text in enumerate(("科目编码", "科目名称", "本年收入"), 1):
                ws.cell(row + 1, column, text)

        content = edited(workbook_of(self.source), edit)

        with self.assertRaises(WorkbookRejected) as caught:
            import_workbook(self.target, content, self.user)
        messages = [str(p) for p in caught.exception.problems]
        self.assertIn(
            f"工作表“{SUPPLEMENT_SHEET}”",
            next(m for m in messages if "不应有“九、政府性基金预算" in m),
        )
