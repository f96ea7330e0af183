"""Search and home page: the fast paths find the same units and render the same page.

Search compares Chinese text without `UPPER()` and leaves codes out for text
that cannot be a code; on PostgreSQL a trigram index serves it. The home page
caches the markup of the department lists.
"""

from unittest import skipUnless

from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.test import TestCase
from django.urls import reverse

from disclosure import selectors_public as public
from disclosure.models import FiscalYear, Report
from tests.factories import ReportFactory, UnitFactory
from units.models import Unit

HOME = reverse("disclosure:home")
TRIGRAM_INDEX = "units_unit_name_trgm"


def old_filter(text: str) -> Q:
    """The search before it was made fast: every branch ignoring case."""
    return (
        Q(name__icontains=text)
        | Q(short_name__icontains=text)
        | Q(code__startswith=text)
    )


class SearchTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        year = FiscalYear.objects.create(year=2022)
        cls.health = UnitFactory(
            code="500100", name="示例市卫生健康委员会", short_name="卫健委"
        )
        cls.water = UnitFactory(code="500200", name="示例市水利局")
        names = [
            ("500100001", cls.health, "示例市疾病预防控制中心", ""),
            ("500100002", cls.health, "示例市妇幼保健计划生育服务中心", "妇幼中心"),
            ("500100003", cls.health, "示例市120急救指挥中心", ""),
            ("500100004", cls.health, "示例市ICU质量控制中心", ""),
            ("500100005", cls.health, "示例市100%达标检测站", ""),
            ("500200001", cls.water, "示例市水文监测站", ""),
            ("500200002", cls.water, "示例市水资源监测中心", ""),
            ("500200003", cls.water, "示例市Ｗater监测站", ""),
        ]
        for code, parent, name, short_name in names:
            UnitFactory(code=code, parent=parent, name=name, short_name=short_name)
        cls.closed = UnitFactory(
            code="500200009", parent=cls.water, name="示例市旧水文站", is_active=False
        )
        for unit in Unit.objects.filter(code__in=["500100001", "500200001"]):
            ReportFactory(unit=unit, fiscal_year=year, status=Report.Status.PUBLISHED)

    def setUp(self):
        cache.clear()

    def found(self, text: str) -> list[str]:
        page = public.find_units(text)
        return [item.unit.code for item in page.object_list]


class SearchResultTests(SearchTestCase):
    def test_a_chinese_word_finds_every_name_containing_it_in_path_order(self):
        self.assertEqual(self.found("监测"), ["500200001", "500200002", "500200003"])

    def test_every_kind_of_query_finds_what_the_case_blind_search_found(self):
        words = [
            "中心",
            "监测站",
            "示例市水文监测站",
            "卫健委",
            "妇幼中心",
            "120",
            "icu",
            "ICU",
            "Icu质量",
            "ｗater",
            "WATER",
            "5001",
            "500100003",
            "%",
            "100%",
            "_",
            "不存在的单位",
            "水",
        ]
        for word in words:
            with self.subTest(word=word):
                expected = list(
                    Unit.objects.active()
                    .filter(old_filter(word))
                    .order_by("path")
                    .values_list("code", flat=True)
                )
                got = list(
                    Unit.objects.active()
                    .filter(public.name_filter(word))
                    .order_by("path")
                    .values_list("code", flat=True)
                )
                self.assertEqual(got, expected)

    def test_latin_letters_in_a_name_are_found_in_either_case(self):
        self.assertEqual(self.found("icu"), ["500100004"])
        self.assertEqual(self.found("Icu质量"), ["500100004"])

    def test_the_short_name_is_searched_too(self):
        self.assertEqual(self.found("卫健委"), ["500100"])
        self.assertEqual(self.found("妇幼中心"), ["500100002"])

    def test_digits_find_names_and_the_start_of_codes(self):
        self.assertEqual(self.found("120"), ["500100003"])
        self.assertEqual(
            self.found("5002"), ["500200", "500200001", "500200002", "500200003"]
        )

    def test_percent_and_underscore_are_plain_characters(self):
        self.assertEqual(self.found("100%"), ["500100005"])
        self.assertEqual(self.found("%"), ["500100005"])
        self.assertEqual(self.found("_"), [])

    def test_only_code_like_text_is_compared_with_codes(self):
        self.assertNotIn("code", str(public.name_filter("监测站")))
        self.assertIn("code", str(public.name_filter("5001")))
        self.assertIn("code", str(public.name_filter("SYNU")))

    def test_chinese_text_is_compared_without_upper(self):
        sql = str(Unit.objects.filter(public.name_filter("监测站")).query).upper()
        self.assertNotIn("UPPER(", sql)
        sql = str(Unit.objects.filter(public.name_filter("icu")).query).upper()
        self.assertIn("LIKE", sql)

    def test_an_inactive_unit_is_not_found(self):
        self.assertEqual(self.found("旧水文站"), [])

    def test_a_search_costs_four_queries_however_many_units_match(self):
        public.site_overview()
        for word in ("示例市", "监测站"):
            with self.subTest(word=word), self.assertNumQueries(4):
                response = self.client.get(HOME, {"q": word})
                self.assertEqual(response.status_code, 200)

    def test_a_search_that_finds_nothing_costs_one_query(self):
        public.site_overview()
        with self.assertNumQueries(1):
            response = self.client.get(HOME, {"q": "不存在的单位", "page": "3"})
        self.assertContains(response, "没有找到名称包含“不存在的单位”的单位")


@skipUnless(connection.vendor == "postgresql", "the trigram index is PostgreSQL only")
class TrigramIndexTests(SearchTestCase):
    def plan(self, condition: Q) -> str:
        # A dozen names are far too few for the planner to choose an index on
        # its own; with plain scans priced out, the plan shows whether the
        # condition can use the index at all.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
        return Unit.objects.active().filter(condition).order_by().explain()

    def test_the_migration_created_the_index(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = %s", [TRIGRAM_INDEX]
            )
            (definition,) = cursor.fetchone()
        self.assertIn("gin_trgm_ops", definition)
        self.assertIn("short_name", definition)

    def test_a_chinese_word_of_three_characters_or_more_uses_the_index(self):
        for word in ("监测站", "示例市水文监测站"):
            with self.subTest(word=word):
                self.assertIn(TRIGRAM_INDEX, self.plan(public.name_filter(word)))

    def test_the_case_blind_comparison_could_not_use_it(self):
        self.assertNotIn(TRIGRAM_INDEX, self.plan(old_filter("监测站")))


class HomeFragmentTests(SearchTestCase):
    def options(self, response) -> str:
        html = response.content.decode()
        return html[html.index('<select id="finder-department"') :].split("</select>")[
            0
        ]

    def departments(self, response) -> str:
        html = response.content.decode()
        start = html.index('<ul class="department-list">')
        return html[start : html.index("</ul>", start)]

    def test_the_chosen_department_is_selected_whichever_was_cached_first(self):
        self.client.get(HOME)
        self.client.get(HOME, {"department": "500100"})
        response = self.client.get(HOME, {"department": "500200"})
        options = self.options(response)
        self.assertIn('<option value="500200" selected>', options)
        self.assertNotIn('<option value="500100" selected>', options)
        response = self.client.get(HOME)
        self.assertNotIn("selected", self.options(response))

    def test_department_links_keep_the_chosen_year(self):
        self.client.get(HOME)
        response = self.client.get(HOME, {"year": "2022"})
        self.assertIn(
            'href="?department=500100&amp;year=2022"', self.departments(response)
        )
        # A year nobody published is not cached, but still carried along.
        response = self.client.get(HOME, {"year": "1999"})
        self.assertIn(
            'href="?department=500200&amp;year=1999"', self.departments(response)
        )
        response = self.client.get(HOME)
        self.assertIn('href="?department=500100"', self.departments(response))
        self.assertNotIn("year=", self.departments(response))

    def test_a_new_department_shows_once_the_overview_is_refreshed(self):
        response = self.client.get(HOME, {"year": "2022"})
        self.assertNotIn("示例市审计局", response.content.decode())
        UnitFactory(code="500300", name="示例市审计局")
        # The overview lives a minute; its expiry is what a visitor waits for.
        cache.delete(public.OVERVIEW_CACHE_KEY)
        response = self.client.get(HOME, {"year": "2022"})
        self.assertIn("示例市审计局", self.options(response))
        self.assertIn(
            'href="?department=500300&amp;year=2022"', self.departments(response)
        )

    def test_a_cached_home_page_is_the_page_rendered_from_scratch(self):
        first = self.client.get(HOME, {"q": "监测", "year": "2022"}).content
        with self.assertNumQueries(4):
            again = self.client.get(HOME, {"q": "监测", "year": "2022"}).content
        self.assertEqual(again, first)
        with self.assertNumQueries(0):
            self.client.get(HOME)


class UnitListMarkupTests(SearchTestCase):
    def test_names_are_escaped_in_the_list_and_in_the_link_labels(self):
        UnitFactory(code="500200008", parent=self.water, name='示例市<b>"水&站</b>')
        response = self.client.get(HOME, {"q": "水&站"})
        html = response.content.decode()
        self.assertNotIn("<b>", html)
        self.assertIn('">示例市&lt;b&gt;&quot;水&amp;站&lt;/b&gt;</a>', html)

    def test_each_unit_links_its_page_and_its_published_years(self):
        unit_url = reverse("disclosure:unit", args=["500200001"])
        report_url = reverse("disclosure:report", args=[2022, "500200001"])
        response = self.client.get(HOME, {"q": "水文监测站", "year": "2022"})
        self.assertContains(
            response,
            '<li class="unit-list__item">\n'
            f'<a class="unit-list__name" href="{unit_url}">示例市水文监测站</a>\n'
            '<span class="unit-list__meta">公益一类事业单位 · 示例市水利局</span>\n'
            f'<span class="unit-list__years">已公开：<a href="{report_url}"'
            ' class="is-current" aria-label="示例市水文监测站 2022 年度决算">2022</a>'
            "</span>\n</li>",
        )

    def test_years_are_listed_newest_first_and_apart(self):
        unit = Unit.objects.get(code="500200001")
        ReportFactory(
            unit=unit,
            fiscal_year=FiscalYear.objects.create(year=2021),
            status=Report.Status.PUBLISHED,
        )
        response = self.client.get(HOME, {"q": "水文监测站"})
        self.assertContains(
            response,
            '年度决算">2022</a> <a href="'
            + reverse("disclosure:report", args=[2021, "500200001"]),
        )

    def test_a_department_without_published_reports_says_so(self):
        response = self.client.get(HOME, {"q": "水利局"})
        self.assertContains(
            response,
            '<span class="unit-list__meta">公益一类事业单位 · 主管部门</span>\n'
            '<span class="unit-list__years">尚无已公开的决算</span>',
        )
