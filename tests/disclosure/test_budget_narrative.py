"""The 情况说明 of a 预算, written from its figures: the demo 预算's sentences and every edge."""

from decimal import Decimal as D

from django.test import SimpleTestCase, TestCase

from disclosure.models import (
    Fund,
    OperatingExpense,
    PriorYearFigure,
    Procurement,
    Reason,
    Report,
    ThreePublicExpenses,
)
from disclosure.phrases import sub_number
from disclosure.reason_labels import reason_label
from tests.demo_cache import load_demo_shared
from tests.disclosure.test_narrative import narrative_of
from tests.factories import (
    FiscalExpenditureLineFactory,
    FiscalYearFactory,
    IncomeLineFactory,
    IndicatorFactory,
    ProjectFactory,
    ReportFactory,
    ThreePublicExpensesFactory,
    function_code,
)
from tests.scenarios import consistent_report, force_status
from units.models import Unit

BUDGET = {"kind": Report.Kind.BUDGET, "template_variant": "jx2023_unit_budget"}


def budget_report(unit_type=Unit.UnitType.PUBLIC_WELFARE_1, **fields):
    """consistent_report as a 2022 预算: 收入总计 114 (本年收入 111, 上年结转 3)."""
    return consistent_report(unit_type, **BUDGET, **fields)


def paragraphs_under(narrative, subheading: str) -> list[str]:
    """The paragraphs of one numbered sub-section ("3、经费拨款情况说明")."""
    found, inside = [], False
    for section in narrative.sections:
        for paragraph in section.paragraphs:
            if paragraph == subheading:
                inside = True
            elif inside and paragraph[:2] in {f"{n}、" for n in range(1, 10)}:
                return found
            elif inside:
                found.append(paragraph)
        if inside:
            return found
    raise AssertionError(f"{subheading} not found")


def prior(report, key, amount):
    PriorYearFigure.objects.create(report=report, key=key, amount=D(amount))


def missing(narrative) -> list[str]:
    return [key for key, _ in narrative.missing_reasons]


class DemoBudgetNarrativeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_shared()
        cls.report = Report.objects.get(
            unit__code="360200105", fiscal_year__year=2023, kind=Report.Kind.BUDGET
        )

    def setUp(self):
        self.narrative = narrative_of(self.report)
        self.text = self.narrative.text()

    def test_it_has_the_two_headings_and_the_eight_numbered_sub_headings(self):
        self.assertEqual(
            [s.heading for s in self.narrative.sections],
            ["一、2023年单位预算收支情况说明", "二、2023年“三公”经费预算情况说明"],
        )
        headings = [p for p in self.narrative.sections[0].paragraphs if p[1:2] == "、"]
        self.assertEqual(
            headings,
            [
                "1、预算收入情况说明",
                "2、预算支出情况说明",
                "3、经费拨款情况说明",
                "4、政府性基金收支情况说明",
                "5、机关运行经费情况说明",
                "6、政府采购安排情况说明",
                "7、国有资产占用情况说明",
                "8、预算绩效情况说明",
            ],
        )

    def test_income_is_the_years_income_and_the_carry_over_with_shares(self):
        self.assertEqual(
            paragraphs_under(self.narrative, "1、预算收入情况说明"),
            [
                "本单位2023年收入总计302.26万元，其中：本年收入302.26万元，上年结转0万元。",
                "本年收入的具体构成为：一般公共预算拨款302.26万元，占100%。",
            ],
        )

    def test_spending_by_kind_and_by_class_with_shares_rounded_once(self):
        self.assertEqual(
            paragraphs_under(self.narrative, "2、预算支出情况说明"),
            [
                "本单位2023年支出总计302.26万元，其中：本年支出302.26万元。",
                "本年支出的具体构成为：基本支出149.46万元，占49.4%；"
                "项目支出152.80万元，占50.6%。",
                "按支出功能分类：社会保障和就业支出16.20万元，占5.4%；"
                "卫生健康支出6.56万元，占2.2%；城乡社区支出271.40万元，占89.8%；"
                "住房保障支出8.10万元，占2.7%。",
            ],
        )

    def test_fiscal_grants_split_basic_spending_into_personnel_and_public_costs(self):
        fiscal = paragraphs_under(self.narrative, "3、经费拨款情况说明")
        self.assertEqual(
            fiscal[0],
            "本单位2023年财政拨款收入预算302.26万元，其中：一般公共预算拨款302.26万元。",
        )
        self.assertTrue(
            fiscal[1].startswith(
                "一般公共预算拨款支出302.26万元，其中：基本支出149.46万元，占49.4%；"
                "项目支出152.80万元，占50.6%。按支出功能分类："
            )
        )
        # 人员经费 = 301 + 303, 公用经费 = 302 + 310: 124.06 / 149.46 = 83.005%.
        self.assertEqual(
            fiscal[2],
            "一般公共预算拨款基本支出149.46万元，其中：人员经费124.06万元，占83%，"
            "包括工资福利支出124.06万元；公用经费25.40万元，占17%，"
            "包括商品和服务支出18.50万元、资本性支出6.90万元。",
        )

    def test_the_other_sub_sections(self):
        under = {
            "4、政府性基金收支情况说明": [
                "本单位2023年无政府性基金预算拨款收入，"
                "也无使用政府性基金预算拨款安排的支出。"
            ],
            "5、机关运行经费情况说明": ["本单位为事业单位，无机关运行经费预算。"],
            "6、政府采购安排情况说明": [
                "本单位2023年安排政府采购预算15.00万元，其中：政府采购货物预算"
                "10.00万元，政府采购工程预算0万元，政府采购服务预算5.00万元。"
            ],
            "7、国有资产占用情况说明": [
                "截至2022年12月31日，本单位共有车辆1辆，其中：其他用车1辆；"
                "单价100万元（含）以上设备（不含车辆）0台（套）。"
            ],
            # No project has been entered: nothing is claimed about 绩效目标.
            "8、预算绩效情况说明": [
                "本单位2023年开展绩效目标管理的项目2个，涉及预算152.80万元，"
                "占项目支出预算的100%。本单位2023年项目支出均已编制绩效目标。"
            ],
        }
        for heading, expected in under.items():
            with self.subTest(heading=heading):
                self.assertEqual(paragraphs_under(self.narrative, heading), expected)

    def test_three_public_against_last_years_budget_with_the_demo_reasons(self):
        self.assertEqual(
            self.narrative.sections[1].paragraphs,
            (
                "本单位2023年财政拨款“三公”经费预算3.60万元，比2022年预算增加0.01万元，"
                "增长0.3%，主要原因是：公务用车运行维护费预算略有增加。",
                "（一）因公出国（境）费0万元，与2022年预算持平。",
                "（二）公务接待费1.00万元，与2022年预算持平。",
                "（三）公务用车购置及运行维护费2.60万元，其中：公务用车购置费0万元，"
                "与2022年预算持平；公务用车运行维护费2.60万元，比2022年预算增加0.01万元，"
                "增长0.4%，主要原因是：公务用车使用年限增长，维修保养费用相应增加。"
                "公务用车保有量1辆。",
            ),
        )

    def test_the_published_demo_budget_lacks_no_reason(self):
        self.assertEqual(self.narrative.missing_reasons, [])
        required = {s.key for s in self.narrative.slots if s.required}
        self.assertEqual(
            required,
            {"budget_three_public:total", "budget_three_public:vehicle_operation"},
        )


class BudgetEdgeTests(TestCase):
    def test_without_last_years_budget_there_is_no_comparison(self):
        narrative = narrative_of(budget_report())
        text = narrative.text()
        self.assertIn(
            "本单位2022年收入总计114.00万元，其中：本年收入111.00万元，上年结转3.00万元。",
            text,
        )
        self.assertIn(
            "本年收入的具体构成为：一般公共预算拨款105.00万元，占94.6%；"
            "其他收入6.00万元，占5.4%。",
            text,
        )
        self.assertIn("其中：本年支出105.00万元，结转下年9.00万元。", text)
        self.assertNotIn("比2021年", text)
        self.assertNotIn("与2021年", text)
        self.assertEqual(narrative.missing_reasons, [])

    def test_no_change_reads_as_level_and_asks_no_reason(self):
        report = budget_report()
        prior(report, PriorYearFigure.Key.INCOME_GRAND_TOTAL, "114.00")
        narrative = narrative_of(report)
        self.assertIn("收入总计与2021年预算持平。", narrative.text())
        slot = next(s for s in narrative.slots if s.key == "budget_income_grand_total")
        self.assertFalse(slot.required)
        self.assertEqual(narrative.missing_reasons, [])

    def test_a_change_needs_its_reason_and_the_sentence_stays_grammatical(self):
        report = budget_report()
        prior(report, PriorYearFigure.Key.EXPENDITURE_TOTAL, "100.00")
        narrative = narrative_of(report)
        self.assertIn("本年支出比2021年预算增加5.00万元，增长5%。", narrative.text())
        self.assertEqual(missing(narrative), ["budget_expenditure_total"])
        Reason.objects.create(
            report=report, key="budget_expenditure_total", text="新增项目支出。"
        )
        text = narrative_of(report).text()
        self.assertIn("增长5%，主要原因是：新增项目支出。", text)
        self.assertNotIn("。。", text)

    def test_last_year_zero_gives_the_amount_without_a_rate(self):
        report = budget_report()
        prior(report, PriorYearFigure.Key.THREE_PUBLIC_TOTAL, "0")
        narrative = narrative_of(report)
        self.assertIn(
            "本单位2022年财政拨款“三公”经费预算3.00万元，"
            "比2021年预算增加3.00万元（上年未安排预算）。",
            narrative.text(),
        )
        self.assertEqual(missing(narrative), ["budget_three_public:total"])

    def test_a_decrease_of_an_item_reads_as_decrease(self):
        report = budget_report()
        prior(report, PriorYearFigure.Key.THREE_PUBLIC_VEHICLE_OPERATION, "4.00")
        narrative = narrative_of(report)
        self.assertIn(
            "公务用车运行维护费3.00万元，比2021年预算减少1.00万元，下降25%",
            narrative.text(),
        )
        self.assertEqual(missing(narrative), ["budget_three_public:vehicle_operation"])

    def test_no_three_public_budget_is_one_sentence(self):
        report = budget_report()
        ThreePublicExpenses.objects.filter(report=report).update(
            budget_vehicle_operation=D("0")
        )
        self.assertEqual(
            narrative_of(report).sections[1].paragraphs,
            ("本单位2022年未安排财政拨款“三公”经费预算，公务用车保有量1辆。",),
        )

    def test_a_government_fund_budget_is_stated_with_its_classes(self):
        report = budget_report()
        function_code("229", name="其他支出")
        land = function_code("2296002")
        IncomeLineFactory(report=report, function_code=land, gov_fund=D("20.00"))
        FiscalExpenditureLineFactory(
            report=report, function_code=land, fund=Fund.GOV_FUND, project=D("20.00")
        )
        fund = paragraphs_under(narrative_of(report), "4、政府性基金收支情况说明")
        self.assertEqual(
            fund,
            [
                "本单位2022年政府性基金预算拨款收入20.00万元，"
                "政府性基金预算拨款支出20.00万元，其中：其他支出20.00万元。"
            ],
        )

    def test_a_public_welfare_unit_has_no_operating_expense(self):
        narrative = narrative_of(budget_report())
        self.assertEqual(
            paragraphs_under(narrative, "5、机关运行经费情况说明"),
            ["本单位为事业单位，无机关运行经费预算。"],
        )

    def test_another_unit_type_without_operating_expense(self):
        narrative = narrative_of(budget_report(Unit.UnitType.OTHER))
        self.assertEqual(
            paragraphs_under(narrative, "5、机关运行经费情况说明"),
            ["本单位不是行政单位或参照公务员法管理事业单位，无机关运行经费预算。"],
        )

    def test_an_administrative_unit_states_its_operating_budget(self):
        report = budget_report(Unit.UnitType.ADMINISTRATIVE)
        OperatingExpense.objects.create(report=report, amount=D("3.50"))
        prior(report, PriorYearFigure.Key.OPERATING_EXPENSE, "4.00")
        narrative = narrative_of(report)
        self.assertEqual(
            paragraphs_under(narrative, "5、机关运行经费情况说明"),
            [
                "本单位2022年机关运行经费财政拨款预算3.50万元，"
                "比2021年预算减少0.50万元，下降12.5%。"
            ],
        )
        self.assertEqual(missing(narrative), ["budget_operating_expense"])

    def test_no_procurement_budget(self):
        report = budget_report()
        Procurement.objects.filter(report=report).update(goods=0, sme_goods=0)
        self.assertEqual(
            paragraphs_under(narrative_of(report), "6、政府采购安排情况说明"),
            ["本单位2022年未安排政府采购预算。"],
        )

    def test_projects_with_targets_are_counted_and_their_funds_summed(self):
        report = budget_report()
        ProjectFactory(
            report=report, initial_fiscal=D("20.00"), expected_goals="完成城市管理巡查"
        )
        IndicatorFactory(
            project=ProjectFactory(report=report, initial_fiscal=D("25.00"))
        )
        self.assertEqual(
            paragraphs_under(narrative_of(report), "8、预算绩效情况说明"),
            [
                "本单位2022年开展绩效目标管理的项目2个，涉及预算45.00万元，"
                "占项目支出预算的100%。本单位2022年项目支出均已编制绩效目标。"
            ],
        )
        ProjectFactory(report=report, initial_fiscal=D("5.00"))
        self.assertEqual(
            paragraphs_under(narrative_of(report), "8、预算绩效情况说明"),
            [
                "本单位2022年开展绩效目标管理的项目2个，涉及预算45.00万元，"
                "占项目支出预算的100%。另有1个项目未编制绩效目标。"
            ],
        )

    def test_amounts_in_yuan_are_labelled_yuan(self):
        report = budget_report()
        report.amount_unit = Report.AmountUnit.YUAN
        report.save()
        text = narrative_of(report).text()
        self.assertIn("本单位2022年收入总计114.00元", text)
        self.assertIn("财政拨款“三公”经费预算3.00元", text)
        self.assertNotIn("万元", text.replace("单价100万元", ""))

    def test_last_years_budget_not_its_final_accounts_is_the_comparison(self):
        report = budget_report()
        last_year = FiscalYearFactory(year=2021)
        last_budget = ReportFactory(unit=report.unit, fiscal_year=last_year, **BUDGET)
        ThreePublicExpensesFactory(
            report=last_budget,
            budget_reception=D("0.50"),
            budget_vehicle_operation=D("2.50"),
        )
        force_status(last_budget, Report.Status.APPROVED, freeze=False)
        last_final = ReportFactory(unit=report.unit, fiscal_year=last_year)
        ThreePublicExpensesFactory(report=last_final, budget_vehicle_operation=D("9"))
        force_status(last_final, Report.Status.APPROVED, freeze=False)
        narrative = narrative_of(report)
        three_public = "".join(narrative.sections[1].paragraphs)
        self.assertIn("“三公”经费预算3.00万元，与2021年预算持平。", three_public)
        self.assertIn(
            "公务接待费0万元，比2021年预算减少0.50万元，下降100%", three_public
        )
        self.assertIn(
            "公务用车运行维护费3.00万元，比2021年预算增加0.50万元，增长20%",
            three_public,
        )
        self.assertEqual(
            [key for key in missing(narrative) if "three_public" in key],
            ["budget_three_public:reception", "budget_three_public:vehicle_operation"],
        )


class BudgetSlotLabelTests(TestCase):
    def test_every_budget_slot_has_the_label_its_key_gives_alone(self):
        report = budget_report(Unit.UnitType.ADMINISTRATIVE)
        OperatingExpense.objects.create(report=report, amount=D("3.50"))
        for key, amount in {
            PriorYearFigure.Key.INCOME_GRAND_TOTAL: "100",
            PriorYearFigure.Key.EXPENDITURE_TOTAL: "100",
            PriorYearFigure.Key.OPERATING_EXPENSE: "3",
            PriorYearFigure.Key.THREE_PUBLIC_TOTAL: "2",
            PriorYearFigure.Key.THREE_PUBLIC_ABROAD: "0",
            PriorYearFigure.Key.THREE_PUBLIC_RECEPTION: "0",
            PriorYearFigure.Key.THREE_PUBLIC_VEHICLE_PURCHASE: "0",
            PriorYearFigure.Key.THREE_PUBLIC_VEHICLE_OPERATION: "2",
        }.items():
            prior(report, key, amount)
        slots = narrative_of(report).slots
        self.assertEqual(len(slots), 8)
        for slot in slots:
            with self.subTest(key=slot.key):
                self.assertTrue(slot.key.startswith("budget_"))
                self.assertEqual(reason_label(slot.key), slot.where)
                self.assertNotIn("其他说明", slot.where)


class SubNumberTests(SimpleTestCase):
    def test_final_accounts_keep_chinese_ordinals_and_budgets_count_in_arabic(self):
        self.assertEqual(sub_number(1), "（一）")
        self.assertEqual(sub_number(3, "chinese"), "（三）")
        self.assertEqual(sub_number(3, "arabic"), "3、")
