"""§九 of the narrative and the self-evaluation part of the report document."""

from decimal import Decimal as D

from django.db import connection
from django.template.loader import render_to_string
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from demo.loader import SEED_UNIT
from disclosure.document import build_document
from disclosure.models import Report
from disclosure.selectors import load_report_data
from reporting.table import Role
from tests.demo_cache import load_demo_shared
from tests.factories import IndicatorFactory, ProjectFactory, ReportFactory
from tests.performance.scenarios import evaluated_report
from tests.scenarios import consistent_report


def section_nine(report):
    return build_document(report).narrative.sections[8]


class SummaryTests(TestCase):
    def test_the_summary_counts_projects_and_states_the_funds_and_their_share(self):
        report, _ = evaluated_report()
        section = section_nine(report)
        self.assertEqual(section.heading, "九、预算绩效情况说明")
        self.assertEqual(
            section.paragraphs[0],
            "（一）绩效评价工作开展情况。根据预算绩效管理要求，本单位组织对纳入2022年度"
            "部门预算范围的二级项目1个全面开展绩效自评，共涉及资金40.00万元，"
            "占项目支出总额的88.9%。",
        )
        self.assertEqual(
            section.paragraphs[1],
            "（二）单位决算中项目绩效自评结果。“城市管理运行维护”自评得分100分，"
            "评价等级为“优”。各项目的绩效评价报告和项目支出绩效自评表附后。",
        )

    def test_several_projects_are_counted_and_summed(self):
        report, project = evaluated_report()
        second = ProjectFactory(
            report=report,
            name="数据普查",
            annual_fiscal=D("2.5"),
            executed_fiscal=D("2.5"),
        )
        IndicatorFactory(project=second, weight=D("90"), actual_text="1次")
        paragraphs = section_nine(report).paragraphs
        self.assertIn("二级项目2个", paragraphs[0])
        # (40 + 2.5) / 45 = 94.44 %
        self.assertIn("共涉及资金42.50万元，占项目支出总额的94.4%", paragraphs[0])
        # 10 + min(1 / 2, 1) × 90 = 55
        self.assertIn(
            "“城市管理运行维护”自评得分100分，评价等级为“优”；"
            "“数据普查”自评得分55分，评价等级为“不合格”。",
            paragraphs[1],
        )

    def test_an_unscored_project_says_so(self):
        report, project = evaluated_report()
        IndicatorFactory(
            project=project,
            position=7,
            level1="benefit",
            level2="social",
            target_text="完成",
            actual_text="部分完成",
        )
        self.assertIn(
            "“城市管理运行维护”尚未完成评分", section_nine(report).paragraphs[1]
        )

    def test_a_report_with_project_spending_but_no_self_evaluation_says_it_was_not_entered(
        self,
    ):
        self.assertEqual(
            section_nine(consistent_report()).paragraphs,
            ("本单位2022年度未填报项目支出绩效自评情况。",),
        )

    def test_a_report_without_project_spending_needs_no_self_evaluation(self):
        self.assertEqual(
            section_nine(ReportFactory()).paragraphs,
            ("本单位2022年度无项目支出，未开展项目支出绩效自评。",),
        )


class DocumentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.report, cls.project = evaluated_report()

    def setUp(self):
        self.doc = build_document(self.report)
        (self.project_doc,) = self.doc.performance.projects

    def test_the_document_summary_is_the_narratives_section_nine(self):
        self.assertEqual(
            self.doc.performance.summary, self.doc.narrative.sections[8].paragraphs
        )

    def test_each_project_has_its_report_sections_in_order(self):
        headings = [heading for heading, _ in self.project_doc.sections]
        self.assertEqual(
            headings,
            [
                "一、基本情况",
                "二、绩效评价工作开展情况",
                "三、综合评价情况及评价结论",
                "四、绩效评价指标分析",
                "五、主要经验及做法、存在的主要问题及原因分析和建议",
                "六、其他需要说明的问题",
            ],
        )
        self.assertEqual(self.project_doc.sections[-1][1], "无")
        self.assertEqual(self.project_doc.title, "城市管理运行维护评价报告")

    def test_the_self_evaluation_table_comes_as_four_tables(self):
        self.assertEqual(
            [t.key for t in self.project_doc.tables],
            ["p1-project", "p1-funds", "p1-goals", "p1-indicators"],
        )
        for table in self.project_doc.tables:
            self.assertEqual(table.code, "项目支出绩效自评表")
            self.assertEqual(table.unit_name, self.report.unit.name)

    def test_the_funds_table_sums_the_sources_and_prints_rate_and_scores(self):
        funds = self.project_doc.tables[1]
        self.assertEqual(funds.value("total", "annual"), D("40.00"))
        self.assertEqual(funds.value("fiscal", "executed"), D("40.00"))
        self.assertIsNone(funds.value("carryover", "executed"))
        first = [cell.value for cell in funds.body[0]]
        self.assertEqual(
            first,
            ["年度资金总额", D("40.00"), D("40.00"), D("40.00"), "10", "100.00%", "10"],
        )
        self.assertEqual([c.value for c in funds.body[1]][-3:], ["—", "—", "—"])
        self.assertEqual(funds.body[1][0].value, "其中：当年财政拨款")

    def test_the_indicator_table_groups_levels_and_closes_with_the_total(self):
        indicators = self.project_doc.tables[3]
        rows = [[c.value for c in row] for row in indicators.body]
        self.assertEqual(
            rows[0],
            [
                "产出指标",
                "数量指标",
                "指标1：开展业务培训数",
                "≥2次",
                "2次",
                "40",
                "40",
                "",
            ],
        )
        self.assertEqual(
            rows[1][:3], ["效益指标", "社会效益指标", "指标1：提升服务水平"]
        )
        self.assertEqual(rows[-1][0], "总分")
        self.assertEqual(rows[-1][5:7], ["100", "100"])
        self.assertEqual([h.text for h in indicators.header_rows[0]], ["绩效指标"])
        roles = {cell.role for cell in indicators.body[0]}
        self.assertEqual(roles, {Role.TEXT, Role.LABEL})

    def test_every_table_renders_with_the_shared_html_include(self):
        for table in self.project_doc.tables:
            with self.subTest(table=table.key):
                html = render_to_string(
                    "disclosure/includes/table.html", {"table": table}
                )
                self.assertIn(f'id="{table.key}"', html)
        html = render_to_string(
            "disclosure/includes/table.html", {"table": self.project_doc.tables[1]}
        )
        self.assertIn("100.00%", html)
        self.assertIn("其中：当年财政拨款", html)


class SeedDocumentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_shared()
        cls.report = Report.objects.get(unit__code=SEED_UNIT, fiscal_year__year=2022)

    def test_the_seed_summary_uses_the_executed_funds_on_both_sides(self):
        paragraphs = section_nine(self.report).paragraphs
        # 147.98 / 176.47 = 83.86 % → 83.9 %, the seed's rate, now on one basis.
        self.assertIn(
            "二级项目1个全面开展绩效自评，共涉及资金147.98万元", paragraphs[0]
        )
        self.assertIn("占项目支出总额的83.9%", paragraphs[0])
        self.assertIn(
            "“数字化城管运行维护费”自评得分98分，评价等级为“优”", paragraphs[1]
        )

    def test_the_seed_funds_row_prints_the_rounded_execution_rate(self):
        funds = build_document(self.report).performance.projects[0].tables[1]
        first = [cell.value for cell in funds.body[0]]
        self.assertEqual(
            first,
            [
                "年度资金总额",
                D("148.00"),
                D("148.00"),
                D("147.98"),
                "10",
                "99.99%",
                "10",
            ],
        )


class QueryBudgetTests(TestCase):
    def test_loading_projects_takes_the_same_queries_whatever_their_number(self):
        small, _ = evaluated_report()
        with CaptureQueriesContext(connection) as queries:
            load_report_data(small)
        large, _ = evaluated_report()
        for n in range(5):
            project = ProjectFactory(
                report=large,
                name=f"项目{n}",
                annual_fiscal=D("0.1"),
                executed_fiscal=D("0.1"),
            )
            for _ in range(8):
                IndicatorFactory(project=project, weight=D("11.25"))
        with self.assertNumQueries(len(queries)):
            data = load_report_data(large)
            totals = [p.total_score for p in data.performance]
        self.assertEqual(len(totals), 6)
