import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from unittest import skipUnless
from urllib.parse import quote

from django.core.exceptions import ImproperlyConfigured
from django.test import TestCase, override_settings
from django.urls import reverse

from demo.loader import DRAFT_UNIT, SEED_UNIT
from disclosure.document import build_document
from disclosure.exports.pdf import font_name, render_report_pdf
from disclosure.models import Report
from disclosure.narrative import numeral
from performance.document import PerformanceDocument, ProjectDocument
from reporting.formatting import format_amount
from reporting.table import Head, Pane, Role, Row, RowKind, Table
from tests.demo_cache import load_demo_shared
from tests.scenarios import consistent_report

POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdffonts", "pdfinfo"))
needs_poppler = skipUnless(
    POPPLER, "poppler-utils (pdftotext, pdffonts, pdfinfo) 未安装"
)

PAGE_NUMBER = re.compile(r"—\s*(\d+)\s*—")
PAGE_SIZE = re.compile(r"Page\s+(\d+)\s+size:\s+([\d.]+) x ([\d.]+) pts")


class Pdf:
    """A rendered PDF read back with the poppler tools, as a reader's viewer would."""

    def __init__(self, content: bytes):
        self.content = content
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "report.pdf"
            path.write_bytes(content)
            self.text = self.run("pdftotext", "-layout", path, "-")
            self.fonts = self.run("pdffonts", path)
            info = self.run("pdfinfo", path)
            count = int(re.search(r"Pages:\s+(\d+)", info).group(1))
            sizes = self.run("pdfinfo", "-f", "1", "-l", str(count), path)
        # pdftotext ends every page with a form feed.
        self.pages = self.text.split("\f")[:count]
        self.sizes = {
            int(n) - 1: (float(w), float(h)) for n, w, h in PAGE_SIZE.findall(sizes)
        }

    @staticmethod
    def run(*args) -> str:
        return subprocess.run(
            [str(a) for a in args], capture_output=True, text=True, check=True
        ).stdout

    @staticmethod
    def flat(text: str) -> str:
        """Text without whitespace, so that a sentence wrapped over lines still matches."""
        return re.sub(r"\s+", "", text)

    def page_of(self, text: str, start: int = 0) -> int:
        """Index of the first page from `start` whose text contains `text`."""
        for index in range(start, len(self.pages)):
            if self.flat(text) in self.flat(self.pages[index]):
                return index
        raise AssertionError(f"PDF 中没有找到：{text}")

    def is_landscape(self, index: int) -> bool:
        width, height = self.sizes[index]
        return width > height


class PdfTestCase(TestCase):
    def assertPrinted(self, expected: str, text: str):
        """`expected` occurs in `text`, whitespace aside; the message names only what is missing."""
        if Pdf.flat(expected) not in Pdf.flat(text):
            self.fail(f"PDF 中没有找到：{expected}")


@needs_poppler
class SeedReportPdfTests(PdfTestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_shared()
        report = Report.objects.get(unit__code=SEED_UNIT, fiscal_year__year=2022)
        cls.doc = build_document(report)
        cls.pdf = Pdf(render_report_pdf(cls.doc))

    def test_every_font_in_the_file_is_embedded(self):
        rows = self.pdf.fonts.splitlines()[2:]

        self.assertTrue(rows)
        for row in rows:
            # name, type, encoding, then the emb / sub / uni columns.
            self.assertEqual(row.split()[-5], "yes", row)
        self.assertNotIn("Helvetica", self.pdf.fonts)

    def test_the_cover_names_the_unit_and_the_year(self):
        cover = Pdf.flat(self.pdf.pages[0])

        self.assertIn("景德镇市数字城市管理服务中心", cover)
        self.assertIn("2022年度决算", cover)
        self.assertNotRegex(self.pdf.pages[0], PAGE_NUMBER)

    def test_the_cover_shows_the_data_note(self):
        self.assertTrue(self.doc.report.data_note)
        cover = Pdf.flat(self.pdf.pages[0])

        self.assertIn("数据说明", cover)
        self.assertIn(Pdf.flat(self.doc.report.data_note), cover)

    def test_pages_are_numbered_from_the_contents_on(self):
        self.assertRegex(self.pdf.pages[1], r"目\s*录")
        for index, page in enumerate(self.pdf.pages[1:], start=1):
            self.assertEqual(PAGE_NUMBER.findall(page)[-1:], [str(index)], page[-200:])
        self.assertIn("— 1 —", self.pdf.pages[1])

    def test_contents_lists_the_four_parts_in_the_seed_order(self):
        contents = Pdf.flat(self.pdf.pages[1])
        headings = [
            "第一部分景德镇市数字城市管理服务中心单位概况",
            "第二部分2022年度单位决算表",
            "第三部分2022年度单位决算情况说明",
            "第四部分名词解释",
        ]

        positions = [contents.index(heading) for heading in headings]
        self.assertEqual(positions, sorted(positions))

    def test_contents_page_numbers_lead_to_the_headings(self):
        contents = self.pdf.pages[1]
        entries = [
            f"{numeral(n)}、{table.title}" for n, table in enumerate(self.doc.tables, 1)
        ]
        entries += [section.heading for section in self.doc.narrative.sections]
        entries.append("第四部分")
        for entry in entries:
            with self.subTest(entry=entry):
                line = next(
                    line for line in contents.splitlines() if entry in Pdf.flat(line)
                )
                number = int(re.search(r"(\d+)\s*$", line).group(1))
                heading = entry.split("、", 1)[-1]
                page = self.pdf.pages[number]
                self.assertIn(heading, Pdf.flat(page))
                self.assertEqual(PAGE_NUMBER.findall(page)[-1], str(number))

    def test_every_table_is_printed_with_its_code_title_and_unit(self):
        text = Pdf.flat(self.pdf.text)
        for table in self.doc.tables:
            with self.subTest(table=table.code):
                self.assertPrinted(table.code, text)
                self.assertPrinted(table.title, text)
        self.assertPrinted("编制单位：景德镇市数字城市管理服务中心", text)
        self.assertPrinted("金额单位：万元", text)

    def test_every_figure_of_the_tables_is_printed_as_on_the_web_page(self):
        text = Pdf.flat(self.pdf.text)
        for table in self.doc.tables:
            for row in table.body:
                for cell in row:
                    if cell.is_number and cell.value:
                        printed = format_amount(cell.value, zero=table.zero_text)
                        self.assertPrinted(printed, text)

    def test_key_figures_of_the_seed_are_extractable(self):
        for figure in ("353.24", "317.34", "140.78", "2.45", "335.28", "317.25"):
            with self.subTest(figure=figure):
                self.assertPrinted(figure, self.pdf.text)

    def test_wide_tables_are_on_landscape_pages_and_narrow_ones_upright(self):
        self.assertFalse(self.pdf.is_landscape(0))
        start = self.pdf.page_of("第二部分")
        for table in self.doc.tables:
            with self.subTest(table=table.code):
                page = self.pdf.page_of(table.code, start)
                self.assertEqual(self.pdf.is_landscape(page), table.landscape)
        self.assertTrue(any(t.landscape for t in self.doc.tables))
        self.assertFalse(self.pdf.is_landscape(self.pdf.page_of("第三部分", start)))

    def test_a_table_that_breaks_across_pages_repeats_its_header_rows(self):
        first = self.pdf.page_of("公开01表", self.pdf.page_of("第二部分", 2))
        following = self.pdf.pages[first + 1]

        self.assertNotIn("公开01表", following)
        self.assertIn("总计", following)
        for header in ("收入", "支出", "项目", "行次", "决算数", "栏次"):
            self.assertIn(header, following)

    def test_the_profile_is_printed(self):
        text = Pdf.flat(self.pdf.text)
        for section in self.doc.profile:
            self.assertPrinted(Pdf.flat(section.heading), text)
            for paragraph in section.paragraphs:
                self.assertPrinted(Pdf.flat(paragraph), text)

    def test_the_narrative_is_printed_sentence_by_sentence(self):
        text = Pdf.flat(self.pdf.text)

        self.assertPrinted("财政拨款收入317.34万元，占94.6%", text)
        for section in self.doc.narrative.sections:
            with self.subTest(section=section.number):
                self.assertPrinted(Pdf.flat(section.heading), text)
                for paragraph in section.paragraphs:
                    self.assertPrinted(Pdf.flat(paragraph), text)

    def test_the_performance_report_and_self_evaluation_table_follow_section_nine(self):
        project = self.doc.performance.projects[0]
        nine = self.pdf.page_of("九、预算绩效情况说明", self.pdf.page_of("第三部分", 2))
        report = self.pdf.page_of(project.title, nine)
        table = self.pdf.page_of("项目支出绩效自评表", report)
        glossary = self.pdf.page_of("第四部分", table)

        self.assertLess(table, glossary)
        text = Pdf.flat(self.pdf.text)
        for heading, _text in project.sections:
            self.assertPrinted(Pdf.flat(heading), text)
        for expected in ("绩效指标", "一级指标", "三级指标", "总分", "147.98"):
            self.assertPrinted(expected, text)

    def test_the_glossary_is_printed_last(self):
        start = self.pdf.page_of("第四部分", 2)
        glossary = Pdf.flat("".join(self.pdf.pages[start:]))
        for section in self.doc.glossary:
            self.assertPrinted(f"{section.number}、{section.title}", glossary)
            for term, definition in section.entries:
                self.assertPrinted(Pdf.flat(f"{term}：{definition}"), glossary)

    def test_no_line_starts_with_a_chinese_comma_or_full_stop(self):
        for line in self.pdf.text.splitlines():
            self.assertFalse(line.strip().startswith(("，", "。", "；", "：")), line)


@needs_poppler
class SmallReportPdfTests(PdfTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.report = consistent_report()
        cls.doc = build_document(cls.report)
        cls.pdf = Pdf(render_report_pdf(cls.doc))

    def test_a_report_without_a_data_note_has_none_on_its_cover(self):
        self.assertEqual(self.report.data_note, "")
        self.assertNotIn("数据说明", self.pdf.text)
        self.assertIn(self.report.unit.name, Pdf.flat(self.pdf.pages[0]))

    def test_the_ten_tables_are_printed_without_a_performance_part(self):
        text = Pdf.flat(self.pdf.text)
        for number in range(1, 11):
            self.assertPrinted(f"公开{number:02d}表", text)
        self.assertNotIn("项目支出绩效自评表", text)
        self.assertPrinted("未填报项目支出绩效自评情况", text)

    def test_an_empty_table_prints_its_explanation(self):
        t07 = self.doc.table("gov_fund")

        self.assertTrue(t07.note)
        self.assertPrinted(Pdf.flat(t07.note), Pdf.flat(self.pdf.text))


class FontTests(TestCase):
    def test_a_missing_font_file_is_a_clear_configuration_error(self):
        with override_settings(PDF_FONT_PATH="/nonexistent/fonts/missing.ttf"):
            with self.assertRaisesMessage(
                ImproperlyConfigured, "生成 PDF 所需的中文字体文件不存在：/nonexistent"
            ):
                font_name()

    def test_a_file_that_is_not_a_truetype_font_is_refused(self):
        with tempfile.NamedTemporaryFile(suffix=".ttf") as bogus:
            bogus.write(b"this is not a font" * 10)
            bogus.flush()
            with override_settings(PDF_FONT_PATH=bogus.name):
                with self.assertRaisesMessage(ImproperlyConfigured, "无法使用"):
                    font_name()

    def test_the_configured_font_is_registered_once(self):
        self.assertEqual(font_name(), font_name())


class ReportPdfViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_shared()

    def url(self, year, unit):
        return reverse("disclosure:report_pdf", args=[year, unit])

    def test_it_downloads_a_published_report_as_a_pdf(self):
        response = self.client.get(self.url(2022, SEED_UNIT))

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF-"))
        disposition = response["Content-Disposition"]
        self.assertIn(f'filename="{SEED_UNIT}-2022.pdf"', disposition)
        self.assertIn(
            "filename*=UTF-8''" + quote("景德镇市数字城市管理服务中心2022年度决算.pdf"),
            disposition,
        )

    def test_a_draft_report_is_not_found(self):
        self.assertTrue(
            Report.objects.filter(unit__code=DRAFT_UNIT, fiscal_year__year=2022)
            .exclude(status=Report.Status.PUBLISHED)
            .exists()
        )

        response = self.client.get(self.url(2022, DRAFT_UNIT))

        self.assertEqual(response.status_code, 404)

    def test_an_unknown_unit_or_year_is_not_found(self):
        self.assertEqual(self.client.get(self.url(2022, "999999999")).status_code, 404)
        self.assertEqual(self.client.get(self.url(2030, SEED_UNIT)).status_code, 404)


@needs_poppler
class LongTextPdfTests(PdfTestCase):
    def test_a_table_cell_longer_than_a_page_continues_on_the_next_pages(self):
        doc = build_document(consistent_report())
        goal = "".join(
            f"第{n}句：做好系统升级改造后续工作，确保系统顺利完成升级。"
            for n in range(1, 251)
        )
        pane = Pane(
            (
                Head("项目", role=Role.LABEL),
                Head("预期目标", key="goal", role=Role.TEXT),
            ),
            (Row("goal", "年度总体目标", RowKind.FIXED, values={"goal": goal}),),
        )
        table = Table(
            key="p1-goals",
            code="项目支出绩效自评表",
            title="年度总体目标",
            unit_name=doc.report.unit.name,
            year=doc.data.year,
            measure_label="金额单位",
            measure="万元",
            panes=(pane,),
            show_index_row=False,
        )
        project = ProjectDocument(
            number=1,
            name="测试项目",
            department="测试部门",
            implementer="测试单位",
            total_score=None,
            grade=None,
            sections=(),
            tables=(table,),
        )
        doc.parts["performance"] = PerformanceDocument(summary=(), projects=(project,))

        pdf = Pdf(render_report_pdf(doc))

        title = pdf.page_of("项目支出绩效自评表", pdf.page_of("测试项目评价报告"))
        first = pdf.page_of("第1句", title)
        last = pdf.page_of("第250句", first)
        self.assertEqual(first, title)
        self.assertGreater(last, first)
        continued = Pdf.flat("".join(pdf.pages[first : last + 1]))
        numbers = [int(n) for n in re.findall(r"第(\d+)句", continued)]
        # In order and none lost; a sentence cut by a page break is not found whole.
        self.assertEqual(numbers, sorted(numbers))
        self.assertGreaterEqual(len(set(numbers)), 250 - (last - first))
        for page in pdf.pages[first + 1 : last + 1]:
            self.assertIn("预期目标", page)
