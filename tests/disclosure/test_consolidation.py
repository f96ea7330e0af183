"""部门决算: the department's facts are its units' approved facts, summed, less the eliminations."""

from decimal import Decimal as D

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from disclosure.consolidation import current_sources
from disclosure.document import build_document
from disclosure.figures import Figures
from disclosure.models import ConsolidationAdjustment, ConsolidationMember, Report
from disclosure.selectors import load_report_data
from tests.factories import function_code
from tests.scenarios import department, force_status

Mode = ConsolidationMember.Mode


class CompositionTests(TestCase):
    def test_default_composition_is_self_then_units_with_reports_then_merged(self):
        dept, reports = department(units=2, merged=1)
        members = list(dept.members.order_by("position"))
        self.assertEqual(
            [m.mode for m in members],
            [Mode.SELF, Mode.OWN_REPORT, Mode.OWN_REPORT, Mode.MERGED],
        )
        self.assertEqual(members[0].unit, dept.unit)
        self.assertEqual(members[0].unit_name, dept.unit.name)

    def test_renaming_a_unit_changes_no_composition(self):
        dept, _ = department(units=1)
        member = dept.members.get(mode=Mode.OWN_REPORT)
        unit = member.unit
        printed = member.unit_name
        unit.name = "改名后的单位"
        unit.save()
        member.refresh_from_db()
        self.assertEqual(member.unit_name, printed)


class ConsolidatedFactsTests(TestCase):
    def test_figures_are_the_sum_of_the_units(self):
        dept, reports = department(units=2)
        figures = Figures(load_report_data(dept))
        units = [Figures(load_report_data(r)) for r in reports.values()]
        for name in ("income_total", "expenditure_total", "basic_total"):
            self.assertEqual(figures[name], sum((u[name] for u in units), D(0)), name)
        self.assertEqual(
            figures["three_public"]["actual_total"],
            sum(u["three_public"]["actual_total"] for u in units),
        )
        self.assertEqual(figures["vehicles_total"], 3)

    def test_a_unit_in_yuan_is_converted_to_the_departments_unit(self):
        dept, reports = department(units=1)
        child = list(reports.values())[1]
        force_status(child, "draft")
        from disclosure.models import IncomeLine, generated_data_reset

        with generated_data_reset():
            Report.objects.filter(pk=child.pk).update(amount_unit="yuan")
            IncomeLine.objects.filter(report=child).update(other=D("12345.67"))
        force_status(child, "approved")
        figures = Figures(load_report_data(dept))
        # Both of its income lines now hold 12,345.67 元 of 其他收入.
        self.assertEqual(
            figures["income_by_source"]["other"], D("6") + 2 * D("1.234567")
        )

    def test_an_elimination_takes_the_amount_off_both_sides(self):
        dept, reports = department(units=1)
        head, child = reports.values()
        from disclosure.models import ExpenditureLine, IncomeLine, generated_data_reset

        code = function_code("2120199")
        with generated_data_reset():
            IncomeLine.objects.filter(report=child, function_code=code).update(
                superior_grant=D("20.00")
            )
            ExpenditureLine.objects.filter(report=head, function_code=code).update(
                to_affiliates=D("20.00")
            )
        before = Figures(load_report_data(dept))
        ConsolidationAdjustment.objects.create(
            report=dept,
            pair="grant",
            income_unit=child.unit,
            income_code=code,
            expense_unit=head.unit,
            expense_code=code,
            amount=D("20.00"),
        )
        after = Figures(load_report_data(dept))
        self.assertEqual(after["income_total"], before["income_total"] - 20)
        self.assertEqual(after["expenditure_total"], before["expenditure_total"] - 20)
        self.assertEqual(after["income_by_source"]["superior_grant"], 0)
        self.assertEqual(after["expenditure_by_kind"]["to_affiliates"], 0)

    def test_a_draft_reads_each_units_current_approved_report(self):
        dept, reports = department(units=1, status="draft")
        child = list(reports.values())[1]
        sources = current_sources(dept, [child.unit_id])
        self.assertIsNone(sources[child.unit_id])
        force_status(child, "approved")
        self.assertEqual(current_sources(dept, [child.unit_id])[child.unit_id], child)

    def test_the_load_takes_the_same_queries_for_three_units_and_for_twelve(self):
        counts = []
        for n in (3, 12):
            dept, _ = department(units=n)
            with CaptureQueriesContext(connection) as queries:
                load_report_data(dept)
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])

    def test_the_document_builds(self):
        dept, _ = department(units=2)
        doc = build_document(dept)
        self.assertTrue(doc.tables)
        self.assertIn("部门决算", str(dept))


class DepartmentFiguresTests(TestCase):
    def test_operating_expense_counts_only_administrative_and_civil_servant_units(self):
        from disclosure.models import OperatingExpense, generated_data_reset
        from units.models import Unit

        dept, reports = department(units=2)
        head, first, second = reports.values()
        Unit.objects.filter(pk=first.unit_id).update(
            unit_type=Unit.UnitType.CIVIL_SERVANT_MANAGED
        )
        dept.members.filter(unit=first.unit).update(
            unit_type=Unit.UnitType.CIVIL_SERVANT_MANAGED
        )
        with generated_data_reset():
            for report, amount in ((head, "10.00"), (first, "4.00"), (second, "7.00")):
                OperatingExpense.objects.create(report=report, amount=D(amount))
        figures = Figures(load_report_data(dept))
        # 本级 (行政) and the 参公 unit; the 公益一类 unit's entry is not 机关运行经费.
        self.assertEqual(figures["operating_expense"], D("14.00"))

    def test_moving_a_unit_after_publication_changes_no_published_composition(self):
        from disclosure.consolidation import pin_sources
        from tests.factories import UnitFactory

        dept, reports = department(units=1)
        pin_sources(dept, None)  # as submitting does
        force_status(dept, "published")
        child = list(reports.values())[1].unit
        printed = list(dept.members.values_list("unit_name", "mode"))
        child.parent = UnitFactory()
        child.save()
        child.name = "移交后的单位"
        child.save()
        self.assertEqual(list(dept.members.values_list("unit_name", "mode")), printed)
        data = load_report_data(dept)
        self.assertIn(child.pk, data.consolidation.member_data)
