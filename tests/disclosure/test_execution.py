"""预算执行情况: each budget line beside its 决算数, as a service, a page, CSV and JSON."""

import csv
import io
import json
from decimal import Decimal as D

from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.jingdezhen import SEED_2022
from demo.loader import SEED_UNIT
from disclosure import public_cache
from disclosure.document import build_document
from disclosure.execution import execution, execution_title
from disclosure.models import Fund, Reason, Report
from disclosure.public_urls import report_url, url_for
from tests.demo_cache import load_demo_shared
from tests.disclosure.test_department_public import published_department
from tests.factories import FiscalExpenditureLineFactory, function_code
from tests.scenarios import consistent_report, force_status


def publish(report):
    """Published without a snapshot: the 预算执行情况 reads the facts, not the files."""
    return force_status(report, Report.Status.PUBLISHED, freeze=False)


def deviating_report():
    """consistent_report with a 类 over its 年初预算 (and a stated reason) and a 项 without one.

    210: budget 5, actual 8 (+3, 160.0 %), reason given;
    221: no 年初预算, actual 4.
    """
    report = consistent_report()
    FiscalExpenditureLineFactory(
        report=report,
        function_code=function_code("2101102"),
        basic=D("8.00"),
        budget_initial=D("5.00"),
    )
    FiscalExpenditureLineFactory(
        report=report,
        function_code=function_code("2210201"),
        project=D("4.00"),
    )
    Reason.objects.create(
        report=report, key="fiscal_class:210", text="新增医疗保障缴费。"
    )
    return report


def page_url(report, *, revision=None, unit_form=False, name="execution"):
    if revision is not None:
        name += "_revision"
    return url_for(
        name,
        report.fiscal_year.year,
        report.unit.code,
        revision=revision,
        unit_form=unit_form,
    )


def rows_by_code(result, kind="class"):
    return {row.code: row for row in result.rows if row.kind == kind}


class ExecutionValuesTests(TestCase):
    def test_a_consistent_report_is_carried_out_in_full(self):
        result = execution(consistent_report())
        total = result.fiscal_total
        self.assertEqual((total.budget, total.actual), (D("100.00"), D("100.00")))
        self.assertEqual(total.difference, D("0"))
        self.assertEqual(total.rate, D("100.0"))
        classes = rows_by_code(result)
        self.assertEqual(set(classes), {"208", "212"})
        self.assertEqual((classes["208"].budget, classes["208"].actual), (10, 10))
        self.assertEqual((classes["212"].budget, classes["212"].actual), (90, 90))
        for row in classes.values():
            self.assertEqual(row.rate, D("100.0"))
            self.assertEqual(row.fund, "general")
            self.assertEqual(row.fund_label, "一般公共预算财政拨款")
            self.assertEqual(row.reason, "")
        items = rows_by_code(result, "item")
        self.assertEqual(set(items), {"2080505", "2120199"})
        self.assertEqual(items["2120199"].actual, D("90.00"))

    def test_the_three_public_items_and_their_total_carry_their_reason(self):
        result = execution(consistent_report())
        total = result.three_public_total
        self.assertEqual((total.budget, total.actual), (D("3.00"), D("2.00")))
        self.assertEqual(total.rate, D("66.7"))
        first, *rest = result.three_public
        self.assertEqual(first.code, "vehicle_operation")
        self.assertEqual(first.label, "公务用车运行维护费")
        self.assertEqual(first.difference, D("-1.00"))
        self.assertEqual(first.rate, D("66.7"))
        self.assertEqual(first.reason, "严格控制车辆费用")
        # Nothing budgeted, nothing spent: no rate, no deviation, code order.
        self.assertEqual(
            [r.code for r in rest], ["abroad", "reception", "vehicle_purchase"]
        )
        self.assertEqual({r.rate for r in rest}, {None})

    def test_a_deviation_comes_first_with_its_stated_reason(self):
        result = execution(deviating_report())
        block = result.funds[0]
        self.assertEqual(
            [(r.kind, r.code) for r in block.lines],
            [
                ("class", "221"),
                ("item", "2210201"),
                ("class", "210"),
                ("item", "2101102"),
                ("class", "208"),
                ("item", "2080505"),
                ("class", "212"),
                ("item", "2120199"),
            ],
        )
        classes = rows_by_code(result)
        over = classes["210"]
        self.assertEqual((over.budget, over.actual), (D("5.00"), D("8.00")))
        self.assertEqual(over.difference, D("3.00"))
        self.assertEqual(over.rate, D("160.0"))
        # The reason as the 情况说明 completes its sentence: without its full stop.
        self.assertEqual(over.reason, "新增医疗保障缴费")
        total = result.fiscal_total
        self.assertEqual((total.budget, total.actual), (D("105.00"), D("112.00")))
        self.assertEqual(total.rate, D("106.7"))
        self.assertEqual(block.total.actual, total.actual)

    def test_a_line_without_a_budget_has_no_rate(self):
        result = execution(deviating_report())
        unbudgeted = rows_by_code(result)["221"]
        self.assertEqual(unbudgeted.budget, D("0"))
        self.assertIsNone(unbudgeted.rate)
        self.assertEqual(unbudgeted.no_budget_text, "未安排年初预算")
        self.assertEqual(result.three_public[-1].no_budget_text, "未安排全年预算")

    def test_the_summary_names_the_totals_and_the_biggest_deviation(self):
        report = deviating_report()
        (fiscal, three_public) = execution(report).summary
        year = report.fiscal_year.year
        self.assertEqual(
            fiscal,
            f"{year}年财政拨款年初预算105.00万元，决算112.00万元，完成年初预算的106.7%；"
            "偏离最大的是科目221，未安排年初预算，决算4.00万元。",
        )
        self.assertEqual(
            three_public,
            "“三公”经费全年预算3.00万元，决算2.00万元，完成全年预算的66.7%；"
            "偏离最大的是公务用车运行维护费，全年预算3.00万元，决算2.00万元，"
            "完成全年预算的66.7%，决算比全年预算减少1.00万元，主要原因是：严格控制车辆费用。",
        )

    def test_an_on_budget_report_says_so(self):
        self.assertIn(
            "各类级科目的决算均与年初预算一致",
            execution(consistent_report()).summary[0],
        )

    def test_the_rate_is_rounded_once_from_exact_amounts(self):
        report = consistent_report()
        # 0.01 / 0.015: 66.7 %, where the printed 0.01 / 0.02 would give 50.0 %.
        FiscalExpenditureLineFactory(
            report=report,
            function_code=function_code("2010101"),
            basic=D("0.01"),
            budget_initial=D("0.015"),
        )
        # 24.69 / 200 = 12.345 %: 12.3 once; rounding twice would give 12.4.
        FiscalExpenditureLineFactory(
            report=report,
            function_code=function_code("2130101"),
            fund=Fund.GOV_FUND,
            project=D("24.69"),
            budget_initial=D("200.00"),
        )
        classes = rows_by_code(execution(report))
        self.assertEqual(classes["201"].rate, D("66.7"))
        self.assertEqual(classes["213"].rate, D("12.3"))

    def test_each_fund_has_its_total_and_the_overall_total_adds_them(self):
        report = consistent_report()
        FiscalExpenditureLineFactory(
            report=report,
            function_code=function_code("2120803"),
            fund=Fund.GOV_FUND,
            project=D("30.00"),
            budget_initial=D("50.00"),
        )
        result = execution(report)
        self.assertEqual([b.key for b in result.funds], ["general", "gov_fund"])
        gov = result.funds[1]
        self.assertEqual(gov.label, "政府性基金预算财政拨款")
        self.assertEqual((gov.total.budget, gov.total.actual), (D("50"), D("30")))
        self.assertEqual(gov.total.rate, D("60.0"))
        total = result.fiscal_total
        self.assertEqual((total.budget, total.actual), (D("150"), D("130")))
        # The same 类 in two funds: one row per fund.
        self.assertEqual(
            [(r.fund, r.code) for r in result.rows if r.kind == "class"],
            [("general", "208"), ("general", "212"), ("gov_fund", "212")],
        )
        self.assertIn(
            "偏离最大的是政府性基金预算财政拨款中的科目212", result.summary[0]
        )

    def test_the_classes_of_every_fund_add_up_to_the_reports_class_figures(self):
        report = deviating_report()
        FiscalExpenditureLineFactory(
            report=report,
            function_code=function_code("2120803"),
            fund=Fund.STATE_CAPITAL,
            project=D("3.00"),
            budget_initial=D("1.00"),
        )
        result = execution(report)
        sums = {}
        for row in result.rows:
            if row.kind == "class":
                budget, actual = sums.get(row.code, (D(0), D(0)))
                sums[row.code] = (budget + row.budget, actual + row.actual)
        by_class = build_document(report).figures["fiscal_budget_by_class"]
        self.assertEqual(sums, by_class)

    def test_the_one_budget_reason_of_a_class_prefers_the_general_budget_slot(self):
        report = deviating_report()
        Reason.objects.create(
            report=report, key="general_class:210", text="一般公共预算的说明"
        )
        self.assertEqual(
            rows_by_code(execution(report))["210"].reason, "一般公共预算的说明"
        )

    def test_the_document_and_the_report_give_the_same_rows(self):
        report = deviating_report()
        self.assertEqual(execution(build_document(report)).rows, execution(report).rows)

    def test_bars_share_one_scale_per_table(self):
        result = execution(deviating_report())
        self.assertEqual(result.fiscal_total.actual_width, 100)
        self.assertEqual(result.fiscal_total.budget_width, 94)  # 105 / 112
        self.assertEqual(rows_by_code(result)["221"].budget_width, 0)
        self.assertEqual(rows_by_code(result)["221"].actual_width, 4)  # 4 / 112
        self.assertEqual(result.three_public_total.budget_width, 100)

    def test_the_title_names_the_unit_and_year(self):
        report = consistent_report()
        self.assertEqual(
            execution_title(report),
            f"{report.unit.name}{report.fiscal_year.year}年度预算执行情况（年初预算与决算对比）",
        )


class ExecutionPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.report = publish(deviating_report())

    def setUp(self):
        cache.clear()

    def test_the_page_shows_each_line_beside_its_final_figure(self):
        response = self.client.get(page_url(self.report))
        self.assertEqual(response.status_code, 200)
        title = execution_title(self.report)
        self.assertContains(response, f"<h1>{title}</h1>", html=True)
        self.assertContains(response, f"<title>{title}")
        self.assertContains(response, "财政拨款支出年初预算与决算对比表")
        self.assertContains(response, '<th scope="col">完成率', count=2)
        self.assertContains(response, "160.0%")
        self.assertContains(response, "+3.00")
        self.assertContains(response, "新增医疗保障缴费")
        self.assertContains(response, "未安排年初预算")
        self.assertContains(response, "严格控制车辆费用")
        self.assertContains(response, "完成年初预算的106.7%")
        self.assertContains(response, 'class="exec-bar exec-bar--actual exec-w-100"')
        self.assertNotContains(response, "style=")

    def test_the_page_links_back_to_its_report_and_its_open_data(self):
        response = self.client.get(page_url(self.report))
        unit_form = self.report.unit.parent_id is None
        for name in ("report", "execution_csv", "execution_json"):
            url = url_for(name, 2022, self.report.unit.code, unit_form=unit_form)
            self.assertContains(response, f'href="{url}"')

    def test_csv_has_a_bom_and_one_line_per_row(self):
        response = self.client.get(page_url(self.report, name="execution_csv"))
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
        self.assertIn("-execution.csv", response["Content-Disposition"])
        self.assertTrue(response.content.startswith(b"\xef\xbb\xbf"))
        text = response.content.decode("utf-8-sig")
        self.assertIn("\r\n", text)
        rows = list(csv.reader(io.StringIO(text)))
        self.assertEqual(
            rows[0],
            [
                "部分",
                "资金来源",
                "行类型",
                "级次",
                "编码",
                "项目",
                "预算口径",
                "预算数（万元）",
                "决算数（万元）",
                "差额（万元）",
                "完成率（%）",
                "原因说明",
            ],
        )
        self.assertEqual(
            rows[1],
            ["财政拨款", "", "财政拨款合计", "0", "", "财政拨款合计", "年初预算"]
            + ["105.00", "112.00", "7.00", "106.7", ""],
        )
        by_code = {row[4]: row for row in rows[1:]}
        self.assertEqual(
            by_code["210"][7:], ["5.00", "8.00", "3.00", "160.0", "新增医疗保障缴费"]
        )
        self.assertEqual(by_code["221"][10], "")
        self.assertEqual(
            by_code["vehicle_operation"][:3], ["“三公”经费", "", "“三公”经费"]
        )
        self.assertEqual(
            by_code["vehicle_operation"][6:11],
            ["全年预算", "3.00", "2.00", "-1.00", "66.7"],
        )
        # Codes are quoted text, amounts bare numbers.
        self.assertIn('"210",', text)
        self.assertIn(",5.00,8.00,3.00,160.0,", text)
        self.assertEqual(len(rows) - 1, len(execution(self.report).rows))

    def test_json_has_exact_amounts_and_the_rows_in_page_order(self):
        response = self.client.get(page_url(self.report, name="execution_json"))
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        self.assertTrue(response["Content-Disposition"].startswith("inline;"))
        data = json.loads(response.content)
        self.assertEqual(data["schema_version"], "1.1")
        self.assertEqual(data["report"]["unit_code"], self.report.unit.code)
        self.assertEqual(data["report"]["revision"], 1)
        self.assertEqual(data["report"]["amount_unit_label"], "万元")
        self.assertEqual(data["title"], execution_title(self.report))
        rows = data["rows"]
        self.assertEqual(rows[0]["kind"], "total")
        self.assertEqual(rows[1]["kind"], "fund")
        self.assertEqual(rows[2]["code"], "221")
        self.assertEqual(rows[2]["rate"], None)
        over = next(r for r in rows if r["code"] == "210")
        self.assertEqual(
            over,
            {
                "section": "fiscal",
                "kind": "class",
                "level": 2,
                "fund": "general",
                "fund_label": "一般公共预算财政拨款",
                "code": "210",
                "label": "科目210",
                "budget_kind": "年初预算",
                "budget": "5.00",
                "actual": "8.00",
                "difference": "3.00",
                "rate": "160.0",
                "reason": "新增医疗保障缴费",
            },
        )
        self.assertEqual(rows[-5]["kind"], "three_public_total")
        self.assertIn("/r1/execution/", data["links"]["page"])
        self.assertNotIn("\\u", response.content.decode())

    def test_the_revision_address_answers_for_its_revision_only(self):
        for name in ("execution", "execution_csv", "execution_json"):
            with self.subTest(name=name):
                unit_form = self.report.unit.parent_id is None
                ok = page_url(self.report, revision=1, unit_form=unit_form, name=name)
                self.assertEqual(self.client.get(ok).status_code, 200, ok)
                missing = page_url(
                    self.report, revision=2, unit_form=unit_form, name=name
                )
                self.assertEqual(self.client.get(missing).status_code, 404, missing)

    def test_an_unpublished_report_is_not_found(self):
        draft = deviating_report()
        for name in ("execution", "execution_csv", "execution_json"):
            with self.subTest(name=name):
                response = self.client.get(page_url(draft, name=name))
                self.assertEqual(response.status_code, 404)
        self.assertContains(
            self.client.get(page_url(draft)), "没有已公开的", status_code=404
        )

    def test_odd_codes_in_the_address_are_not_found(self):
        for path in (
            "/2022/%00/execution/",
            "/2022/x/execution.csv",
            "/1/abc/execution.json",
        ):
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)

    def test_the_page_answers_get_and_head_but_not_post(self):
        url = page_url(self.report)
        self.assertEqual(self.client.head(url).status_code, 200)
        self.assertEqual(self.client.post(url).status_code, 405)

    def test_the_page_costs_the_same_queries_for_a_small_and_a_big_report(self):
        def count(url):
            cache.clear()
            public_cache.forget()
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(queries)

        big = consistent_report()
        for code in ("2010101", "2010102", "2010103", "2130101", "2130102"):
            for fund in (Fund.GENERAL, Fund.GOV_FUND):
                FiscalExpenditureLineFactory(
                    report=big,
                    fund=fund,
                    function_code=function_code(code),
                    basic=D("1.00"),
                    budget_initial=D("2.00"),
                )
        publish(big)
        for name in ("execution", "execution_csv", "execution_json"):
            with self.subTest(name=name):
                small_count = count(page_url(self.report, name=name))
                self.assertEqual(count(page_url(big, name=name)), small_count)
                self.assertLessEqual(small_count, 12)

    @override_settings(PUBLIC_GENERATION_SECONDS=3600)
    def test_a_cached_page_costs_no_query(self):
        first = self.client.get(page_url(self.report))
        with CaptureQueriesContext(connection) as queries:
            again = self.client.get(page_url(self.report))
        self.assertEqual(len(queries), 0)
        self.assertEqual(again.content, first.content)

    @override_settings(PUBLIC_GENERATION_SECONDS=3600)
    def test_a_cached_download_costs_no_query(self):
        for name in ("execution_csv", "execution_json"):
            with self.subTest(name):
                first = self.client.get(page_url(self.report, name=name))
                with CaptureQueriesContext(connection) as queries:
                    again = self.client.get(page_url(self.report, name=name))
                self.assertEqual(len(queries), 0)
                self.assertEqual(again.content, first.content)
                self.assertEqual(
                    again["Content-Disposition"], first["Content-Disposition"]
                )


class ExecutionLevelsTests(TestCase):
    """A 主管部门's 部门决算 at the plain address, its 单位决算 below /unit/."""

    @classmethod
    def setUpTestData(cls):
        cls.dept, reports = published_department(units=2)
        cls.own = next(iter(reports.values()))
        cls.code, cls.year = cls.dept.unit.code, cls.dept.fiscal_year.year

    def setUp(self):
        cache.clear()

    def test_the_plain_and_the_unit_address_show_each_level(self):
        plain = self.client.get(f"/{self.year}/{self.code}/execution/")
        own = self.client.get(f"/{self.year}/{self.code}/unit/execution/")
        self.assertContains(plain, "部门预算执行情况（年初预算与决算对比）")
        self.assertContains(plain, "完成年初预算的100.0%")
        # Three consistent reports consolidated: 3 × 100.
        self.assertContains(plain, "年初预算300.00万元")
        self.assertNotContains(own, "部门预算执行情况")
        self.assertContains(own, "年初预算100.00万元")
        for revision in ("r1/", "unit/r1/"):
            url = f"/{self.year}/{self.code}/{revision}execution.json"
            with self.subTest(url=url):
                data = json.loads(self.client.get(url).content)
                self.assertEqual(
                    data["report"]["level"],
                    "unit" if revision.startswith("unit") else "department",
                )

    def test_the_url_names_give_both_forms(self):
        self.assertEqual(
            report_url(self.own, "execution"),
            f"/{self.year}/{self.code}/unit/execution/",
        )
        self.assertEqual(
            report_url(self.dept, "execution_csv_revision"),
            f"/{self.year}/{self.code}/r1/execution.csv",
        )
        self.assertEqual(
            reverse(
                "disclosure:unit_level_execution_json", args=[self.year, self.code]
            ),
            f"/{self.year}/{self.code}/unit/execution.json",
        )


class DemoExecutionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_shared()
        cls.report = Report.objects.get(
            unit__code=SEED_UNIT, fiscal_year__year=2022, level=Report.Level.UNIT
        )

    def setUp(self):
        cache.clear()

    def test_the_seed_units_class_212_matches_its_2022_figures(self):
        lines = SEED_2022.fiscal[Fund.GENERAL]
        budget = sum(D(v[2]) for code, v in lines.items() if code.startswith("212"))
        actual = sum(
            D(v[0]) + D(v[1]) for code, v in lines.items() if code.startswith("212")
        )
        row = rows_by_code(execution(self.report))["212"]
        self.assertEqual((row.budget, row.actual), (budget, actual))
        self.assertEqual((row.budget, row.actual), (D("224.61"), D("287.82")))
        self.assertEqual(row.difference, D("63.21"))
        self.assertEqual(row.rate, D("128.1"))
        self.assertEqual(row.reason, SEED_2022.reasons["fiscal_class:212"])
        self.assertEqual(row.label, "城乡社区支出")

    def test_the_seed_units_page_leads_with_its_biggest_deviation(self):
        response = self.client.get(f"/2022/{SEED_UNIT}/execution/")
        self.assertContains(
            response,
            "2022年财政拨款年初预算253.94万元，决算317.14万元，完成年初预算的124.9%；"
            "偏离最大的是城乡社区支出，年初预算224.61万元，决算287.82万元，"
            "完成年初预算的128.1%，决算比年初预算增加63.21万元，主要原因是：正常支出增长。",
        )
        self.assertContains(
            response,
            "“三公”经费全年预算3.59万元，决算2.45万元，完成全年预算的68.2%；"
            "偏离最大的是公务接待费，全年预算1.00万元，未发生支出，"
            "主要原因是：本年度未发生公务接待费支出。",
        )
        rows = execution(self.report).rows
        self.assertEqual([r.code for r in rows if r.kind == "class"][0], "212")

    def test_the_report_page_links_to_its_execution_page(self):
        response = self.client.get(f"/2022/{SEED_UNIT}/")
        self.assertContains(response, f'href="/2022/{SEED_UNIT}/execution/"')
        self.assertContains(response, "预算执行情况")
