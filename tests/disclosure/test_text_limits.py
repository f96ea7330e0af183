"""Free texts have length limits that the forms, full_clean, the database and the workbook import obey."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from disclosure.models import REASON_MAX_LENGTH, Reason, Report
from performance.models import SECTION_MAX_LENGTH, Project
from tests.disclosure.test_import_xlsx import ImportTestCase, edited, find_row
from tests.factories import ProjectFactory, ReportFactory, UnitProfileFactory
from units.models import UnitProfile

TOO_LONG_REASON = "因" * (REASON_MAX_LENGTH + 1)


class ModelLimitTests(TestCase):
    def test_full_clean_refuses_a_reason_over_the_limit(self):
        reason = Reason(
            report=ReportFactory(), key="income_total", text=TOO_LONG_REASON
        )
        with self.assertRaises(ValidationError) as caught:
            reason.full_clean()
        self.assertIn("text", caught.exception.message_dict)

    def test_the_database_refuses_texts_over_the_limit_written_in_bulk(self):
        report = ReportFactory()
        profile = UnitProfileFactory()
        project = ProjectFactory()
        for write in [
            lambda: Reason.objects.create(
                report=report, key="income_total", text=TOO_LONG_REASON
            ),
            lambda: Report.objects.filter(pk=report.pk).update(data_note="注" * 1001),
            lambda: UnitProfile.objects.filter(pk=profile.pk).update(
                duties="职" * 5001
            ),
            lambda: Project.objects.filter(pk=project.pk).update(
                conclusion="论" * (SECTION_MAX_LENGTH + 1)
            ),
        ]:
            with (
                self.subTest(),
                self.assertRaises(IntegrityError),
                transaction.atomic(),
            ):
                write()

    def test_a_text_at_the_limit_is_stored(self):
        reason = Reason.objects.create(
            report=ReportFactory(), key="income_total", text="因" * REASON_MAX_LENGTH
        )
        reason.full_clean()


class WorkbookReasonTests(ImportTestCase):
    def test_an_imported_reason_over_the_limit_is_refused_naming_its_cell(self):
        def edit(wb):
            ws = wb["填报补充"]
            # The first reason: below the section's title and its header row.
            row = find_row(ws, label="七、原因说明") + 2
            ws.cell(row, 1).value = "income_total"
            ws.cell(row, 3).value = TOO_LONG_REASON

        self.assertRejected(
            edited(self.content, edit),
            "填报补充",
            "C 列",
            "收入决算情况说明 本年收入合计",
            "超过 1,000 字的上限",
        )
