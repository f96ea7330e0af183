"""The 审核 rule engine: each rule passes on a consistent report and fires on a broken one."""

import re
from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

from django.test import TestCase

from disclosure.figures import Figures
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
from disclosure.narrative import build_narrative
from disclosure.rules import (
    GUARANTEES,
    REGISTRY,
    Outcome,
    Severity,
    check_report,
    run_rules,
)
from disclosure.rules.context import RuleContext
from disclosure.selectors import load_report_data
from disclosure.tables import build_tables
from tests.factories import (
    BasicExpenditureLineFactory,
    ExpenditureLineFactory,
    economic_code,
    function_code,
)
from tests.scenarios import consistent_report
from units.models import Unit


def context_for(report, **stated) -> RuleContext:
    """The report's rule context; `stated` replaces whole tables ("01" → Table)."""
    data = load_report_data(report)
    tables = {t.code[2:4]: t for t in build_tables(data)}
    tables.update(stated)
    return RuleContext(data, tables, narrative=build_narrative(data, Figures(data)))


def with_value(table, row_key, column_key, value):
    """The same table with one stated figure changed, as an imported workbook could carry."""

    def patch(rows):
        return tuple(
            replace(r, values={**r.values, column_key: value})
            if r.key == row_key
            else r
            for r in rows
        )

    panes = tuple(
        replace(p, rows=patch(p.rows), footer=patch(p.footer)) for p in table.panes
    )
    return replace(table, panes=panes)


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


class StatedTableRuleTests(RuleTestCase):
    """Within-table identities, on tables carrying stated figures (imports, snapshots)."""

    def setUp(self):
        self.report = consistent_report()
        self.tables = context_for(self.report).tables

    def run_with(self, number, row, column, value):
        table = with_value(self.tables[number], row, column, value)
        return run_rules(context_for(self.report, **{number: table}))

    def test_t01_income_total_must_equal_its_sources(self):
        self.assertFires(
            self.run_with("01", "in_total", "amount", D("112.00")), "T01-1"
        )

    def test_t01_grand_total_inside_the_rounding_envelope_is_info_not_error(self):
        # Seed #2: 17.96 + 335.28 = 353.24 against a stated 353.25.
        result = self.run_with("01", "in_grand", "amount", D("114.01"))
        findings = result.by_rule("T01-2")
        self.assertFalse([f for f in findings if f.failed])
        self.assertTrue(any(f.rounding and "取整" in f.message for f in findings))
        self.assertIn(findings[0], result.infos)

    def test_t01_grand_total_outside_the_envelope_fails(self):
        self.assertFires(
            self.run_with("01", "in_grand", "amount", D("114.10")), "T01-2"
        )

    def test_t02_a_class_that_disagrees_with_its_items_fails(self):
        self.assertFires(
            self.run_with("02", "212", "total", D("100.00")), "T02-2", contains="212"
        )

    def test_t02_a_row_whose_total_disagrees_with_its_sources_fails(self):
        self.assertFires(self.run_with("02", "2120199", "total", D("100.00")), "T02-1")

    def test_t04_four_classes_against_a_stated_total_fail_like_the_seed(self):
        # Seed #3: 15.40 + 6.22 + 287.82 + 7.70 = 317.14 against a stated 317.25.
        self.assertFires(
            self.run_with("04", "ex_total", "total", D("100.11")),
            "T04-5",
            contains="100.11",
        )

    def test_t05_row_total_must_be_basic_plus_project(self):
        self.assertFires(self.run_with("05", "total", "total", D("101.00")), "T05-1")

    def test_t06_personnel_total_must_be_301_plus_303(self):
        self.assertFires(
            self.run_with("06", "personnel_total", "amount", D("56.00")), "T06-2"
        )

    def test_t09_total_must_be_its_items(self):
        self.assertFires(self.run_with("09", "row", "actual_total", D("3.00")), "T09-1")

    def test_t09_vehicle_subtotal_must_be_purchase_plus_operation(self):
        self.assertFires(
            self.run_with("09", "row", "budget_vehicle_total", D("4.00")), "T09-2"
        )

    def test_t10_vehicle_total_must_be_its_categories(self):
        self.assertFires(self.run_with("10", "vehicles_total", "amount", 0), "T10-1")


# (rule, table, row, column, stated value): one stated figure that breaks exactly that rule.
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
}  # fmt: skip

STATED_BREAKS = [
    ("T01-3", "01", "ex_total", "amount", D("106.00")),
    ("T01-4", "01", "ex_grand", "amount", D("200.00")),
    ("T01-5", "01", "in_grand", "amount", D("200.00")),
    ("T03-1", "03", "2120199", "total", D("100.00")),
    ("T03-2", "03", "212", "basic", D("49.00")),
    ("T04-1", "04", "ex:212", "total", D("91.00")),
    ("T04-2", "04", "in_total", "amount", D("106.00")),
    ("T04-3", "04", "open_total", "amount", D("3.00")),
    ("T04-4", "04", "in_grand", "amount", D("108.00")),
    ("T04-6", "04", "ex_grand", "general", D("110.00")),
    ("T04-7", "04", "ex_grand", "total", D("108.00")),
    ("T05-2", "05", "212", "basic", D("49.00")),
    ("T06-1", "06", "301", "amount", D("56.00")),
    ("T06-3", "06", "public_total", "amount", D("6.00")),
    ("T07-1", "07", "total", "ex_total", D("1.00")),
    ("T07-2", "07", "total", "closing", D("1.00")),
    ("T07-3", "07", "total", "income", D("1.00")),
    ("T08-1", "08", "total", "total", D("1.00")),
    ("T08-2", "08", "total", "basic", D("1.00")),
    ("X-01", "02", "total", "total", D("112.00")),
    ("X-02", "02", "total", "fiscal", D("106.00")),
    ("X-03", "02", "total", "other", D("7.00")),
    ("X-04", "03", "total", "total", D("106.00")),
    ("X-05", "03", "212", "total", D("96.00")),
    ("X-06", "04", "in_general", "amount", D("106.00")),
    ("X-07", "04", "in_total", "amount", D("106.00")),
    ("X-08", "05", "total", "total", D("101.00")),
    ("X-09", "05", "212", "total", D("91.00")),
    ("X-10", "07", "total", "income", D("1.00")),
    ("X-11", "08", "total", "total", D("1.00")),
    ("X-15", "07", "total", "opening", D("1.00")),
]


class EveryStatedBreakTests(RuleTestCase):
    def test_each_rule_fires_on_a_stated_figure_that_breaks_it(self):
        report = consistent_report()
        tables = context_for(report).tables
        for rule_id, number, row, column, value in STATED_BREAKS:
            with self.subTest(rule_id):
                table = with_value(tables[number], row, column, value)
                self.assertNotEqual(
                    table.value(row, column), tables[number].value(row, column)
                )
                self.assertFires(
                    run_rules(context_for(report, **{number: table})), rule_id
                )

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
        """Each rule is named in an assertFires(...) call or in STATED_BREAKS above."""
        tests = Path(__file__).resolve().parent.parent
        source = "".join(
            p.read_text(encoding="utf-8") for p in tests.rglob("test_*.py")
        )
        asserted = {
            rule_id
            for call in re.findall(r"assertFires\((.*?)\)\n", source, re.S)
            for rule_id in re.findall(r'"([A-Z][A-Z0-9]*-\d+)"', call)
        }
        asserted |= {rule_id for rule_id, *_ in STATED_BREAKS}
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
        self.assertFires(check_report(report), "R-1", contains="closing_total")

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
        outcomes = {f.outcome for f in result.by_rule("T01-2")}
        self.assertEqual(outcomes, {Outcome.INSUFFICIENT})
        self.assertIn(result.by_rule("T01-2")[0], result.infos)

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
        small = consistent_report()
        with self.assertNumQueries(11):
            check_report(small)
        big = consistent_report()
        for i in range(60):
            code = function_code(f"21201{i:02d}")
            ExpenditureLineFactory(report=big, function_code=code, basic=D("1.00"))
        with self.assertNumQueries(11):
            check_report(big)
