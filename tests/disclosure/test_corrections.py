"""Publication snapshots and corrections (更正): what the public sees stays what was published."""

import hashlib
import json
from decimal import Decimal as D

from django.db import IntegrityError, transaction
from django.test import TestCase
from django.urls import reverse

from disclosure import public_cache, snapshots
from disclosure.models import (
    ExpenditureLine,
    FunctionCode,
    IncomeLine,
    Report,
    ReportLocked,
    ReviewLog,
    SnapshotFile,
    generated_data_reset,
)
from disclosure.revisions import fact_models
from disclosure.workflow import (
    TransitionRefused,
    report_approve,
    report_correct,
    report_publish,
    report_submit,
)
from performance.models import Indicator, Project
from tests.disclosure.test_workflow import ATTESTATION, WorkflowTestCase, person
from tests.factories import (
    FiscalYearFactory,
    IndicatorFactory,
    ProjectFactory,
    UnitFactory,
)
from tests.scenarios import force_status
from units.models import Membership


def page_url(report, revision=None):
    args = [report.fiscal_year.year, report.unit.code]
    if revision is None:
        return reverse("disclosure:report", args=args)
    return reverse("disclosure:report_revision", args=[*args, revision])


def download(client, name, report, revision=None):
    args = [report.fiscal_year.year, report.unit.code]
    if revision is not None:
        name, args = f"{name}_revision", [*args, revision]
    return client.get(reverse(f"disclosure:{name}", args=args))


class CorrectionTestCase(WorkflowTestCase):
    def publish(self, report):
        report_submit(report, self.preparer)
        report_approve(report, self.reviewer, ATTESTATION)
        return report_publish(report, self.reviewer)

    def correct(self, note="更正公开02表其他收入。"):
        return report_correct(self.report, self.preparer, note)

    def change_income(self, report, amount):
        """More 其他收入 and as much more project spending: every identity still holds."""
        income = IncomeLine.objects.filter(report=report).order_by("pk").first()
        income.other += amount
        income.save()
        spending = ExpenditureLine.objects.filter(report=report).order_by("pk").first()
        spending.project += amount
        spending.save()


class SnapshotTests(CorrectionTestCase):
    def test_publication_freezes_every_file_with_its_sha256(self):
        self.publish(self.report)
        stored = {f.name: f for f in SnapshotFile.objects.filter(report=self.report)}
        self.assertLessEqual(
            {snapshots.PAGE, snapshots.JSON, snapshots.PDF, snapshots.XLSX},
            set(stored),
        )
        self.assertIn("tables/t01.csv", stored)
        for snapshot in stored.values():
            content = snapshots.read(snapshot)
            self.assertEqual(hashlib.sha256(content).hexdigest(), snapshot.sha256)
            self.assertEqual(len(content), snapshot.size)
            self.assertTrue(snapshots.verify(snapshot))

    def test_deleted_snapshots_lose_their_files_only_once_that_is_committed(self):
        self.publish(self.report)
        stored = SnapshotFile.objects.filter(report=self.report)
        reports = Report.objects.filter(pk=self.report.pk)
        names = list(stored.values_list("file", flat=True))
        storage = SnapshotFile._meta.get_field("file").storage
        with self.assertRaises(ReportLocked):
            snapshots.delete_snapshots(reports)
        with self.captureOnCommitCallbacks(execute=True), generated_data_reset():
            try:
                with transaction.atomic():
                    snapshots.delete_snapshots(reports)
                    raise RuntimeError("rolled back")
            except RuntimeError:
                pass
        self.assertEqual(stored.count(), len(names))
        self.assertTrue(all(storage.exists(name) for name in names))
        with self.captureOnCommitCallbacks(execute=True), generated_data_reset():
            snapshots.delete_snapshots(reports)
        self.assertFalse(stored.exists())
        self.assertFalse(any(storage.exists(name) for name in names))

    def test_downloads_are_the_stored_bytes_with_their_digest(self):
        self.publish(self.report)
        for url_name, name in (
            ("report_pdf", snapshots.PDF),
            ("report_xlsx", snapshots.XLSX),
            ("report_json", snapshots.JSON),
        ):
            stored = SnapshotFile.objects.get(report=self.report, name=name)
            response = download(self.client, url_name, self.report)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.content, snapshots.read(stored))
            self.assertEqual(response["ETag"], f'"{stored.sha256}"')
            self.assertTrue(response["Repr-Digest"].startswith("sha-256=:"))

    def test_the_page_lists_each_files_sha256(self):
        self.publish(self.report)
        page = self.client.get(page_url(self.report))
        for snapshot in SnapshotFile.objects.filter(
            report=self.report, name__in=[snapshots.PDF, snapshots.JSON]
        ):
            self.assertContains(page, snapshot.sha256)

    def test_the_page_shows_the_attestations_and_the_publication(self):
        self.publish(self.report)
        page = self.client.get(page_url(self.report))
        self.assertContains(page, "王保密")
        self.assertContains(page, "李主任")
        self.assertContains(page, "保密审查")
        self.assertContains(page, "主要负责人审签")

    def test_a_code_list_change_after_publication_does_not_reach_the_downloads(self):
        self.publish(self.report)
        before = download(self.client, "report_json", self.report).content
        code = IncomeLine.objects.filter(report=self.report).first().function_code
        FunctionCode.objects.filter(pk=code.pk).update(name="改过的科目名称")
        public_cache.bump()
        self.assertEqual(
            download(self.client, "report_json", self.report).content, before
        )
        self.assertNotContains(self.client.get(page_url(self.report)), "改过的科目名称")

    def test_publication_bumps_the_public_generation(self):
        report_submit(self.report, self.preparer)
        report_approve(self.report, self.reviewer, ATTESTATION)
        before = public_cache.generation()
        report_publish(self.report, self.reviewer)
        self.assertGreater(public_cache.generation(), before)

    def test_a_draft_cannot_be_frozen(self):
        with self.assertRaises(ValueError):
            snapshots.freeze(self.report)
        self.assertFalse(SnapshotFile.objects.exists())


class CorrectionStartTests(CorrectionTestCase):
    def setUp(self):
        super().setUp()
        self.publish(self.report)

    def test_a_correction_is_a_new_draft_revision_with_a_copy_of_every_fact(self):
        correction = self.correct()
        self.assertEqual(correction.status, Report.Status.DRAFT)
        self.assertEqual(correction.revision, 2)
        self.assertEqual(correction.corrects_id, self.report.pk)
        self.assertEqual(correction.correction_note, "更正公开02表其他收入。")
        for model in fact_models():
            with self.subTest(model=model._meta.label):
                self.assertEqual(
                    model.objects.filter(report=correction).count(),
                    model.objects.filter(report=self.report).count(),
                )

    def test_a_projects_indicators_are_copied_with_it(self):
        force_status(self.report.pk, Report.Status.DRAFT)
        project = ProjectFactory(report=self.report)
        IndicatorFactory(project=project, position=1)
        IndicatorFactory(project=project, position=2)
        force_status(self.report.pk, Report.Status.PUBLISHED)
        correction = self.correct()
        copied = Project.objects.get(report=correction)
        self.assertNotEqual(copied.pk, project.pk)
        self.assertEqual(
            list(copied.indicators.values_list("position", "name")),
            list(project.indicators.values_list("position", "name")),
        )
        self.assertEqual(Indicator.objects.filter(project=project).count(), 2)

    def test_the_move_is_logged_on_the_new_revision(self):
        correction = self.correct()
        log = ReviewLog.objects.get(report=correction)
        self.assertEqual(
            (log.from_status, log.to_status, log.actor),
            (Report.Status.PUBLISHED, Report.Status.DRAFT, self.preparer),
        )
        self.assertIn("更正公开02表其他收入。", log.comment)

    def test_a_note_is_required(self):
        with self.assertRaisesMessage(TransitionRefused, "更正说明"):
            report_correct(self.report, self.preparer, "  ")
        self.assertEqual(Report.objects.count(), 1)

    def test_only_one_correction_at_a_time(self):
        self.correct()
        with self.assertRaisesMessage(TransitionRefused, "已有正在办理的更正"):
            self.correct("再次更正")

    def test_only_the_current_published_revision_can_be_corrected(self):
        draft = self.correct()
        with self.assertRaisesMessage(
            TransitionRefused, "只有已公开的现行版本可以更正"
        ):
            report_correct(draft, self.preparer, "更正")

    def test_nobody_outside_the_unit_can_correct(self):
        outsider = person("other", "填报人", UnitFactory(), Membership.Role.PREPARER)
        for user in (outsider, self.other_reviewer):
            with self.subTest(user=user.username):
                with self.assertRaises(TransitionRefused):
                    report_correct(self.report, user, "更正")
        self.assertEqual(Report.objects.count(), 1)

    def test_the_public_keeps_seeing_the_published_revision_while_correcting(self):
        before = self.client.get(page_url(self.report)).content
        correction = self.correct()
        self.change_income(correction, D("999.99"))
        public_cache.bump()
        self.assertEqual(self.client.get(page_url(self.report)).content, before)
        self.assertEqual(
            self.client.get(page_url(self.report, revision=2)).status_code, 404
        )

    def test_the_published_revision_stays_immutable(self):
        self.correct()
        line = IncomeLine.objects.filter(report=self.report).first()
        line.other = D("1.00")
        with self.assertRaises(ReportLocked):
            line.save()


class CorrectionReviewTests(CorrectionTestCase):
    def test_the_reviewer_sees_what_changed_against_the_corrected_revision(self):
        self.publish(self.report)
        correction = self.correct()
        self.change_income(correction, D("7.00"))
        report_submit(correction, self.preparer)
        self.client.force_login(self.reviewer)
        page = self.client.get(
            reverse("admin:disclosure_report_check", args=[correction.pk])
        )
        self.assertContains(page, "与更正前（第 1 版）比较")
        self.assertContains(page, "第 2 版（本次更正）")
        self.assertNotContains(page, "与上年比较")
        self.assertContains(page, 'class="changed"')


class CorrectionPublicationTests(CorrectionTestCase):
    def setUp(self):
        super().setUp()
        self.publish(self.report)
        self.first_json = download(self.client, "report_json", self.report).content
        self.correction = self.correct()
        self.change_income(self.correction, D("7.00"))
        self.publish(self.correction)
        self.report.refresh_from_db()

    def test_the_corrected_revision_is_kept_as_superseded(self):
        self.assertEqual(self.report.status, Report.Status.SUPERSEDED)
        self.assertIsNotNone(self.report.superseded_at)
        log = ReviewLog.objects.filter(report=self.report).first()
        self.assertEqual(log.to_status, Report.Status.SUPERSEDED)
        self.assertEqual(Report.objects.published().get().pk, self.correction.pk)

    def test_the_page_shows_the_correction_its_note_and_every_earlier_revision(self):
        page = self.client.get(page_url(self.report))
        self.assertContains(page, "更正记录")
        self.assertContains(page, "更正说明：更正公开02表其他收入。")
        self.assertContains(page, f'href="{page_url(self.report, revision=1)}"')
        self.assertContains(page, "第 2 版，共 2 版")

    def test_the_earlier_revision_is_served_as_published(self):
        first = self.client.get(page_url(self.report, revision=1))
        self.assertContains(first, "此版本已被更正")
        self.assertContains(first, f'href="{page_url(self.report)}"')
        self.assertEqual(
            download(self.client, "report_json", self.report, revision=1).content,
            self.first_json,
        )
        current = json.loads(download(self.client, "report_json", self.report).content)
        self.assertEqual(current["report"]["revision"], 2)
        self.assertEqual(current["report"]["correction_note"], "更正公开02表其他收入。")

    def test_the_corrected_figures_are_the_public_ones(self):
        current = json.loads(download(self.client, "report_json", self.report).content)
        first = json.loads(self.first_json)
        self.assertNotEqual(current["facts"], first["facts"])

    def test_a_superseded_revisions_facts_cannot_change(self):
        line = IncomeLine.objects.filter(report=self.report).first()
        line.other = D("1.00")
        with self.assertRaises(ReportLocked):
            line.save()

    def test_a_second_correction_corrects_the_current_revision(self):
        third = report_correct(self.correction, self.preparer, "第二次更正")
        self.assertEqual((third.revision, third.corrects_id), (3, self.correction.pk))
        with self.assertRaisesMessage(TransitionRefused, "只有已公开的现行版本"):
            report_correct(self.report, self.preparer, "更正旧版本")


class ConstraintTests(TestCase):
    def setUp(self):
        self.first = Report.objects.create(
            unit=UnitFactory(), fiscal_year=FiscalYearFactory(year=2030)
        )
        force_status(self.first.pk, Report.Status.PUBLISHED)

    def revision(self, number, **fields):
        return Report.objects.create(
            unit=self.first.unit,
            fiscal_year=self.first.fiscal_year,
            revision=number,
            corrects=self.first,
            **fields,
        )

    def test_one_open_revision_per_unit_and_year(self):
        self.revision(2, correction_note="更正")
        with self.assertRaises(IntegrityError), transaction.atomic():
            self.revision(3, correction_note="另一份更正")

    def test_one_current_publication_per_unit_and_year(self):
        self.revision(2, correction_note="更正")
        with self.assertRaises(IntegrityError), transaction.atomic():
            force_status(
                Report.objects.get(revision=2), Report.Status.PUBLISHED, freeze=False
            )

    def test_a_correction_needs_its_note(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            self.revision(2)

    def test_the_same_revision_number_cannot_be_used_twice(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Report.objects.create(
                unit=self.first.unit, fiscal_year=self.first.fiscal_year
            )


class CorrectionAdminTests(CorrectionTestCase):
    def setUp(self):
        super().setUp()
        self.publish(self.report)
        self.check_url = reverse("admin:disclosure_report_check", args=[self.report.pk])

    def test_the_preparer_starts_a_correction_from_the_review_page(self):
        self.client.force_login(self.preparer)
        page = self.client.get(self.check_url)
        self.assertContains(page, "发起更正")
        response = self.client.post(
            self.check_url, {"action": "correct", "correction_note": "更正说明文字"}
        )
        correction = Report.objects.get(revision=2)
        self.assertRedirects(
            response,
            reverse("admin:disclosure_report_change", args=[correction.pk]),
            fetch_redirect_response=False,
        )
        self.assertEqual(correction.correction_note, "更正说明文字")

    def test_an_empty_note_is_refused_with_a_message(self):
        self.client.force_login(self.preparer)
        response = self.client.post(
            self.check_url, {"action": "correct", "correction_note": ""}, follow=True
        )
        self.assertContains(response, "发起更正时必须填写更正说明")
        self.assertFalse(Report.objects.filter(revision=2).exists())

    def test_a_supervisor_of_another_department_cannot_correct(self):
        self.client.force_login(self.other_reviewer)
        response = self.client.post(
            self.check_url, {"action": "correct", "correction_note": "更正"}
        )
        self.assertIn(response.status_code, (302, 403, 404))
        self.assertFalse(Report.objects.filter(revision=2).exists())

    def test_a_correction_is_not_started_by_get(self):
        self.client.force_login(self.preparer)
        self.client.get(self.check_url + "?action=correct&correction_note=x")
        self.assertFalse(Report.objects.filter(revision=2).exists())


class FreezeCommandTests(TestCase):
    def test_it_freezes_public_reports_without_a_snapshot_and_nothing_else(self):
        from io import StringIO

        from django.core.management import call_command

        published = Report.objects.create(
            unit=UnitFactory(), fiscal_year=FiscalYearFactory(year=2032)
        )
        force_status(published.pk, Report.Status.PUBLISHED, freeze=False)
        draft = Report.objects.create(
            unit=UnitFactory(), fiscal_year=published.fiscal_year
        )
        out = StringIO()
        call_command("freeze_snapshots", stdout=out)
        self.assertIn("已为 1 份报告生成公开快照", out.getvalue())
        self.assertTrue(SnapshotFile.objects.filter(report=published).exists())
        self.assertFalse(SnapshotFile.objects.filter(report=draft).exists())
        call_command("freeze_snapshots", stdout=out)
        self.assertIn("已为 0 份报告生成公开快照", out.getvalue())


class DeadlineTests(CorrectionTestCase):
    def test_a_corrected_report_counts_as_published_on_its_first_publication(self):
        from disclosure.deadlines import deadline_dashboard
        from units.models import Unit

        self.publish(self.report)
        first_published = Report.objects.get(pk=self.report.pk).published_at
        correction = self.correct()
        self.change_income(correction, D("1.00"))
        self.publish(correction)
        units = Unit.objects.filter(pk=self.report.unit_id)
        (row,) = deadline_dashboard(units, 2022, first_published.date()).rows
        self.assertTrue(row.published)
        self.assertEqual(row.report.published_at, first_published)
        self.assertEqual(row.status_label, "已公开（第 2 版为更正版）")


class PublishedPdfTests(CorrectionTestCase):
    def test_the_frozen_pdf_names_the_revision_note_and_attestations(self):
        import subprocess
        import tempfile
        from shutil import which
        from unittest import SkipTest

        if which("pdftotext") is None:
            raise SkipTest("pdftotext 未安装")
        self.publish(self.report)
        correction = self.correct("更正公开02表。")
        self.change_income(correction, D("1.00"))
        self.publish(correction)
        content = download(self.client, "report_pdf", self.report).content
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
            pdf.write(content)
            pdf.flush()
            text = subprocess.run(
                ["pdftotext", "-l", "1", pdf.name, "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        self.assertIn("第 2 版（更正）", text)
        self.assertIn("更正公开02表。", text)
        self.assertIn("保密审查：王保密", text)
        self.assertIn("主要负责人审签：李主任", text)
