"""审核 rules N9-1 … N9-4: each passes on a consistent self-evaluation and fires on a broken one,
including the seed's own contradictions (domain.md §6 #6–#10)."""

from decimal import Decimal as D

from django.test import TestCase

from demo.loader import SEED_UNIT
from disclosure.models import Report
from disclosure.rules import Outcome, Severity, check_report
from performance.models import Indicator, Project
from tests.demo_cache import load_demo_shared
from tests.factories import IndicatorFactory, ReportFactory
from tests.performance.scenarios import evaluated_report
from tests.scenarios import consistent_report, force_status

N9 = ("N9-1", "N9-2", "N9-3", "N9-4")

# The seed's own text (extraction spaces kept), which contradicts its 自评表.
SEED_CONCLUSION = (
    "根据开展绩效评价工作的有关要求，结合中心的具体情况设计了绩效评价考核指标体系，从产出指标、"
    "效益指标和满意度指标三方面进行了评价，评价结果为预算执行指标 10 分、产出指标 45 分、"
    "效益指标 25 分和满意度指标 20 分，综合评价为 100 分,评价结果为优。\n"
    "项目执行总体情况：截止 2022 年 12 月，共受理各类案件 16357 件；扩展智慧应用系统 5 个；"
    "编辑简报 4期；案卷处理及时率 90.68%；业务培训质量达标率 99.35%；简报质量达标率 100%；"
    "简报社会公示率 100%。"
)
SEED_ANALYSIS = (
    "（一）项目产出指标\n1.数量指标：受理各类案卷数量 30812 件，完成率超过 100%、"
    "开展业务培训数 2 次，完成率 100%、编辑简报数 6 期，完成率 100%、对接联网单位数量 43 家，"
    "完成率 100%。\n2.质量指标：案卷处理及时率 99.35%、：业务培训质量达标率100%、"
    "简报质量达标率 100%、对接单位监督考核率 100%。\n4.成本指标：成本控制率 99.98%。"
)


class RuleTestCase(TestCase):
    def findings(self, report, rule_id):
        return check_report(report).by_rule(rule_id)

    def failures(self, report, rule_id):
        return [f for f in self.findings(report, rule_id) if f.failed]

    def assertFires(self, report, rule_id, contains, severity=Severity.ERROR):
        failures = self.failures(report, rule_id)
        matching = [f for f in failures if contains in f.message]
        self.assertTrue(matching, f"{rule_id} did not report “{contains}”: {failures}")
        self.assertEqual({f.severity for f in matching}, {severity}, matching)

    def assertPasses(self, report, rule_id):
        findings = self.findings(report, rule_id)
        self.assertTrue(findings)
        self.assertEqual([f for f in findings if f.failed], [])


class ConsistentSelfEvaluationTests(RuleTestCase):
    def test_every_n9_rule_passes_on_a_consistent_self_evaluation(self):
        report, _ = evaluated_report()
        result = check_report(report)
        for rule_id in N9:
            with self.subTest(rule=rule_id):
                self.assertPasses(report, rule_id)
        self.assertEqual(result.errors, [])
        self.assertEqual(result.warnings, [])

    def test_without_projects_the_rules_cannot_judge_a_report_with_project_spending(
        self,
    ):
        report = consistent_report()
        for rule_id in N9:
            with self.subTest(rule=rule_id):
                outcomes = {f.outcome for f in self.findings(report, rule_id)}
                self.assertEqual(outcomes, {Outcome.INSUFFICIENT})

    def test_without_project_spending_no_self_evaluation_is_needed(self):
        report = ReportFactory()
        for rule_id in N9:
            with self.subTest(rule=rule_id):
                self.assertEqual(
                    [f.outcome for f in self.findings(report, rule_id)],
                    [Outcome.PASS],
                )


class N91CompletenessTests(RuleTestCase):
    def setUp(self):
        self.report, self.project = evaluated_report()

    def test_a_project_without_indicators_fails(self):
        self.project.indicators.all().delete()
        self.assertFires(self.report, "N9-1", "“城市管理运行维护”的自评表没有绩效指标")

    def test_an_unscored_indicator_fails(self):
        IndicatorFactory(
            project=self.project,
            position=9,
            level1="benefit",
            level2="social",
            name="改善市容",
            target_text="完成",
            actual_text="部分完成",
        )
        self.assertFires(self.report, "N9-1", "指标“改善市容”尚未评分")

    def test_missing_funds_and_goals_fail(self):
        Project.objects.filter(pk=self.project.pk).update(
            annual_fiscal=None, executed_fiscal=None, achieved_goals=""
        )
        self.assertFires(self.report, "N9-1", "未填报项目资金的全年预算数")
        self.assertFires(self.report, "N9-1", "未填报项目资金的全年执行数")
        self.assertFires(self.report, "N9-1", "未填写年度总体目标的实际完成情况")

    def test_a_missing_report_section_is_a_warning(self):
        Project.objects.filter(pk=self.project.pk).update(basic_info="")
        self.assertFires(
            self.report, "N9-1", "评价报告缺少“一、基本情况”", Severity.WARNING
        )


class N92FundsTests(RuleTestCase):
    def setUp(self):
        self.report, self.project = evaluated_report()

    def test_funds_covered_above_project_spending_fail(self):
        # 公开03表 项目支出合计 is 45.
        self.project.annual_fiscal = D("50.00")
        self.project.executed_fiscal = D("50.00")
        self.project.save()
        self.assertFires(
            self.report,
            "N9-2",
            "绩效自评涉及资金（全年执行数合计）50.00 超过公开03表 项目支出合计 45.00",
        )

    def test_spending_above_the_annual_budget_is_a_warning(self):
        self.project.annual_fiscal = D("38.00")
        self.project.save()
        self.assertFires(
            self.report,
            "N9-2",
            "全年执行数 40.00 超过全年预算数 38.00（执行率 105.26%）",
            Severity.WARNING,
        )


class N93ScoreTests(RuleTestCase):
    def setUp(self):
        self.report, self.project = evaluated_report()

    def test_weights_that_do_not_add_up_to_100_fail(self):
        IndicatorFactory(project=self.project, position=4, weight=D("5"))
        self.assertFires(
            self.report,
            "N9-3",
            "分值合计为 105（预算执行 10 + 绩效指标 95），应为 100",
        )

    def test_a_score_below_its_weight_without_deviation_reason_fails(self):
        indicator = Indicator.objects.get(project=self.project, position=1)
        indicator.actual_text = "1次"
        indicator.save()
        self.assertFires(
            self.report,
            "N9-3",
            "指标“开展业务培训数”得分 20 低于分值 40，缺少偏差原因分析及改进措施",
        )

    def test_a_deviation_reason_satisfies_the_rule(self):
        indicator = Indicator.objects.get(project=self.project, position=1)
        indicator.actual_text = "1次"
        indicator.deviation_reason = "疫情影响，培训延期；下年度增加线上培训。"
        indicator.save()
        self.assertFalse(
            [f for f in self.failures(self.report, "N9-3") if "偏差" in f.message]
        )

    def test_a_stated_total_other_than_the_computed_one_fails(self):
        indicator = Indicator.objects.get(project=self.project, position=1)
        indicator.actual_text = "1次"
        indicator.deviation_reason = "培训延期"
        indicator.save()
        # The text still says 100 and 产出 40; the 自评表 now gives 80 and 20.
        self.assertFires(
            self.report, "N9-3", "写明“综合评价100分”，但自评表总分为 80 分"
        )
        self.assertFires(
            self.report,
            "N9-3",
            "写明“产出指标40分”，但产出指标得分合计为 20 分（与分值相同：分值不是得分）",
        )
        self.assertFires(
            self.report, "N9-3", "写明评价等级为“优”，但按自评表总分 80 分应为“良”"
        )

    def test_the_grading_bands_in_the_text_are_not_read_as_results(self):
        # evaluated_report() describes the bands: "得分90分及以上", "80分至90分" …
        self.assertPasses(self.report, "N9-3")


class N94QuotedFigureTests(RuleTestCase):
    def setUp(self):
        self.report, self.project = evaluated_report()

    def set_text(self, **fields):
        Project.objects.filter(pk=self.project.pk).update(**fields)

    def test_a_quoted_spend_other_than_the_executed_amount_fails(self):
        self.set_text(basic_info="项目资金支出39.7万元。")
        self.assertFires(
            self.report,
            "N9-4",
            "写明“项目资金支出39.7万元”，但自评表全年执行数为 40 万元",
        )

    def test_a_quoted_budget_may_be_any_budget_figure(self):
        self.set_text(basic_info="年初预算数40万元，全年预算数400000元。")
        self.assertPasses(self.report, "N9-4")

    def test_a_quoted_indicator_value_other_than_the_table_fails(self):
        self.set_text(indicator_analysis="开展业务培训数3次。")
        self.assertFires(
            self.report,
            "N9-4",
            "写明“开展业务培训数3次”，但自评表“开展业务培训数”的实际完成值为“2次”",
        )

    def test_a_quoted_percentage_is_compared_at_its_own_precision(self):
        self.set_text(indicator_analysis="服务对象满意度95.0%，执行率100%。")
        self.assertPasses(self.report, "N9-4")
        self.set_text(indicator_analysis="服务对象满意度96%。")
        self.assertFires(self.report, "N9-4", "服务对象满意度96%", Severity.WARNING)

    def test_a_truncated_execution_rate_is_reported(self):
        self.project.annual_fiscal = D("40.01")
        self.project.save()
        # 40 / 40.01 = 99.975 % → 99.98 %, not 99.97 %.
        self.set_text(basic_info="执行率99.97%。")
        self.assertFires(self.report, "N9-4", "写明“执行率99.97%”", Severity.WARNING)

    def test_figures_of_other_things_are_not_compared(self):
        self.set_text(
            lessons=(
                "完善43个责任部门之间的协调，2014年建设的基础数据于11月完成普查，"
                "由60平方公里增加到136平方公里；工资福利支出39.97万元；"
                "《项目支出绩效评价管理办法》（财预〔2020〕10号）。"
            )
        )
        self.assertPasses(self.report, "N9-4")


class SeedContradictionTests(RuleTestCase):
    """The demo holds the seed's 自评表; its text is corrected, so the seed's own text breaks it."""

    @classmethod
    def setUpTestData(cls):
        load_demo_shared()
        cls.report = Report.objects.get(unit__code=SEED_UNIT, fiscal_year__year=2022)
        cls.project = Project.objects.get(report=cls.report)

    def setUp(self):
        # Facts of a published report cannot change; the tests edit a draft.
        force_status(self.report.pk, Report.Status.DRAFT)

    def test_the_demo_passes_n9_1_to_n9_3(self):
        for rule_id in ("N9-1", "N9-2", "N9-3"):
            with self.subTest(rule=rule_id):
                self.assertPasses(self.report, rule_id)

    def test_the_only_n9_4_finding_on_the_demo_is_the_seeds_cost_figure(self):
        failures = self.failures(self.report, "N9-4")
        self.assertEqual(len(failures), 1, failures)
        self.assertEqual(failures[0].severity, Severity.WARNING)
        self.assertIn(
            "成本指标“成本控制率”的实际完成值“147.68万”与项目资金全年执行数"
            "（147.98 万元）不一致",
            failures[0].message,
        )

    def test_a_cost_actual_equal_to_the_spend_passes(self):
        Indicator.objects.filter(project=self.project, name="成本控制率").update(
            actual_text="147.98万"
        )
        self.assertPasses(self.report, "N9-4")

    def test_the_seeds_total_of_100_against_scores_adding_to_98_fails(self):
        Project.objects.filter(pk=self.project.pk).update(conclusion=SEED_CONCLUSION)
        self.assertFires(
            self.report, "N9-3", "写明“综合评价100分”，但自评表总分为 98 分"
        )
        self.assertFires(
            self.report,
            "N9-3",
            "写明“效益指标25分”，但效益指标得分合计为 23 分（与分值相同：分值不是得分）",
        )

    def test_the_seeds_16357_cases_against_13580_are_reported(self):
        Project.objects.filter(pk=self.project.pk).update(conclusion=SEED_CONCLUSION)
        self.assertFires(
            self.report,
            "N9-4",
            "写明“共受理各类案件16357件”，但自评表“受理各类案卷数”的实际完成值为“13580”"
            "（年度指标值“12000”）（名称与自评表不完全相同，请核对）",
            Severity.WARNING,
        )
        messages = " ".join(f.message for f in self.failures(self.report, "N9-4"))
        # 业务培训质量达标率 is not in the 自评表: it is not read as 简报质量达标率.
        self.assertNotIn("业务培训质量达标率", messages)

    def test_the_seeds_indicator_analysis_is_reported_where_it_contradicts(self):
        Project.objects.filter(pk=self.project.pk).update(
            indicator_analysis=SEED_ANALYSIS
        )
        self.assertFires(self.report, "N9-4", "受理各类案卷数量30812件")
        self.assertFires(self.report, "N9-4", "编辑简报数6期")
        messages = " ".join(f.message for f in self.failures(self.report, "N9-4"))
        # Figures of indicators the 自评表 does not have are not compared.
        self.assertNotIn("对接联网单位", messages)
        self.assertNotIn("开展业务培训数", messages)

    def test_the_seeds_147_68_quoted_as_spend_is_reported(self):
        Project.objects.filter(pk=self.project.pk).update(
            basic_info="数字城管运行维护项目资金支出 147.68 万元。"
        )
        self.assertFires(
            self.report,
            "N9-4",
            "写明“数字城管运行维护项目资金支出147.68万元”，但自评表全年执行数为 147.98 万元",
        )
