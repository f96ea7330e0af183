"""Background jobs: queued → running → done or failed with a Chinese message, visible in the admin."""

import datetime
import io

import time_machine
from django.core.management import call_command
from django.test import TestCase, TransactionTestCase
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs.models import Job
from jobs.services import JobFailed, handler, start
from tests.factories import UserFactory
from tests.jobs.worker import DATABASE_QUEUE, run_worker

SEEN = []


@handler("test_items")
def count_items(job, progress):
    items = job.params["items"]
    progress.total(len(items))
    for item in items:
        SEEN.append(item)
        progress.step(f"第 {item} 项不能处理" if item < 0 else None)
    return f"处理了 {len(items)} 项。"


@handler("test_refuses")
def refuse(job, progress):
    raise JobFailed("数据不完整，任务未执行。")


@handler("test_rejects")
def reject(job, progress):
    raise JobFailed("文件未导入：", ["第 2 行：金额无效", "第 5 行：科目不存在"])


@handler("test_breaks")
def breaks(job, progress):
    raise ZeroDivisionError


class ImmediateQueueTests(TestCase):
    """The test settings run each job inside the request, as a one-machine deployment may."""

    def test_a_job_runs_to_done_with_its_progress_and_outcome(self):
        job = start("test_items", "三项", {"items": [1, 2, 3]})
        self.assertEqual(job.status, Job.Status.DONE)
        self.assertEqual((job.done, job.total), (3, 3))
        self.assertEqual(job.progress, "3 / 3")
        self.assertEqual(job.message, "处理了 3 项。")
        self.assertIsNotNone(job.started_at)
        self.assertIsNotNone(job.finished_at)

    def test_items_that_fail_are_listed_and_the_rest_done(self):
        job = start("test_items", "混合", {"items": [1, -2, 3]})
        self.assertEqual(job.status, Job.Status.DONE)
        self.assertEqual(job.problems, ["第 -2 项不能处理"])

    def test_a_job_whose_every_item_fails_has_failed(self):
        job = start("test_items", "全部失败", {"items": [-1, -2]})
        self.assertEqual(job.status, Job.Status.FAILED)
        self.assertEqual(len(job.problems), 2)

    def test_a_refusal_is_the_failed_jobs_message(self):
        job = start("test_refuses", "拒绝", {})
        self.assertEqual(job.status, Job.Status.FAILED)
        self.assertEqual(job.message, "数据不完整，任务未执行。")

    def test_a_refusal_item_by_item_lists_each_reason(self):
        job = start("test_rejects", "逐项拒绝", {})
        self.assertEqual(job.status, Job.Status.FAILED)
        self.assertEqual(job.message, "文件未导入：")
        self.assertEqual(job.problems, ["第 2 行：金额无效", "第 5 行：科目不存在"])

    def test_an_unexpected_error_fails_the_job_with_a_chinese_message(self):
        with self.assertLogs("jobs.services", "ERROR"):
            job = start("test_breaks", "出错", {})
        self.assertEqual(job.status, Job.Status.FAILED)
        self.assertIn("任务意外中止（ZeroDivisionError）", job.message)

    def test_an_unknown_kind_is_refused_before_anything_is_recorded(self):
        with self.assertRaises(ValueError):
            start("no_such_kind", "无", {})
        self.assertFalse(Job.objects.exists())


@DATABASE_QUEUE
class DatabaseQueueTests(TestCase):
    """The production queue: a task row per job, worked by the db_worker."""

    def test_a_job_waits_queued_until_a_worker_runs_it(self):
        SEEN.clear()
        job = start("test_items", "排队", {"items": [7]})
        self.assertEqual(job.status, Job.Status.QUEUED)
        self.assertEqual(SEEN, [])
        self.assertEqual(DBTaskResult.objects.ready().count(), 1)
        self.assertEqual(run_worker(), 1)
        job.refresh_from_db()
        self.assertEqual(job.status, Job.Status.DONE)
        self.assertEqual(SEEN, [7])

    def test_a_job_runs_once_even_if_its_task_is_delivered_twice(self):
        SEEN.clear()
        job = start("test_items", "一次", {"items": [1]})
        from jobs.services import execute

        run_worker()
        execute(job.pk)
        self.assertEqual(SEEN, [1])

    def test_a_deferred_job_waits_for_its_moment(self):
        moment = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=2)
        job = start("test_items", "定时", {"items": [1]}, run_after=moment)
        self.assertEqual(run_worker(), 0)
        with time_machine.travel(moment + datetime.timedelta(seconds=1)):
            self.assertEqual(run_worker(), 1)
        job.refresh_from_db()
        self.assertEqual(job.status, Job.Status.DONE)

    def test_a_job_that_rolls_back_with_its_transaction_is_never_run(self):
        from django.db import transaction

        try:
            with transaction.atomic():
                start("test_items", "回滚", {"items": [1]})
                raise RuntimeError
        except RuntimeError:
            pass
        self.assertFalse(Job.objects.exists())
        self.assertEqual(run_worker(), 0)


class WorkerCommandTests(TransactionTestCase):
    """`manage.py db_worker --batch`, the command the compose worker runs."""

    @DATABASE_QUEUE
    def test_the_worker_command_runs_queued_jobs(self):
        job = start("test_items", "命令", {"items": [1, 2]})
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
        job.refresh_from_db()
        self.assertEqual(job.status, Job.Status.DONE)
        self.assertEqual(job.done, 2)


class JobAdminTests(TestCase):
    def setUp(self):
        self.owner = UserFactory(username="faqiren", is_staff=True)
        self.other = UserFactory(username="bieren", is_staff=True)
        self.job = start("test_items", "我的任务", {"items": [1, -1]}, user=self.owner)

    def test_users_see_their_own_jobs_with_progress_and_problems(self):
        self.client.force_login(self.owner)
        response = self.client.get(reverse("admin:jobs_job_changelist"))
        self.assertContains(response, "我的任务")
        self.assertContains(response, "2 / 2")
        response = self.client.get(reverse("admin:jobs_job_change", args=[self.job.pk]))
        self.assertContains(response, "第 -1 项不能处理")
        self.assertContains(response, "已完成")

    def test_other_users_do_not_see_them(self):
        self.client.force_login(self.other)
        response = self.client.get(reverse("admin:jobs_job_changelist"))
        self.assertNotContains(response, "我的任务")
        response = self.client.get(reverse("admin:jobs_job_change", args=[self.job.pk]))
        self.assertEqual(response.status_code, 302)  # "不存在" and back to the list

    def test_a_running_job_page_refreshes_itself(self):
        Job.objects.filter(pk=self.job.pk).update(status=Job.Status.RUNNING)
        self.client.force_login(self.owner)
        response = self.client.get(reverse("admin:jobs_job_change", args=[self.job.pk]))
        self.assertContains(response, 'http-equiv="refresh"')
        self.assertContains(response, "进行中")

    def test_jobs_cannot_be_added_changed_or_deleted_in_the_admin(self):
        self.client.force_login(
            UserFactory(username="root", is_superuser=True, is_staff=True)
        )
        self.assertEqual(
            self.client.get(reverse("admin:jobs_job_add")).status_code, 403
        )
        response = self.client.post(
            reverse("admin:jobs_job_delete", args=[self.job.pk]), {"post": "yes"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertTrue(Job.objects.filter(pk=self.job.pk).exists())


@DATABASE_QUEUE
class DailyPruneTests(TestCase):
    def test_finished_jobs_are_kept_ninety_days_then_removed_with_their_task_rows(self):
        old = start("test_items", "旧任务", {"items": [1]})
        recent = start("test_items", "新任务", {"items": [1]})
        waiting = start(
            "test_items",
            "排队",
            {"items": [1]},
            run_after=timezone.now() + datetime.timedelta(days=200),
        )
        run_worker()
        Job.objects.filter(pk=old.pk).update(
            finished_at=timezone.now() - datetime.timedelta(days=91)
        )
        DBTaskResult.objects.filter(args_kwargs__args__0=old.pk).update(
            finished_at=timezone.now() - datetime.timedelta(days=91)
        )
        from jobs.maintenance import prune

        self.assertEqual(prune(), 1)
        self.assertEqual(
            set(Job.objects.values_list("pk", flat=True)), {recent.pk, waiting.pk}
        )
        self.assertFalse(
            DBTaskResult.objects.filter(args_kwargs__args__0=old.pk).exists()
        )
        self.assertTrue(
            DBTaskResult.objects.filter(args_kwargs__args__0=recent.pk).exists()
        )

    def test_the_daily_jobs_are_queued_once_and_each_run_queues_the_next(self):
        out = io.StringIO()
        call_command("schedule_daily_jobs", stdout=out)
        call_command("schedule_daily_jobs", stdout=out)
        prune_job = Job.objects.get(kind="prune_jobs")
        self.assertEqual(timezone.localtime(prune_job.run_after).hour, 3)
        self.assertEqual(Job.objects.filter(kind="send_reminders").count(), 1)
        with time_machine.travel(prune_job.run_after + datetime.timedelta(seconds=1)):
            run_worker()
        prune_job.refresh_from_db()
        self.assertEqual(prune_job.status, Job.Status.DONE)
        following = Job.objects.get(kind="prune_jobs", status=Job.Status.QUEUED)
        self.assertEqual(
            following.run_after - prune_job.run_after, datetime.timedelta(days=1)
        )
