"""The demo self-evaluation reproduces the seed's 项目支出绩效自评表 (seed-figures.md)."""

from decimal import Decimal as D

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from demo.loader import SEED_UNIT, load_demo
from demo.performance import load_performance_demo
from disclosure.models import Report
from performance.models import Indicator, Project
from tests.demo_cache import load_demo_shared
from tests.scenarios import force_status

# 一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分 — the seed's 自评表, row by row.
SEED_INDICATORS = [
    ("产出指标", "数量指标", "受理各类案卷数", "12000", "13580", "5", "5"),
    ("产出指标", "数量指标", "扩展智慧应用系统", "4", "5", "5", "5"),
    ("产出指标", "数量指标", "编辑简报数", "4", "4", "5", "5"),
    ("产出指标", "质量指标", "案卷处理结案率", "95%", "99.35%", "5", "5"),
    ("产出指标", "质量指标", "扩展智慧应用系统质量达标率", "90%", "100%", "5", "5"),
    ("产出指标", "质量指标", "简报质量达标率", "95%", "100%", "5", "5"),
    ("产出指标", "时效指标", "业务培训及时率", "100%", "100%", "5", "5"),
    ("产出指标", "时效指标", "简报编辑及时率", "100%", "100%", "5", "5"),
    ("产出指标", "成本指标", "成本控制率", "148万", "147.68万", "5", "5"),
    ("效益指标", "社会效益指标", "推动城市管理高效", "推动", "达成", "5", "4"),
    ("效益指标", "社会效益指标", "促进城市管理便捷化", "促进", "达成", "5", "4"),
    ("效益指标", "社会效益指标", "简报社会公示率", "=100%", "=100%", "5", "5"),
    ("效益指标", "生态效益指标", "促进环境质量提高", "促进", "促进", "5", "5"),
    ("效益指标", "可持续影响指标", "加强平台队伍建设", "培训次数≥2次", "2次", "5", "5"),
    ("满意度指标", "服务对象满意度指标", "工作态度满意度", "90%", "97.78%", "10", "10"),
    ("满意度指标", "服务对象满意度指标", "问题解决满意度", "90%", "93.47%", "10", "10"),
]


class SeedProjectTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_shared()
        cls.project = Project.objects.get(
            report__unit__code=SEED_UNIT, report__fiscal_year__year=2022
        )

    def test_the_project_heading_is_the_seeds(self):
        p = self.project
        self.assertEqual(
            (p.name, p.department, p.implementer),
            ("数字化城管运行维护费", "市城市管理局", "市数字城市管理服务中心"),
        )

    def test_funds_are_all_current_year_appropriation(self):
        p = self.project
        self.assertEqual(
            (p.initial_total, p.annual_total, p.executed_total),
            (D("148"), D("148"), D("147.98")),
        )
        self.assertEqual(p.executed_fiscal, D("147.98"))
        self.assertIsNone(p.annual_carryover)
        self.assertIsNone(p.annual_other)

    def test_the_execution_rate_is_99_99_not_the_seeds_truncated_99_98(self):
        self.assertEqual(self.project.execution_rate, D("99.99"))
        self.assertEqual(
            (self.project.execution_weight, self.project.execution_score),
            (D("10"), D("10")),
        )

    def test_every_indicator_is_as_the_seed_gives_it(self):
        rows = [
            (
                i.get_level1_display(),
                i.get_level2_display(),
                i.name,
                i.target_text,
                i.actual_text,
                i.weight,
                i.score,
            )
            for i in self.project.ordered_indicators()
        ]
        expected = [(*row[:5], D(row[5]), D(row[6])) for row in SEED_INDICATORS]
        self.assertEqual(rows, expected)

    def test_the_total_is_98_and_the_grade_is_excellent(self):
        self.assertEqual(self.project.weight_total, D("100"))
        self.assertEqual(self.project.total_score, D("98"))
        self.assertEqual(self.project.grade.label, "优")
        self.assertEqual(
            {k: v[1] for k, v in self.project.category_scores().items()},
            {"output": D("45"), "benefit": D("23"), "satisfaction": D("20")},
        )

    def test_the_two_points_deducted_carry_the_reasons_the_seed_lacks(self):
        below = [i for i in self.project.ordered_indicators() if i.below_weight]
        self.assertEqual(
            [i.name for i in below], ["推动城市管理高效", "促进城市管理便捷化"]
        )
        for indicator in below:
            with self.subTest(indicator=indicator.name):
                self.assertEqual(indicator.suggested_score, D("5"))
                self.assertTrue(indicator.override_reason)
                self.assertIn("改进措施", indicator.deviation_reason)

    def test_the_report_text_quotes_the_tables_figures(self):
        self.assertIn("综合评价为98分，评价结果为优", self.project.conclusion)
        self.assertIn("效益指标23分", self.project.conclusion)
        self.assertIn("共受理各类案卷13580件", self.project.conclusion)
        self.assertNotIn("16357", self.project.conclusion)
        self.assertIn("资金支出147.98万元", self.project.basic_info)


class LoadingTwiceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo()

    def test_running_the_loader_again_writes_nothing(self):
        with CaptureQueriesContext(connection) as queries:
            load_performance_demo()
        writes = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        ]
        self.assertEqual(writes, [])

    def test_running_the_loader_again_restores_edited_data_of_a_published_report(self):
        project = Project.objects.get(report__kind=Report.Kind.FINAL)
        reports = Report.objects.filter(pk=project.report_id)
        # Facts of a published report cannot change; reopen it to edit them.
        force_status(project.report_id, Report.Status.DRAFT)
        Project.objects.filter(pk=project.pk).update(executed_fiscal=D("1.00"))
        Indicator.objects.filter(project=project, position=1).delete()
        Indicator.objects.filter(project=project, position=2).update(
            actual_text="3", direction="reverse"
        )
        Project.objects.create(
            report=project.report,
            name="多余的项目",
            position=2,
            department="-",
            implementer="-",
        )
        force_status(project.report_id, Report.Status.PUBLISHED, freeze=False)

        load_performance_demo()

        project = Project.objects.get(report__kind=Report.Kind.FINAL)
        self.assertEqual(project.executed_fiscal, D("147.98"))
        self.assertEqual(project.total_score, D("98"))
        second = Indicator.objects.get(project=project, position=2)
        self.assertEqual((second.actual_text, second.direction), ("5", "positive"))
        self.assertEqual(reports.get().status, Report.Status.PUBLISHED)


class WithoutTheSeedReportTests(TestCase):
    def test_the_loader_does_nothing_without_the_seed_report(self):
        self.assertIsNone(load_performance_demo())
        self.assertFalse(Project.objects.exists())
