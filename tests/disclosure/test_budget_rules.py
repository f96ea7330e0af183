"""The 预算 rules (B-*): each passes on a consistent 预算 and fires on a broken one.

Also which rules a 预算 gets: the 决算-only ones are not applicable there,
the B rules are not applicable on a 决算, and the demo 预算 passes them all.
"""

from decimal import Decimal as D

from django.test import TestCase

from disclosure.models import Balances, FiscalExpenditureLine, IncomeLine, Report
from disclosure.rules import REGISTRY, Outcome, Severity, check_report
from tests.demo_cache import load_demo_shared
from tests.disclosure.test_rules import RuleTestCase
from tests.factories import BasicExpenditureLineFactory, ProjectFactory, economic_code
from tests.scenarios import consistent_budget, consistent_report

BUDGET_RULES = sorted(r.id for r in REGISTRY.values() if r.kinds == ("budget",))
FINAL_RULES = sorted(r.id for r in REGISTRY.values() if r.kinds == ("final",))


def fiscal_line(report, code):
    return FiscalExpenditureLine.objects.get(report=report, function_code__code=code)


class KindApplicabilityTests(TestCase):
    def test_the_budget_family_has_its_seven_rules(self):
        self.assertEqual(BUDGET_RULES, [f"B-{n}" for n in range(1, 8)])

    def test_rules_for_a_final_account_do_not_apply_to_a_budget(self):
        result = check_report(consistent_budget())
        for rule_id in FINAL_RULES:
            with self.subTest(rule_id):
                [finding] = result.by_rule(rule_id)
                self.assertEqual(finding.outcome, Outcome.NOT_APPLICABLE)
                self.assertEqual(finding.message, "本规则只适用于决算")

    def test_budget_rules_do_not_apply_to_a_final_account(self):
        result = check_report(consistent_report())
        for rule_id in BUDGET_RULES:
            with self.subTest(rule_id):
                [finding] = result.by_rule(rule_id)
                self.assertEqual(finding.outcome, Outcome.NOT_APPLICABLE)
                self.assertEqual(finding.message, "本规则只适用于预算")

    def test_the_identities_of_any_report_run_on_a_budget(self):
        result = check_report(consistent_budget())
        for rule_id in ("X-12", "X-14", "ALL-1", "H-1", "H-5", *BUDGET_RULES):
            with self.subTest(rule_id):
                outcomes = {f.outcome for f in result.by_rule(rule_id)}
                self.assertEqual(outcomes, {Outcome.PASS})

    def test_a_department_rule_on_a_unit_budget_names_the_department_budget(self):
        result = check_report(consistent_budget())
        self.assertEqual(result.by_rule("C-1")[0].message, "本规则只适用于部门预算")


class ConsistentBudgetTests(RuleTestCase):
    def test_a_consistent_budget_has_no_error_and_no_warning(self):
        for unit in ("wan_yuan", "yuan"):
            with self.subTest(unit):
                result = check_report(consistent_budget(amount_unit=unit))
                self.assertEqual(result.errors, [])
                self.assertEqual(result.warnings, [])
                self.assertEqual(result.infos, [])


class BudgetBalanceTests(RuleTestCase):
    def setUp(self):
        self.report = consistent_budget()

    def test_b1_passes_when_income_and_carry_over_meet_spending(self):
        self.assertPasses(check_report(self.report), "B-1")

    def test_b1_fires_when_the_carry_forward_breaks_the_balance(self):
        Balances.objects.filter(report=self.report).update(closing_total=D("10.00"))
        self.assertFires(check_report(self.report), "B-1", contains="结转下年 10.00")

    def test_b1_fires_the_same_way_on_a_budget_in_yuan(self):
        report = consistent_budget(amount_unit="yuan")
        self.assertPasses(check_report(report), "B-1")
        Balances.objects.filter(report=report).update(closing_total=D("10.00"))
        result = check_report(report)
        self.assertFires(result, "B-1", contains="相差 1.00")
        [finding] = result.by_rule("B-1")
        self.assertFalse(finding.rounding)

    def test_b2_passes_when_each_fund_balances(self):
        self.assertPasses(check_report(self.report), "B-2")

    def test_b2_fires_for_the_fund_whose_carry_forward_is_off(self):
        line = fiscal_line(self.report, "2120199")
        line.closing_balance = D("8.00")
        line.save()
        self.assertFires(
            check_report(self.report), "B-2", contains="一般公共预算财政拨款"
        )

    def test_b4_passes_when_each_code_balances(self):
        self.assertPasses(check_report(self.report), "B-4")

    def test_b4_warns_when_income_moves_between_codes(self):
        # The fund still balances (B-2), but 2 moved from one code to another.
        IncomeLine.objects.filter(
            report=self.report, function_code__code="2080505"
        ).update(general_budget=D("12.00"))
        IncomeLine.objects.filter(
            report=self.report, function_code__code="2120199"
        ).update(general_budget=D("93.00"))
        result = check_report(self.report)
        self.assertPasses(result, "B-2")
        self.assertFires(result, "B-4", Severity.WARNING, contains="2080505")
        self.assertFires(result, "B-4", Severity.WARNING, contains="2120199")


class BudgetCrossTableTests(RuleTestCase):
    def setUp(self):
        self.report = consistent_budget()

    def test_b3_passes_when_fiscal_spending_stays_within_the_code(self):
        self.assertPasses(check_report(self.report), "B-3")

    def test_b3_fires_when_fiscal_project_spending_exceeds_the_code(self):
        line = fiscal_line(self.report, "2120199")
        line.project = D("46.00")
        line.save()
        self.assertFires(
            check_report(self.report), "B-3", contains="2120199：表四 财政拨款项目支出"
        )

    def test_x14_compares_the_basic_spending_with_its_economic_breakdown(self):
        self.assertPasses(check_report(self.report), "X-14")
        BasicExpenditureLineFactory(
            report=self.report, economic_code=economic_code("30299"), amount=D("1")
        )
        self.assertFires(check_report(self.report), "X-14")

    def test_b5_passes_when_each_basic_line_is_within_its_three_public_budget(self):
        self.assertPasses(check_report(self.report), "B-5")

    def test_b5_fires_when_a_basic_line_exceeds_its_three_public_budget(self):
        self.report.three_public.budget_vehicle_operation = D("1.50")
        self.report.three_public.save()
        self.assertFires(
            check_report(self.report), "B-5", contains="公务用车运行维护费"
        )

    def test_b5_fires_for_a_reception_line_without_a_reception_budget(self):
        BasicExpenditureLineFactory(
            report=self.report, economic_code=economic_code("30217"), amount=D("1")
        )
        self.assertFires(check_report(self.report), "B-5", contains="公务接待费")

    def test_b6_passes_within_the_fiscal_spending(self):
        self.assertPasses(check_report(self.report), "B-6")

    def test_b6_fires_when_three_public_budget_exceeds_fiscal_spending(self):
        self.report.three_public.budget_abroad = D("200.00")
        self.report.three_public.save()
        result = check_report(self.report)
        self.assertFires(result, "B-6", contains="“三公”经费预算数 203.00")
        self.assertPasses(result, "B-5")


class PerformanceTargetTests(RuleTestCase):
    """B-7: the performance-target projects' 年初预算 funds within 项目支出 (45)."""

    def setUp(self):
        self.report = consistent_budget()

    def test_b7_passes_without_projects(self):
        self.assertPasses(check_report(self.report), "B-7")

    def test_b7_passes_when_the_projects_fit_the_project_spending(self):
        ProjectFactory(report=self.report, initial_fiscal=D("40.00"))
        ProjectFactory(report=self.report, initial_fiscal=D("5.00"))
        self.assertPasses(check_report(self.report), "B-7")

    def test_b7_fires_when_every_source_together_exceeds_the_project_spending(self):
        ProjectFactory(
            report=self.report,
            initial_fiscal=D("30.00"),
            initial_carryover=D("10.00"),
            initial_other=D("6.00"),
        )
        self.assertFires(
            check_report(self.report), "B-7", contains="年初预算资金合计 46.00"
        )


class DemoBudgetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_shared()

    def test_the_demo_budget_passes_every_rule(self):
        report = Report.objects.get(
            unit__code="360200105",
            fiscal_year__year=2023,
            kind=Report.Kind.BUDGET,
            status=Report.Status.PUBLISHED,
        )
        result = check_report(report)
        self.assertEqual(result.errors, [])
        self.assertEqual(result.warnings, [])
        for rule_id in BUDGET_RULES:
            with self.subTest(rule_id):
                outcomes = {f.outcome for f in result.by_rule(rule_id)}
                self.assertEqual(outcomes, {Outcome.PASS})
