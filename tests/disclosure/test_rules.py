"""The 审核 rule engine: each rule passes on a consistent report and fires on a broken one."""

import re
from decimal import Decimal as D
from pathlib import Path

from django.test import TestCase

from disclosure.models import (
    Balances,
    FiscalExpenditureLine,
    Fund,
    OperatingExpense,
    PriorYearFigure,
    Procurement,
    Reason,
    ThreePublicExpenses,
)
from disclosure.rules import (
    GUARANTEES,
    REGISTRY,
    Outcome,
    Severity,
    check_report,
    run_rules,
)
from disclosure.rules.context import RuleContext
from tests.factories import (
    BasicExpenditureLineFactory,
    ExpenditureLineFactory,
    economic_code,
    function_code,
)
from tests.scenarios import consistent_report
from units.models import Unit


def context_for(report) -> RuleContext:
    return RuleContext.for_report(report)


class RuleTestCase(TestCase):
    def assertFires(self, result, rule_id, severity=Severity.ERROR, contains=""):
        failures = [f for f in result.by_rule(rule_id) if f.failed]
        self.assertTrue(failures, f"{rule_id} did not fire: {result.by_rule(rule_id)}")
        self.assertTrue(any(f.severity == severity for f in failures), failures)
        if contains:
            self.assertTrue(any(contains in f.message for f in failures), failures)

    def assertPasses(self, result, rule_id):
        findings = result.by_rule(rule_id)
        self.assertTrue(findings, f"{rule_id} produced no finding")
        self.assertFalse([f for f in findings if f.failed], findings)


class ConsistentReportTests(RuleTestCase):
    def test_a_consistent_report_has_no_error_and_no_warning(self):
        result = check_report(consistent_report())
        self.assertEqual(result.errors, [])
        self.assertEqual(result.warnings, [])
        self.assertFalse(result.blocking)

    def test_every_registered_rule_reports_on_it(self):
        result = check_report(consistent_report())
        for rule_id in REGISTRY:
            self.assertPasses(result, rule_id)

    def test_every_rule_has_an_id_title_severity_and_description(self):
        for rule in REGISTRY.values():
            self.assertTrue(rule.title and rule.description, rule.id)
            self.assertIn(rule.severity, Severity.values)


class BalanceRuleTests(RuleTestCase):
    """The balances within a table: what came in against what went out, entered separately."""

    def setUp(self):
        self.report = consistent_report()

    def test_t01_5_income_and_spending_grand_totals_must_agree(self):
        Balances.objects.filter(report=self.report).update(closing_total=D("20.00"))
        self.assertFires(check_report(self.report), "T01-5", contains="收入总计 114.00")

    def test_t01_5_a_gap_inside_the_rounding_envelope_is_info_not_error(self):
        # Seed #2: 17.96 + 335.28 = 353.24 against a stated 353.25.
        Balances.objects.filter(report=self.report).update(closing_total=D("9.01"))
        result = check_report(self.report)
        findings = result.by_rule("T01-5")
        self.assertFalse([f for f in findings if f.failed])
        self.assertTrue(any(f.rounding and "取整" in f.message for f in findings))
        self.assertIn(findings[0], result.infos)

    def test_t04_7_fiscal_income_and_spending_grand_totals_must_agree(self):
        self.report.income_lines.filter(function_code__code="2120199").update(
            general_budget=D("96.00")
        )
        self.assertFires(check_report(self.report), "T04-7", contains="公开04表")

    def test_t07_2_government_fund_spending_needs_income_or_a_balance(self):
        FiscalExpenditureLine.objects.create(
            report=self.report,
            fund=Fund.GOV_FUND,
            function_code=function_code("2120199"),
            basic=D("1.00"),
        )
        result = check_report(self.report)
        self.assertFires(result, "T07-2", contains="公开07表 合计")
        self.assertFires(result, "T07-2", Severity.WARNING, contains="2120199 行")


# Every rule id of the specification's consistency rules (domain.md §3.2–§3.4).
SPECIFICATION_IDS = {
    *(f"T01-{n}" for n in range(1, 6)),
    "T02-1", "T02-2", "T03-1", "T03-2",
    *(f"T04-{n}" for n in range(1, 9)),
    "T05-1", "T05-2", "T06-1", "T06-2", "T06-3", "T07-1", "T07-2", "T08-1", "T08-2",
    "T09-1", "T09-2", "T10-1", "T10-2", "ALL-1", "ALL-2",
    *(f"X-{n:02d}" for n in range(1, 20)),
    *(f"N1-{n}" for n in range(1, 8)),
    *(f"N2-{n}" for n in range(1, 5)),
    *(f"N3-{n}" for n in range(1, 6)),
    *(f"N4-{n}" for n in range(1, 4)),
    *(f"N5-{n}" for n in range(1, 6)),
    "N6-1", "N6-2", "N6-3",
    *(f"N7-{n}" for n in range(1, 5)),
    "N8-1",
    *(f"N9-{n}" for n in range(1, 5)),
    *(f"H-{n}" for n in range(1, 6)),
    # 部门决算: composition, eliminations, internal transfers, the consolidation.
    *(f"C-{n}" for n in range(1, 5)),
}  # fmt: skip


class CatalogueCompletenessTests(RuleTestCase):
    def test_every_rule_of_the_specification_is_checked_or_guaranteed(self):
        checked, guaranteed = set(REGISTRY), [g.id for g in GUARANTEES]
        self.assertEqual(len(guaranteed), len(set(guaranteed)), "listed twice")
        self.assertEqual(
            checked & set(guaranteed), set(), "both checked and guaranteed"
        )
        self.assertEqual(SPECIFICATION_IDS - checked - set(guaranteed), set())
        for guarantee in GUARANTEES:
            self.assertIn(guarantee.id, SPECIFICATION_IDS)
            self.assertTrue(guarantee.title and guarantee.how, guarantee.id)

    def test_every_rule_has_a_failing_case_somewhere_in_the_tests(self):
        """Each rule is named in an assertFires(...) call."""
        tests = Path(__file__).resolve().parent.parent
        source = "".join(
            p.read_text(encoding="utf-8") for p in tests.rglob("test_*.py")
        )
        asserted = {
            rule_id
            for call in re.findall(r"assertFires\((.*?)\)\n", source, re.S)
            for rule_id in re.findall(r'"([A-Z][A-Z0-9]*-\d+)"', call)
        }
        for rule_id in REGISTRY:
            with self.subTest(rule_id):
                self.assertIn(rule_id, asserted)


class CrossFactRuleTests(RuleTestCase):
    def test_all_1_a_negative_balance_is_a_warning(self):
        report = consistent_report()
        Balances.objects.filter(report=report).update(closing_total=D("-1.00"))
        self.assertFires(
            check_report(report), "ALL-1", Severity.WARNING, contains="-1.00"
        )

    def test_r1_a_missing_reason_is_an_error(self):
        report = consistent_report()
        Reason.objects.filter(report=report, key="closing_total").delete()
        self.assertFires(
            check_report(report), "R-1", contains="支出决算情况说明 年末结转和结余"
        )

    def setUp(self):
        self.report = consistent_report()

    def test_x14_basic_spending_must_match_its_economic_breakdown(self):
        BasicExpenditureLineFactory(
            report=self.report, economic_code=economic_code("30211"), amount=D("0.08")
        )
        self.assertFires(
            check_report(self.report),
            "X-14",
            contains="公开05表 合计 60.00 ≠ 公开06表 人员经费 + 公用经费 60.08",
        )

    def test_x12_and_x13_fiscal_spending_cannot_exceed_all_spending(self):
        self.report.expenditure_lines.filter(function_code__code="2120199").update(
            project=D("30.00")
        )
        result = check_report(self.report)
        self.assertFires(result, "X-12", contains="212")
        self.assertFires(result, "X-13", contains="项目支出")

    def test_t04_8_each_fund_must_balance(self):
        FiscalExpenditureLine.objects.filter(
            report=self.report, fund=Fund.GENERAL, function_code__code="2120199"
        ).update(closing_balance=D("8.00"))
        self.assertFires(
            check_report(self.report), "T04-8", contains="一般公共预算财政拨款"
        )

    def test_x16_vehicle_running_costs_in_basic_spending_cannot_exceed_the_three_public_figure(
        self,
    ):
        self.report.basic_lines.filter(economic_code__code="30231").update(
            amount=D("2.50")
        )
        self.report.basic_lines.filter(economic_code__code="30201").update(
            amount=D("2.50")
        )
        self.assertFires(check_report(self.report), "X-16", contains="30231")

    def test_x17_three_public_cannot_exceed_fiscal_spending(self):
        ThreePublicExpenses.objects.filter(report=self.report).update(
            actual_abroad=D("200.00"), abroad_groups=1, abroad_people=2
        )
        self.assertFires(check_report(self.report), "X-17")

    def test_x18_seed_vehicle_held_but_none_in_the_asset_table(self):
        # Seed #5: 运行维护费 2.45 and 年末保有 1 辆, but 公开10表 车辆数合计 0.
        self.report.assets.vehicles_other = 0
        self.report.assets.save()
        self.assertFires(
            check_report(self.report),
            "X-18",
            Severity.WARNING,
            contains="年末公务用车保有 1 辆",
        )

    def test_x19_last_years_closing_balance_must_be_this_years_opening(self):
        PriorYearFigure.objects.filter(report=self.report).update(amount=D("4.00"))
        self.assertFires(check_report(self.report), "X-19", Severity.WARNING)

    def test_a_missing_fact_is_insufficient_data_not_a_guess(self):
        Balances.objects.filter(report=self.report).delete()
        result = check_report(self.report)
        outcomes = {f.outcome for f in result.by_rule("ALL-1")}
        self.assertEqual(outcomes, {Outcome.INSUFFICIENT})
        self.assertIn(result.by_rule("ALL-1")[0], result.infos)

    def test_n5_4_a_purchase_needs_a_vehicle_count(self):
        ThreePublicExpenses.objects.filter(report=self.report).update(
            budget_vehicle_purchase=D("20.00"), actual_vehicle_purchase=D("18.00")
        )
        self.assertFires(
            check_report(self.report), "N5-4", contains="购置公务用车辆数为 0"
        )

    def test_n5_4_a_count_without_an_amount_is_a_warning(self):
        ThreePublicExpenses.objects.filter(report=self.report).update(
            reception_batches=2
        )
        self.assertFires(check_report(self.report), "N5-4", Severity.WARNING)

    def test_n7_procurement_sme_share_cannot_exceed_its_category(self):
        ctx = context_for(self.report)
        ctx.data.procurement = Procurement(
            report=self.report, goods=D("5"), sme_goods=D("6")
        )
        self.assertFires(run_rules(ctx), "N7-1", contains="货物")

    def test_h1_unresolved_template_words_are_refused(self):
        Reason.objects.create(
            report=self.report,
            key="income_total",
            text="决算数较预算数增加（减少）的原因",
        )
        self.assertFires(check_report(self.report), "H-1", contains="增加（减少）")

    def test_h5_doubled_full_stops_are_refused(self):
        Reason.objects.create(
            report=self.report,
            key="expenditure_total",
            text="包含了2021年末结转和结余17.96万元。。",
        )
        self.assertFires(check_report(self.report), "H-5", contains="。。")


class OperatingExpenseRuleTests(RuleTestCase):
    def test_n6_1_an_administrative_unit_must_report_its_operating_expense(self):
        report = consistent_report(Unit.UnitType.ADMINISTRATIVE)
        self.assertFires(check_report(report), "N6-1", contains="应填报机关运行经费")
        OperatingExpense.objects.create(report=report, amount=D("3.00"))
        self.assertPasses(check_report(report), "N6-1")

    def test_n6_1_a_public_welfare_unit_has_no_operating_expense(self):
        report = consistent_report()
        OperatingExpense.objects.create(report=report, amount=D("1.00"))
        self.assertFires(check_report(report), "N6-1", contains="不应填报")

    def test_n6_2_operating_expense_above_public_costs_is_a_warning(self):
        report = consistent_report(Unit.UnitType.ADMINISTRATIVE)
        OperatingExpense.objects.create(report=report, amount=D("6.00"))
        self.assertFires(check_report(report), "N6-2", Severity.WARNING)


class QueryBudgetTests(TestCase):
    def test_checking_a_report_uses_a_fixed_number_of_queries(self):
        # A draft 决算 reads its 年初预算数 from its published 预算 (one query,
        # disclosure/budgets.py), whether or not there is one.
        small = consistent_report()
        with self.assertNumQueries(12):
            check_report(small)
        big = consistent_report()
        for i in range(60):
            code = function_code(f"21201{i:02d}")
            ExpenditureLineFactory(report=big, function_code=code, basic=D("1.00"))
        with self.assertNumQueries(12):
            check_report(big)
