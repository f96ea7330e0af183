"""The synthetic benchmark data set: shape, consistency, refusal and reproducibility."""

from io import StringIO

from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import TestCase

from demo.synthetic import SYNTHETIC_CODE_PREFIX, SYNTHETIC_NOTE
from demo.synthetic.unit import split, split_positive
from disclosure.models import (
    AssetHolding,
    Balances,
    BasicExpenditureLine,
    ExpenditureLine,
    FiscalExpenditureLine,
    FunctionCode,
    IncomeLine,
    OperatingExpense,
    Procurement,
    Reason,
    Report,
    SnapshotFile,
    ThreePublicExpenses,
)
from disclosure.rules import check_report
from disclosure.snapshots import JSON, freeze
from tests.factories import UnitFactory
from tests.scenarios import consistent_report
from units.models import InternalBody, Unit, UnitProfile


def generate(**options):
    out = StringIO()
    call_command("generate_synthetic", stdout=out, **options)
    return out.getvalue()


def synthetic_units():
    return Unit.objects.filter(code__startswith=SYNTHETIC_CODE_PREFIX)


class SmallRunTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = generate(units=20, years=2, departments=3, seed=5)

    def test_it_creates_the_departments_and_units_it_was_asked_for(self):
        units = synthetic_units()
        self.assertEqual(units.count(), 20)
        departments = units.filter(parent__isnull=True)
        self.assertEqual(departments.count(), 3)
        for unit in units.filter(parent__isnull=False).select_related("parent"):
            self.assertIsNone(unit.parent.parent_id)
            self.assertEqual(unit.path, unit.compute_path())
        for department in departments:
            self.assertEqual(department.path, f"/{department.code}/")

    def test_every_unit_has_a_published_report_for_every_year(self):
        reports = Report.objects.filter(unit__in=synthetic_units())
        self.assertEqual(reports.count(), 40)
        self.assertFalse(reports.exclude(status=Report.Status.PUBLISHED).exists())
        per_unit = reports.values("unit").annotate(n=Count("id"))
        self.assertEqual({row["n"] for row in per_unit}, {2})
        self.assertEqual(
            set(reports.values_list("fiscal_year__year", flat=True)), {2021, 2022}
        )

    def test_names_and_data_notes_mark_the_data_as_synthetic(self):
        for unit in synthetic_units():
            self.assertTrue(unit.name.startswith("合成测试"), unit.name)
        self.assertEqual(
            set(Report.objects.values_list("data_note", flat=True)), {SYNTHETIC_NOTE}
        )

    def test_every_report_has_every_fact_group(self):
        reports = Report.objects.filter(unit__in=synthetic_units())
        for model in (Balances, ThreePublicExpenses, AssetHolding, Procurement):
            self.assertEqual(model.objects.filter(report__in=reports).count(), 40)
        self.assertEqual(
            UnitProfile.objects.filter(unit__in=synthetic_units()).count(), 40
        )
        self.assertTrue(InternalBody.objects.exists())
        for report in reports.select_related("unit"):
            has_expense = OperatingExpense.objects.filter(report=report).exists()
            self.assertEqual(has_expense, report.unit.has_operating_expense, report)

    def test_line_counts_are_realistic_and_use_the_years_item_codes(self):
        for report in Report.objects.select_related("fiscal_year"):
            lines = ExpenditureLine.objects.filter(report=report)
            self.assertGreaterEqual(lines.count(), 5, report)
            self.assertLessEqual(lines.count(), 40, report)
            self.assertFalse(
                lines.exclude(function_code__level=FunctionCode.Level.ITEM).exists()
            )
            self.assertFalse(
                lines.exclude(function_code__fiscal_year=report.fiscal_year).exists()
            )
            basic = BasicExpenditureLine.objects.filter(report=report).count()
            self.assertGreaterEqual(basic, 10, report)
            self.assertLessEqual(basic, 30, report)

    def test_no_report_has_an_error_or_a_warning(self):
        for report in Report.objects.filter(unit__in=synthetic_units()):
            result = check_report(report)
            self.assertEqual(
                [f.message for f in result.errors + result.warnings], [], report
            )

    def test_each_years_opening_balance_is_the_previous_years_closing(self):
        for unit in synthetic_units():
            last, this = Balances.objects.filter(report__unit=unit).order_by(
                "report__fiscal_year__year"
            )
            self.assertEqual(this.opening_total, last.closing_total, unit)

    def test_reasons_are_written_where_figures_moved(self):
        # 2022 follows 2021, so the changed totals need a reason (rule R-1).
        self.assertTrue(
            Reason.objects.filter(
                key="income_total", report__fiscal_year__year=2022
            ).exists()
        )
        self.assertFalse(
            Reason.objects.filter(
                key="income_total", report__fiscal_year__year=2021
            ).exists()
        )

    def test_the_year_without_a_bundled_list_gets_a_copy_of_2022s(self):
        self.assertEqual(
            FunctionCode.objects.filter(fiscal_year__year=2021).count(),
            FunctionCode.objects.filter(fiscal_year__year=2022).count(),
        )

    def test_the_command_says_what_it_created(self):
        self.assertIn("主管部门 3 个，单位共 20 个", self.output)
        self.assertIn("2021–2022 年度决算报告 40 份（全部已公开）", self.output)


class RefusalTests(TestCase):
    def test_it_refuses_when_the_database_holds_units_that_are_not_synthetic(self):
        UnitFactory(code="360200105", name="景德镇市数字城市管理服务中心")
        with self.assertRaisesMessage(CommandError, "已有 1 个非合成单位"):
            generate(units=5, years=1)
        self.assertFalse(synthetic_units().exists())
        self.assertFalse(Report.objects.exists())

    def test_force_generates_beside_other_units_and_leaves_them_alone(self):
        real = UnitFactory(code="360200105", name="景德镇市数字城市管理服务中心")
        generate(units=5, years=1, force=True)
        self.assertEqual(synthetic_units().count(), 5)
        real.refresh_from_db()
        self.assertEqual(real.name, "景德镇市数字城市管理服务中心")
        self.assertFalse(Report.objects.filter(unit=real).exists())

    def test_replacing_the_set_leaves_other_reports_and_their_facts_alone(self):
        report = consistent_report()
        facts = {
            model: model.objects.filter(report=report).count()
            for model in (IncomeLine, ExpenditureLine, BasicExpenditureLine, Reason)
        }
        generate(units=5, years=1, force=True)
        generate(units=4, years=1, force=True)
        self.assertEqual(synthetic_units().count(), 4)
        self.assertEqual(
            Report.objects.exclude(unit__in=synthetic_units()).get(), report
        )
        for model, count in facts.items():
            self.assertEqual(model.objects.filter(report=report).count(), count)
        self.assertTrue(Balances.objects.filter(report=report).exists())

    def test_replacing_the_set_deletes_its_publication_snapshots_and_their_files(self):
        generate(units=3, years=1, force=True)
        report = Report.objects.filter(unit__in=synthetic_units()).first()
        stored = freeze(report)[JSON].file.name
        self.assertTrue(default_storage.exists(stored))
        with self.captureOnCommitCallbacks(execute=True):
            generate(units=2, years=1, force=True)
        self.assertFalse(SnapshotFile.objects.filter(file=stored).exists())
        self.assertFalse(default_storage.exists(stored))

    def test_a_real_unit_whose_code_starts_like_a_synthetic_one_is_not_synthetic(self):
        real = UnitFactory(code="SYNU000001", name="景德镇市某单位")
        with self.assertRaisesMessage(CommandError, "已有 1 个非合成单位"):
            generate(units=3, years=1)
        real.delete()
        real = UnitFactory(code="SYN9", name="景德镇市某单位")
        generate(units=3, years=1, force=True)
        generate(units=3, years=1, force=True)
        self.assertTrue(Unit.objects.filter(pk=real.pk).exists())

    def test_it_rejects_arguments_that_make_no_sense(self):
        with self.assertRaisesMessage(CommandError, "--units 应至少为 1"):
            generate(units=0)
        with self.assertRaisesMessage(
            CommandError, "--departments 应在 1 至单位总数 5"
        ):
            generate(units=5, departments=6)


FINGERPRINT = {
    Unit: ("code", "name", "unit_type", "path", "parent__code"),
    ExpenditureLine: ("function_code__code", *ExpenditureLine.AMOUNT_FIELDS),
    IncomeLine: ("function_code__code", *IncomeLine.AMOUNT_FIELDS),
    FiscalExpenditureLine: (
        "fund",
        "function_code__code",
        *FiscalExpenditureLine.AMOUNT_FIELDS,
    ),
    BasicExpenditureLine: ("economic_code__code", "amount"),
    Balances: ("opening_total", "closing_total"),
    ThreePublicExpenses: (
        *ThreePublicExpenses.AMOUNT_FIELDS,
        "reception_batches",
        "vehicles_held",
    ),
    Procurement: Procurement.AMOUNT_FIELDS,
    Reason: ("key", "text"),
}


def fingerprint() -> dict:
    """Everything generated, without database ids, in a stable order."""
    prints = {}
    for model, fields in FINGERPRINT.items():
        if model is Unit:
            qs = synthetic_units()
            key = ()
        else:
            qs = model.objects.all()
            key = ("report__unit__code", "report__fiscal_year__year")
        values = list(qs.values_list(*key, *fields))
        prints[model.__name__] = sorted(values, key=lambda row: [str(v) for v in row])
    return prints


class ReproducibilityTests(TestCase):
    def test_the_same_seed_gives_the_same_data(self):
        generate(units=8, years=2, departments=2, seed=7)
        first = fingerprint()
        output = generate(units=8, years=2, departments=2, seed=7)
        self.assertIn("已删除原有合成单位 8 个", output)
        self.assertEqual(fingerprint(), first)
        self.assertEqual(Report.objects.count(), 16)

    def test_another_seed_gives_other_figures(self):
        generate(units=8, years=2, departments=2, seed=7)
        first = fingerprint()
        generate(units=8, years=2, departments=2, seed=8)
        second = fingerprint()
        self.assertNotEqual(second["ExpenditureLine"], first["ExpenditureLine"])


class SplitTests(TestCase):
    def test_the_parts_add_up_to_the_total_exactly(self):
        parts = split(1000, [1, 1, 1])
        self.assertEqual(parts, [334, 333, 333])
        self.assertEqual(sum(split(987_654, [3, 17, 5, 99])), 987_654)

    def test_every_part_gets_at_least_one_hundredth_when_there_is_enough(self):
        self.assertEqual(split_positive(5, [1, 1000, 1]), [1, 3, 1])
        self.assertEqual(sum(split_positive(2, [1, 1, 1])), 2)
