"""Published = frozen at the moment of publication.

The publish service stores the whole snapshot (files, SHA-256s, headline
figures) before the status moves, or publishes nothing and leaves no file;
no public request renders anything; comparisons read what was frozen; a
lost snapshot file never takes a page down.
"""

import io
import json
import os
import zipfile
from decimal import Decimal as D

from django.core.files.storage import FileSystemStorage, default_storage
from django.test import override_settings
from django.urls import reverse

from disclosure import public_cache, snapshots
from disclosure.comparisons import key_figures
from disclosure.models import (
    FunctionCode,
    Report,
    ReportLocked,
    SnapshotFigures,
    SnapshotFile,
)
from disclosure.workflow import TransitionRefused, report_correct, report_publish
from tests.disclosure.test_workflow import WorkflowTestCase
from tests.factories import UnitProfileFactory
from tests.scenarios import force_status
from units.models import UnitProfile


class FailingStorage(FileSystemStorage):
    """A file system that fills up after a few files, as a full disk would."""

    budget = 3

    def _save(self, name, content):
        if FailingStorage.budget <= 0:
            raise OSError(28, "No space left on device")
        FailingStorage.budget -= 1
        return super()._save(name, content)


def failing_storages(location):
    return {
        "default": {
            "BACKEND": f"{__name__}.FailingStorage",
            "OPTIONS": {"location": location},
        },
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


def stored_files(root) -> list[str]:
    return sorted(
        os.path.join(folder, name)
        for folder, _, names in os.walk(root)
        for name in names
    )


def page_url(report):
    return reverse("disclosure:report", args=[report.year, report.unit.code])


class FreezeAtPublicationTests(WorkflowTestCase):
    def setUp(self):
        super().setUp()
        UnitProfileFactory(
            unit=self.report.unit, year=2022, staff_total=4, staff_in_service=4
        )

    def test_the_snapshot_is_stored_by_the_publish_service_as_published(self):
        self.to_published()
        report = self.refresh()
        files = {f.name for f in SnapshotFile.objects.filter(report=report)}
        self.assertLessEqual(
            {snapshots.PAGE, snapshots.JSON, snapshots.PDF, snapshots.XLSX}, files
        )
        data = json.loads(
            snapshots.read(snapshots.snapshot_file(report, "report.json"))
        )
        self.assertEqual(data["report"]["status"], "published")
        self.assertIsNotNone(data["report"]["published_at"])
        figures = SnapshotFigures.objects.get(report=report)
        self.assertEqual(figures.values["income_total"], "111.00")
        self.assertEqual(figures.values["staff_in_service"], 4)

    def test_a_full_disk_refuses_publication_and_leaves_no_file(self):
        self.to_approved()
        root = os.path.join(str(default_storage.location), "failing")
        FailingStorage.budget = 3
        with override_settings(STORAGES=failing_storages(root)):
            with self.assertRaisesMessage(TransitionRefused, "公开失败"):
                report_publish(self.report, self.reviewer)
        report = self.refresh()
        self.assertEqual(report.status, Report.Status.APPROVED)
        self.assertIsNone(report.published_at)
        self.assertFalse(SnapshotFile.objects.filter(report=report).exists())
        self.assertFalse(SnapshotFigures.objects.filter(report=report).exists())
        self.assertEqual(stored_files(root), [])
        # The message says what happened, in Chinese.
        FailingStorage.budget = 0
        with override_settings(STORAGES=failing_storages(root)):
            with self.assertRaisesMessage(TransitionRefused, "存储错误"):
                report_publish(self.report, self.reviewer)

    def test_a_render_error_refuses_publication(self):
        self.to_approved()
        with override_settings(PDF_FONT_PATH="/nonexistent/font.ttf"):
            with self.assertRaisesMessage(TransitionRefused, "报告仍为“已审核”"):
                report_publish(self.report, self.reviewer)
        self.assertEqual(self.refresh().status, Report.Status.APPROVED)
        self.assertFalse(SnapshotFile.objects.filter(report=self.report).exists())

    def test_the_publish_page_shows_the_refusal_instead_of_a_500(self):
        self.to_approved()
        self.client.force_login(self.reviewer)
        url = reverse("admin:disclosure_report_check", args=[self.report.pk])
        with override_settings(PDF_FONT_PATH="/nonexistent/font.ttf"):
            response = self.client.post(
                url, {"action": "publish", "confirm_publish": "yes"}, follow=True
            )
        self.assertContains(response, "公开失败")
        self.assertEqual(self.refresh().status, Report.Status.APPROVED)

    def test_snapshots_refuse_change_and_deletion(self):
        self.to_published()
        snapshot = SnapshotFile.objects.filter(report=self.report).first()
        snapshot.sha256 = "0" * 64
        with self.assertRaises(ReportLocked):
            snapshot.save()
        with self.assertRaises(ReportLocked):
            SnapshotFile.objects.filter(report=self.report).update(size=1)
        with self.assertRaises(ReportLocked):
            SnapshotFile.objects.filter(report=self.report).delete()
        with self.assertRaises(ReportLocked):
            SnapshotFigures.objects.filter(report=self.report).update(values={})


class NoRenderingOnPublicRequestsTests(WorkflowTestCase):
    def test_a_report_without_a_snapshot_is_not_rendered_by_a_visit(self):
        force_status(self.report, Report.Status.PUBLISHED, freeze=False)
        response = self.client.get(page_url(self.report))
        self.assertContains(response, "部分公开文件暂时无法提供")
        self.assertContains(response, "全部公开文件")
        self.assertFalse(SnapshotFile.objects.exists())
        pdf = reverse("disclosure:report_pdf", args=[2022, self.report.unit.code])
        self.assertEqual(self.client.get(pdf).status_code, 404)
        self.assertFalse(SnapshotFile.objects.exists())


class MissingFileTests(WorkflowTestCase):
    def setUp(self):
        super().setUp()
        self.to_published()
        self.files = {
            f.name: f for f in SnapshotFile.objects.filter(report=self.report)
        }

    def lose(self, name):
        default_storage.delete(self.files[name].file.name)
        public_cache.bump()

    def test_a_lost_pdf_is_named_and_the_rest_is_served(self):
        self.lose(snapshots.PDF)
        with self.assertLogs("disclosure.snapshots", "ERROR"):
            response = self.client.get(page_url(self.report))
        self.assertContains(response, "以下文件暂时无法读取：PDF 全文")
        self.assertContains(response, "收入支出决算总表")
        self.assertContains(response, "report.xlsx")
        pdf = reverse("disclosure:report_pdf", args=[2022, self.report.unit.code])
        with self.assertLogs("disclosure.snapshots", "ERROR"):
            download = self.client.get(pdf)
        self.assertContains(download, "暂时无法提供", status_code=503)

    def test_a_lost_page_body_keeps_the_page_and_the_downloads(self):
        self.lose(snapshots.PAGE)
        with self.assertLogs("disclosure.snapshots", "ERROR"):
            response = self.client.get(page_url(self.report))
        self.assertContains(response, "以下文件暂时无法读取：网页正文")
        self.assertContains(response, "report.pdf")

    def test_the_year_zip_lists_what_it_could_not_include(self):
        self.lose(snapshots.JSON)
        with self.assertLogs("disclosure.snapshots", "ERROR"):
            response = self.client.get(reverse("disclosure:year_bulk", args=[2022]))
        self.assertEqual(response.status_code, 200)
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        index = json.loads(archive.read("2022/index.json"))
        code = self.report.unit.code
        self.assertEqual(index["unavailable"], [f"{code}/report.json"])
        self.assertIn(f"2022/{code}/tables/t01.csv", archive.namelist())


class FrozenComparisonTests(WorkflowTestCase):
    """The peer and year comparisons show what each revision published."""

    def setUp(self):
        super().setUp()
        self.profile = UnitProfileFactory(
            unit=self.report.unit, year=2022, staff_total=4, staff_in_service=4
        )
        self.to_published()
        self.published = Report.objects.select_related("fiscal_year").get(
            pk=self.report.pk
        )

    def test_a_correction_draft_changing_headcount_leaves_the_published_figures(self):
        report_correct(self.report, self.preparer, "更正人数。")
        UnitProfile.objects.filter(pk=self.profile.pk).update(
            staff_total=40000, staff_in_service=40000
        )
        figures = key_figures([self.published])[self.published.pk]
        self.assertEqual(figures.staff_in_service, 4)
        # 基本支出 60 万元 / 4 人 = 150,000 元 per person, as published.
        self.assertEqual(figures.per_staff("basic"), D("150000.00"))
        response = self.client.get(
            reverse("disclosure:peer_compare", args=[2022]),
            {"by": "department", "unit": self.report.unit.code},
        )
        self.assertContains(response, "150,000.00")

    def test_a_renamed_code_reaches_neither_page_nor_figures(self):
        before = self.client.get(page_url(self.report)).content
        FunctionCode.objects.filter(code="2120199").update(name="改过的科目名称")
        public_cache.bump()
        after = self.client.get(page_url(self.report)).content
        self.assertNotIn("改过的科目名称".encode(), after)
        self.assertIn("其他城乡社区管理事务支出".encode(), before)
