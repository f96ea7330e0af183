"""The guarantees hold for every template: properties of the builders over generated reports.

Relations that the builders make true by construction are not 审核 rules
(they could only fail on a hand-patched table); they are listed as guarantees
(disclosure/rules/guarantees.py) and tested here, for every template of
TEMPLATES, over the demo's reports, a few synthetic ones and one report with
every kind of 财政拨款. Each check is also shown to catch a patched figure.
"""

from decimal import Decimal as D
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from disclosure.figures import Figures
from disclosure.models import FiscalExpenditureLine, Fund, IncomeLine, Report
from disclosure.report_templates import TEMPLATES
from disclosure.rules.guarantees import BY_CONSTRUCTION
from disclosure.selectors import load_report_data
from tests.demo_cache import load_demo_shared
from tests.disclosure.table_properties import (
    SAME_CELLS,
    SAME_CLASSES,
    build_all,
    cross_table_problems,
    printed_figure_problems,
    with_value,
    within_table_problems,
)
from tests.factories import function_code
from tests.scenarios import consistent_report


def every_fund_report() -> Report:
    """The consistent report with 政府性基金 and 国有资本经营 income and spending too."""
    report = consistent_report()
    code = function_code("2120801")
    IncomeLine.objects.create(
        report=report, function_code=code, gov_fund=D("8.00"), state_capital=D("3.00")
    )
    FiscalExpenditureLine.objects.create(
        report=report,
        fund=Fund.GOV_FUND,
        function_code=code,
        basic=D("1.00"),
        project=D("6.00"),
        opening_balance=D("2.00"),
        closing_balance=D("3.00"),
    )
    FiscalExpenditureLine.objects.create(
        report=report,
        fund=Fund.STATE_CAPITAL,
        function_code=function_code("2230101"),
        project=D("3.00"),
    )
    return report


class GeneratedReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_shared()
        call_command(
            "generate_synthetic",
            units=4,
            years=1,
            seed=7,
            force=True,
            stdout=StringIO(),
        )
        every_fund_report()

    def test_the_guarantees_hold_in_every_template_for_every_generated_report(self):
        reports = Report.objects.select_related("unit", "fiscal_year")
        self.assertGreaterEqual(len(reports), 6)
        for report in reports:
            figures = Figures(load_report_data(report))
            for template in TEMPLATES.values():
                with self.subTest(report=str(report), template=template.code):
                    tables = build_all(template, figures)
                    self.assertEqual(within_table_problems(template, tables), [])
                    self.assertEqual(cross_table_problems(tables), [])
                    self.assertEqual(printed_figure_problems(tables, figures), [])

    def test_the_generated_reports_print_every_kind_of_fiscal_funds(self):
        funds = set(
            FiscalExpenditureLine.objects.exclude(basic=0, project=0).values_list(
                "fund", flat=True
            )
        )
        self.assertEqual(funds, set(Fund.values))


# (relation, role, row, column): one figure whose change a property check reports.
BREAKS = (
    ("T01-1", "summary", "in_total", "amount"),
    ("T01-3", "summary", "ex_total", "amount"),
    ("T01-4", "summary", "ex_grand", "amount"),
    ("T02-1", "income", "2120199", "total"),
    ("T02-2", "income", "212", "fiscal"),
    ("T03-1", "expenditure", "2120199", "basic"),
    ("T03-2", "expenditure", "21201", "project"),
    ("T04-1", "fiscal_summary", "ex:212", "total"),
    ("T04-3", "fiscal_summary", "open_total", "amount"),
    ("T04-6", "fiscal_summary", "ex_grand", "general"),
    ("T05-1", "general_budget", "total", "total"),
    ("T06-1", "basic_by_economic_class", "301", "amount"),
    ("T06-2", "basic_by_economic_class", "personnel_total", "amount"),
    ("T07-1", "gov_fund", "total", "ex_total"),
    ("T08-1", "state_capital", "total", "basic"),
    ("T09-1", "three_public", "row", "actual_total"),
    ("T09-2", "three_public", "row", "budget_vehicle_total"),
    ("T10-1", "assets", "vehicles_total", "amount"),
    ("X-01", "income", "total", "total"),
    ("X-05", "expenditure", "212", "total"),
    ("X-09", "general_budget", "212", "total"),
    ("X-10", "gov_fund", "total", "opening"),
    ("X-11", "state_capital", "2230101", "total"),
    ("X-11", "state_capital", "2230101", "ex_total"),
    ("X-11", "state_capital", "total", "closing"),
    ("X-15", "gov_fund", "total", "income"),
)


class PropertiesCanFailTests(TestCase):
    """Not vacuous: every check reports a table with one figure changed."""

    @classmethod
    def setUpTestData(cls):
        cls.report = every_fund_report()

    def setUp(self):
        self.figures = Figures(load_report_data(self.report))

    def problems(self, template, tables):
        return within_table_problems(template, tables) + cross_table_problems(tables)

    def test_each_check_reports_a_patched_figure_in_every_template(self):
        tried = set()
        for template in TEMPLATES.values():
            built = build_all(template, self.figures)
            self.assertEqual(self.problems(template, built), [])
            for relation, role, row, column in BREAKS:
                table = built.get(role)
                if table is None or not table.has_row(row):
                    continue  # the template lacks it
                if column not in {c.key for c in table.columns}:
                    continue  # its table of that role has other columns
                with self.subTest(template=template.code, relation=relation):
                    stated = table.value(row, column) or 0
                    patched = with_value(table, row, column, stated + D("1.00"))
                    tables = {**built, role: patched}
                    self.assertNotEqual(self.problems(template, tables), [])
                tried.add(relation)
        # Each relation was tried in some template: none is skipped everywhere.
        self.assertEqual(tried, {relation for relation, *_ in BREAKS})

    def test_a_table_that_misprints_a_figure_is_reported(self):
        for template in TEMPLATES.values():
            built = build_all(template, self.figures)
            table = built.get("summary")
            if table is None:
                continue
            # A layout without 上年结转 (上海 预算) totals at 收入总计 (in_total).
            row = "in_grand" if table.has_row("in_grand") else "in_total"
            with self.subTest(template=template.code):
                grand = table.value(row, "amount")
                tables = {
                    **built,
                    "summary": with_value(table, row, "amount", grand + 1),
                }
                self.assertNotEqual(printed_figure_problems(tables, self.figures), [])

    def test_every_relation_made_true_by_the_builders_is_a_listed_guarantee(self):
        tested = {relation for relation, *_ in BREAKS}
        tested |= {relation for relation, *_ in SAME_CELLS + SAME_CLASSES}
        listed = {g.id for g in BY_CONSTRUCTION}
        self.assertEqual(tested - listed, set())
