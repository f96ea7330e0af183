"""The 上海 2025 部门预算 layout against a real published budget, figure by figure.

docs/templates/shanghai_2025_budget_tables.json transcribes 上海市普陀区人民政府
办公室 2025年区级部门预算 (source in docs/templates.md §11): its nine tables
with every figure (元, the “三公” table in 万元), its 名词解释 and its
narrative headings. A 预算 report is built here from those figures alone —
the facts a preparer would enter — and printed in the layout: each table
must read as the real one does, title, measure line, heads and their
nesting, rows in order, the 合计/总计 rows, the 注 of an empty table, and
every figure to the cent.
"""

import json
import re
from decimal import Decimal
from pathlib import Path

from django.test import TestCase

from disclosure.document import build_document
from disclosure.importers.facts import facts_of
from disclosure.importers.xlsx import import_workbook
from disclosure.models import (
    BasicExpenditureLine,
    ExpenditureLine,
    FiscalExpenditureLine,
    Fund,
    IncomeLine,
    OperatingExpense,
    Report,
    ThreePublicExpenses,
)
from disclosure.report_templates import get_template
from reporting.formatting import format_amount
from reporting.money import YUAN_PER_UNIT
from reporting.table import Role, RowKind
from tests.disclosure.test_import_xlsx import preparer_of, workbook_of
from tests.factories import (
    BalancesFactory,
    FiscalYearFactory,
    ReportFactory,
    UnitFactory,
    economic_code,
    function_code,
)

SOURCE = (
    Path(__file__).resolve().parents[2]
    / "docs"
    / "templates"
    / "shanghai_2025_budget_tables.json"
)
TEMPLATE = "sh2025_dept_budget"
# The columns of the tables whose transcribed rows are mappings.
COLUMNS = {
    "3": ("类", "款", "项", "name", "合计", "基本支出", "项目支出"),
    "8": ("类", "款", "name", "合计", "人员经费", "公用经费"),
}
TEN_THOUSAND = YUAN_PER_UNIT["wan_yuan"]


def amount(text: str | None) -> Decimal:
    return Decimal("0") if text is None else Decimal(text.replace(",", ""))


def bare(text: str) -> str:
    """Compared without spaces and colon width (the text layer's ':' is ASCII)."""
    return re.sub(r"\s+", "", text).replace(":", "：")


def heads_of(heads) -> list:
    return [
        {"label": h.text, "children": heads_of(h.children)} if h.children else h.text
        for h in heads
    ]


def transcribed_heads(heads) -> list:
    return [
        {"label": h["label"], "children": transcribed_heads(h["children"])}
        if h.get("children")
        else h["label"]
        for h in heads
    ]


def source_rows(source: dict, item: dict) -> list[list]:
    """The printed rows of a transcribed table, each a list of its column cells."""
    number = item["number"]["value"]
    rows = item["figures_seen"].get("rows")
    if rows == "same as table 3":
        number, rows = "3", source["tables"][2]["figures_seen"]["rows"]
    if rows is None:  # an empty table: its fixed rows alone, blank
        width = sum(_width(head) for head in item["heads"])
        return [
            [None, None, None, label] + [None] * (width - 4)
            for label in item["fixed_rows"]["value"]
        ]
    if number in COLUMNS:
        return [[row.get(column) for column in COLUMNS[number]] for row in rows]
    return rows


def _width(head: dict) -> int:
    children = head.get("children") or []
    return sum(_width(c) for c in children) if children else 1


def printed_rows(table) -> list[list]:
    """The table's physical rows as printed: text per column, blank rows left out.

    A label spanning the code columns (合计) sits in the name column, where
    the transcription puts it.
    """
    width = len(table.columns)
    rows = []
    for cells in table.body:
        row = [None] * width
        for cell in cells:
            if cell.role.is_number:
                text = format_amount(cell.value, zero=table.zero_text)
                row[cell.column] = text or None
            elif cell.role == Role.LABEL:
                row[cell.column + cell.colspan - 1] = cell.value or None
            else:
                row[cell.column] = cell.value or None
        if any(row):
            rows.append(row)
    return rows


class ShanghaiBudgetTableTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.source = json.loads(SOURCE.read_text(encoding="utf-8"))
        cls.tables = cls.source["tables"]
        year = cls.source["source"]["year"]
        unit = UnitFactory(
            code="310107001", name=cls.source["source"]["unit"], region="上海"
        )
        cls.report = ReportFactory(
            unit=unit,
            fiscal_year=FiscalYearFactory(year=year),
            kind=Report.Kind.BUDGET,
            amount_unit=Report.AmountUnit.YUAN,
            template_variant=TEMPLATE,
        )
        cls.enter_facts(year)
        cls.doc = build_document(Report.objects.get(pk=cls.report.pk))

    @classmethod
    def enter_facts(cls, year: int) -> None:
        """The facts of the real budget, as its tables print them (元)."""
        report = cls.report
        _, income, spending, fiscal, *_ = cls.tables
        # Every 财政拨款 is 一般公共预算 (表4's other funds are blank).
        fund_totals = fiscal["figures_seen"]["rows"][-1][5:]
        assert fund_totals == [None, None], fund_totals
        for row in income["figures_seen"]["rows"]:
            cls_, section, item, name, *figures = row
            if cls_ is None:
                continue
            code = function_code(cls_ + (section or "") + (item or ""), name, year)
            if item is None:
                continue
            _, fiscal_income, business, operating, other = map(amount, figures)
            IncomeLine.objects.create(
                report=report,
                function_code=code,
                general_budget=fiscal_income,
                business=business,
                operating=operating,
                other=other,
            )
        for row in spending["figures_seen"]["rows"]:
            if row.get("项") is None:
                continue
            code = function_code(row["类"] + row["款"] + row["项"], row["name"], year)
            basic, project = amount(row["基本支出"]), amount(row["项目支出"])
            ExpenditureLine.objects.create(
                report=report, function_code=code, basic=basic, project=project
            )
            FiscalExpenditureLine.objects.create(
                report=report,
                fund=Fund.GENERAL,
                function_code=code,
                basic=basic,
                project=project,
            )
        for row in cls.tables[7]["figures_seen"]["rows"]:
            if "类" not in row:
                continue
            code = economic_code(row["类"] + (row["款"] or ""), row["name"], year)
            if row["款"]:
                BasicExpenditureLine.objects.create(
                    report=report, economic_code=code, amount=amount(row["合计"])
                )
        # 表9 is in 万元: its figures in 元 are exact multiples.
        (three,) = cls.tables[8]["figures_seen"]["rows"]
        _, abroad, reception, _, purchase, operation, operating = three

        def in_yuan(text):
            return None if text is None else amount(text) * TEN_THOUSAND

        ThreePublicExpenses.objects.create(
            report=report,
            budget_abroad=in_yuan(abroad),
            budget_reception=in_yuan(reception),
            budget_vehicle_purchase=in_yuan(purchase),
            budget_vehicle_operation=in_yuan(operation),
        )
        OperatingExpense.objects.create(report=report, amount=in_yuan(operating))
        # Nothing carried over: the layout prints no 上年结转 (收入总计 is the year's).
        BalancesFactory(report=report)

    def test_the_document_prints_the_nine_tables_of_the_real_budget(self):
        self.assertEqual(len(self.doc.tables), len(self.tables))
        self.assertEqual(
            [t.title for t in self.doc.tables],
            [item["title"]["value"] for item in self.tables],
        )

    def test_each_table_is_headed_as_the_real_one(self):
        for table, item in zip(self.doc.tables, self.tables, strict=True):
            with self.subTest(item["title"]["value"]):
                self.assertFalse(table.code_printed)  # no printed number
                self.assertFalse(table.show_index_row)  # no 栏次
                self.assertEqual(
                    bare(f"{table.measure_label}：{table.measure}"),
                    bare(item["measure_line"]["value"]),
                )
                heads = [h for pane in table.panes for h in pane.heads]
                self.assertEqual(heads_of(heads), transcribed_heads(item["heads"]))

    def test_every_printed_row_and_figure_is_the_real_ones(self):
        for table, item in zip(self.doc.tables, self.tables, strict=True):
            with self.subTest(item["title"]["value"]):
                wanted = source_rows(self.source, item)
                self.assertEqual(printed_rows(table), wanted)

    def test_every_figure_is_the_exact_decimal_of_the_real_one(self):
        for table, item in zip(self.doc.tables, self.tables, strict=True):
            wanted = source_rows(self.source, item)
            body = [r for r in table.body if any(c.value for c in r)]
            for cells, row in zip(body, wanted, strict=True):
                for cell in cells:
                    if not cell.role.is_number:
                        continue
                    with self.subTest(table=table.title, row=row):
                        expected = row[cell.column]
                        self.assertEqual(cell.value or 0, amount(expected))

    def test_the_total_rows_close_each_table_where_the_real_one_prints_them(self):
        for table, item in zip(self.doc.tables, self.tables, strict=True):
            totals = [row.label for row in table.rows if row.kind == RowKind.TOTAL]
            wanted = (
                item.get("total_row", {}).get("value")
                or item.get("fixed_rows", {}).get("value")
                or []
            )
            with self.subTest(item["title"]["value"]):
                self.assertEqual(totals, wanted)
                if wanted == ["合计"]:
                    self.assertEqual(table.rows[-1].label, "合计")

    def test_footnotes_and_the_empty_table_notes_are_the_real_ones(self):
        for table, item in zip(self.doc.tables, self.tables, strict=True):
            notes = item["footnotes"]["value"]
            empty = item["figures_seen"].get("value") == "empty"
            with self.subTest(item["title"]["value"]):
                self.assertEqual(table.footnotes, ())
                self.assertEqual(table.is_empty, empty)
                # The 注 of an empty table is the one line below it.
                self.assertEqual([table.note] if table.note else [], notes)

    def test_a_table_with_figures_prints_no_empty_table_note(self):
        """万里街道 2024 prints the “三公” 注 under figures: the product never does."""
        three_public = self.doc.table("three_public")
        defect = self.tables[8]["footnotes"]["observed_defect"]
        wrong_note = re.search(r"'(注:.+?)'", defect).group(1)
        self.assertEqual(
            three_public.empty_note, wrong_note.replace("2024", str(self.doc.data.year))
        )
        self.assertFalse(three_public.is_empty)
        self.assertEqual(three_public.note, "")

    def test_the_glossary_is_the_real_one_word_for_word(self):
        printed = [
            f"{index}{term}：{text}"
            for section in self.doc.glossary
            for index, (term, text) in zip(
                (
                    "（一）",
                    "（二）",
                    "（三）",
                    "（四）",
                    "（五）",
                    "（六）",
                    "（七）",
                    "（八）",
                ),
                section.entries,
                strict=True,
            )
        ]
        self.assertEqual(printed, self.source["narrative"]["glossary"]["items"])
        self.assertEqual([s.title for s in self.doc.glossary], [""])

    def test_the_other_matters_are_headed_as_the_real_ones(self):
        seen = self.source["narrative"]["sections_seen"]
        other = next(s for s in seen if s.startswith("其他相关情况说明"))
        wanted = [
            re.sub(r"^[一二三四五六七八九十]+、", "", part.strip())
            for part in other.partition(":")[2].split("/")
        ]
        template = get_template(TEMPLATE)
        _, heading, nested = template.narrative.headings[1]
        self.assertEqual(heading, "其他相关情况说明")
        year = self.doc.data.year
        self.assertEqual([h.format(year=year) for _, h in nested], wanted)

    def test_the_workbook_reads_back_into_the_same_facts(self):
        """Every table through the XLSX export and back, 表9 in 万元 included."""
        target = ReportFactory(
            unit=UnitFactory(code="310107002", region="上海"),
            fiscal_year=self.report.fiscal_year,
            kind=Report.Kind.BUDGET,
            amount_unit=Report.AmountUnit.YUAN,
            template_variant=TEMPLATE,
        )
        import_workbook(
            target, workbook_of(self.report), preparer_of(target.unit, "sh2025")
        )
        self.assertEqual(facts_of(target), facts_of(self.report))
