"""Publishing from the admin: the review page's 立即公开 / 定时公开, and batch actions on the list."""

import datetime

from django.contrib.admin import helpers
from django.urls import reverse
from django.utils import timezone

from disclosure.models import Report, SnapshotFile
from disclosure.workflow import report_approve, report_submit
from jobs.models import Job
from tests.disclosure.test_workflow import ATTESTATION, WorkflowTestCase, person
from tests.scenarios import consistent_report
from units.models import Membership

CHANGELIST = "admin:disclosure_report_changelist"


def tomorrow_at_ten() -> tuple[str, str]:
    day = timezone.localdate() + datetime.timedelta(days=1)
    return day.isoformat(), "10:00"


class ReviewPageTests(WorkflowTestCase):
    def setUp(self):
        super().setUp()
        self.to_approved()
        self.client.force_login(self.reviewer)
        self.url = reverse("admin:disclosure_report_check", args=[self.report.pk])

    def test_the_page_offers_publishing_now_or_at_a_moment(self):
        page = self.client.get(self.url)
        self.assertContains(page, "立即公开")
        self.assertContains(page, 'name="schedule_date"')

    def test_publishing_now_runs_as_a_job_and_says_how_it_ended(self):
        response = self.client.post(
            self.url, {"action": "publish", "confirm_publish": "yes"}, follow=True
        )
        self.assertEqual(self.refresh().status, Report.Status.PUBLISHED)
        job = Job.objects.get(kind="publish")
        self.assertEqual(job.created_by, self.reviewer)
        self.assertContains(response, f"“{self.report}”已公开。")

    def test_scheduling_from_the_page_freezes_the_report_for_that_moment(self):
        day, time = tomorrow_at_ten()
        response = self.client.post(
            self.url,
            {
                "action": "schedule",
                "confirm_publish": "yes",
                "schedule_date": day,
                "schedule_time": time,
            },
            follow=True,
        )
        report = self.refresh()
        self.assertEqual(report.status, Report.Status.APPROVED)
        self.assertEqual(
            timezone.localtime(report.scheduled_for).strftime("%Y-%m-%d %H:%M"),
            f"{day} {time}",
        )
        self.assertTrue(SnapshotFile.objects.filter(report=report).exists())
        self.assertContains(response, "定时公开")
        self.assertContains(response, "取消定时公开")
        listing = self.client.get(reverse(CHANGELIST))
        self.assertContains(listing, f"已审核（定时于 {day} {time} 公开）")

    def test_a_moment_in_the_past_is_refused_with_nothing_done(self):
        response = self.client.post(
            self.url,
            {
                "action": "schedule",
                "confirm_publish": "yes",
                "schedule_date": "2020-01-01",
                "schedule_time": "10:00",
            },
            follow=True,
        )
        self.assertContains(response, "已过")
        self.assertFalse(Job.objects.exists())
        self.assertIsNone(self.refresh().scheduled_for)

    def test_cancelling_a_schedule_from_the_page(self):
        day, time = tomorrow_at_ten()
        self.client.post(
            self.url,
            {
                "action": "schedule",
                "confirm_publish": "yes",
                "schedule_date": day,
                "schedule_time": time,
            },
        )
        response = self.client.post(self.url, {"action": "unschedule"}, follow=True)
        self.assertContains(response, "已取消定时公开")
        self.assertIsNone(self.refresh().scheduled_for)
        self.assertFalse(SnapshotFile.objects.filter(report=self.report).exists())

    def test_a_preparer_cannot_schedule_by_a_crafted_post(self):
        self.client.force_login(self.preparer)
        day, time = tomorrow_at_ten()
        response = self.client.post(
            self.url,
            {
                "action": "schedule",
                "confirm_publish": "yes",
                "schedule_date": day,
                "schedule_time": time,
            },
            follow=True,
        )
        self.assertContains(response, "没有公开决算报告的权限")
        self.assertFalse(Job.objects.exists())


class BatchActionTests(WorkflowTestCase):
    def setUp(self):
        super().setUp()
        self.to_approved()
        self.second = consistent_report()
        self.second.unit.parent = self.department
        self.second.unit.save()
        preparer = person(
            "kuaiji2", "填报人", self.second.unit, Membership.Role.PREPARER
        )
        report_submit(self.second, preparer)
        report_approve(self.second, self.reviewer, ATTESTATION)
        self.draft = consistent_report()
        self.draft.unit.parent = self.department
        self.draft.unit.save()
        self.client.force_login(self.reviewer)

    def post(self, action, ids, **extra):
        data = {"action": action, helpers.ACTION_CHECKBOX_NAME: ids, **extra}
        return self.client.post(reverse(CHANGELIST), data, follow=True)

    def ids(self):
        return [self.report.pk, self.second.pk, self.draft.pk]

    def test_the_confirmation_lists_what_will_be_published_and_what_is_skipped(self):
        response = self.post("publish_selected", self.ids())
        self.assertContains(response, "将公开以下 <strong>2</strong> 份已审核报告")
        self.assertContains(response, f"{self.draft}：状态为“草稿”")
        self.assertFalse(Job.objects.exists())
        self.assertEqual(self.refresh().status, Report.Status.APPROVED)

    def test_one_confirmation_publishes_every_approved_report_selected(self):
        response = self.post("publish_selected", self.ids(), post="yes", confirm="yes")
        self.assertContains(response, "已公开 2 份报告")
        for report in (self.report, self.second):
            report.refresh_from_db()
            self.assertEqual(report.status, Report.Status.PUBLISHED)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, Report.Status.DRAFT)
        job = Job.objects.get(kind="publish")
        self.assertEqual((job.done, job.total), (2, 2))

    def test_without_the_confirmation_box_nothing_is_published(self):
        self.post("publish_selected", self.ids(), post="yes")
        self.assertEqual(self.refresh().status, Report.Status.APPROVED)
        self.assertFalse(Job.objects.exists())

    def test_one_confirmation_schedules_them_all_for_one_moment(self):
        day, time = tomorrow_at_ten()
        response = self.post(
            "schedule_selected",
            self.ids(),
            post="yes",
            confirm="yes",
            schedule_date=day,
            schedule_time=time,
        )
        self.assertContains(response, "定时公开 2 份报告")
        moments = set(
            Report.objects.filter(pk__in=self.ids()).values_list(
                "scheduled_for", flat=True
            )
        )
        self.assertEqual(len(moments - {None}), 1)
        self.assertEqual(SnapshotFile.objects.values("report").distinct().count(), 2)

    def test_a_bad_moment_shows_the_confirmation_again_with_the_reason(self):
        response = self.post(
            "schedule_selected",
            self.ids(),
            post="yes",
            confirm="yes",
            schedule_date="2020-13-01",
            schedule_time="10:00",
        )
        self.assertContains(response, "日期或时间无效")
        self.assertContains(response, 'name="schedule_date"')
        self.assertFalse(Job.objects.exists())

    def test_the_department_filter_selects_its_units_reports(self):
        response = self.client.get(
            reverse(CHANGELIST), {"department": self.department.code}
        )
        self.assertContains(response, str(self.second.unit.name))
        self.assertEqual(response.context["cl"].result_count, 3)

    def test_reviewers_of_another_department_skip_every_report(self):
        self.client.force_login(self.other_reviewer)
        response = self.post("publish_selected", self.ids(), post="yes", confirm="yes")
        # Out of scope, the reports are not even in the list to act on.
        self.assertEqual(self.refresh().status, Report.Status.APPROVED)
        self.assertNotContains(response, "已公开 2 份报告")

    def test_preparers_are_not_offered_the_actions(self):
        self.client.force_login(self.preparer)
        response = self.client.get(reverse(CHANGELIST))
        self.assertNotContains(response, "公开所选的已审核报告")
        response = self.post(
            "publish_selected", [self.report.pk], post="yes", confirm="yes"
        )
        self.assertEqual(self.refresh().status, Report.Status.APPROVED)
