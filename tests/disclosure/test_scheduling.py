"""定时公开: frozen when scheduled, public together at the moment, withdrawn with the schedule."""

import datetime

import time_machine
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from disclosure import public_cache
from disclosure.models import Report, ReviewLog, SnapshotFigures, SnapshotFile
from disclosure.scheduling import (
    check_moment,
    moment_from,
    publish_due,
    report_schedule,
    report_unschedule,
)
from disclosure.workflow import (
    TransitionRefused,
    report_approve,
    report_publish,
    report_return,
    report_submit,
)
from jobs.models import Job
from tests.disclosure.test_workflow import ATTESTATION, WorkflowTestCase
from tests.jobs.worker import DATABASE_QUEUE, run_worker
from tests.scenarios import consistent_report


def next_hour(hours=2) -> datetime.datetime:
    now = timezone.localtime()
    return now.replace(minute=0, second=0, microsecond=0) + datetime.timedelta(
        hours=hours
    )


def after(moment, seconds=1):
    return time_machine.travel(moment + datetime.timedelta(seconds=seconds))


def page_url(report) -> str:
    return reverse("disclosure:report", args=[report.year, report.unit.code])


@DATABASE_QUEUE
class ScheduleTests(WorkflowTestCase):
    def setUp(self):
        super().setUp()
        self.to_approved()
        self.moment = next_hour()

    def schedule(self, report=None, moment=None):
        with self.captureOnCommitCallbacks(execute=True):
            return report_schedule(
                report or self.report, self.reviewer, moment or self.moment
            )

    def test_scheduling_freezes_the_report_now_printed_with_its_moment(self):
        self.schedule()
        report = self.refresh()
        self.assertEqual(report.status, Report.Status.APPROVED)
        self.assertEqual(report.scheduled_for, self.moment)
        self.assertEqual(report.scheduled_by, self.reviewer)
        self.assertIsNone(report.published_at)
        files = SnapshotFile.objects.filter(report=report)
        self.assertTrue(files.filter(name="report.json").exists())
        self.assertTrue(SnapshotFigures.objects.filter(report=report).exists())
        json_file = files.get(name="report.json")
        with json_file.file.open("rb") as handle:
            text = handle.read().decode("utf-8")
        self.assertIn(self.moment.isoformat()[:16], text)
        log = ReviewLog.objects.filter(report=report).latest("at")
        self.assertIn("定时公开", log.comment)
        self.assertEqual(self.client.get(page_url(report)).status_code, 404)

    def test_one_job_waits_for_the_moment_whatever_the_number_of_reports(self):
        self.schedule()
        other = self.approved_other_report()
        self.schedule(other)
        jobs = Job.objects.filter(kind="publish_due")
        self.assertEqual(jobs.count(), 1)
        self.assertEqual(jobs.get().run_after, self.moment)
        self.assertEqual(run_worker(), 0)  # not before the moment

    def approved_other_report(self):
        other = consistent_report()
        other.unit.parent = self.department
        other.unit.save()
        from tests.disclosure.test_workflow import person
        from units.models import Membership

        preparer = person("kuaiji2", "填报人", other.unit, Membership.Role.PREPARER)
        report_submit(other, preparer)
        report_approve(other, self.reviewer, ATTESTATION)
        return Report.objects.get(pk=other.pk)

    def test_at_the_moment_every_scheduled_report_goes_public_together_unrendered(self):
        self.schedule()
        other = self.approved_other_report()
        self.schedule(other)
        frozen = set(SnapshotFile.objects.values_list("pk", "sha256"))
        generation = public_cache.generation()
        with after(self.moment), self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(run_worker(), 1)
        for report in (self.refresh(), Report.objects.get(pk=other.pk)):
            self.assertEqual(report.status, Report.Status.PUBLISHED)
            self.assertEqual(report.published_at, self.moment)
            self.assertEqual(report.published_by, self.reviewer)
            self.assertIsNone(report.scheduled_for)
        # The moment rendered nothing: the snapshot is the one prepared.
        self.assertEqual(set(SnapshotFile.objects.values_list("pk", "sha256")), frozen)
        public_cache.forget()
        self.assertEqual(public_cache.generation(), generation + 1)
        job = Job.objects.get(kind="publish_due")
        self.assertEqual(job.status, Job.Status.DONE)
        self.assertEqual(job.progress, "2 / 2")
        self.assertIn("2 份报告已公开", job.message)
        self.assertEqual(self.client.get(page_url(self.report)).status_code, 200)

    def test_a_report_returned_after_scheduling_is_not_published_and_loses_its_snapshot(
        self,
    ):
        self.schedule()
        names = list(SnapshotFile.objects.values_list("file", flat=True))
        self.assertTrue(all(default_storage.exists(n) for n in names))
        with self.captureOnCommitCallbacks(execute=True):
            report_return(self.report, self.reviewer, "第 5 表有误，请修改。")
        report = self.refresh()
        self.assertEqual(report.status, Report.Status.DRAFT)
        self.assertIsNone(report.scheduled_for)
        self.assertFalse(SnapshotFile.objects.filter(report=report).exists())
        self.assertFalse(SnapshotFigures.objects.filter(report=report).exists())
        self.assertFalse(any(default_storage.exists(n) for n in names))
        with after(self.moment):
            run_worker()
        self.assertEqual(self.refresh().status, Report.Status.DRAFT)

    def test_a_returned_report_approved_and_scheduled_again_publishes_its_new_snapshot(
        self,
    ):
        self.schedule()
        json_file = SnapshotFile.objects.filter(name="report.json")
        first = json_file.get().sha256
        with self.captureOnCommitCallbacks(execute=True):
            report_return(self.report, self.reviewer, "请修改数据说明。")
        Report.objects.filter(pk=self.report.pk).update(data_note="修改后的数据说明")
        report_submit(self.refresh(), self.preparer)
        report_approve(self.refresh(), self.reviewer, ATTESTATION)
        later = self.moment + datetime.timedelta(days=1)
        self.schedule(self.refresh(), later)
        self.assertEqual(Job.objects.filter(kind="publish_due").count(), 2)
        with after(self.moment):
            run_worker()  # the first moment: nothing of this report is due
        self.assertEqual(self.refresh().status, Report.Status.APPROVED)
        with after(later):
            run_worker()
        report = self.refresh()
        self.assertEqual(report.status, Report.Status.PUBLISHED)
        self.assertEqual(report.published_at, later)
        self.assertNotEqual(json_file.get().sha256, first)
        with json_file.get().file.open("rb") as handle:
            self.assertIn("修改后的数据说明", handle.read().decode("utf-8"))

    def test_a_scheduled_correction_supersedes_the_published_revision_at_the_moment(
        self,
    ):
        from disclosure.workflow import report_correct

        report_publish(self.report, self.reviewer)
        correction = report_correct(self.refresh(), self.preparer, "更正数据说明。")
        report_submit(correction, self.preparer)
        report_approve(correction, self.reviewer, ATTESTATION)
        self.schedule(Report.objects.get(pk=correction.pk))
        self.assertEqual(self.refresh().status, Report.Status.PUBLISHED)
        with after(self.moment):
            run_worker()
        self.assertEqual(self.refresh().status, Report.Status.SUPERSEDED)
        self.assertEqual(self.refresh().superseded_at, self.moment)
        correction.refresh_from_db()
        self.assertEqual(correction.status, Report.Status.PUBLISHED)

    def test_a_published_scheduled_report_is_frozen_and_can_be_corrected(self):
        from disclosure.models import ReportLocked
        from disclosure.workflow import report_correct

        self.schedule()
        with after(self.moment):
            run_worker()
        with self.assertRaises(ReportLocked):
            SnapshotFile.objects.filter(report=self.report).delete()
        correction = report_correct(self.refresh(), self.preparer, "更正。")
        self.assertEqual(correction.status, Report.Status.DRAFT)

    def test_unscheduling_withdraws_the_snapshot_and_nothing_is_published(self):
        self.schedule()
        with self.captureOnCommitCallbacks(execute=True):
            report_unschedule(self.report, self.reviewer)
        report = self.refresh()
        self.assertIsNone(report.scheduled_for)
        self.assertEqual(report.status, Report.Status.APPROVED)
        self.assertFalse(SnapshotFile.objects.filter(report=report).exists())
        with after(self.moment):
            run_worker()
        self.assertEqual(self.refresh().status, Report.Status.APPROVED)
        with self.assertRaisesMessage(TransitionRefused, "没有设置定时公开"):
            report_unschedule(self.report, self.reviewer)

    def test_publishing_now_a_scheduled_report_renders_it_with_todays_time(self):
        self.schedule()
        json_file = SnapshotFile.objects.filter(name="report.json")
        prepared = json_file.get().sha256
        report_publish(self.report, self.reviewer)
        report = self.refresh()
        self.assertEqual(report.status, Report.Status.PUBLISHED)
        self.assertIsNone(report.scheduled_for)
        self.assertLess(report.published_at, self.moment)
        self.assertNotEqual(json_file.get().sha256, prepared)
        with after(self.moment):
            run_worker()
        self.assertEqual(
            Job.objects.get(kind="publish_due").message, "定时公开：0 份报告已公开。"
        )

    def test_scheduling_again_moves_the_moment(self):
        self.schedule()
        later = self.moment + datetime.timedelta(hours=3)
        self.schedule(self.refresh(), later)
        self.assertEqual(self.refresh().scheduled_for, later)
        with after(self.moment):
            run_worker()
        self.assertEqual(self.refresh().status, Report.Status.APPROVED)
        with after(later):
            run_worker()
        self.assertEqual(self.refresh().published_at, later)


class ScheduleRefusalTests(WorkflowTestCase):
    def test_moments_in_the_past_or_not_on_a_minute_or_too_far_are_refused(self):
        now = timezone.now()
        for moment, message in [
            (now - datetime.timedelta(hours=1), "已过"),
            (next_hour().replace(second=30), "精确到分钟"),
            (next_hour(24 * 400), "一年以后"),
        ]:
            with (
                self.subTest(message),
                self.assertRaisesMessage(TransitionRefused, message),
            ):
                check_moment(moment)

    def test_a_typed_moment_is_read_in_beijing_time_or_refused_in_chinese(self):
        moment = moment_from("2030-08-30", "10:00")
        self.assertEqual(timezone.localtime(moment).hour, 10)
        self.assertEqual(moment.utcoffset(), datetime.timedelta(hours=8))
        for day, time in [("2030-02-30", "10:00"), ("明天", "10:00"), ("", "")]:
            with self.subTest(day), self.assertRaisesMessage(TransitionRefused, "无效"):
                moment_from(day, time)

    def test_only_an_approved_report_in_the_supervisors_scope_is_scheduled(self):
        moment = next_hour()
        with self.assertRaisesMessage(TransitionRefused, "不能改为"):
            report_schedule(self.report, self.reviewer, moment)  # a draft
        self.to_approved()
        with self.assertRaisesMessage(TransitionRefused, "权限"):
            report_schedule(self.report, self.preparer, moment)
        with self.assertRaisesMessage(TransitionRefused, "范围"):
            report_schedule(self.report, self.other_reviewer, moment)
        self.assertFalse(SnapshotFile.objects.exists())
        self.assertIsNone(self.refresh().scheduled_for)

    def test_the_database_refuses_a_schedule_on_a_report_not_approved(self):
        from django.db import IntegrityError, transaction

        with self.assertRaises(IntegrityError), transaction.atomic():
            Report.objects.filter(pk=self.report.pk).update(scheduled_for=next_hour())


class CronTests(WorkflowTestCase):
    """Where the queue cannot wait for a moment, `manage.py publish_due` publishes."""

    def test_the_command_publishes_what_is_due_and_only_that(self):
        self.to_approved()
        moment = next_hour()
        report_schedule(self.report, self.reviewer, moment)
        self.assertFalse(Job.objects.filter(kind="publish_due").exists())
        call_command("publish_due", stdout=open("/dev/null", "w"))
        self.assertEqual(self.refresh().status, Report.Status.APPROVED)
        with after(moment):
            call_command("publish_due", stdout=open("/dev/null", "w"))
        self.assertEqual(self.refresh().status, Report.Status.PUBLISHED)

    def test_a_report_whose_snapshot_was_not_prepared_is_rendered_at_the_moment(self):
        self.to_approved()
        moment = next_hour()
        report_schedule(self.report, self.reviewer, moment)
        from disclosure import snapshots

        snapshots.withdraw(self.report)
        with after(moment):
            wave = publish_due()
        self.assertEqual(len(wave.published), 1)
        self.assertTrue(SnapshotFile.objects.filter(report=self.report).exists())
