"""The HTML renderer of Table values: semantic markup, escaping, one renderer for every page."""

from django.template.loader import render_to_string
from django.test import TestCase

from disclosure.document import build_document
from reporting.table_html import table_html
from tests.scenarios import consistent_report


class TableHtmlTests(TestCase):
    def test_the_include_is_the_same_renderer(self):
        table = build_document(consistent_report()).tables[0]
        self.assertEqual(
            render_to_string(
                "disclosure/includes/table.html", {"table": table}
            ).strip(),
            str(table_html(table)).strip(),
        )

    def test_text_is_escaped(self):
        report = consistent_report()
        unit = report.unit
        unit.name = "测试<单位> & “引号” \"双\" '单'"
        unit.save()
        for table in build_document(report).tables:
            with self.subTest(table=table.key):
                html = str(table_html(table))
                self.assertNotIn("<单位>", html)
                self.assertIn("测试&lt;单位&gt; &amp;", html)

    def test_it_is_semantic(self):
        html = str(table_html(build_document(consistent_report()).tables[4]))
        self.assertIn("<caption>", html)
        self.assertIn('<th scope="col"', html)
        self.assertIn('<th scope="row"', html)
        self.assertIn('class="num', html)
