"""第三部分 情况说明 written from the figures: the seed's own figures and every wording edge."""

from decimal import Decimal as D

from django.test import TestCase

from disclosure.figures import Figures
from disclosure.models import (
    OperatingExpense,
    PriorYearFigure,
    Procurement,
    Reason,
    Report,
    ThreePublicExpenses,
)
from disclosure.narrative import build_narrative
from disclosure.selectors import load_report_data, previous_report
from tests.demo_cache import load_demo_shared
from tests.scenarios import consistent_report
from units.models import Unit

SEED_UNIT = "景德镇市数字城市管理服务中心"


def narrative_of(report):
    data = load_report_data(report)
    prior = previous_report(report)
    prior_figures = None
    if prior is not None:
        prior_figures = Figures(load_report_data(prior))
    return build_narrative(data, Figures(data), prior_figures)


def section(narrative, number):
    return "".join(next(s for s in narrative.sections if s.number == number).paragraphs)


class SeedNarrativeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_shared()
        cls.report = Report.objects.get(unit__name=SEED_UNIT, fiscal_year__year=2022)

    def setUp(self):
        self.narrative = narrative_of(self.report)
        self.text = self.narrative.text()

    def test_it_has_the_nine_sections_in_the_seed_order(self):
        self.assertEqual(
            [s.heading for s in self.narrative.sections],
            [
                "一、收入决算情况说明",
                "二、支出决算情况说明",
                "三、财政拨款支出决算情况说明",
                "四、一般公共预算财政拨款基本支出决算情况说明",
                "五、财政拨款“三公”经费支出决算情况说明",
                "六、机关运行经费支出情况说明",
                "七、政府采购支出情况说明",
                "八、国有资产占用情况说明",
                "九、预算绩效情况说明",
            ],
        )

    def test_income_shares_are_rounded_once(self):
        self.assertIn("财政拨款收入317.34万元，占94.6%", self.text)
        self.assertIn("其他收入17.94万元，占5.4%", self.text)
        self.assertIn(
            "本年收入合计335.28万元，较2021年增加148.94万元，增长79.9%", self.text
        )

    def test_income_grand_total_gives_the_change_without_a_percentage(self):
        self.assertIn(
            "本单位2022年度收入总计353.24万元，较2021年增加33.05万元。", self.text
        )

    def test_completion_of_the_initial_budget_per_class(self):
        fiscal = section(self.narrative, "三")
        self.assertIn(
            "年初预算数为253.94万元，决算数为317.14万元，完成年初预算的124.9%", fiscal
        )
        self.assertIn(
            "（三）城乡社区支出年初预算数为224.61万元，决算数为287.82万元，完成年初预算的128.1%",
            fiscal,
        )

    def test_a_zero_base_gets_the_amount_only(self):
        self.assertIn(
            "资本性支出6.20万元，较2021年增加6.20万元（上年无此项支出）", self.text
        )
        self.assertNotIn("增长，", self.text)

    def test_no_change_reads_as_level(self):
        self.assertIn("对个人和家庭的补助0万元，与2021年持平", self.text)

    def test_three_public_completion_is_rounded_once_and_zero_budget_gets_no_rate(self):
        three = section(self.narrative, "五")
        self.assertIn(
            "全年预算数为3.59万元，决算数为2.45万元，完成全年预算的68.2%", three
        )
        self.assertIn("因公出国（境）支出未安排全年预算，决算数为0万元", three)
        self.assertNotIn("完成全年预算的0%，决算数与", three.split("（二）")[0])
        self.assertIn("年末公务用车保有1辆", three)

    def test_no_template_leftovers_or_doubled_punctuation(self):
        for bad in ("增加（减少）", "。。", "，，", "XX"):
            self.assertNotIn(bad, self.text)

    def test_a_unit_that_is_not_administrative_gets_the_statement(self):
        self.assertEqual(
            section(self.narrative, "六"),
            "本单位不是行政单位或参照公务员法管理事业单位，故无机关运行经费支出。",
        )

    def test_procurement_gives_shares_only_for_categories_with_spending(self):
        procurement = section(self.narrative, "七")
        self.assertIn(
            "授予中小企业合同金额9.82万元，占政府采购支出总额的100%", procurement
        )
        self.assertIn("货物采购授予中小企业合同金额占货物支出金额的100%", procurement)
        self.assertNotIn("工程支出金额的0%", procurement)

    def test_every_reason_of_the_published_report_is_there(self):
        self.assertEqual(self.narrative.missing_reasons, [])


class EdgeWordingTests(TestCase):
    def test_a_missing_reason_keeps_the_sentence_grammatical_and_is_flagged(self):
        report = consistent_report()
        PriorYearFigure.objects.create(
            report=report, key=PriorYearFigure.Key.INCOME_TOTAL, amount=D("100.00")
        )
        narrative = narrative_of(report)
        self.assertIn(
            "本年收入合计111.00万元，较2021年增加11.00万元，增长11%。", narrative.text()
        )
        self.assertIn("income_total", [key for key, _ in narrative.missing_reasons])

    def test_a_stored_reason_fills_its_slot_without_a_double_stop(self):
        report = consistent_report()
        PriorYearFigure.objects.create(
            report=report, key=PriorYearFigure.Key.INCOME_TOTAL, amount=D("100.00")
        )
        Reason.objects.create(report=report, key="income_total", text="新增项目拨款。")
        text = narrative_of(report).text()
        self.assertIn("增长11%，主要原因是：新增项目拨款。", text)
        self.assertNotIn("。。", text)

    def test_without_last_years_figures_there_is_no_comparison(self):
        report = consistent_report()
        PriorYearFigure.objects.all().delete()
        text = narrative_of(report).text()
        self.assertIn("本单位2022年度收入总计114.00万元。", text)
        self.assertNotIn("较2021年", text)

    def test_a_decrease_reads_as_decrease(self):
        report = consistent_report()
        PriorYearFigure.objects.create(
            report=report, key=PriorYearFigure.Key.EXPENDITURE_TOTAL, amount=D("125.00")
        )
        self.assertIn(
            "本年支出合计105.00万元，较2021年减少20.00万元，下降16%",
            narrative_of(report).text(),
        )

    def test_a_class_above_its_budget_needs_a_reason(self):
        report = consistent_report()
        report.fiscal_lines.filter(function_code__code="2120199").update(
            budget_initial=D("80.00")
        )
        narrative = narrative_of(report)
        self.assertIn("fiscal_class:212", [key for key, _ in narrative.missing_reasons])
        self.assertIn("完成年初预算的112.5%", section(narrative, "三"))

    def test_a_class_without_budget_gets_no_completion_rate(self):
        report = consistent_report()
        report.fiscal_lines.filter(function_code__code="2080505").update(
            budget_initial=D("0")
        )
        fiscal = section(narrative_of(report), "三")
        self.assertIn("未安排年初预算，决算数为10.00万元", fiscal)

    def test_an_administrative_unit_reports_its_operating_expense(self):
        report = consistent_report(Unit.UnitType.ADMINISTRATIVE)
        OperatingExpense.objects.create(report=report, amount=D("3.50"))
        self.assertEqual(
            section(narrative_of(report), "六"),
            "本单位2022年度机关运行经费支出3.50万元。",
        )

    def test_no_procurement_reads_as_none(self):
        report = consistent_report()
        Procurement.objects.filter(report=report).update(goods=0, sme_goods=0)
        self.assertEqual(
            section(narrative_of(report), "七"), "本单位2022年度未发生政府采购支出。"
        )

    def test_spending_below_budget_needs_the_budget_reason(self):
        report = consistent_report()
        ThreePublicExpenses.objects.filter(report=report).update(
            budget_reception=D("1.00")
        )
        narrative = narrative_of(report)
        self.assertIn(
            "three_public:reception:budget",
            [key for key, _ in narrative.missing_reasons],
        )

    def test_amounts_in_yuan_are_labelled_yuan(self):
        report = consistent_report()
        report.amount_unit = Report.AmountUnit.YUAN
        report.save()
        self.assertIn("收入总计114.00元", narrative_of(report).text())
