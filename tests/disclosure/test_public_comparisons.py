"""Key figures for comparisons and charts: the same numbers as the tables, in fixed queries."""

from decimal import Decimal as D

from django.test import TestCase

from demo.loader import SEED_UNIT
from disclosure.charts import build_charts, three_public, trend
from disclosure.comparisons import (
    change,
    common_unit,
    compare_years,
    key_figures,
    peer_rows,
    year_totals,
)
from disclosure.document import build_document
from disclosure.models import Report, ThreePublicExpenses
from disclosure.templatetags.public_site import figure, percent, share, signed
from tests.demo_cache import load_demo_shared
from tests.factories import FiscalYearFactory, ReportFactory, UnitProfileFactory
from tests.scenarios import consistent_report


def reports_with_year(**filters):
    """决算 (the comparisons are of 决算; the demo's 预算 are left out)."""
    return list(
        Report.objects.filter(kind=Report.Kind.FINAL, **filters)
        .select_related("fiscal_year")
        .order_by("fiscal_year__year")
    )


class KeyFiguresOnTheDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_shared()

    def test_key_figures_equal_the_published_tables_of_every_demo_report(self):
        reports = reports_with_year(status=Report.Status.PUBLISHED)
        # 12 江西 单位决算, the demo's 部门决算 and one sample report per other layout.
        self.assertEqual(len(reports), 17)
        figures = key_figures(reports)
        for report in reports:
            doc = build_document(report)
            t01, t03, t04, t09 = (
                doc.table(role)
                for role in ("summary", "expenditure", "fiscal_summary", "three_public")
            )
            f = figures[report.pk]
            with self.subTest(report=str(report)):
                self.assertEqual(f.income_grand_total, t01.value("in_grand", "amount"))
                self.assertEqual(f.income_total, t01.value("in_total", "amount"))
                self.assertEqual(f.fiscal_income, t04.value("in_total", "amount"))
                self.assertEqual(f.opening_total, t01.value("in_begin", "amount"))
                self.assertEqual(
                    f.expenditure_grand_total, t01.value("ex_grand", "amount")
                )
                self.assertEqual(f.expenditure_total, t01.value("ex_total", "amount"))
                self.assertEqual(f.closing_total, t01.value("ex_end", "amount"))
                self.assertEqual(f.basic, t03.value("total", "basic"))
                self.assertEqual(f.project, t03.value("total", "project"))
                self.assertEqual(f.fiscal_expenditure, t04.value("ex_total", "total"))
                self.assertEqual(
                    f.three_public_budget, t09.value("row", "budget_total")
                )
                self.assertEqual(
                    f.three_public_actual, t09.value("row", "actual_total")
                )
                self.assertEqual(f.staff_total, doc.data.profile.staff_total)

    def test_sums_come_back_with_exactly_two_decimals(self):
        (report,) = reports_with_year(unit__code=SEED_UNIT, fiscal_year__year=2022)
        figures = key_figures([report])[report.pk]
        self.assertEqual(str(figures.income_total), "335.28")
        self.assertEqual(str(figures.fiscal_expenditure), "317.14")

    def test_frozen_key_figures_cost_one_query_for_one_report_or_all_of_them(self):
        one = reports_with_year(unit__code=SEED_UNIT, fiscal_year__year=2022)
        every = reports_with_year(status=Report.Status.PUBLISHED)
        with self.assertNumQueries(1):
            key_figures(one)
        with self.assertNumQueries(1):
            key_figures(every)

    def test_year_totals_are_the_key_figures_totals_in_one_query(self):
        reports = reports_with_year(status=Report.Status.PUBLISHED)
        figures = key_figures(reports)
        with self.assertNumQueries(1):
            totals = year_totals(reports)
        for t in totals:
            self.assertEqual(t.income_total, figures[t.report_id].income_total)
            self.assertEqual(
                t.expenditure_total, figures[t.report_id].expenditure_total
            )

    def test_the_seed_unit_compared_across_its_years(self):
        # As the public sees them: the 2023 draft is not compared.
        comparison = compare_years(
            reports_with_year(unit__code=SEED_UNIT, status=Report.Status.PUBLISHED)
        )
        self.assertEqual(comparison.years, (2021, 2022))
        self.assertEqual(comparison.measure, "万元")
        rows = {row.key: row for row in comparison.rows}
        self.assertIsNone(rows["income_total"].cells[0].change)
        closing = rows["closing_total"].cells[1]
        self.assertEqual(closing.value, D("35.99"))
        self.assertEqual(
            (closing.change.delta, closing.change.rate), (D("18.03"), D("100.4"))
        )
        staff = rows["staff_total"].cells[1].change
        self.assertEqual((staff.delta, staff.rate), (0, D("0.0")))

    def test_charts_take_their_figures_from_the_tables(self):
        reports = reports_with_year(
            unit__code=SEED_UNIT, status=Report.Status.PUBLISHED
        )
        doc = build_document(reports[-1])
        charts = {c.key: c for c in build_charts(doc, year_totals(reports))}
        self.assertEqual(
            list(charts), ["income", "function", "economic", "three-public", "trend"]
        )
        income = charts["income"]
        self.assertEqual(income.total, D("335.28"))
        rows = {row.label: row for row in income.rows}
        self.assertEqual(rows["一般公共预算财政拨款收入"].values, (D("317.34"),))
        self.assertEqual(rows["一般公共预算财政拨款收入"].share, D("94.6"))
        self.assertEqual(rows["其他收入"].share, D("5.4"))
        function = charts["function"]
        self.assertEqual(
            function.categories,
            ("社会保障和就业支出", "卫生健康支出", "城乡社区支出", "住房保障支出"),
        )
        self.assertEqual(sum(function.series[0].values), function.total)
        economic = charts["economic"]
        self.assertEqual(economic.total, D("140.78"))
        self.assertIn("302 商品和服务支出", economic.categories)
        codes = [category.split()[0] for category in economic.categories]
        self.assertEqual(codes, sorted(codes))
        tp = charts["three-public"]
        self.assertEqual(tp.series[0].values[-1], D("3.59"))
        self.assertEqual(tp.series[1].values[-1], D("2.45"))
        self.assertEqual(
            charts["trend"].payload["series"][0]["values"], ["186.34", "335.28"]
        )
        self.assertEqual(income.payload["series"][0]["labels"][0], "317.34")


class KeyFiguresEdgeTests(TestCase):
    def test_facts_not_entered_are_none_not_zero(self):
        report = ReportFactory()
        report = reports_with_year(pk=report.pk)[0]
        figures = key_figures([report])[report.pk]
        self.assertEqual(figures.income_total, D("0"))
        self.assertIsNone(figures.opening_total)
        self.assertIsNone(figures.three_public_actual)
        self.assertIsNone(figures.staff_in_service)
        self.assertIsNone(figures.per_staff("basic"))

    def test_per_staff_figures_are_in_yuan_rounded_once(self):
        report = consistent_report()
        UnitProfileFactory(
            unit=report.unit, year=2022, staff_total=3, staff_in_service=3
        )
        report = reports_with_year(pk=report.pk)[0]
        figures = key_figures([report])[report.pk]
        # 基本支出 60 万元 / 3 人 = 200,000 元; “三公” 2 万元 / 3 人 = 6,666.666… → 6,666.67.
        self.assertEqual(figures.per_staff("basic"), D("200000.00"))
        self.assertEqual(figures.per_staff("three_public_actual"), D("6666.67"))

    def test_zero_staff_gives_no_per_staff_figure(self):
        report = consistent_report()
        UnitProfileFactory(
            unit=report.unit, year=2022, staff_total=0, staff_in_service=0
        )
        report = reports_with_year(pk=report.pk)[0]
        (row,) = peer_rows([report], report.pk)
        self.assertTrue(row.is_subject)
        self.assertIsNone(row.basic_per_staff)
        self.assertIsNone(row.three_public_per_staff)

    def test_reports_in_different_units_are_compared_in_yuan(self):
        wan = consistent_report()
        yuan = ReportFactory(
            unit=wan.unit,
            fiscal_year=FiscalYearFactory(year=2021),
            amount_unit=Report.AmountUnit.YUAN,
        )
        reports = reports_with_year(unit=wan.unit)
        figures = key_figures(reports)
        self.assertEqual(common_unit(figures.values()), Report.AmountUnit.YUAN)
        comparison = compare_years(reports)
        self.assertEqual(comparison.measure, "元")
        income = {row.key: row for row in comparison.rows}["income_total"]
        self.assertEqual(income.cells[1].value, D("1110000.00"))  # 111 万元
        self.assertEqual(
            figures[yuan.pk].in_unit(Report.AmountUnit.YUAN), figures[yuan.pk]
        )
        with self.assertRaises(ValueError):
            figures[yuan.pk].in_unit(Report.AmountUnit.WAN_YUAN)

    def test_a_change_has_no_rate_on_a_zero_or_missing_base(self):
        self.assertEqual(change(D("6.20"), D("0")).rate, None)
        self.assertEqual(change(D("6.20"), D("0")).delta, D("6.20"))
        self.assertEqual(change(D("1"), None).delta, None)
        self.assertEqual(change(D("90"), D("100")).rate, D("-10.0"))
        self.assertEqual(change(12, 10).rate, D("20.0"))

    def test_the_three_public_chart_is_empty_without_its_facts(self):
        report = consistent_report()
        ThreePublicExpenses.objects.filter(report=report).delete()
        chart = three_public(build_document(report))
        self.assertTrue(chart.is_empty)
        self.assertEqual(chart.payload["series"][0]["values"][0], None)

    def test_there_is_no_trend_for_a_single_year(self):
        report = consistent_report()
        report = reports_with_year(pk=report.pk)[0]
        self.assertIsNone(trend(year_totals([report])))


class DisplayFilterTests(TestCase):
    def test_rates_are_signed_and_shares_are_not(self):
        self.assertEqual(percent(D("79.9")), "+79.9%")
        self.assertEqual(percent(D("-86.6")), "-86.6%")
        self.assertEqual(percent(D("0.0")), "0.0%")
        self.assertEqual(percent(None), "—")
        self.assertEqual(share(D("94.6")), "94.6%")
        self.assertEqual(share(None), "—")

    def test_changes_and_figures_use_the_table_format(self):
        self.assertEqual(signed(D("1148.94")), "+1,148.94")
        self.assertEqual(signed(D("-115.89")), "-115.89")
        self.assertEqual(signed(D("0")), "0")
        self.assertEqual(signed(None), "—")
        self.assertEqual(figure(D("2450")), "2,450.00")
        self.assertEqual(figure(10), "10")
        self.assertEqual(figure(None), "—")

    def test_floats_are_refused(self):
        for display in (percent, share, signed, figure):
            with self.subTest(display=display.__name__), self.assertRaises(TypeError):
                display(94.6)
