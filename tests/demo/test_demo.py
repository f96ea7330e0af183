"""The demo data set: the seed unit's figures, sample units, idempotent loading, demo users."""

import importlib
from decimal import Decimal
from io import StringIO
from types import SimpleNamespace
from unittest import skipUnless

from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.department import HWZX_UNIT
from demo.layouts import LAYOUT_UNITS
from demo.loader import (
    CONSTRUCTED_NOTE,
    DRAFT_UNIT,
    RECONSTRUCTED_NOTE,
    SAMPLE_NOTE,
    SEED_DEPARTMENT,
    SEED_UNIT,
    load_demo,
    load_demo_users,
)
from demo.seed_2023 import DRAFT_NOTE
from disclosure.figures import Figures as ReportFigures
from disclosure.models import (
    REASON_KEY_PATTERN,
    AssetHolding,
    Balances,
    BasicExpenditureLine,
    EconomicCode,
    ExpenditureLine,
    FiscalExpenditureLine,
    FunctionCode,
    Fund,
    IncomeLine,
    OperatingExpense,
    PriorYearFigure,
    Procurement,
    Reason,
    Report,
    SnapshotFigures,
    SnapshotFile,
    ThreePublicExpenses,
)
from disclosure.selectors import load_report_data
from disclosure.snapshots import JSON, freeze
from reporting.hierarchy import conflicts
from reporting.money import ZERO, percentage
from tests.demo_cache import load_demo_shared
from tests.scenarios import force_status
from units.models import InternalBody, Membership, Unit, UnitProfile

try:
    from disclosure.tables import build_tables
except ImportError:  # the table builders are developed separately
    build_tables = None
try:
    from disclosure.narrative import build_narrative
except ImportError:  # likewise the narrative builder
    build_narrative = None

D = Decimal
INCOME_FIELD_OF_FUND = {
    Fund.GENERAL: "general_budget",
    Fund.GOV_FUND: "gov_fund",
    Fund.STATE_CAPITAL: "state_capital",
}
DEMO_MODELS = (
    Unit,
    UnitProfile,
    InternalBody,
    Report,
    IncomeLine,
    ExpenditureLine,
    FiscalExpenditureLine,
    BasicExpenditureLine,
    Balances,
    ThreePublicExpenses,
    AssetHolding,
    Procurement,
    OperatingExpense,
    PriorYearFigure,
    Reason,
)


class Figures:
    """Sums straight from a report's stored facts, independent of the table builders."""

    def __init__(self, report: Report):
        self.report = report
        self.income = list(IncomeLine.objects.filter(report=report))
        self.spending = list(ExpenditureLine.objects.filter(report=report))
        self.fiscal = list(
            FiscalExpenditureLine.objects.filter(report=report).select_related(
                "function_code"
            )
        )
        self.basic = list(
            BasicExpenditureLine.objects.filter(report=report).select_related(
                "economic_code"
            )
        )
        self.balances = Balances.objects.get(report=report)
        self.three_public = ThreePublicExpenses.objects.get(report=report)
        self.assets = AssetHolding.objects.get(report=report)

    def income_sum(self, *fields) -> Decimal:
        fields = fields or IncomeLine.AMOUNT_FIELDS
        return sum((getattr(line, f) for line in self.income for f in fields), ZERO)

    def spending_sum(self, *fields) -> Decimal:
        fields = fields or ExpenditureLine.AMOUNT_FIELDS
        return sum((getattr(line, f) for line in self.spending for f in fields), ZERO)

    def fiscal_sum(self, field, fund=None, prefix="") -> Decimal:
        return sum(
            (
                getattr(line, field)
                for line in self.fiscal
                if (fund is None or line.fund == fund)
                and line.function_code.code.startswith(prefix)
            ),
            ZERO,
        )

    def fiscal_spending(self, fund=None, prefix="") -> Decimal:
        return self.fiscal_sum("basic", fund, prefix) + self.fiscal_sum(
            "project", fund, prefix
        )

    def economic(self, prefix="") -> Decimal:
        return sum(
            (b.amount for b in self.basic if b.economic_code.code.startswith(prefix)),
            ZERO,
        )

    def economic_item(self, code) -> Decimal:
        return self.economic(code) if len(code) == 5 else ZERO

    @property
    def in_grand(self) -> Decimal:
        b = self.balances
        return self.income_sum() + b.non_fiscal_surplus_used + b.opening_total

    @property
    def ex_grand(self) -> Decimal:
        b = self.balances
        return self.spending_sum() + b.surplus_distribution + b.closing_total


def grand(table, side: str, column: str) -> Decimal:
    """A side's 总计: its own row, or 本年合计 where the layout prints no carry-over (上海 预算)."""
    keys = {row.key for row in table.rows}
    key = f"{side}_grand" if f"{side}_grand" in keys else f"{side}_total"
    return table.value(key, column)


def report(code: str, year: int) -> Report:
    """The unit's 单位决算 of `year` (a department has its 部门决算 besides, a unit its 预算)."""
    return Report.objects.get(
        unit__code=code,
        fiscal_year__year=year,
        level=Report.Level.UNIT,
        kind=Report.Kind.FINAL,
    )


class SeedUnitFiguresTest(TestCase):
    """The seed unit's 2022 report reproduces every self-consistent figure of the seed."""

    @classmethod
    def setUpTestData(cls):
        load_demo_shared()
        cls.r2022 = report(SEED_UNIT, 2022)
        cls.r2021 = report(SEED_UNIT, 2021)

    def setUp(self):
        self.f = Figures(self.r2022)
        self.prev = Figures(self.r2021)

    def test_income_is_317_34_fiscal_plus_17_94_other(self):
        self.assertEqual(self.f.income_sum("general_budget"), D("317.34"))
        self.assertEqual(self.f.income_sum("other"), D("17.94"))
        self.assertEqual(self.f.income_sum("business", "operating"), ZERO)
        self.assertEqual(self.f.income_sum(), D("335.28"))

    def test_grand_totals_are_353_24_on_both_sides(self):
        self.assertEqual(self.f.balances.opening_total, D("17.96"))
        self.assertEqual(self.f.balances.closing_total, D("35.99"))
        self.assertEqual(self.f.in_grand, D("353.24"))
        self.assertEqual(self.f.ex_grand, D("353.24"))

    def test_spending_is_140_78_basic_plus_176_47_project(self):
        self.assertEqual(self.f.spending_sum("basic"), D("140.78"))
        self.assertEqual(self.f.spending_sum("project"), D("176.47"))
        self.assertEqual(self.f.spending_sum(), D("317.25"))
        self.assertEqual(percentage(D("140.78"), self.f.spending_sum()), D("44.4"))
        self.assertEqual(percentage(D("176.47"), self.f.spending_sum()), D("55.6"))

    def test_fiscal_spending_by_class_is_as_stated_and_sums_to_317_14(self):
        stated = {"208": "15.40", "210": "6.22", "212": "287.82", "221": "7.70"}
        for code, amount in stated.items():
            with self.subTest(code=code):
                self.assertEqual(self.f.fiscal_spending(prefix=code), D(amount))
        self.assertEqual(self.f.fiscal_spending(), D("317.14"))
        self.assertEqual(self.f.fiscal_spending(Fund.GENERAL), D("317.14"))

    def test_initial_budgets_by_class_sum_to_253_94(self):
        stated = {"208": "15.40", "210": "6.23", "212": "224.61", "221": "7.70"}
        for code, amount in stated.items():
            with self.subTest(code=code):
                self.assertEqual(
                    self.f.fiscal_sum("budget_initial", prefix=code), D(amount)
                )
        self.assertEqual(self.f.fiscal_sum("budget_initial"), D("253.94"))

    def test_completion_rates_match_the_seed(self):
        rates = {"208": "100.0", "210": "99.8", "212": "128.1", "221": "100.0"}
        for code, rate in rates.items():
            with self.subTest(code=code):
                actual = self.f.fiscal_spending(prefix=code)
                budget = self.f.fiscal_sum("budget_initial", prefix=code)
                self.assertEqual(percentage(actual, budget), D(rate))
        total = percentage(
            self.f.fiscal_spending(), self.f.fiscal_sum("budget_initial")
        )
        self.assertEqual(total, D("124.9"))

    def test_basic_spending_by_economic_class_is_as_stated(self):
        stated = {"301": "118.24", "302": "16.34", "303": "0", "310": "6.20"}
        for code, amount in stated.items():
            with self.subTest(code=code):
                self.assertEqual(self.f.economic(code), D(amount))
        self.assertEqual(self.f.economic(), D("140.78"))
        self.assertEqual(self.f.fiscal_sum("basic", Fund.GENERAL), D("140.78"))
        self.assertEqual(self.f.economic("31002"), D("6.20"))

    def test_year_over_year_changes_match_the_seed(self):
        changes = [
            (self.f.income_sum(), self.prev.income_sum(), "148.94", "79.9"),
            (self.f.spending_sum(), self.prev.spending_sum(), "15.02", "5.0"),
            (
                self.f.balances.closing_total,
                self.prev.balances.closing_total,
                "18.03",
                "100.4",
            ),
            (self.f.economic("301"), self.prev.economic("301"), "11.39", "10.7"),
            (self.f.economic("302"), self.prev.economic("302"), "7.14", "77.6"),
            (
                self.f.three_public.actual_vehicle_operation,
                self.prev.three_public.actual_vehicle_operation,
                "0.56",
                "29.6",
            ),
        ]
        for current, previous, delta, rate in changes:
            with self.subTest(current=current):
                self.assertEqual(current - previous, D(delta))
                self.assertEqual(percentage(current - previous, previous), D(rate))
        self.assertEqual(self.f.in_grand - self.prev.in_grand, D("33.05"))
        self.assertEqual(self.f.ex_grand - self.prev.ex_grand, D("33.05"))

    def test_2021_opening_balance_moves_by_one_cent_to_keep_2021_balanced(self):
        # The seed implies 133.86 + 186.34 = 320.20 but 302.23 + 17.96 = 320.19.
        self.assertEqual(self.prev.balances.opening_total, D("133.85"))
        self.assertEqual(self.prev.income_sum(), D("186.34"))
        self.assertEqual(self.prev.spending_sum(), D("302.23"))
        self.assertEqual(self.prev.balances.closing_total, D("17.96"))
        self.assertEqual(self.prev.in_grand, D("320.19"))
        self.assertEqual(self.prev.ex_grand, D("320.19"))
        opening_change = (
            self.f.balances.opening_total - self.prev.balances.opening_total
        )
        self.assertEqual(opening_change, D("-115.89"))
        self.assertEqual(
            percentage(opening_change, self.prev.balances.opening_total), D("-86.6")
        )

    def test_2021_basic_spending_by_economic_class_is_implied_by_the_seed(self):
        implied = {"301": "106.85", "302": "9.20", "303": "0", "310": "0"}
        for code, amount in implied.items():
            with self.subTest(code=code):
                self.assertEqual(self.prev.economic(code), D(amount))

    def test_three_public_expenses_match_the_seed(self):
        tp = self.f.three_public
        budget = sum((getattr(tp, f"budget_{i}") for i in tp.ITEMS), ZERO)
        actual = sum((getattr(tp, f"actual_{i}") for i in tp.ITEMS), ZERO)
        self.assertEqual(budget, D("3.59"))
        self.assertEqual(actual, D("2.45"))
        self.assertEqual(tp.budget_reception, D("1.00"))
        self.assertEqual(tp.budget_vehicle_operation, D("2.59"))
        self.assertEqual(tp.actual_vehicle_operation, D("2.45"))
        self.assertEqual(percentage(actual, budget), D("68.2"))
        self.assertEqual(
            percentage(tp.actual_vehicle_operation, tp.budget_vehicle_operation),
            D("94.6"),
        )
        self.assertEqual(tp.vehicles_held, 1)
        self.assertEqual(
            (tp.abroad_groups, tp.reception_batches, tp.vehicles_purchased), (0, 0, 0)
        )
        self.assertEqual(self.prev.three_public.actual_vehicle_operation, D("1.89"))

    def test_the_one_vehicle_held_is_in_the_asset_table(self):
        self.assertEqual(self.f.assets.vehicles_total, 1)
        self.assertEqual(self.f.assets.vehicles_other, 1)
        self.assertEqual(self.f.assets.equipment_over_million, 0)

    def test_procurement_is_9_82_goods_all_to_small_and_medium_firms(self):
        p = Procurement.objects.get(report=self.r2022)
        self.assertEqual(p.total, D("9.82"))
        self.assertEqual((p.goods, p.works, p.services), (D("9.82"), ZERO, ZERO))
        self.assertEqual(p.sme_total, D("9.82"))
        self.assertEqual(p.small_micro, ZERO)

    def test_no_operating_expense_is_stored_for_a_public_welfare_unit(self):
        unit = self.r2022.unit
        self.assertEqual(unit.unit_type, Unit.UnitType.PUBLIC_WELFARE_1)
        self.assertFalse(unit.has_operating_expense)
        self.assertFalse(OperatingExpense.objects.filter(report__unit=unit).exists())

    def test_profile_holds_duties_bodies_and_headcount(self):
        profile = UnitProfile.objects.get(unit=self.r2022.unit, year=2022)
        self.assertIn("成立于2014年", profile.duties)
        self.assertEqual(
            list(profile.bodies.values_list("name", flat=True)),
            ["综合办公室", "监督考核科", "指挥协调科", "系统运行科"],
        )
        self.assertEqual(
            (
                profile.staff_total,
                profile.staff_in_service,
                profile.staff_retired_li,
                profile.staff_retired_tui,
                profile.staff_other,
                profile.pensioners_paid_by_fund,
            ),
            (10, 10, 0, 0, 0, 0),
        )
        self.assertEqual(self.r2022.unit.parent.code, SEED_DEPARTMENT)
        self.assertEqual(self.r2022.unit.parent.name, "景德镇市城市管理局")

    def test_reasons_keep_the_seed_texts_without_its_typos(self):
        reasons = dict(
            Reason.objects.filter(report=self.r2022).values_list("key", "text")
        )
        self.assertEqual(reasons["income_total"], "财政返回上年结转")
        self.assertEqual(reasons["closing_total"], "包含了2021年末结转和结余17.96万元")
        self.assertEqual(reasons["fiscal_class:212"], "正常支出增长")
        self.assertEqual(reasons["basic_class:302"], "线上采购支出增多")
        self.assertEqual(
            reasons["three_public:vehicle_operation:budget"],
            "按照要求严格控制车辆管理费用使用",
        )
        for key in ("fiscal_class:208", "fiscal_class:210", "fiscal_class:221"):
            self.assertEqual(reasons[key], "按预算支出")
        for key, text in reasons.items():
            with self.subTest(key=key):
                self.assertRegex(key, REASON_KEY_PATTERN)
                self.assertNotIn("。。", text)
                self.assertNotIn("增加（减少）", text)
                self.assertFalse(text.endswith("。"))

    def test_prior_year_figures_equal_the_2021_report(self):
        prior = dict(
            PriorYearFigure.objects.filter(report=self.r2022).values_list(
                "key", "amount"
            )
        )
        tp = self.prev.three_public
        expected = {
            "income_grand_total": self.prev.in_grand,
            "opening_total": self.prev.balances.opening_total,
            "income_total": self.prev.income_sum(),
            "expenditure_grand_total": self.prev.ex_grand,
            "expenditure_total": self.prev.spending_sum(),
            "closing_total": self.prev.balances.closing_total,
            "fiscal_expenditure_total": self.prev.fiscal_spending(),
            "basic_301": self.prev.economic("301"),
            "basic_302": self.prev.economic("302"),
            "basic_303": self.prev.economic("303"),
            "basic_310": self.prev.economic("310"),
            "three_public_total": sum(
                (getattr(tp, f"actual_{i}") for i in tp.ITEMS), ZERO
            ),
            "three_public_abroad": tp.actual_abroad,
            "three_public_reception": tp.actual_reception,
            "three_public_vehicle_purchase": tp.actual_vehicle_purchase,
            "three_public_vehicle_operation": tp.actual_vehicle_operation,
        }
        self.assertEqual(prior, expected)
        self.assertEqual(prior["income_total"], D("186.34"))

    def test_the_2021_report_says_it_is_reconstructed(self):
        self.assertEqual(self.r2021.data_note, RECONSTRUCTED_NOTE)

    def test_the_2022_report_says_its_details_are_constructed(self):
        self.assertEqual(self.r2022.data_note, CONSTRUCTED_NOTE)
        for part in ("公开01至06表和09表", "合计数", "前后不一致"):
            self.assertIn(part, self.r2022.data_note)

    def test_both_profiles_hold_the_seed_duties_unchanged(self):
        duties = set(
            UnitProfile.objects.filter(unit=self.r2022.unit).values_list(
                "duties", flat=True
            )
        )
        self.assertEqual(len(duties), 1)
        self.assertTrue(duties.pop().startswith("景德镇市数字城市管理服务中心是"))


class DemoDataSetTest(TestCase):
    """Every demo report balances and respects the between-table rules."""

    @classmethod
    def setUpTestData(cls):
        cls.summary = load_demo_shared()

    def reports(self):
        """Every 单位决算: the 决算 with figures of their own."""
        return (
            Report.objects.filter(level=Report.Level.UNIT, kind=Report.Kind.FINAL)
            .select_related("unit", "fiscal_year")
            .order_by("unit__code", "fiscal_year__year")
        )

    def test_there_are_two_departments_with_two_years_each(self):
        # The 江西 set; the other layouts' sample units stand alone (demo/layouts.py).
        departments = Unit.objects.filter(parent__isnull=True, region="江西")
        self.assertEqual(departments.count(), 2)
        for department in departments:
            with self.subTest(department=department.name):
                units = Unit.objects.subtree_of(department)
                self.assertGreaterEqual(units.count(), 3)
                for unit in units:
                    # The seed unit also has the demo preparer's 2023 draft;
                    # 示例环境卫生服务中心 reports from 2022 (demo/department.py).
                    expected = {
                        SEED_UNIT: {2021, 2022, 2023},
                        # Its 2023 预算 (demo/budget_2023.py).
                        SEED_DEPARTMENT: {2021, 2022, 2023},
                        HWZX_UNIT: {2022},
                    }.get(unit.code, {2021, 2022})
                    years = set(
                        unit.reports.values_list("fiscal_year__year", flat=True)
                    )
                    self.assertEqual(years, expected)
                    self.assertEqual(
                        set(unit.profiles.values_list("year", flat=True)), expected
                    )
        # 14 江西 单位决算, one 部门决算, three 2023 预算 (the seed unit's, its
        # department's 本级 and 部门预算) and one sample report per other layout.
        self.assertEqual(self.summary["reports"], 18 + len(LAYOUT_UNITS))

    def test_every_report_is_published_except_two_drafts(self):
        drafts = Report.objects.filter(status=Report.Status.DRAFT)
        self.assertEqual(
            set(drafts.values_list("unit__code", "fiscal_year__year")),
            {(DRAFT_UNIT, 2022), (SEED_UNIT, 2023)},
        )
        self.assertEqual(Report.objects.published().count(), Report.objects.count() - 2)
        for draft in drafts:
            # Each draft sits under the demo reviewer's department.
            self.assertTrue(draft.unit.path.startswith(f"/{SEED_DEPARTMENT}/"))
        self.assertEqual(
            set(
                Report.objects.filter(
                    unit__code=SEED_UNIT, status=Report.Status.PUBLISHED
                ).values_list("fiscal_year__year", "kind")
            ),
            {(2021, "final"), (2022, "final"), (2023, "budget")},
        )

    def test_every_report_of_an_invented_unit_is_marked_as_sample_data(self):
        sample = self.reports().exclude(unit__code=SEED_UNIT)
        finals = [t for *_, t in LAYOUT_UNITS if t.kind == "final"]
        self.assertEqual(sample.count(), 11 + len(finals))
        for r in sample:
            with self.subTest(report=str(r)):
                self.assertEqual(r.data_note, SAMPLE_NOTE)
        seed_notes = self.reports().filter(
            unit__code=SEED_UNIT, fiscal_year__year__lte=2022
        )
        self.assertFalse(any(SAMPLE_NOTE in r.data_note for r in seed_notes))
        self.assertEqual(report(SEED_UNIT, 2023).data_note, DRAFT_NOTE)

    def test_no_duties_text_carries_a_data_note(self):
        profiles = UnitProfile.objects.select_related("unit")
        self.assertEqual(profiles.count(), 15 + len(LAYOUT_UNITS))
        for profile in profiles:
            with self.subTest(unit=profile.unit.name, year=profile.year):
                self.assertIn("主要职责是：", profile.duties)
                for marker in ("【示例数据】", "【重建数据】", "【", "虚构"):
                    self.assertNotIn(marker, profile.duties)

    def test_every_report_balances(self):
        for r in self.reports():
            with self.subTest(report=str(r)):
                f = Figures(r)
                self.assertEqual(f.in_grand, f.ex_grand)

    def test_every_fund_balances_within_each_report(self):
        for r in self.reports():
            f = Figures(r)
            for fund, income_field in INCOME_FIELD_OF_FUND.items():
                with self.subTest(report=str(r), fund=fund):
                    left = f.income_sum(income_field) + f.fiscal_sum(
                        "opening_balance", fund
                    )
                    right = f.fiscal_spending(fund) + f.fiscal_sum(
                        "closing_balance", fund
                    )
                    self.assertEqual(left, right)

    def test_fiscal_figures_stay_within_the_unit_totals(self):
        for r in self.reports():
            with self.subTest(report=str(r)):
                f = Figures(r)
                self.assertLessEqual(
                    f.fiscal_sum("opening_balance"), f.balances.opening_total
                )
                self.assertLessEqual(
                    f.fiscal_sum("closing_balance"), f.balances.closing_total
                )
                spending = {line.function_code_id: line for line in f.spending}
                for line in f.fiscal:
                    total = spending[line.function_code_id]
                    self.assertLessEqual(
                        f.fiscal_sum("basic", prefix=line.function_code.code),
                        total.basic,
                    )
                    self.assertLessEqual(
                        f.fiscal_sum("project", prefix=line.function_code.code),
                        total.project,
                    )

    def test_economic_lines_add_up_to_general_budget_basic_spending(self):
        for r in self.reports():
            with self.subTest(report=str(r)):
                f = Figures(r)
                self.assertEqual(f.economic(), f.fiscal_sum("basic", Fund.GENERAL))

    def test_three_public_expenses_fit_the_other_figures(self):
        for r in self.reports():
            with self.subTest(report=str(r)):
                f = Figures(r)
                tp = f.three_public
                actual = sum((getattr(tp, f"actual_{i}") for i in tp.ITEMS), ZERO)
                self.assertLessEqual(actual, f.fiscal_spending())
                self.assertLessEqual(f.economic_item("30212"), tp.actual_abroad)
                self.assertLessEqual(f.economic_item("30217"), tp.actual_reception)
                self.assertLessEqual(
                    f.economic_item("30231"), tp.actual_vehicle_operation
                )
                self.assertLessEqual(
                    f.economic_item("31013"), tp.actual_vehicle_purchase
                )
                self.assertGreaterEqual(f.assets.vehicles_total, tp.vehicles_held)
                if tp.actual_vehicle_operation:
                    self.assertGreaterEqual(tp.vehicles_held, 1)
                if tp.actual_abroad:
                    self.assertGreaterEqual(tp.abroad_groups, 1)
                if tp.actual_reception:
                    self.assertGreaterEqual(tp.reception_batches, 1)

    def test_each_2022_opening_balance_is_the_2021_closing_balance(self):
        for unit in Unit.objects.filter(
            region="江西", reports__fiscal_year__year=2021
        ).distinct():
            with self.subTest(unit=unit.name):
                last, this = (
                    Figures(report(unit.code, 2021)),
                    Figures(report(unit.code, 2022)),
                )
                self.assertEqual(
                    this.balances.opening_total, last.balances.closing_total
                )
                closing = {
                    (line.fund, line.function_code.code): line.closing_balance
                    for line in last.fiscal
                    if line.closing_balance
                }
                opening = {
                    (line.fund, line.function_code.code): line.opening_balance
                    for line in this.fiscal
                    if line.opening_balance
                }
                self.assertEqual(opening, closing)

    def test_the_2023_draft_opens_with_the_2022_closing_balances(self):
        last, this = Figures(report(SEED_UNIT, 2022)), Figures(report(SEED_UNIT, 2023))
        self.assertEqual(this.balances.opening_total, last.balances.closing_total)
        self.assertEqual(
            {
                (line.fund, line.function_code.code): line.opening_balance
                for line in this.fiscal
                if line.opening_balance
            },
            {
                (line.fund, line.function_code.code): line.closing_balance
                for line in last.fiscal
                if line.closing_balance
            },
        )

    def test_lines_use_leaf_codes_of_the_report_year(self):
        for r in self.reports():
            with self.subTest(report=str(r)):
                f = Figures(r)
                for group in (f.income, f.spending):
                    codes = [line.function_code.code for line in group]
                    self.assertEqual(conflicts(codes), [])
                    self.assertEqual(len(codes), len(set(codes)))
                lines = [*f.income, *f.spending, *f.fiscal]
                self.assertTrue(
                    all(
                        line.function_code.fiscal_year_id == r.fiscal_year_id
                        for line in lines
                    )
                )
                self.assertTrue(
                    all(
                        b.economic_code.fiscal_year_id == r.fiscal_year_id
                        for b in f.basic
                    )
                )
                for line in f.fiscal:
                    self.assertEqual(line.function_code.budget, line.fund)

    def test_operating_expense_only_where_the_unit_type_reports_it(self):
        for r in self.reports():
            with self.subTest(report=str(r)):
                expense = OperatingExpense.objects.filter(report=r).first()
                self.assertEqual(expense is not None, r.unit.has_operating_expense)
                if expense:
                    f = Figures(r)
                    public = sum(
                        (f.economic(c) for c in ("302", "307", "310", "399")), ZERO
                    )
                    self.assertLessEqual(expense.amount, public)

    def test_every_reason_key_has_the_documented_form(self):
        for key, text in Reason.objects.values_list("key", "text"):
            with self.subTest(key=key):
                self.assertRegex(key, REASON_KEY_PATTERN)
                self.assertRegex(
                    key,
                    r"^(income_total|expenditure_total|closing_total|operating_expense"
                    r"|fiscal_class:\d{3}|general_class:\d{3}|basic_class:3\d\d"
                    r"|three_public:(abroad|reception|vehicle_purchase|vehicle_operation)"
                    r":(yoy|budget|activity)"
                    # A 预算's (disclosure/narrative_budget.py).
                    r"|budget_(income_grand_total|expenditure_total|operating_expense)"
                    r"|budget_three_public:"
                    r"(total|abroad|reception|vehicle_purchase|vehicle_operation))$",
                )
                self.assertTrue(text)
                self.assertNotIn("。。", text)

    def test_the_2021_and_2023_code_lists_copy_the_bundled_2022_lists(self):
        for year in (2021, 2022, 2023):
            with self.subTest(year=year):
                self.assertEqual(
                    FunctionCode.objects.filter(fiscal_year__year=year).count(), 1535
                )
                self.assertEqual(
                    EconomicCode.objects.filter(
                        fiscal_year__year=year, scheme=EconomicCode.Scheme.DEPARTMENT
                    ).count(),
                    110,
                )
        self.assertEqual(
            FunctionCode.objects.get(fiscal_year__year=2021, code="2120803").budget,
            FunctionCode.Budget.GOV_FUND,
        )

    def test_report_data_loads_for_every_report(self):
        for r in self.reports():
            with self.subTest(report=str(r)):
                data = load_report_data(r)
                self.assertIsNotNone(data.profile)
                self.assertIsNotNone(data.balances)
                self.assertIn(r.unit.code, [data.unit.code])


class LoadingTwiceTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo()

    def snapshot(self):
        return {
            model.__name__: sorted(
                tuple(
                    (f.attname, getattr(obj, f.attname))
                    for f in model._meta.concrete_fields
                    if f.attname != "updated_at"
                )
                for obj in model.objects.all()
            )
            for model in DEMO_MODELS
        }

    def test_running_the_loader_again_writes_nothing(self):
        before = self.snapshot()
        with CaptureQueriesContext(connection) as queries:
            load_demo()
        writes = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        ]
        self.assertEqual(writes, [])
        self.assertEqual(self.snapshot(), before)

    def test_the_published_demo_reports_are_frozen_and_a_rerun_keeps_them(self):
        public = Report.objects.public()
        self.assertEqual(
            set(SnapshotFile.objects.values_list("report", flat=True).distinct()),
            set(public.values_list("pk", flat=True)),
        )
        self.assertEqual(
            SnapshotFigures.objects.count(), public.count(), "frozen figures"
        )
        before = set(SnapshotFile.objects.values_list("sha256", "file"))
        load_demo()
        self.assertEqual(
            set(SnapshotFile.objects.values_list("sha256", "file")), before
        )

    def test_a_rerun_that_changes_a_published_report_freezes_it_anew(self):
        seed = report(SEED_UNIT, 2022)
        stored = freeze(seed)[JSON].file.name
        self.assertTrue(default_storage.exists(stored))
        force_status(seed, Report.Status.DRAFT, data_note="改动")
        force_status(seed, Report.Status.PUBLISHED, freeze=False)
        with self.captureOnCommitCallbacks(execute=True):
            load_demo()
        self.assertFalse(default_storage.exists(stored))
        self.assertTrue(SnapshotFile.objects.filter(report=seed, name=JSON).exists())

    def test_running_the_loader_again_restores_edited_facts(self):
        seed = report(SEED_UNIT, 2022)
        # Facts of a published report cannot change; reopen it as a draft first.
        force_status(seed, Report.Status.DRAFT, data_note="")
        line = IncomeLine.objects.get(report=seed, function_code__code="2120199")
        line.other = D("1.00")
        line.save()
        BasicExpenditureLine.objects.filter(
            report=seed, economic_code__code="30101"
        ).delete()
        Reason.objects.create(report=seed, key="opening_total", text="多余的说明")

        load_demo()

        line.refresh_from_db()
        self.assertEqual(line.other, D("17.94"))
        self.assertEqual(
            BasicExpenditureLine.objects.get(
                report=seed, economic_code__code="30101"
            ).amount,
            D("29.64"),
        )
        self.assertFalse(
            Reason.objects.filter(report=seed, key="opening_total").exists()
        )
        seed.refresh_from_db()
        self.assertEqual(seed.status, Report.Status.PUBLISHED)
        self.assertEqual(seed.data_note, CONSTRUCTED_NOTE)


@skipUnless(build_tables, "disclosure.tables 尚未提供")
class SeedUnitTablesTest(TestCase):
    """The same figures through the published table builders."""

    @classmethod
    def setUpTestData(cls):
        load_demo()

    def tables(self, code=SEED_UNIT, year=2022):
        tables = build_tables(load_report_data(report(code, year)))
        self.assertEqual(len(tables), 10)
        return tables

    def test_t01_summary(self):
        t01 = self.tables()[0]
        expected = {
            "in_gpb": "317.34",
            "in_oth": "17.94",
            "in_total": "335.28",
            "in_begin": "17.96",
            "in_grand": "353.24",
            "ex:208": "15.40",
            "ex:210": "6.22",
            "ex:221": "7.70",
            "ex_total": "317.25",
            "ex_end": "35.99",
            "ex_grand": "353.24",
        }
        for row, amount in expected.items():
            with self.subTest(row=row):
                self.assertEqual(t01.value(row, "amount"), D(amount))

    def test_t02_income(self):
        t02 = self.tables()[1]
        self.assertEqual(t02.value("total", "total"), D("335.28"))
        self.assertEqual(t02.value("total", "fiscal"), D("317.34"))
        self.assertEqual(t02.value("total", "other"), D("17.94"))
        self.assertEqual(t02.value("2120199", "other"), D("17.94"))

    def test_t03_expenditure(self):
        t03 = self.tables()[2]
        self.assertEqual(t03.value("total", "total"), D("317.25"))
        self.assertEqual(t03.value("total", "basic"), D("140.78"))
        self.assertEqual(t03.value("total", "project"), D("176.47"))

    def test_t04_fiscal_summary(self):
        t04 = self.tables()[3]
        self.assertEqual(t04.value("in_general", "amount"), D("317.34"))
        expected = {"208": "15.40", "210": "6.22", "212": "287.82", "221": "7.70"}
        for code, amount in expected.items():
            with self.subTest(code=code):
                self.assertEqual(t04.value(f"ex:{code}", "total"), D(amount))
                self.assertEqual(t04.value(f"ex:{code}", "general"), D(amount))
        self.assertEqual(t04.value("ex_total", "total"), D("317.14"))
        self.assertEqual(t04.value("in_grand", "amount"), D("335.30"))
        self.assertEqual(t04.value("ex_grand", "total"), D("335.30"))

    def test_t05_and_t06_basic_spending(self):
        tables = self.tables()
        t05, t06 = tables[4], tables[5]
        self.assertEqual(t05.value("total", "basic"), D("140.78"))
        self.assertEqual(t05.value("total", "project"), D("176.36"))
        expected = {"301": "118.24", "302": "16.34", "310": "6.20"}
        for code, amount in expected.items():
            with self.subTest(code=code):
                self.assertEqual(t06.value(code, "amount"), D(amount))
        self.assertEqual(t06.value("303", "amount", default=ZERO) or ZERO, ZERO)
        self.assertEqual(t06.value("personnel_total", "amount"), D("118.24"))
        self.assertEqual(t06.value("public_total", "amount"), D("22.54"))

    def test_t09_three_public_and_t10_assets(self):
        tables = self.tables()
        t09, t10 = tables[8], tables[9]
        self.assertEqual(t09.value("row", "budget_total"), D("3.59"))
        self.assertEqual(t09.value("row", "budget_reception"), D("1.00"))
        self.assertEqual(t09.value("row", "budget_vehicle_operation"), D("2.59"))
        self.assertEqual(t09.value("row", "actual_total"), D("2.45"))
        self.assertEqual(t09.value("row", "actual_vehicle_operation"), D("2.45"))
        self.assertEqual(t09.value("row", "actual_reception"), ZERO)
        self.assertEqual(t10.value("vehicles_total", "amount"), 1)
        self.assertEqual(t10.value("vehicles_other", "amount"), 1)
        self.assertEqual(t10.value("equipment_over_million", "amount"), 0)

    def test_t07_and_t08_are_empty_for_the_seed_unit(self):
        tables = self.tables()
        self.assertTrue(tables[6].is_empty)
        self.assertTrue(tables[7].is_empty)

    def test_every_demo_report_balances_in_t01_and_t04(self):
        for r in Report.objects.all():
            with self.subTest(report=str(r)):
                tables = build_tables(load_report_data(r))
                t01, t04 = tables[0], tables[3]
                self.assertEqual(grand(t01, "in", "amount"), grand(t01, "ex", "amount"))
                self.assertEqual(grand(t04, "in", "amount"), grand(t04, "ex", "total"))

    def test_the_department_report_fills_the_government_fund_table(self):
        tables = self.tables(SEED_DEPARTMENT, 2022)
        self.assertEqual(tables[3].value("ex:212", "gov_fund"), D("150.00"))
        self.assertFalse(tables[6].is_empty)


@skipUnless(build_tables and build_narrative, "disclosure.narrative 尚未提供")
class DemoNarrativeTest(TestCase):
    """The reasons the demo stores are the ones the narrative asks for."""

    @classmethod
    def setUpTestData(cls):
        load_demo()

    def narrative(self, code, year):
        r = report(code, year)
        last = Report.objects.filter(unit=r.unit, fiscal_year__year=year - 1).first()
        data = load_report_data(r)
        prior = ReportFigures(load_report_data(last)) if last else None
        return build_narrative(data, ReportFigures(data), prior)

    def test_no_published_2022_report_lacks_a_reason(self):
        for r in Report.objects.published().filter(fiscal_year__year=2022):
            with self.subTest(report=str(r)):
                narrative = self.narrative(r.unit.code, 2022)
                self.assertEqual(narrative.missing_reasons, [])

    def test_the_draft_lacks_exactly_the_documented_reasons(self):
        narrative = self.narrative("360200199", 2022)
        self.assertEqual(
            sorted(key for key, _ in narrative.missing_reasons),
            [
                "basic_class:302",
                "closing_total",
                "fiscal_class:212",
                "three_public:vehicle_operation:yoy",
            ],
        )

    def test_the_seed_unit_narrative_states_the_chosen_figures(self):
        text = "".join(
            p for s in self.narrative(SEED_UNIT, 2022).sections for p in s.paragraphs
        )
        for figure in ("353.24", "115.89", "317.14", "124.9%", "94.6%", "68.2%"):
            with self.subTest(figure=figure):
                self.assertIn(figure, text)
        self.assertNotIn("。。", text)


class DemoUsersTest(TestCase):
    """The load_demo command, its users and the role groups they join."""

    User = get_user_model()

    @classmethod
    def setUpTestData(cls):
        # The command reloads the same data; loading it here keeps each test quick.
        load_demo()

    def log_in(self, username, password):
        # Through the login page: the lock on failed logins needs the request.
        return self.client.post(
            "/admin/login/",
            {"username": username, "password": password, "next": "/admin/"},
        )

    def run_command(self, *args):
        out = StringIO()
        call_command("load_demo", *args, stdout=out)
        return out.getvalue()

    def test_the_command_refuses_to_run_when_debug_is_off(self):
        with (
            override_settings(DEBUG=False),
            self.assertRaisesMessage(CommandError, "--force"),
        ):
            self.run_command()
        self.assertFalse(self.User.objects.exists())
        self.assertFalse(Membership.objects.exists())

    def test_force_loads_data_and_users_and_prints_the_passwords(self):
        with override_settings(DEBUG=False):
            output = self.run_command("--force")
        self.assertIn("kuaiji / demo-kuaiji", output)
        self.assertIn("仅限本地演示", output)
        self.assertEqual(Report.objects.count(), 18 + len(LAYOUT_UNITS))

        admin = self.User.objects.get(username="admin")
        self.assertTrue(admin.is_superuser and admin.is_staff)
        self.assertTrue(admin.check_password("demo-admin"))

        kuaiji = self.User.objects.get(username="kuaiji")
        self.assertTrue(kuaiji.is_staff)
        self.assertFalse(kuaiji.is_superuser)
        self.assertTrue(kuaiji.groups.filter(name="填报人").exists())
        self.assertEqual(
            list(kuaiji.memberships.values_list("unit__code", "role")),
            [(SEED_UNIT, Membership.Role.PREPARER)],
        )

        shenhe = self.User.objects.get(username="shenhe")
        self.assertTrue(shenhe.groups.filter(name="审核人").exists())
        self.assertEqual(
            list(shenhe.memberships.values_list("unit__code", "role")),
            [(SEED_DEPARTMENT, Membership.Role.REVIEWER)],
        )

    @override_settings(DEBUG=True)
    def test_running_the_command_twice_keeps_one_of_each_user(self):
        self.run_command()
        self.run_command()
        self.assertEqual(
            self.User.objects.filter(
                username__in=["admin", "kuaiji", "shenhe"]
            ).count(),
            3,
        )
        self.assertEqual(Membership.objects.count(), 2)
        self.assertEqual(Report.objects.count(), 18 + len(LAYOUT_UNITS))

    def test_the_preparer_reaches_only_the_seed_unit_reports(self):
        load_demo_users()
        kuaiji = self.User.objects.get(username="kuaiji")
        self.assertEqual(
            set(Report.objects.for_user(kuaiji).values_list("unit__code", flat=True)),
            {SEED_UNIT},
        )
        self.assertTrue(kuaiji.has_perm("disclosure.change_report"))
        self.assertTrue(kuaiji.has_perm("disclosure.add_incomeline"))
        self.assertFalse(kuaiji.has_perm("disclosure.delete_report"))
        self.assertRedirects(self.log_in("kuaiji", "demo-kuaiji"), "/admin/")
        self.assertEqual(self.client.get("/admin/").status_code, 200)
        response = self.client.get("/admin/disclosure/report/")
        self.assertEqual(response.status_code, 200)
        # 2021, 2022 and the 2023 draft 决算, and the 2023 预算.
        self.assertEqual(response.context["cl"].result_count, 4)

    def test_the_preparer_completes_and_submits_the_own_draft_in_the_admin(self):
        load_demo_users()
        self.assertRedirects(self.log_in("kuaiji", "demo-kuaiji"), "/admin/")
        draft = report(SEED_UNIT, 2023)
        self.assertEqual(draft.status, Report.Status.DRAFT)
        change = reverse("admin:disclosure_report_change", args=[draft.pk])
        check = reverse("admin:disclosure_report_check", args=[draft.pk])

        # The 审核检查 page lists what is missing: four reasons for changes.
        page = self.client.get(check)
        self.assertEqual(page.status_code, 200)
        self.assertFalse(page.context["gate"].open)
        missing = sorted(
            f.location.removeprefix("reason:")
            for f in page.context["gate"].result.errors
        )
        self.assertEqual(
            missing,
            ["basic_class:301", "closing_total", "expenditure_total", "income_total"],
        )
        refused = self.client.post(check, {"submit": "1"}, follow=True)
        self.assertContains(refused, "审核未通过，不能提交")
        self.assertEqual(report(SEED_UNIT, 2023).status, Report.Status.DRAFT)

        # Each R-1 finding links to its sentence on the 原因说明 page, where the
        # reasons are written beside the sentences they complete.
        reasons = reverse("admin:disclosure_report_reasons", args=[draft.pk])
        links = {
            row["url"]
            for row in page.context["errors"]
            if row["finding"].rule_id == "R-1"
        }
        self.assertEqual({url.partition("#")[0] for url in links}, {reasons})
        page = self.client.get(reasons)
        self.assertEqual(page.status_code, 200)
        texts = {
            "收入决算情况说明 本年收入合计": "新增一名在职人员，财政拨款收入相应增加",
            "支出决算情况说明 本年支出合计": "新增一名在职人员，工资福利支出增加",
            "支出决算情况说明 年末结转和结余": "上年结转和结余转入，本年收入大于支出",
            "基本支出 工资福利支出": "新增一名在职人员",
        }
        data = {"version": page.context["version"]}
        for row in page.context["rows"]:
            data[row["anchor"]] = texts.get(row["slot"].where, row["text"])
        self.assertEqual(
            {row["slot"].where for row in page.context["rows"]} & set(texts),
            set(texts),
        )
        saved = self.client.post(reasons, data)
        self.assertEqual(saved.status_code, 302)

        # 审核 runs again on GET; the gate is open and the submit goes through.
        page = self.client.get(check)
        self.assertTrue(page.context["gate"].open, page.context["gate"].reasons())
        submitted = self.client.post(check, {"submit": "1"})
        self.assertRedirects(submitted, change, fetch_redirect_response=False)
        draft = report(SEED_UNIT, 2023)
        self.assertEqual(draft.status, Report.Status.SUBMITTED)
        self.assertEqual(draft.submitted_by.username, "kuaiji")

    def test_the_reviewer_reaches_the_department_subtree_read_only(self):
        load_demo_users()
        shenhe = self.User.objects.get(username="shenhe")
        codes = set(
            Report.objects.for_user(shenhe).values_list("unit__code", flat=True)
        )
        self.assertEqual(codes, {SEED_DEPARTMENT, SEED_UNIT, DRAFT_UNIT, HWZX_UNIT})
        self.assertTrue(shenhe.has_perm("disclosure.view_report"))
        self.assertTrue(shenhe.has_perm("disclosure.view_fiscalexpenditureline"))
        self.assertFalse(shenhe.has_perm("disclosure.change_report"))
        self.assertFalse(shenhe.has_perm("disclosure.add_reason"))
        self.assertRedirects(self.log_in("shenhe", "demo-shenhe"), "/admin/")
        response = self.client.get("/admin/disclosure/report/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["cl"].result_count, 12)


class RoleGroupsTest(TestCase):
    """The groups created by units/migrations/0002_roles."""

    migration = importlib.import_module("units.migrations.0002_roles")

    def perms(self, name):
        group = Group.objects.get(name=name)
        return {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }

    def test_the_preparer_group_edits_facts_but_not_reference_data(self):
        perms = self.perms("填报人")
        for perm in (
            "disclosure.add_report",
            "disclosure.change_report",
            "disclosure.delete_incomeline",
            "disclosure.change_reason",
            "disclosure.view_functioncode",
            "units.change_unitprofile",
            "units.add_internalbody",
        ):
            self.assertIn(perm, perms)
        for perm in (
            "disclosure.delete_report",
            "disclosure.change_functioncode",
            "units.change_unit",
            "units.view_membership",
        ):
            self.assertNotIn(perm, perms)

    def test_the_reviewer_group_views_and_moves_reports_but_edits_nothing(self):
        perms = self.perms("审核人")
        self.assertIn("disclosure.view_report", perms)
        self.assertIn("disclosure.view_threepublicexpenses", perms)
        self.assertIn("units.view_unitprofile", perms)
        workflow = {"disclosure.review_report", "disclosure.publish_report"}
        self.assertLessEqual(workflow, perms)
        self.assertTrue(
            all(p.split(".")[1].startswith("view_") for p in perms - workflow)
        )

    def test_the_administrator_group_has_every_permission_of_both_apps(self):
        perms = self.perms("系统管理员")
        for perm in (
            "units.delete_unit",
            "units.change_membership",
            "disclosure.change_functioncode",
            "disclosure.delete_report",
            "disclosure.delete_incomeline",
        ):
            self.assertIn(perm, perms)
        self.assertFalse(any(p.startswith("auth.") for p in perms))

    def test_the_migration_reverses_and_reapplies(self):
        editor = SimpleNamespace(connection=connection)
        self.migration.remove_roles(global_apps, editor)
        self.assertFalse(
            Group.objects.filter(name__in=["填报人", "审核人", "系统管理员"]).exists()
        )
        self.migration.create_roles(global_apps, editor)
        self.assertEqual(
            Group.objects.filter(name__in=["填报人", "审核人", "系统管理员"]).count(), 3
        )
        self.assertIn("disclosure.change_report", self.perms("填报人"))
