"""Start a background job and run it: the queue carries the id, the Job row the state.

    job = start("publish", "公开 12 份报告", {"reports": [...]}, user=request.user)
    job = start("publish_due", "定时公开 …", {...}, run_after=moment)

A kind of job is a function registered with `@handler(kind)`; it receives the
job and a `Progress`, reports each item as it goes, and returns the Chinese
outcome. The function runs in a worker (`manage.py db_worker`), or in the
request itself with the immediate backend. A job runs at most once: the worker
claims it by moving it from 排队中 to 进行中.
"""

import datetime
import logging
from collections.abc import Callable

from django.db.models import F
from django.utils import timezone

from jobs.models import Job

logger = logging.getLogger(__name__)

HANDLERS: dict[str, Callable] = {}
# What each kind of job is called in the admin.
LABELS: dict[str, str] = {}
# Kinds that run every day, and at which hour (Beijing time).
DAILY: dict[str, int] = {}


class JobFailed(Exception):
    """The job cannot do its work; the message says why, in Chinese.

    `problems` lists the reasons item by item (e.g. the cells of a rejected file).
    """

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or []


def handler(kind: str, label: str = "", *, daily_at: int | None = None):
    """Register `function(job, progress) -> str` as the work of jobs of `kind`.

    With `daily_at`, the kind runs every day at that hour: each run queues the
    next one whatever its outcome (`ensure_daily`).
    """

    def register(function):
        HANDLERS[kind] = function
        LABELS[kind] = label or kind
        if daily_at is not None:
            DAILY[kind] = daily_at
        return function

    return register


def start(kind: str, title: str, params: dict, *, user=None, run_after=None) -> Job:
    """Record the job and put it on the queue; with the immediate backend it has run on return.

    Call it inside the transaction that decides the job: with the database
    queue the task row commits (or rolls back) with it.
    """
    from jobs.tasks import run_job

    if kind not in HANDLERS:
        raise ValueError(f"Unknown job kind {kind!r}")
    job = Job.objects.create(
        kind=kind,
        title=title[:200],
        params=params,
        created_by=user if user is not None and user.is_authenticated else None,
        run_after=run_after,
    )
    task = run_job if run_after is None else run_job.using(run_after=run_after)
    task.enqueue(job.pk)
    job.refresh_from_db()
    return job


def can_defer() -> bool:
    """Whether the configured queue runs a job at a set time (the immediate one cannot)."""
    from jobs.tasks import run_job

    return run_job.get_backend().supports_defer


def next_daily_run(hour: int, now: datetime.datetime | None = None):
    """The next time it is `hour` o'clock (Beijing time), after `now`."""
    now = timezone.localtime(now)
    run = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    return run if run > now else run + datetime.timedelta(days=1)


def ensure_daily(kind: str) -> bool:
    """Queue the next run of the daily `kind` unless one is queued; whether one was queued.

    Each run queues the next when it ends (`execute`), so the chain is started
    once (`manage.py schedule_daily_jobs`).
    """
    if not can_defer():
        return False
    if Job.objects.filter(kind=kind, status=Job.Status.QUEUED).exists():
        return False
    moment = next_daily_run(DAILY[kind])
    start(
        kind,
        f"{LABELS[kind]}（{timezone.localtime(moment):%Y-%m-%d %H:%M}）",
        {},
        run_after=moment,
    )
    return True


class Progress:
    """How far a running job got: items done, and each item that failed with its reason."""

    def __init__(self, job: Job):
        self.job = job

    def total(self, count: int) -> None:
        self.job.total = count
        Job.objects.filter(pk=self.job.pk).update(total=count)

    def step(self, problem: str | None = None) -> None:
        """One item handled; `problem` names it and says why it could not be done."""
        self.job.done += 1
        if problem:
            self.job.problems.append(problem)
            Job.objects.filter(pk=self.job.pk).update(
                done=F("done") + 1, problems=self.job.problems
            )
        else:
            Job.objects.filter(pk=self.job.pk).update(done=F("done") + 1)

    @property
    def failed(self) -> int:
        return len(self.job.problems)


def execute(job_id: int) -> None:
    """Run the job `job_id` once: 排队中 → 进行中 → 已完成 or 失败 with the Chinese outcome."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now
    )
    if not claimed:
        logger.warning("后台任务 %s 不在排队状态，未重复执行。", job_id)
        return
    job = Job.objects.get(pk=job_id)
    progress = Progress(job)
    try:
        message = HANDLERS[job.kind](job, progress)
    except JobFailed as exc:
        if exc.problems:
            Job.objects.filter(pk=job.pk).update(problems=exc.problems)
        _finish(job, Job.Status.FAILED, str(exc))
    except Exception as exc:
        logger.exception("后台任务 %s（%s）意外中止", job_id, job.title)
        _finish(
            job,
            Job.Status.FAILED,
            f"任务意外中止（{type(exc).__name__}）。已完成的部分保持不变，"
            "未完成的部分没有任何改动；请重试，或联系系统管理员。",
        )
    else:
        every_item_failed = job.total and progress.failed >= job.total
        status = Job.Status.FAILED if every_item_failed else Job.Status.DONE
        _finish(job, status, message)
    finally:
        if job.kind in DAILY:
            # The next day's run is queued whatever happened to this one.
            ensure_daily(job.kind)


def _finish(job: Job, status: str, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=status, message=message, finished_at=timezone.now()
    )
