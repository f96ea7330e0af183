"""Rule N9-5: amounts itemised after 其中 add up to the total they are quoted against."""

from decimal import Decimal as D

from django.test import SimpleTestCase

from demo.loader import SEED_UNIT
from disclosure.models import Report
from disclosure.rules import Severity, check_report
from performance.models import Project
from performance.quotes import breakdowns
from tests.demo_cache import load_demo_shared
from tests.performance.scenarios import evaluated_report
from tests.performance.test_rules import RuleTestCase


class BreakdownReadingTests(SimpleTestCase):
    def test_a_total_then_qi_zhong_and_items_is_read(self):
        (found,) = breakdowns(
            "项目资金共 100 万元，其中设备购置 60 万元、培训 30 万元。"
        )
        self.assertEqual(found.total.written, "100万元")
        self.assertEqual([q.written for q in found.items], ["60万元", "30万元"])
        self.assertEqual(found.items_in_total_unit, D("90"))
        self.assertFalse(found.adds_up)

    def test_yuan_and_ten_thousand_yuan_are_converted(self):
        (found,) = breakdowns("项目资金共1.5万元，其中设备购置8000元，培训7000元。")
        self.assertTrue(found.adds_up)
        (found,) = breakdowns("项目资金共1.5万元，其中设备购置8000元，培训6999.99元。")
        self.assertFalse(found.adds_up)

    def test_items_add_up_to_the_cent(self):
        (found,) = breakdowns("共89.974万元，其中设备59.9745万元、培训29.9995万元。")
        self.assertTrue(found.adds_up)

    def test_only_the_clear_pattern_is_read(self):
        for text in [
            # No 其中.
            "项目资金共100万元，设备购置60万元、培训30万元。",
            # One part is not a breakdown.
            "全年预算数100万元，其中财政拨款60万元。",
            # No amount before 其中.
            "其中设备购置60万元、培训30万元。",
            # The items are in another sentence.
            "项目资金共100万元。其中设备购置60万元；培训30万元。",
            # Counts, not amounts.
            "共培训100人次，其中干部60人次、职工30人次。",
        ]:
            with self.subTest(text=text):
                self.assertEqual(breakdowns(text), [])

    def test_a_parenthesis_inside_an_item_is_not_an_item(self):
        (found,) = breakdowns(
            "共100万元，其中设备购置60万元（含软件10万元）、培训40万元。"
        )
        self.assertEqual([q.written for q in found.items], ["60万元", "40万元"])
        self.assertTrue(found.adds_up)

    def test_the_sentence_is_quoted_as_typed(self):
        (found,) = breakdowns(
            "说明。项目资金共１００万元，其中设备６０万元、培训３０万元；其他"
        )
        self.assertEqual(
            found.sentence, "项目资金共１００万元，其中设备６０万元、培训３０万元"
        )


class N95BreakdownRuleTests(RuleTestCase):
    def setUp(self):
        self.report, self.project = evaluated_report()

    def set_text(self, **fields):
        Project.objects.filter(pk=self.project.pk).update(**fields)

    def test_items_that_add_up_pass(self):
        self.set_text(
            basic_info="项目资金共40万元，其中设备购置25万元、培训15万元，执行率100%。"
        )
        self.assertPasses(self.report, "N9-5")

    def test_items_that_do_not_add_up_are_reported_with_the_numbers(self):
        self.set_text(
            basic_info="项目资金共 100 万元，其中设备购置 60 万元、培训 30 万元。"
        )
        self.assertFires(
            self.report,
            "N9-5",
            "“城市管理运行维护”评价报告“一、基本情况”写明“项目资金共 100 万元，"
            "其中设备购置 60 万元、培训 30 万元”：其中所列 60万元 + 30万元 = 90万元，"
            "与总额 100万元 不符",
            Severity.WARNING,
        )

    def test_without_qi_zhong_nothing_is_reported(self):
        self.set_text(basic_info="项目资金共100万元，设备购置60万元、培训30万元。")
        self.assertPasses(self.report, "N9-5")

    def test_the_achieved_goals_are_read_too(self):
        self.set_text(achieved_goals="完成投资共2万元，其中设备8000元、培训2000元。")
        self.assertFires(
            self.report,
            "N9-5",
            "“城市管理运行维护”年度总体目标 实际完成情况写明",
            Severity.WARNING,
        )

    def test_the_consistent_self_evaluation_passes(self):
        self.assertPasses(self.report, "N9-5")

    def test_a_report_without_projects_cannot_be_judged(self):
        self.project.delete()
        findings = check_report(self.report).by_rule("N9-5")
        self.assertEqual([f.outcome for f in findings], ["insufficient"])


class DemoBreakdownTests(RuleTestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_shared()
        cls.report = Report.objects.get(unit__code=SEED_UNIT, fiscal_year__year=2022)

    def test_the_demo_passes_n9_5(self):
        self.assertPasses(self.report, "N9-5")
