"""Every CSV and XLSX the platform writes keeps a formula-like text as text.

A unit name, code name or reason beginning with = + - @ would run as a
formula when a reader opens the download in Excel or WPS. Each writer is
checked by reading its own file back.
"""

import csv
import io
from io import BytesIO

from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook
from tablib import Dataset

from demo.loader import SEED_UNIT
from disclosure.deadlines import dashboard_xlsx, deadline_dashboard
from disclosure.document import build_document
from disclosure.exports.open_data import table_csv
from disclosure.exports.xlsx import render_report_xlsx
from disclosure.importers.facts import facts_of
from disclosure.importers.resources import ExpenditureLineResource
from disclosure.importers.xlsx import import_workbook
from disclosure.models import ExpenditureLine, FiscalYear, Reason, Report
from tests.demo_cache import load_demo_shared
from tests.disclosure.test_import_xlsx import preparer_of
from tests.factories import ReportFactory, UnitFactory, UserFactory
from tests.scenarios import force_status
from units.models import Unit
from units.resources import UnitResource

LINK = '=HYPERLINK("http://x")'
SUM = "-1+1"


def all_cells(content: bytes):
    wb = load_workbook(BytesIO(content))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            yield from row


class ReportWorkbookTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_shared()
        cls.seed = Report.objects.get(unit__code=SEED_UNIT, fiscal_year__year=2022)
        # The seed is published (its facts locked); these texts are typed into a draft.
        force_status(cls.seed.pk, Report.Status.DRAFT)
        Reason.objects.filter(report=cls.seed, key="income_total").delete()
        Reason.objects.create(report=cls.seed, key="income_total", text=LINK)
        Reason.objects.filter(report=cls.seed).exclude(key="income_total").update(
            text=SUM
        )
        cls.target = ReportFactory(
            unit=UnitFactory(code="IMPORT01"),
            fiscal_year=FiscalYear.objects.get(year=2021),
        )
        cls.user = preparer_of(cls.target.unit, "daoru")

    def test_a_formula_like_reason_is_written_as_quoted_text_not_a_formula(self):
        content = render_report_xlsx(build_document(self.seed))

        values = {c.value for c in all_cells(content)}
        self.assertIn("'" + LINK, values)
        self.assertNotIn(LINK, values)
        self.assertFalse([c for c in all_cells(content) if c.data_type == "f"])

    def test_the_quoted_texts_import_back_as_they_were_typed(self):
        content = render_report_xlsx(build_document(self.seed))

        import_workbook(self.target, content, self.user)

        self.assertEqual(facts_of(self.target).reasons, facts_of(self.seed).reasons)
        self.assertEqual(facts_of(self.target).reasons["income_total"], LINK)

    def test_public_table_csv_quotes_a_formula_like_label_and_keeps_negative_numbers(
        self,
    ):
        code = ExpenditureLine.objects.filter(report=self.seed).first()
        code.function_code.name = LINK
        code.function_code.save()

        document = build_document(Report.objects.get(pk=self.seed.pk))
        text = "".join(table_csv(t) for t in document.tables)

        cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
        self.assertIn("'" + LINK, cells)
        self.assertNotIn(LINK, cells)
        self.assertFalse([c for c in cells if c.startswith("'-") and c[2:3].isdigit()])


class AdminExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.unit = UnitFactory(code="F01", name=LINK, short_name=SUM)
        cls.admin = UserFactory(username="admin", is_superuser=True)

    def test_the_unit_export_quotes_formula_like_names(self):
        dataset = UnitResource().export(Unit.objects.filter(pk=self.unit.pk))

        self.assertEqual(dataset.dict[0]["name"], "'" + LINK)
        self.assertEqual(dataset.dict[0]["short_name"], "'" + SUM)

    def test_an_exported_unit_list_imports_back_to_the_same_names(self):
        exported = UnitResource().export(Unit.objects.filter(pk=self.unit.pk))
        Unit.objects.filter(pk=self.unit.pk).update(name="改过的名称", short_name="")

        data = Dataset().load(exported.csv, format="csv")
        result = UnitResource().import_data(data, dry_run=False)

        self.assertFalse(result.has_errors() or result.has_validation_errors())
        self.unit.refresh_from_db()
        self.assertEqual((self.unit.name, self.unit.short_name), (LINK, SUM))

    def test_the_fact_line_export_quotes_formula_like_code_names(self):
        from tests.factories import ExpenditureLineFactory

        line = ExpenditureLineFactory()
        line.function_code.name = LINK
        line.function_code.save()

        dataset = ExpenditureLineResource().export()

        self.assertEqual(dataset.dict[0]["name"], "'" + LINK)

    def test_the_admin_export_download_quotes_them_too(self):
        self.client.force_login(self.admin)
        response = self.client.post(
            reverse("admin:units_unit_export"),
            {"format": "0", "resource": "0", "unitresource_name": "on"},
        )
        self.assertEqual(response.status_code, 200)
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(rows[1][0], "'" + LINK)


class DashboardWorkbookTests(TestCase):
    def test_the_deadline_dashboard_writes_a_formula_like_unit_name_as_text(self):
        UnitFactory(code="F02", name=LINK)
        import datetime

        board = deadline_dashboard(
            Unit.objects.filter(code="F02"), 2022, datetime.date(2023, 9, 1)
        )

        cells = list(all_cells(dashboard_xlsx(board)))
        self.assertIn("'" + LINK, [c.value for c in cells])
        self.assertFalse([c for c in cells if c.data_type == "f"])
