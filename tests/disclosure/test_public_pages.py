"""Public pages on the demo data: home and search, unit, report, comparisons, 404s, query budgets."""

import json
import re
from decimal import Decimal as D

from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.department import HWZX_UNIT
from demo.loader import DRAFT_UNIT, SEED_DEPARTMENT, SEED_UNIT
from disclosure import public_cache, snapshots
from disclosure.models import (
    BasicExpenditureLine,
    EconomicCode,
    ExpenditureLine,
    FiscalExpenditureLine,
    FiscalYear,
    FunctionCode,
    Fund,
    IncomeLine,
    Report,
    ReportLocked,
    generated_data_reset,
)
from disclosure.snapshots import delete_snapshots
from tests.demo_cache import load_demo_shared
from tests.factories import ReportFactory, UnitFactory, UnitProfileFactory
from tests.scenarios import force_status, publish_correction
from units.models import Unit, UnitProfile

TABLE_CODES = [f"公开{n:02d}表" for n in range(1, 11)]
TABLE_TITLES = (
    "收入支出决算总表",
    "收入决算表",
    "支出决算表",
    "财政拨款收入支出决算总表",
    "一般公共预算财政拨款支出决算表",
    "一般公共预算财政拨款基本支出决算表",
    "政府性基金预算财政拨款收入支出决算表",
    "国有资本经营预算财政拨款支出决算表",
    "财政拨款“三公”经费支出决算表",
    "国有资产占用情况表",
)
SECTION_HEADINGS = (
    "一、收入决算情况说明",
    "二、支出决算情况说明",
    "三、财政拨款支出决算情况说明",
    "四、一般公共预算财政拨款基本支出决算情况说明",
    "五、财政拨款“三公”经费支出决算情况说明",
    "六、机关运行经费支出情况说明",
    "七、政府采购支出情况说明",
    "八、国有资产占用情况说明",
    "九、预算绩效情况说明",
)

# Fixed ceilings; the tests below also check that the count does not move
# when lines or units are added.
# Serving a report page from its snapshot: the report, the unit's years, the
# revisions, the snapshot files, the trend chart's two sums (and a spare).
REPORT_PAGE_BUDGET = 7
# Freezing the snapshot on a first view (demo reports are loaded without one).
FREEZE_BUDGET = 60
LIST_PAGE_BUDGET = 12


def report_url(year, code=SEED_UNIT) -> str:
    return reverse("disclosure:report", args=[year, code])


def text_of(response) -> str:
    """The page's visible text, tags removed and whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def count_queries(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def add_lines(report, n: int) -> None:
    """`n` more fact lines in every line table, on codes of the report's year.

    Facts of a published report are locked; the report is reopened around the
    additions, as a test shortcut, and published again.
    """
    status = Report.objects.get(pk=report.pk).status
    force_status(report.pk, Report.Status.DRAFT)
    _add_lines(report, n)
    # Published anew: its old snapshot goes, and the new facts are frozen.
    with generated_data_reset():
        delete_snapshots(Report.objects.filter(pk=report.pk))
    force_status(report.pk, status)
    public_cache.bump()


def _add_lines(report, n: int) -> None:
    used = set(report.income_lines.values_list("function_code__code", flat=True))
    codes = list(
        FunctionCode.objects.filter(
            fiscal_year=report.fiscal_year, level=FunctionCode.Level.ITEM
        )
        .exclude(code__in=used)
        .order_by("code")[:n]
    )
    IncomeLine.objects.bulk_create(
        IncomeLine(report=report, function_code=c, general_budget=D("1.00"))
        for c in codes
    )
    ExpenditureLine.objects.bulk_create(
        ExpenditureLine(report=report, function_code=c, basic=D("1.00")) for c in codes
    )
    FiscalExpenditureLine.objects.bulk_create(
        FiscalExpenditureLine(
            report=report, function_code=c, fund=Fund.GENERAL, basic=D("1.00")
        )
        for c in codes
    )
    used = set(report.basic_lines.values_list("economic_code__code", flat=True))
    economic = EconomicCode.objects.filter(
        fiscal_year=report.fiscal_year,
        scheme=EconomicCode.Scheme.DEPARTMENT,
        level=EconomicCode.Level.SECTION,
    ).exclude(code__in=used)[:n]
    BasicExpenditureLine.objects.bulk_create(
        BasicExpenditureLine(report=report, economic_code=e, amount=D("1.00"))
        for e in economic
    )


def add_units(department_code: str, n: int, year: int = 2022) -> None:
    """`n` more active units named …数字城市… under the department, each with a published report."""
    department = Unit.objects.get(code=department_code)
    fiscal_year = FiscalYear.objects.get(year=year)
    for i in range(n):
        unit = UnitFactory(
            code=f"{department_code}{i:03d}X",
            name=f"示例数字城市分中心{i}",
            parent=department,
            unit_type=Unit.UnitType.PUBLIC_WELFARE_1,
        )
        UnitProfileFactory(unit=unit, year=year, staff_total=3, staff_in_service=3)
        ReportFactory(
            unit=unit, fiscal_year=fiscal_year, status=Report.Status.PUBLISHED
        )


class PublicPageTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_shared()
        cls.seed_2022 = Report.objects.get(unit__code=SEED_UNIT, fiscal_year__year=2022)

    def setUp(self):
        cache.clear()


class HomeAndUnitPageTests(PublicPageTestCase):
    """Home: search, browse, coverage; the unit page."""

    def test_the_home_page_shows_coverage_per_year_as_published_over_units(self):
        response = self.client.get(reverse("disclosure:home"))
        self.assertEqual(response.status_code, 200)
        coverage = {c.year: c for c in response.context["overview"].coverage}
        # Twelve active demo units (five of them show the other layouts, with
        # one report each, of 2023 to 2025); the draft 2022 report of 360200199
        # does not count, nor does the 部门决算 (coverage counts 单位决算), nor
        # a 预算.
        self.assertEqual((coverage[2021].published, coverage[2021].units), (6, 12))
        self.assertEqual((coverage[2022].published, coverage[2022].units), (6, 12))
        self.assertEqual(coverage[2022].rate, D("50.0"))
        self.assertContains(response, '<td class="num">50.0%</td>', html=True)
        self.assertContains(response, "<caption>各年度决算公开情况", html=False)
        self.assertContains(response, 'href="/2022/bulk.zip"')
        # The rule catalogue is for preparers: in the footer, not the citizens' bar.
        nav = (
            response.content.decode()
            .split('<nav class="site-nav"')[1]
            .split("</nav>")[0]
        )
        self.assertNotIn("审核规则", nav)
        self.assertContains(response, "审核规则目录")

    def test_the_home_page_is_chinese_and_links_every_department(self):
        response = self.client.get(reverse("disclosure:home"))
        self.assertContains(response, '<html lang="zh-CN">')
        self.assertContains(response, f"?department={SEED_DEPARTMENT}")
        self.assertContains(response, "?department=999100")
        self.assertContains(response, "跳到正文")

    def test_searching_a_chinese_substring_finds_the_seed_unit(self):
        response = self.client.get(reverse("disclosure:home"), {"q": "数字城市"})
        self.assertEqual(response.status_code, 200)
        names = [item.unit.name for item in response.context["results"]]
        self.assertEqual(names, ["景德镇市数字城市管理服务中心"])
        self.assertContains(response, reverse("disclosure:unit", args=[SEED_UNIT]))
        self.assertContains(response, report_url(2022))
        self.assertContains(response, report_url(2021))
        self.assertContains(response, "景德镇市城市管理局")  # its department

    def test_a_search_without_results_says_so_in_chinese(self):
        response = self.client.get(reverse("disclosure:home"), {"q": "不存在的单位"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "没有找到名称包含“不存在的单位”的单位")

    def test_search_finds_a_unit_by_the_start_of_its_code(self):
        response = self.client.get(reverse("disclosure:home"), {"q": "99910"})
        names = {item.unit.name for item in response.context["results"]}
        self.assertEqual(
            names, {"示例市教育局", "示例市第一中学", "示例市招生考试中心"}
        )

    def test_search_leaves_out_inactive_units(self):
        Unit.objects.filter(code=SEED_UNIT).update(is_active=False)
        response = self.client.get(reverse("disclosure:home"), {"q": "数字城市"})
        self.assertEqual(list(response.context["results"]), [])

    def test_browsing_a_department_and_year_lists_its_units_that_published(self):
        response = self.client.get(
            reverse("disclosure:home"), {"department": SEED_DEPARTMENT, "year": "2022"}
        )
        self.assertEqual(response.status_code, 200)
        codes = [item.unit.code for item in response.context["results"]]
        # 360200199's 2022 report is a draft; 999… units are another department.
        self.assertEqual(codes, [SEED_DEPARTMENT, SEED_UNIT, HWZX_UNIT])
        coverage = response.context["department_coverage"]
        self.assertEqual((coverage.published, coverage.units), (3, 4))
        self.assertContains(response, "2022 年度已公开决算 3 个，公开率 75.0%")

    def test_browsing_a_year_lists_every_unit_that_published_it(self):
        response = self.client.get(reverse("disclosure:home"), {"year": "2021"})
        self.assertEqual(response.context["results"].paginator.count, 6)
        response = self.client.get(reverse("disclosure:home"), {"year": "2022"})
        codes = {item.unit.code for item in response.context["results"]}
        self.assertNotIn(DRAFT_UNIT, codes)
        self.assertEqual(len(codes), 6)

    def test_a_non_numeric_year_gets_a_chinese_message_not_a_500(self):
        response = self.client.get(reverse("disclosure:home"), {"year": "abc"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "年度参数“abc”无效：年度应为四位数字", status_code=400
        )

    def test_an_unknown_department_gets_a_chinese_message(self):
        response = self.client.get(reverse("disclosure:home"), {"department": "nope"})
        self.assertContains(response, "主管部门参数“nope”无效", status_code=400)

    def test_a_unit_that_is_not_a_department_is_refused_as_department(self):
        response = self.client.get(
            reverse("disclosure:home"), {"department": SEED_UNIT}
        )
        self.assertEqual(response.status_code, 400)

    def test_an_overlong_query_is_cut_and_explained(self):
        response = self.client.get(reverse("disclosure:home"), {"q": "数" * 80})
        self.assertContains(response, "搜索词过长", status_code=400)
        self.assertEqual(response.context["query"], "数" * 50)

    def test_control_characters_in_a_search_are_ignored(self):
        response = self.client.get(reverse("disclosure:home"), {"q": "数字\x00城市"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["query"], "数字城市")
        self.assertEqual(response.context["results"].paginator.count, 1)

    def test_a_department_code_with_odd_characters_gets_a_message(self):
        response = self.client.get(reverse("disclosure:home"), {"department": "36\x00"})
        self.assertEqual(response.status_code, 400)

    def test_many_results_are_shown_page_by_page(self):
        add_units(SEED_DEPARTMENT, 45)
        response = self.client.get(reverse("disclosure:home"), {"q": "数字城市"})
        self.assertEqual(response.context["results"].paginator.count, 46)
        self.assertEqual(len(response.context["results"].object_list), 20)
        self.assertContains(response, "当前第 1/3 页")
        self.assertContains(
            response, 'href="?q=%E6%95%B0%E5%AD%97%E5%9F%8E%E5%B8%82&amp;page=2"'
        )
        response = self.client.get(
            reverse("disclosure:home"), {"q": "数字城市", "page": "3"}
        )
        self.assertEqual(len(response.context["results"].object_list), 6)
        self.assertContains(response, "上一页")
        self.assertNotContains(response, "下一页")

    def test_a_page_number_that_is_not_a_number_shows_the_first_page(self):
        response = self.client.get(
            reverse("disclosure:home"), {"year": "2021", "page": "abc"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["results"].number, 1)

    def test_the_unit_page_lists_its_published_years_with_links(self):
        response = self.client.get(reverse("disclosure:unit", args=[SEED_UNIT]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, "<h1>景德镇市数字城市管理服务中心</h1>", html=True
        )
        self.assertContains(response, report_url(2022))
        self.assertContains(response, report_url(2021))
        self.assertContains(response, "公益一类事业单位")
        self.assertContains(response, "景德镇市城市管理局")
        self.assertContains(
            response, reverse("disclosure:unit_compare", args=[SEED_UNIT])
        )

    def test_a_draft_year_is_not_listed(self):
        response = self.client.get(reverse("disclosure:unit", args=[DRAFT_UNIT]))
        self.assertContains(response, report_url(2021, DRAFT_UNIT))
        self.assertNotContains(response, report_url(2022, DRAFT_UNIT))

    def test_a_department_page_lists_its_units(self):
        response = self.client.get(reverse("disclosure:unit", args=[SEED_DEPARTMENT]))
        self.assertContains(response, "本单位为主管部门")
        self.assertContains(response, "所属单位")
        self.assertContains(response, "景德镇市数字城市管理服务中心")
        self.assertContains(response, "示例市政设施维护中心")

    def test_an_unknown_or_inactive_unit_is_not_found(self):
        self.assertEqual(
            self.client.get(reverse("disclosure:unit", args=["nosuch"])).status_code,
            404,
        )
        Unit.objects.filter(code=SEED_UNIT).update(is_active=False)
        self.assertEqual(
            self.client.get(reverse("disclosure:unit", args=[SEED_UNIT])).status_code,
            404,
        )


class ReportPageTests(PublicPageTestCase):
    def test_the_report_page_has_the_key_figures_and_sentences(self):
        response = self.client.get(report_url(2022))
        self.assertEqual(response.status_code, 200)
        text = text_of(response)
        self.assertIn("景德镇市数字城市管理服务中心 2022 年度决算", text)
        self.assertIn("353.24", text)
        self.assertIn("财政拨款收入317.34万元，占94.6%", text)
        self.assertIn(
            "本单位设立4个内设机构，分别是综合办公室、监督考核科、指挥协调科、系统运行科。",
            text,
        )

    def test_the_report_page_follows_the_seed_order(self):
        text = text_of(self.client.get(report_url(2022)))
        body = text[text.index("第一部分 景德镇市数字城市管理服务中心单位概况 一、") :]
        marks = [
            "第一部分 景德镇市数字城市管理服务中心单位概况",
            "一、单位主要职责",
            "二、单位基本情况",
            "第二部分 2022 年度单位决算表",
            *TABLE_TITLES,
            "第三部分 2022 年度单位决算情况说明",
            *SECTION_HEADINGS,
            "第四部分 名词解释",
            "一、收入科目",
            "二、支出科目",
            "三、相关专业名词",
        ]
        positions = [body.index(mark) for mark in marks]
        self.assertEqual(positions, sorted(positions))

    def test_every_table_has_a_caption_an_anchor_and_a_contents_link(self):
        response = self.client.get(report_url(2022))
        html = response.content.decode()
        for number, (code, title) in enumerate(
            zip(TABLE_CODES, TABLE_TITLES, strict=True), start=1
        ):
            key = f"t{number:02d}"
            self.assertIn(f'<span class="fin-table__code">{code}</span>', html)
            self.assertIn(f'id="{key}-title">{title}</span>', html)
            self.assertIn(f'id="{key}"', html)
            self.assertIn(f'href="#{key}"', html)
        # The ten tables, the five charts' data tables, and the 自评表 if any.
        self.assertGreaterEqual(html.count("<caption>"), 10 + 5)
        self.assertIn('<th scope="row"', html)
        self.assertIn('<th scope="col"', html)
        self.assertIn("金额单位：万元", html)

    def test_the_glossary_is_filled_in_with_the_report_years(self):
        text = text_of(self.client.get(report_url(2022)))
        glossary = text[text.index("第四部分 名词解释 一、收入科目") :]
        self.assertIn(
            "指单位以前年度尚未完成、结转到2022年按有关规定继续使用的资金，"
            "即2021年末结转和结余资金。",
            glossary,
        )

    def test_the_data_note_is_shown_prominently(self):
        response = self.client.get(report_url(2022))
        self.assertContains(response, '<aside class="data-note" role="note"')
        self.assertContains(response, self.seed_2022.data_note)

    def test_there_are_download_links_for_every_format_and_table(self):
        response = self.client.get(report_url(2022))
        args = [2022, SEED_UNIT]
        for name in ("report_pdf", "report_xlsx", "report_json"):
            self.assertContains(
                response, f'href="{reverse(f"disclosure:{name}", args=args)}"'
            )
        for number in range(1, 11):
            url = reverse("disclosure:table_csv", args=[*args, f"t{number:02d}"])
            self.assertContains(response, f'href="{url}"')

    def test_the_year_switcher_links_the_other_published_year(self):
        response = self.client.get(report_url(2022))
        self.assertContains(response, f'href="{report_url(2021)}"')
        self.assertContains(
            response, '<span aria-current="page">2022 年度</span>', html=True
        )
        response = self.client.get(report_url(2021))
        self.assertContains(response, f'href="{report_url(2022)}"')

    def test_each_chart_has_its_data_and_a_data_table(self):
        response = self.client.get(report_url(2022))
        html = response.content.decode()
        self.assertIn("vendor/echarts/echarts.common.min.js", html)
        for key in ("income", "function", "economic", "three-public", "trend"):
            self.assertIn(f'data-chart="chart-{key}-data"', html)
            self.assertIn(f'id="chart-{key}-data"', html)
        self.assertEqual(html.count("<summary>查看数据表</summary>"), 5)
        payload = re.search(
            r'<script id="chart-income-data" type="application/json">(.*?)</script>',
            html,
        ).group(1)
        income = json.loads(payload)
        # Exact strings, never floats; shares rounded once from unrounded amounts.
        self.assertEqual(income["series"][0]["values"][0], "317.34")
        self.assertEqual(income["shares"][0], "94.6")
        self.assertEqual(income["shares"][7], "5.4")
        trend = json.loads(
            re.search(
                r'<script id="chart-trend-data" type="application/json">(.*?)</script>',
                html,
            ).group(1)
        )
        self.assertEqual(trend["categories"], ["2021年", "2022年"])
        self.assertEqual(trend["series"][0]["values"], ["186.34", "335.28"])
        self.assertEqual(trend["series"][1]["values"], ["302.23", "317.25"])

    def test_a_unit_with_a_single_published_year_has_no_trend_chart(self):
        response = self.client.get(report_url(2021, DRAFT_UNIT))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "chart-trend-data")
        self.assertContains(response, "chart-income-data")

    def test_nothing_is_loaded_from_outside_the_site(self):
        html = self.client.get(report_url(2022)).content.decode()
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        self.assertTrue(sources)
        for source in sources:
            self.assertFalse(re.match(r"^(https?:)?//", source), source)

    def test_the_page_answers_get_and_head_but_not_post(self):
        self.assertEqual(self.client.head(report_url(2022)).status_code, 200)
        self.assertEqual(self.client.post(report_url(2022)).status_code, 405)

    def test_a_draft_report_is_not_found(self):
        self.assertEqual(self.client.get(report_url(2022, DRAFT_UNIT)).status_code, 404)

    def test_an_unknown_unit_or_year_is_not_found(self):
        self.assertEqual(self.client.get(report_url(2022, "nosuch")).status_code, 404)
        self.assertEqual(self.client.get(report_url(2030)).status_code, 404)
        self.assertEqual(self.client.get("/20x2/360200105/").status_code, 404)

    def test_odd_codes_and_years_in_the_address_are_not_found(self):
        for path in (
            "/2022/36020%00105/",
            "/units/%00abc/",
            "/units/%00abc/compare/",
            "/99999999999999999999/360200105/",
            "/99999999999999999999/compare/?by=department&unit=360200105",
            "/2022/compare/?by=department&unit=%00",
        ):
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)

    def test_a_report_of_an_inactive_unit_is_not_found(self):
        Unit.objects.filter(code=SEED_UNIT).update(is_active=False)
        self.assertEqual(self.client.get(report_url(2022)).status_code, 404)

    def test_a_cached_report_page_costs_at_most_two_queries(self):
        first = self.client.get(report_url(2022))
        with CaptureQueriesContext(connection) as queries:
            second = self.client.get(report_url(2022))
        self.assertLessEqual(len(queries), 2)
        self.assertEqual(first.content, second.content)

    def test_a_published_report_shows_what_was_published_until_it_is_corrected(self):
        first = self.client.get(report_url(2022)).content
        # A change behind the workflow's back (the shell) is refused, and even
        # one made below the model would reach no public page.
        with self.assertRaises(ReportLocked):
            Report.objects.filter(pk=self.seed_2022.pk).update(data_note="改动")
        with generated_data_reset():
            Report.objects.filter(pk=self.seed_2022.pk).update(data_note="改动")
        public_cache.bump()
        self.assertEqual(self.client.get(report_url(2022)).content, first)

    def test_a_published_correction_replaces_the_page_and_keeps_the_first_revision(
        self,
    ):
        self.client.get(report_url(2022))
        correction = publish_correction(
            self.seed_2022, note="更正数据说明。", data_note="【更正】数据说明已更新。"
        )
        current = self.client.get(report_url(2022))
        self.assertContains(current, "【更正】数据说明已更新。")
        self.assertContains(current, "更正说明：更正数据说明。")
        first_url = reverse("disclosure:report_revision", args=[2022, SEED_UNIT, 1])
        self.assertContains(current, f'href="{first_url}"')
        self.assertEqual(correction.revision, 2)
        first = self.client.get(first_url)
        self.assertContains(first, "此版本已被更正")
        self.assertNotContains(first, "【更正】数据说明已更新。")
        self.assertContains(first, f'href="{report_url(2022)}"')

    def test_an_unknown_or_unpublished_revision_is_a_404(self):
        for revision in (0, 2, 99):
            url = reverse(
                "disclosure:report_revision", args=[2022, SEED_UNIT, revision]
            )
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_publishing_another_year_refreshes_the_year_switcher(self):
        self.client.get(report_url(2021, DRAFT_UNIT))
        force_status(
            Report.objects.get(unit__code=DRAFT_UNIT, fiscal_year__year=2022),
            Report.Status.PUBLISHED,
        )
        # What report_publish does after a publication (tested in test_workflow).
        public_cache.bump()
        response = self.client.get(report_url(2021, DRAFT_UNIT))
        self.assertContains(response, f'href="{report_url(2022, DRAFT_UNIT)}"')

    def test_the_report_page_costs_the_same_queries_for_a_small_and_a_big_report(self):
        # The first view freezes the publication snapshot; later ones read it.
        small_freeze = count_queries(self.client, report_url(2022))
        small = count_queries(self.client, report_url(2022))
        self.assertLessEqual(small_freeze, FREEZE_BUDGET)
        self.assertLessEqual(small, REPORT_PAGE_BUDGET)
        add_lines(self.seed_2022, 40)
        self.assertEqual(count_queries(self.client, report_url(2022)), small_freeze)
        self.assertEqual(count_queries(self.client, report_url(2022)), small)

    @override_settings(PUBLIC_GENERATION_SECONDS=3600)
    def test_a_cached_report_page_costs_no_query(self):
        first = self.client.get(report_url(2022))
        with CaptureQueriesContext(connection) as queries:
            again = self.client.get(report_url(2022))
        self.assertEqual(len(queries), 0)
        self.assertEqual(again.content, first.content)


class ComparisonPageTests(PublicPageTestCase):
    """A unit across its years, peers of one year, and the query budget of every list page."""

    def test_a_unit_is_compared_across_its_years_with_change_and_rate(self):
        response = self.client.get(reverse("disclosure:unit_compare", args=[SEED_UNIT]))
        self.assertEqual(response.status_code, 200)
        comparison = response.context["comparison"]
        self.assertEqual(comparison.years, (2021, 2022))
        rows = {row.key: row for row in comparison.rows}
        income = rows["income_total"].cells
        self.assertEqual([c.value for c in income], [D("186.34"), D("335.28")])
        self.assertEqual(income[1].change.delta, D("148.94"))
        self.assertEqual(income[1].change.rate, D("79.9"))
        opening = rows["opening_total"].cells[1].change
        self.assertEqual((opening.delta, opening.rate), (D("-115.89"), D("-86.6")))
        self.assertEqual(rows["three_public_actual"].cells[1].value, D("2.45"))
        self.assertEqual(rows["staff_total"].cells[1].value, 10)
        text = text_of(response)
        self.assertIn("+148.94", text)
        self.assertIn("+79.9%", text)
        self.assertIn("-86.6%", text)
        self.assertIn("金额单位：万元", text)

    def test_an_unknown_unit_has_no_comparison(self):
        url = reverse("disclosure:unit_compare", args=["nosuch"])
        self.assertEqual(self.client.get(url).status_code, 404)

    def peer_url(self, year=2022, **params):
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return reverse("disclosure:peer_compare", args=[year]) + "?" + query

    def test_peers_of_the_same_department_with_per_staff_figures(self):
        response = self.client.get(self.peer_url(by="department", unit=SEED_UNIT))
        self.assertEqual(response.status_code, 200)
        names = [row.report.unit.name for row in response.context["rows"]]
        # The unit itself is pinned; peers are 单位决算 only.
        self.assertEqual(names, ["景德镇市城市管理局", "示例环境卫生服务中心"])
        self.assertEqual(response.context["peers"].page.paginator.count, 3)
        subject = response.context["subject_row"]
        self.assertEqual(subject.report.unit.code, SEED_UNIT)
        # 2.45 万元 over 10 在职人员 = 2,450.00 元 per person; 基本支出 140.78 万元
        # = 140,780.00 元 per person.
        self.assertEqual(subject.three_public_per_staff, D("2450.00"))
        self.assertEqual(subject.basic_per_staff, D("140780.00"))
        self.assertContains(response, "2,450.00")
        self.assertContains(response, '<span class="badge">本单位</span>', html=True)

    def test_the_unit_stays_pinned_on_every_page_of_many_peers(self):
        add_units(SEED_DEPARTMENT, 55)  # their codes sort before the seed unit's
        url = self.peer_url(by="department", unit=SEED_UNIT)
        first = self.client.get(url)
        self.assertEqual(first.context["peers"].page.paginator.count, 58)
        self.assertEqual(len(first.context["rows"]), 50)
        self.assertEqual(first.context["subject_row"].report.unit.code, SEED_UNIT)
        last = self.client.get(url + "&page=2")
        self.assertEqual(len(last.context["rows"]), 7)
        self.assertEqual(last.context["subject_row"].report.unit.code, SEED_UNIT)
        self.assertContains(last, "上一页")

    def test_peers_of_the_same_unit_type_in_another_year(self):
        response = self.client.get(self.peer_url(2021, by="unit_type", unit="999101"))
        names = [row.report.unit.name for row in response.context["rows"]]
        self.assertEqual(names, ["示例市政设施维护中心"])
        self.assertEqual(response.context["subject_row"].report.unit.code, "999101")

    def test_a_unit_without_staff_shows_a_dash_per_staff(self):
        report = Report.objects.get(unit__code=SEED_UNIT, fiscal_year__year=2022)
        with generated_data_reset():
            delete_snapshots(Report.objects.filter(pk=report.pk))
            UnitProfile.objects.filter(unit__code=SEED_UNIT, year=2022).update(
                staff_total=0, staff_in_service=0
            )
        snapshots.freeze(report)
        response = self.client.get(self.peer_url(by="department", unit=SEED_UNIT))
        subject = response.context["subject_row"]
        self.assertIsNone(subject.three_public_per_staff)
        self.assertIsNone(subject.basic_per_staff)
        self.assertContains(response, "—")

    def test_a_unit_that_has_not_published_the_year_is_told_so(self):
        response = self.client.get(self.peer_url(by="department", unit=DRAFT_UNIT))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "示例市政设施维护中心尚未公开 2022 年度决算")
        self.assertIsNone(response.context["subject_row"])

    def test_a_bad_comparison_kind_gets_a_chinese_message(self):
        response = self.client.get(self.peer_url(by="foo", unit=SEED_UNIT))
        self.assertContains(response, "比较方式参数 by 的值“foo”无效", status_code=400)

    def test_a_missing_unit_gets_a_chinese_message(self):
        response = self.client.get(self.peer_url(by="department"))
        self.assertContains(response, "缺少参数 unit", status_code=400)

    def test_an_unknown_unit_or_year_is_not_found(self):
        self.assertEqual(
            self.client.get(self.peer_url(by="department", unit="nosuch")).status_code,
            404,
        )
        self.assertEqual(
            self.client.get(
                self.peer_url(2030, by="department", unit=SEED_UNIT)
            ).status_code,
            404,
        )

    def assert_fixed(self, urls, grow):
        """Each page costs the same queries before and after `grow()` adds data."""
        before = {url: count_queries(self.client, url) for url in urls}
        grow()
        after = {url: count_queries(self.client, url) for url in urls}
        self.assertEqual(after, before)
        for url, count in after.items():
            self.assertLessEqual(count, LIST_PAGE_BUDGET, url)

    def test_home_search_and_browse_do_not_grow_with_the_number_of_units(self):
        urls = [
            reverse("disclosure:home"),
            reverse("disclosure:home") + "?q=数字城市",
            reverse("disclosure:home") + f"?department={SEED_DEPARTMENT}&year=2022",
            reverse("disclosure:home") + "?year=2022",
        ]
        self.assert_fixed(urls, lambda: add_units(SEED_DEPARTMENT, 25))

    def test_unit_and_comparison_pages_do_not_grow_with_units_or_lines(self):
        urls = [
            reverse("disclosure:unit", args=[SEED_DEPARTMENT]),
            reverse("disclosure:unit", args=[SEED_UNIT]),
            reverse("disclosure:unit_compare", args=[SEED_UNIT]),
            reverse("disclosure:peer_compare", args=[2022])
            + f"?by=department&unit={SEED_UNIT}",
            reverse("disclosure:peer_compare", args=[2022])
            + f"?by=unit_type&unit={SEED_UNIT}",
        ]

        def grow():
            add_units(SEED_DEPARTMENT, 25)
            add_lines(self.seed_2022, 30)

        self.assert_fixed(urls, grow)
