"""催办: automatic reminders once a day for due drafts only, reminders by hand from the
dashboard by the unit's 审核人, and one Reminder row for every e-mail sent."""

import datetime
from io import StringIO

import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from disclosure.deadlines import DAYS_TO_PUBLISH
from disclosure.models import Reminder, Report
from disclosure.reminders import (
    ReminderRefused,
    run_due_reminders,
    send_due_reminders,
    send_reminder,
)
from jobs.models import Job
from tests.disclosure.test_workflow import person
from tests.factories import FiscalYearFactory, ReportFactory, UnitFactory
from tests.jobs.worker import DATABASE_QUEUE, run_worker
from tests.scenarios import force_status
from units.models import Membership

PREPARER, REVIEWER = Membership.Role.PREPARER, Membership.Role.REVIEWER


def approved_for(today, days_left: int) -> datetime.date:
    """The 批复日期 that leaves `days_left` days to the deadline on `today`."""
    return today + datetime.timedelta(days=days_left - DAYS_TO_PUBLISH)


class ReminderTestCase(TestCase):
    """Department D100 with units in every situation, and department X200 beside it."""

    @classmethod
    def setUpTestData(cls):
        cls.today = timezone.localdate()
        cls.year = FiscalYearFactory(year=2022)
        cls.department = UnitFactory(code="D100", name="示例市城市管理局")

        def unit(code, name, days_left=None, status=None, parent=None):
            unit = UnitFactory(code=code, name=name, parent=parent or cls.department)
            person(f"tb-{code}", "填报人", unit, PREPARER)
            approval = None if days_left is None else approved_for(cls.today, days_left)
            report = ReportFactory(
                unit=unit, fiscal_year=cls.year, approval_date=approval
            )
            if status:
                force_status(report, status, freeze=False)
            return unit, report

        cls.due, cls.due_report = unit("U101", "三天到期处", days_left=3)
        cls.far, _ = unit("U102", "十天到期处", days_left=10)
        cls.submitted, cls.submitted_report = unit(
            "U103", "已提交处", days_left=2, status=Report.Status.SUBMITTED
        )
        cls.undated, _ = unit("U104", "未批复处")
        cls.late, _ = unit("U105", "逾期两天处", days_left=-2)
        cls.abandoned, _ = unit("U106", "逾期四十天处", days_left=-40)
        cls.no_report = UnitFactory(code="U107", name="未创建处", parent=cls.department)
        person("tb-U107", "填报人", cls.no_report, PREPARER)
        cls.other_department = UnitFactory(code="X200", name="示例市教育局")
        cls.elsewhere, _ = unit(
            "X201", "外部门到期处", days_left=1, parent=cls.other_department
        )
        cls.reviewer = person("shenhe", "审核人", cls.department, REVIEWER)
        cls.outsider = person("waibu", "审核人", cls.other_department, REVIEWER)
        cls.preparer = get_user_model().objects.get(username="tb-U101")

    def reminded_units(self):
        return sorted(Reminder.objects.values_list("unit__code", flat=True))


class AutomaticReminderTests(ReminderTestCase):
    def test_due_and_overdue_drafts_get_one_automatic_reminder_each(self):
        with self.captureOnCommitCallbacks(execute=True):
            sent = send_due_reminders()
        self.assertEqual(sent, 3)
        self.assertEqual(self.reminded_units(), ["U101", "U105", "X201"])
        self.assertEqual(len(mail.outbox), 3)
        reminder = Reminder.objects.get(unit=self.due)
        self.assertEqual(reminder.kind, Reminder.Kind.AUTOMATIC)
        self.assertIsNone(reminder.sent_by)
        self.assertEqual(reminder.report, self.due_report)
        self.assertEqual(reminder.days_left, 3)
        self.assertEqual(reminder.sent_on, self.today)
        self.assertEqual(reminder.recipients, "tb-U101@example.org")
        message = next(m for m in mail.outbox if m.to == ["tb-U101@example.org"])
        self.assertEqual(
            message.subject, "催办：三天到期处 2022 年度决算公开（剩余 3 天）"
        )
        self.assertIn("自动发送", message.body)
        self.assertEqual(message.subject, reminder.subject)
        self.assertEqual(message.body, reminder.body)

    def test_running_twice_a_day_sends_once_and_again_the_next_day(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(send_due_reminders(), 3)
            self.assertEqual(send_due_reminders(), 0)
        self.assertEqual(Reminder.objects.count(), 3)
        self.assertEqual(len(mail.outbox), 3)
        tomorrow = self.today + datetime.timedelta(days=1)
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(send_due_reminders(tomorrow), 3)
        self.assertEqual(Reminder.objects.filter(sent_on=tomorrow).count(), 3)
        self.assertEqual(len(mail.outbox), 6)

    def test_an_automatic_reminder_sent_again_the_same_day_is_refused(self):
        send_reminder(self.due_report)
        with self.assertRaisesMessage(ReminderRefused, "今天已自动催办过"):
            send_reminder(self.due_report)
        self.assertEqual(Reminder.objects.count(), 1)

    def test_a_reminder_by_hand_does_not_use_up_the_days_automatic_one(self):
        send_reminder(self.due, self.reviewer, year=2022)
        self.assertEqual(send_due_reminders(), 3)
        self.assertEqual(Reminder.objects.filter(unit=self.due).count(), 2)

    def test_submitted_undated_far_and_long_overdue_years_are_not_reminded(self):
        send_due_reminders()
        for code in ("U102", "U103", "U104", "U106", "U107"):
            self.assertNotIn(code, self.reminded_units())

    def test_a_correction_draft_is_not_reminded(self):
        force_status(self.due_report, Report.Status.PUBLISHED, freeze=False)
        ReportFactory(
            unit=self.due,
            fiscal_year=self.year,
            approval_date=self.due_report.approval_date,
            revision=2,
            corrects=self.due_report,
            correction_note="更正公开05表。",
        )
        send_due_reminders()
        self.assertNotIn("U101", self.reminded_units())

    def test_the_window_is_the_setting_or_the_days_given(self):
        with override_settings(REMINDER_DAYS_BEFORE_DEADLINE=10):
            send_due_reminders()
        self.assertIn("U102", self.reminded_units())
        Reminder.objects.all().delete()
        send_due_reminders(days=2)
        self.assertEqual(self.reminded_units(), ["U105", "X201"])

    def test_overdue_reminders_are_copied_to_the_reviewers_and_due_ones_are_not(self):
        with self.captureOnCommitCallbacks(execute=True):
            send_due_reminders()
        late = Reminder.objects.get(unit=self.late)
        self.assertEqual(late.days_left, -2)
        self.assertEqual(late.cc, "shenhe@example.org")
        message = next(m for m in mail.outbox if m.to == ["tb-U105@example.org"])
        self.assertEqual(message.cc, ["shenhe@example.org"])
        self.assertIn("已逾期 2 天", message.subject)
        self.assertEqual(Reminder.objects.get(unit=self.due).cc, "")

    def test_a_unit_without_a_preparer_email_is_skipped_with_the_reason(self):
        get_user_model().objects.filter(username="tb-U101").update(email="")
        batch = run_due_reminders()
        self.assertEqual(len(batch.sent), 2)
        [(who, why)] = batch.refused
        self.assertIn("三天到期处", who)
        self.assertIn("没有填写了电子邮箱的填报人", why)
        self.assertFalse(Reminder.objects.filter(unit=self.due).exists())


class CommandTests(ReminderTestCase):
    def call(self, *args):
        out, err = StringIO(), StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("send_reminders", *args, stdout=out, stderr=err)
        return out.getvalue()

    def test_the_command_sends_once_a_day(self):
        self.assertIn("已发送催办 3 份", self.call())
        self.assertIn("已发送催办 0 份", self.call())
        self.assertEqual(len(mail.outbox), 3)

    def test_a_dry_run_lists_and_sends_nothing(self):
        output = self.call("--dry-run", "--days", "10")
        self.assertIn("十天到期处 2022 年度决算", output)
        self.assertIn("今天应催办 4 份报告（未发送）", output)
        self.assertFalse(Reminder.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_a_window_out_of_range_is_refused(self):
        with self.assertRaisesMessage(CommandError, "0 到 20"):
            self.call("--days", "30")


class ReminderServiceTests(ReminderTestCase):
    def test_a_submitted_report_is_not_reminded(self):
        with self.captureOnCommitCallbacks(execute=True):
            with self.assertRaisesMessage(ReminderRefused, "状态为“已提交”，无需催办"):
                send_reminder(self.submitted_report, self.reviewer)
        self.assertFalse(Reminder.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_a_published_report_is_not_reminded(self):
        force_status(self.due_report, Report.Status.PUBLISHED, freeze=False)
        with self.assertRaisesMessage(ReminderRefused, "状态为“已公开”"):
            send_reminder(self.due, self.reviewer, year=2022)

    def test_a_reminder_by_hand_is_sent_by_the_reviewer_and_copied_to_the_reviewers(
        self,
    ):
        with self.captureOnCommitCallbacks(execute=True):
            reminder = send_reminder(self.due, self.reviewer, year=2022)
        self.assertEqual(reminder.kind, Reminder.Kind.MANUAL)
        self.assertEqual(reminder.sent_by, self.reviewer)
        self.assertEqual(reminder.report, self.due_report)
        [message] = mail.outbox
        self.assertEqual(message.to, ["tb-U101@example.org"])
        self.assertEqual(message.cc, ["shenhe@example.org"])
        self.assertIn("催办人：shenhe", message.body)

    def test_a_unit_without_a_report_is_reminded_to_create_one(self):
        reminder = send_reminder(self.no_report, self.reviewer, year=2022)
        self.assertIsNone(reminder.report)
        self.assertIsNone(reminder.days_left)
        self.assertIn("尚未在预决算公开平台上创建", reminder.body)

    def test_only_a_reviewer_of_the_unit_may_remind(self):
        with self.assertRaisesMessage(ReminderRefused, "不是“三天到期处”的审核人"):
            send_reminder(self.due, self.outsider, year=2022)
        with self.assertRaisesMessage(ReminderRefused, "审核人"):
            send_reminder(self.due, self.preparer, year=2022)
        self.assertFalse(Reminder.objects.exists())

    def test_a_year_that_does_not_exist_is_refused(self):
        with self.assertRaisesMessage(ReminderRefused, "没有 2031 财政年度"):
            send_reminder(self.due, self.reviewer, year=2031)


class DashboardReminderTests(ReminderTestCase):
    url = reverse("admin:disclosure_report_remind")
    dashboard = reverse("admin:disclosure_report_dashboard")

    def post(self, user, data, **kwargs):
        self.client.force_login(user)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url, data, **kwargs)

    def test_a_reviewer_reminds_a_unit_from_the_dashboard(self):
        response = self.post(
            self.reviewer, {"unit": self.due.pk, "year": 2022, "state": "pending"}
        )
        self.assertRedirects(
            response,
            f"{self.dashboard}?year=2022&state=pending",
            fetch_redirect_response=False,
        )
        reminder = Reminder.objects.get()
        self.assertEqual(
            (reminder.unit, reminder.kind, reminder.sent_by),
            (self.due, Reminder.Kind.MANUAL, self.reviewer),
        )
        self.assertEqual(len(mail.outbox), 1)
        page = self.client.get(response["Location"])
        self.assertContains(page, "已向“三天到期处”的填报人发送催办邮件")
        self.assertContains(page, "已催办 1 次")

    def test_get_is_not_allowed(self):
        self.client.force_login(self.reviewer)
        self.assertEqual(self.client.get(self.url).status_code, 405)

    def test_a_post_without_the_csrf_token_is_refused(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.reviewer)
        response = client.post(self.url, {"unit": self.due.pk, "year": 2022})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Reminder.objects.exists())

    def test_an_anonymous_visitor_is_sent_to_log_in(self):
        response = self.client.post(self.url, {"unit": self.due.pk, "year": 2022})
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("admin:login"), response["Location"])
        self.assertFalse(Reminder.objects.exists())

    def test_a_reviewer_of_another_department_finds_no_such_unit(self):
        response = self.post(self.outsider, {"unit": self.due.pk, "year": 2022})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Reminder.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_a_preparer_may_not_remind(self):
        response = self.post(self.preparer, {"unit": self.due.pk, "year": 2022})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Reminder.objects.exists())

    def test_a_submitted_unit_is_refused_with_a_message(self):
        response = self.post(
            self.reviewer, {"unit": self.submitted.pk, "year": 2022}, follow=True
        )
        self.assertContains(response, "状态为“已提交”，无需催办")
        self.assertFalse(Reminder.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_remind_all_reaches_every_unit_not_yet_submitted_once_a_day(self):
        response = self.post(self.reviewer, {"all": "1", "year": 2022}, follow=True)
        # The department itself has no preparer: refused, named in the message.
        self.assertContains(response, "已催办 6 个单位")
        self.assertContains(response, "示例市城市管理局")
        self.assertEqual(
            self.reminded_units(), ["U101", "U102", "U104", "U105", "U106", "U107"]
        )
        self.assertEqual(len(mail.outbox), 6)
        response = self.post(self.reviewer, {"all": "1", "year": 2022}, follow=True)
        self.assertContains(response, "今天已催办过")
        self.assertEqual(Reminder.objects.count(), 6)

    def test_remind_all_keeps_to_the_units_the_filtered_page_lists(self):
        self.post(self.reviewer, {"all": "1", "year": 2022, "state": "overdue"})
        self.assertEqual(self.reminded_units(), ["U105", "U106"])

    def test_the_dashboard_offers_a_button_only_for_units_not_yet_submitted(self):
        self.client.force_login(self.reviewer)
        response = self.client.get(self.dashboard, {"year": 2022})
        buttons = response.content.decode().count('name="unit"')
        # Seven units and the department itself; one of them is submitted.
        self.assertEqual(buttons, 7)
        self.assertNotContains(response, f'name="unit" value="{self.submitted.pk}"')
        self.assertContains(response, "催办全部未提交（7）")

    def test_the_dashboard_offers_no_button_to_a_preparer(self):
        self.client.force_login(self.preparer)
        response = self.client.get(self.dashboard, {"year": 2022})
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'name="unit"')


class ReminderAdminTests(ReminderTestCase):
    def test_the_log_is_read_only_and_scoped(self):
        send_due_reminders()
        reminder = Reminder.objects.get(unit=self.due)
        self.client.force_login(self.reviewer)
        changelist = reverse("admin:disclosure_reminder_changelist")
        response = self.client.get(changelist)
        self.assertContains(response, "三天到期处")
        self.assertNotContains(response, "外部门到期处")
        change = reverse("admin:disclosure_reminder_change", args=[reminder.pk])
        page = self.client.get(change)
        self.assertContains(page, "tb-U101@example.org")
        self.assertNotContains(page, 'name="_save"')
        self.assertEqual(self.client.post(change, {"subject": "改"}).status_code, 403)
        add = reverse("admin:disclosure_reminder_add")
        self.assertEqual(self.client.get(add).status_code, 403)
        delete = reverse("admin:disclosure_reminder_delete", args=[reminder.pk])
        self.assertEqual(self.client.post(delete, {"post": "yes"}).status_code, 403)
        self.assertEqual(Reminder.objects.count(), 3)


@DATABASE_QUEUE
class DailyReminderJobTests(ReminderTestCase):
    """The daily run on the queue: started once, each run queues the next."""

    def test_the_daily_run_is_queued_once_for_nine_oclock(self):
        out = StringIO()
        call_command("schedule_daily_jobs", stdout=out)
        call_command("schedule_daily_jobs", stdout=out)
        (job,) = Job.objects.filter(kind="send_reminders")
        run = timezone.localtime(job.run_after)
        self.assertEqual((run.hour, run.minute), (9, 0))
        self.assertGreater(job.run_after, timezone.now())
        self.assertLessEqual(job.run_after - timezone.now(), datetime.timedelta(days=1))

    def test_at_nine_the_worker_sends_the_days_reminders_and_queues_tomorrows(self):
        call_command("schedule_daily_jobs", stdout=StringIO())
        first = Job.objects.get(kind="send_reminders")
        moment = first.run_after + datetime.timedelta(seconds=1)
        # The other daily jobs (the 03:00 clean-up) may fall due first,
        # depending on the hour the test runs at.
        due = Job.objects.filter(run_after__lte=moment).count()
        with time_machine.travel(moment):
            with self.captureOnCommitCallbacks(execute=True):
                self.assertEqual(run_worker(), due)
        first.refresh_from_db()
        self.assertEqual(first.status, Job.Status.DONE)
        self.assertEqual(
            first.message, f"已发送 {Reminder.objects.count()} 份催办邮件。"
        )
        self.assertIn("U101", self.reminded_units())
        self.assertTrue(mail.outbox)
        following = Job.objects.get(kind="send_reminders", status=Job.Status.QUEUED)
        self.assertEqual(
            following.run_after - first.run_after, datetime.timedelta(days=1)
        )
