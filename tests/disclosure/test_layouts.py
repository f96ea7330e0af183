"""Every layout against its transcription, and its demo report through every output.

The transcriptions are `docs/templates/<file>.json`: each item says whether
it was seen in a real document (`"seen": true`) or completed. A golden test
compares a report rendered in the layout with every seen item: table order,
numbers, titles, measure line, column heads, 栏次, row labels, footnotes,
empty-table 说明 and narrative headings.
"""

import csv
import io
import json
import re
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase
from openpyxl import load_workbook

from demo.layouts import LAYOUT_UNITS
from disclosure.document import build_document
from disclosure.importers.facts import facts_of
from disclosure.importers.xlsx import import_workbook
from disclosure.models import FiscalYear, Report
from disclosure.public_urls import report_url
from disclosure.report_templates import TEMPLATES, get_template
from disclosure.rules import check_report
from disclosure.selectors import published_report_or_404
from tests.demo_cache import load_demo_shared
from tests.disclosure.test_import_xlsx import preparer_of, workbook_of
from tests.factories import ReportFactory, UnitFactory

DOCS = Path(__file__).resolve().parents[2] / "docs" / "templates"
TRANSCRIPTIONS = {
    "jx2022_unit": "jiangxi_2022_unit.json",
    "jx2022_dept": "jiangxi_2022_dept_consolidated.json",
    "mof2023_dept": "mof_central_2023_dept.json",
    "gx2023_unit": "guangxi_2023_dept.json",
    "nmg2023_dept": "inner_mongolia_2023_dept.json",
    "sh2024_dept": "shanghai_2024_dept.json",
    "jx2023_unit_budget": "jiangxi_2023_budget_unit.json",
    "jx2023_dept_budget": "jiangxi_2023_budget_dept.json",
    "sh2025_dept_budget": "shanghai_2025_dept_budget.json",
}
NUMBERING = re.compile(r"^[一二三四五六七八九十]+、")


def transcription(code: str) -> dict:
    return json.loads((DOCS / TRANSCRIPTIONS[code]).read_text(encoding="utf-8"))


def seen(item) -> bool:
    """Seen in a real document, and printed the same by the product.

    An item the product prints differently on purpose says why in
    `product_differs`.
    """
    return (
        isinstance(item, dict)
        and item.get("seen") is True
        and not item.get("product_differs")
    )


def bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


def compare_heads(test, transcribed: list, heads: tuple, where: str) -> None:
    """Seen heads equal the definition's, position by position, at every level."""
    if not any(_any_seen(h) for h in transcribed):
        return
    test.assertEqual(len(transcribed), len(heads), f"{where}: 表头数目")
    for item, head in zip(transcribed, heads, strict=True):
        if seen(item):
            test.assertEqual(head.text, item["label"], where)
        compare_heads(test, item.get("children", []), head.children, where)


def _any_seen(item) -> bool:
    return seen(item) or any(_any_seen(c) for c in item.get("children", []))


def heading_text(text: str, year: int) -> str:
    return NUMBERING.sub("", text).replace("{年度}", str(year))


class LayoutTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_shared()
        cls.reports = {
            template.code: Report.objects.get(unit__code=code)
            for code, _, _, template in LAYOUT_UNITS
        }
        # 景德镇市城市管理局 2022: the figures the other layouts' samples carry
        # (its 本级's 单位决算), and its 部门决算 (demo/department.py).
        for level, code in (("unit", "jx2022_unit"), ("department", "jx2022_dept")):
            cls.reports[code] = Report.objects.get(
                unit__code="360200100",
                fiscal_year__year=2022,
                level=level,
                kind=Report.Kind.FINAL,
            )
        # The seed unit's 2023 预算 and its department's (demo/budget_2023.py).
        for code, unit, level in (
            ("jx2023_unit_budget", "360200105", "unit"),
            ("jx2023_dept_budget", "360200100", "department"),
        ):
            cls.reports[code] = Report.objects.get(
                unit__code=unit, fiscal_year__year=2023, level=level, kind="budget"
            )
        cls.documents = {
            code: build_document(report) for code, report in cls.reports.items()
        }


class GoldenLayoutTests(LayoutTestCase):
    def test_every_template_has_a_transcription_and_a_demo_report(self):
        self.assertEqual(set(TRANSCRIPTIONS), set(TEMPLATES))
        self.assertEqual(set(self.reports), set(TEMPLATES))

    def test_tables_match_every_seen_item_of_their_transcription(self):
        for code, doc in self.documents.items():
            template = get_template(code)
            source = transcription(code)
            year = doc.data.year
            self.assertEqual(len(doc.tables), len(source["tables"]), code)
            for table, definition, item in zip(
                doc.tables, template.definitions, source["tables"], strict=True
            ):
                where = f"{code} {item['title']['value']}"
                with self.subTest(table=where):
                    self._compare_table(table, definition, item, year, where)

    def _compare_table(self, table, definition, item, year, where):
        self.assertEqual(table.title, item["title"]["value"])
        number = item["number"]
        if seen(number):
            if number["value"] is None:
                self.assertFalse(table.code_printed, "此格式不印表号")
            else:
                self.assertEqual(table.code, number["value"])
                self.assertTrue(table.code_printed)
        measure = item.get("measure_line")
        if seen(measure):
            self.assertEqual(
                f"{table.measure_label}：{table.measure}", measure["value"]["right"]
            )
        if item.get("heads"):
            heads = tuple(h for pane in definition.panes for h in pane.heads)
            compare_heads(self, item["heads"], heads, where)
        numbers = item.get("column_numbers")
        if seen(numbers):
            if numbers["values"] is None:
                self.assertFalse(table.show_index_row)
            else:
                self.assertTrue(table.show_index_row)
                amounts = [c for c in table.columns if c.role.is_number]
                self.assertEqual(len(numbers["values"]) - 1, len(amounts))
        self._compare_rows(table, item.get("rows") or [])
        for note in item.get("footnotes") or []:
            if seen(note):
                self.assertIn(
                    bare(note["text"].format(year=year)),
                    [bare(text) for text in table.footnotes],
                )
        empty = item.get("empty_note")
        if seen(empty):
            self.assertEqual(table.empty_note, empty["text"])

    def _compare_rows(self, table, rows):
        labels = [row.label for row in table.rows if row.key]
        wanted = [row["label"] for row in rows if seen(row)]
        # In order, each after the one before (blank and coded rows between).
        position = 0
        for label in wanted:
            clean = label.replace(" ", "")
            found = [
                i
                for i, text in enumerate(labels)
                if i >= position and text.replace(" ", "") == clean
            ]
            self.assertTrue(found, f"{table.title}: 没有“{label}”行")
            position = found[0] + 1
        for row in rows:
            if seen(row) and row.get("position") == "last":
                self.assertEqual(table.rows[-1].label, row["label"])
            if seen(row) and row.get("position") == "first":
                self.assertEqual(table.rows[0].label, row["label"])

    def test_narrative_headings_match_the_seen_ones(self):
        for code, doc in self.documents.items():
            sections = transcription(code).get("narrative_sections") or []
            explained = [
                part
                for part in sections
                if "情况说明" in part["heading"] and "children" in part
            ]
            if not explained:
                continue
            wanted = [
                heading_text(child["heading"], doc.data.year)
                for child in explained[0]["children"]
                if seen(child)
            ]
            with self.subTest(template=code):
                self.assertEqual([s.title for s in doc.narrative.sections], wanted)

    def test_parts_come_in_the_seen_order(self):
        kinds = (
            ("概况", "profile"),
            ("情况说明", "narrative"),
            ("名词解释", "glossary"),
            ("报表", "tables"),
            ("决算表", "tables"),
            ("预算表", "tables"),
        )
        for code, doc in self.documents.items():
            seen_parts = [
                part["heading"]
                for part in transcription(code).get("narrative_sections") or []
                if seen(part) and "部分" in part["heading"]
            ]
            order = [
                next((key for word, key in kinds if word in heading), None)
                for heading in seen_parts
            ]
            order = [key for key in order if key]
            if not order:
                continue
            with self.subTest(template=code):
                self.assertEqual([part.key for part in doc.outline], order)


class LayoutOutputTests(LayoutTestCase):
    def test_each_demo_report_is_published_and_passes_the_checks(self):
        for code, report in self.reports.items():
            with self.subTest(template=code):
                self.assertEqual(report.status, Report.Status.PUBLISHED)
                result = check_report(report)
                self.assertEqual(result.errors, [])
                self.assertEqual(result.warnings, [])

    def test_each_layout_is_reachable_from_the_home_page(self):
        page = self.client.get("/").content.decode()
        for code, template in TEMPLATES.items():
            with self.subTest(template=code):
                # A 主管部门's 单位决算 is linked below /unit/, a 预算 below
                # /budget/ (public_urls.py).
                link = re.search(
                    rf'<li><a href="/(\d{{4}})/([^/"]+)/(budget/)?(unit/)?">'
                    rf"{re.escape(template.name)}</a>",
                    page,
                )
                self.assertIsNotNone(link, template.name)
                year, unit, budget, unit_form = link.groups()
                shown = published_report_or_404(
                    int(year),
                    unit,
                    level="unit" if unit_form else None,
                    kind="budget" if budget else "final",
                )
                self.assertEqual(shown.template_variant, code)

    def test_each_layout_renders_as_a_page_and_every_download(self):
        for code, report in self.reports.items():
            base = report_url(report)
            doc = self.documents[code]
            with self.subTest(template=code, output="page"):
                page = self.client.get(base)
                self.assertEqual(page.status_code, 200)
                text = page.content.decode()
                for table in doc.tables:
                    self.assertIn(table.title, text)
                for section in doc.narrative.sections:
                    self.assertIn(section.title, text)
            with self.subTest(template=code, output="xlsx"):
                response = self.client.get(base + "report.xlsx")
                self.assertEqual(response.status_code, 200)
                workbook = load_workbook(io.BytesIO(b"".join(response)))
                for table in doc.tables:
                    self.assertIn(table.code, workbook.sheetnames)
            with self.subTest(template=code, output="pdf"):
                response = self.client.get(base + "report.pdf")
                self.assertEqual(response.status_code, 200)
                self.assertTrue(b"".join(response).startswith(b"%PDF"))
            with self.subTest(template=code, output="json"):
                response = self.client.get(base + "report.json")
                self.assertEqual(response.status_code, 200)
                data = json.loads(b"".join(response))
                self.assertEqual(
                    [t["title"] for t in data["tables"]],
                    [t.title for t in doc.tables],
                )
            with self.subTest(template=code, output="csv"):
                last = doc.tables[-1]
                response = self.client.get(base + f"tables/{last.key}.csv")
                self.assertEqual(response.status_code, 200)
                text = b"".join(response).decode("utf-8-sig")
                rows = list(csv.reader(io.StringIO(text)))
                self.assertEqual({row[0] for row in rows[1:]}, {last.code})
                self.assertEqual(
                    [row[2] for row in rows[1:] if row[1]],
                    [row.label for row in last.rows if row.key],
                )

    def test_each_layouts_workbook_reads_back_into_an_empty_report(self):
        for code, report in self.reports.items():
            with self.subTest(template=code):
                unit = UnitFactory(code=f"L{code.replace('_', '')}", name=f"导入{code}")
                target = ReportFactory(
                    unit=unit,
                    fiscal_year=FiscalYear.objects.get(year=report.fiscal_year.year),
                    template_variant=code,
                )
                import_workbook(
                    target, workbook_of(report), preparer_of(unit, f"u{code}")
                )
                self.assertEqual(facts_of(target), facts_of(report))

    def test_the_templates_command_lists_every_layout(self):
        out = io.StringIO()
        call_command("templates", stdout=out)
        for template in TEMPLATES.values():
            self.assertIn(template.code, out.getvalue())
            self.assertIn(template.region, out.getvalue())
