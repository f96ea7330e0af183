"""Loading a report's facts: a fixed number of queries, codes shared by the lines, last year lazily."""

from decimal import Decimal as D

from django.db import connection
from django.db.models.signals import post_init
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from disclosure.document import build_document
from disclosure.figures import DEFINITIONS, Figures
from disclosure.models import FiscalExpenditureLine, Fund, IncomeLine, Report
from disclosure.rules import check_report
from disclosure.selectors import load_report_data
from disclosure.tables import build_tables
from disclosure.tables.registry import last_year_figures
from tests.factories import (
    ExpenditureLineFactory,
    FiscalExpenditureLineFactory,
    FiscalYearFactory,
    IncomeLineFactory,
    ReportFactory,
    function_code,
)
from tests.scenarios import consistent_report, force_status


def add_lines(report, count: int, year: int = 2022):
    """`count` more 项 lines of each kind, each on its own code."""
    for i in range(count):
        code = function_code(f"2130{i // 10:01d}{i % 10:02d}", year=year)
        IncomeLineFactory(report=report, function_code=code, general_budget=D("1.00"))
        ExpenditureLineFactory(report=report, function_code=code, basic=D("1.00"))
        FiscalExpenditureLineFactory(
            report=report,
            function_code=code,
            fund=Fund.GENERAL,
            basic=D("1.00"),
            budget_initial=D("1.00"),
        )


def with_prior(report, lines: int = 0) -> Report:
    """An approved report of the same unit for the year before, with `lines` lines."""
    prior = ReportFactory(unit=report.unit, fiscal_year=FiscalYearFactory(year=2021))
    IncomeLineFactory(
        report=prior,
        function_code=function_code("2120199", year=2021),
        general_budget=D("3.00"),
    )
    add_lines(prior, lines, year=2021)
    force_status(prior.pk, Report.Status.APPROVED)
    return prior


def queries(fn) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return [q["sql"] for q in captured.captured_queries]


class QueryBudgetTests(TestCase):
    def test_loading_takes_the_same_queries_whatever_the_number_of_lines(self):
        small = consistent_report()
        expected = len(queries(lambda: load_report_data(small)))
        big = consistent_report()
        add_lines(big, 40)
        self.assertEqual(len(queries(lambda: load_report_data(big))), expected)

    def test_checking_with_last_years_report_does_not_grow_with_either_report(self):
        small = consistent_report()
        with_prior(small)
        expected = len(queries(lambda: check_report(small)))
        big = consistent_report()
        add_lines(big, 40)
        with_prior(big, lines=40)
        self.assertEqual(len(queries(lambda: check_report(big))), expected)

    def test_every_line_carries_its_code_without_a_query(self):
        report = consistent_report()
        add_lines(report, 12)
        data = load_report_data(report)
        lines = data.income_lines + data.expenditure_lines + data.fiscal_lines
        self.assertEqual(len(lines), 3 * 12 + 6)
        with self.assertNumQueries(0):
            seen = [(line.function_code_id, line.function_code.code) for line in lines]
            names = {line.function_code.name for line in lines}
        self.assertEqual(
            seen, [(line.function_code_id, line.function_code.code) for line in lines]
        )
        for line in lines:
            stored = type(line).objects.get(pk=line.pk).function_code
            self.assertEqual(line.function_code, stored)
            self.assertEqual(line.function_code.name, stored.name)
            self.assertNotIn("_code", vars(line))
        self.assertIn("科目2130001", names)
        # Names and ancestors of the report's year, every 类 included.
        self.assertEqual(data.function_codes["21300"].name, "科目21300")
        self.assertEqual(data.function_codes["213"].name, "科目213")
        self.assertIn("208", data.function_codes)

    def test_a_line_on_another_years_code_keeps_that_code(self):
        report = consistent_report()
        old = function_code("2130101", "旧年度科目", year=2021)
        function_code("2130101", "本年度科目")
        ExpenditureLineFactory(report=report, function_code=old, basic=D("1.00"))
        data = load_report_data(report)
        (line,) = [
            x for x in data.expenditure_lines if x.function_code.code == "2130101"
        ]
        self.assertEqual(line.function_code.pk, old.pk)
        self.assertEqual(line.function_code.name, "旧年度科目")
        self.assertEqual(data.function_codes["2130101"].name, "本年度科目")


class LineInstanceTests(TestCase):
    def test_lines_are_the_instances_the_orm_makes(self):
        report = consistent_report()
        data = load_report_data(report)
        lines = data.income_lines + data.expenditure_lines + data.fiscal_lines
        for line in lines:
            model = type(line)
            stored = model.objects.get(pk=line.pk)
            for field in model._meta.concrete_fields:
                self.assertEqual(
                    getattr(line, field.attname), getattr(stored, field.attname)
                )
                self.assertIs(
                    type(getattr(line, field.attname)),
                    type(getattr(stored, field.attname)),
                )
            self.assertFalse(line._state.adding)
            self.assertEqual(line._state.db, stored._state.db)
        self.assertEqual(
            [line.pk for line in data.fiscal_lines],
            list(
                FiscalExpenditureLine.objects.filter(report=report).values_list(
                    "pk", flat=True
                )
            ),
        )
        # They behave as any loaded instance: a draft's line can be saved.
        line = data.expenditure_lines[0]
        line.basic = D("11.00")
        line.save()
        line.refresh_from_db()
        self.assertEqual(line.basic, D("11.00"))

    def test_a_model_with_init_receivers_is_loaded_the_usual_way(self):
        report = consistent_report()
        made = []

        def receiver(sender, instance, **kwargs):
            made.append(instance)

        post_init.connect(receiver, sender=IncomeLine)
        try:
            data = load_report_data(report)
        finally:
            post_init.disconnect(receiver, sender=IncomeLine)
        self.assertEqual(made, data.income_lines)
        self.assertEqual(len(made), 2)


class LastYearTests(TestCase):
    def test_last_years_figures_are_loaded_when_read_and_equal_a_full_load(self):
        report = consistent_report()
        prior = with_prior(report, lines=5)
        with self.assertNumQueries(1):  # which report was last year's
            figures = last_year_figures(report)
        loading = queries(lambda: load_report_data(prior, tables_only=True))
        # Plus one query per crosswalk (功能分类, 经济分类) its codes are read through.
        self.assertEqual(
            len(queries(lambda: figures["income_total"])), len(loading) + 2
        )
        full = Figures(load_report_data(prior))
        with self.assertNumQueries(0):
            for name in DEFINITIONS:
                self.assertEqual(figures[name], full[name], name)

    def test_without_last_years_report_there_are_no_last_year_figures(self):
        self.assertIsNone(last_year_figures(consistent_report()))

    def test_the_tables_of_last_year_load_fewer_facts(self):
        prior = with_prior(consistent_report())
        full = queries(lambda: load_report_data(prior))
        tables_only = queries(lambda: load_report_data(prior, tables_only=True))
        self.assertLess(len(tables_only), len(full))
        data = load_report_data(prior, tables_only=True)
        self.assertEqual(build_tables(data), build_tables(load_report_data(prior)))
        self.assertIsNone(data.profile)
        self.assertEqual(data.reasons, {})

    def test_the_document_reads_last_years_figures(self):
        report = consistent_report()
        with_prior(report)
        doc = build_document(report)
        self.assertEqual(doc.prior_figures["income_total"], D("3.00"))
        self.assertIn("较2021年", doc.narrative.text())
