"""Hostile workbooks: each is refused (or read within the template's shape) quickly, in Chinese, saving nothing."""

import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disclosure.importers.cells import MAX_LISTED_PROBLEMS, Problem, WorkbookRejected
from disclosure.importers.facts import facts_of
from disclosure.importers.xlsx import import_workbook
from tests.disclosure import hostile_workbooks as hostile
from tests.disclosure.test_import_xlsx import ImportTestCase, preparer_of
from tests.factories import ReportFactory

# Generous for a loaded 2-core machine; before the bounds these took minutes.
SECONDS = 10


class HostileWorkbookTests(ImportTestCase):
    def assertQuicklyRejected(self, content, *fragments):
        start = time.perf_counter()
        messages = self.assertRejected(content, *fragments)
        self.assertLess(time.perf_counter() - start, SECONDS)
        return messages

    def test_a_million_narrow_rows_in_a_small_upload_are_refused_before_parsing(self):
        content = hostile.narrow_rows(self.content, 1_000_000)
        self.assertLess(len(content), 1024 * 1024)

        self.assertQuicklyRejected(content, "sheet1.xml", "超过 200,000 个单元格")

    def test_rows_past_what_the_years_code_list_can_fill_are_refused(self):
        messages = self.assertQuicklyRejected(
            hostile.narrow_rows(self.content, 10_000),
            "公开01表",
            "行，多于本年度科目表",
        )
        self.assertEqual(len(messages), 1)

    def test_millions_of_empty_rows_are_not_read(self):
        start = time.perf_counter()
        import_workbook(self.target, hostile.empty_rows(self.content), self.user)

        self.assertLess(time.perf_counter() - start, SECONDS)
        self.assertEqual(facts_of(self.target).income, facts_of(self.seed).income)

    def test_rows_of_a_thousand_cells_are_refused_before_parsing(self):
        self.assertQuicklyRejected(
            hostile.wide_rows(self.content, 2_000, 2_000), "超过 200,000 个单元格"
        )

    def test_a_cell_of_megabytes_of_text_is_quoted_shortly(self):
        messages = self.assertQuicklyRejected(
            hostile.long_text(self.content, 20), "表头应为“收入”"
        )
        self.assertLess(max(len(m) for m in messages), 700)

    def test_cells_in_column_xfd_are_not_read_and_the_figures_import_as_usual(self):
        content = hostile.xfd_cells(self.content)

        start = time.perf_counter()
        import_workbook(self.target, content, self.user)

        self.assertLess(time.perf_counter() - start, SECONDS)
        self.assertEqual(facts_of(self.target).income, facts_of(self.seed).income)

    def test_thousands_of_rows_holding_only_a_cell_in_xfd_are_read_as_blank(self):
        content = hostile.xfd_rows(self.content, 20_000)

        start = time.perf_counter()
        import_workbook(self.target, content, self.user)

        self.assertLess(time.perf_counter() - start, SECONDS)
        self.assertEqual(facts_of(self.target).income, facts_of(self.seed).income)

    def test_a_zip_bomb_is_refused_before_it_is_unpacked(self):
        self.assertQuicklyRejected(hostile.zip_bomb(self.content, 200), "解压后超过")

    def test_huge_shared_strings_are_refused(self):
        self.assertQuicklyRejected(
            hostile.shared_strings(self.content, 1_000_000), "超过 20,000 个文本"
        )

    def test_billion_laughs_is_refused(self):
        self.assertQuicklyRejected(hostile.billion_laughs(self.content), "DTD")

    def test_an_external_entity_is_refused(self):
        self.assertQuicklyRejected(hostile.external_entity(self.content), "DTD")

    def test_malformed_sheet_xml_is_refused_naming_the_sheet(self):
        self.assertQuicklyRejected(
            hostile.malformed_sheet(self.content), "公开01表", "已损坏"
        )

    def test_a_truncated_file_and_a_file_that_is_no_zip_are_refused(self):
        for content in [
            self.content[: len(self.content) // 2],
            b"PK\x03\x04junk",
            b"%PDF-1.4",
        ]:
            with self.subTest(content=content[:8]):
                self.assertQuicklyRejected(content, "不是 .xlsx 格式")

    def test_the_admin_page_lists_at_most_200_problems_and_counts_the_rest(self):
        problems = [Problem(f"问题 {n}", "公开01表", n) for n in range(1000)]

        listed = WorkbookRejected(problems).problems

        self.assertEqual(len(listed), MAX_LISTED_PROBLEMS + 1)
        self.assertEqual(
            str(listed[-1]), "另有 800 处问题未列出，请先改正以上问题后重新上传。"
        )


class HostileUploadPageTests(ImportTestCase):
    def test_the_upload_page_answers_a_hostile_file_with_its_message(self):
        user = preparer_of(self.unit, "shangchuan")
        self.client.force_login(user)
        report = ReportFactory(unit=self.unit)
        url = reverse("admin:disclosure_report_import_xlsx", args=[report.pk])
        for name, content in [
            ("rows.xlsx", hostile.narrow_rows(self.content, 10_000)),
            ("dtd.xlsx", hostile.billion_laughs(self.content)),
        ]:
            with self.subTest(name=name):
                response = self.client.post(
                    url, {"workbook": SimpleUploadedFile(name, content)}
                )
                self.assertEqual(response.status_code, 200)
                self.assertLess(len(response.content), 200_000)
                self.assertContains(
                    response, "已拒绝读取" if "dtd" in name else "多于本年度科目表"
                )
