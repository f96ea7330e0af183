"""定时公开: approved reports frozen now, made public together at a set moment.

    report_schedule(report, user, moment)   # 已审核, snapshot stored for `moment`
    report_unschedule(report, user)         # back to waiting, snapshot withdrawn
    publish_due()                           # at the moment: every due report at once

Scheduling renders and stores the report's whole snapshot at once, printed
with the moment as its publication time, so that the moment itself renders
nothing: `publish_due` only moves statuses, in one transaction, and bumps the
public generation once, so every report of a wave appears together. A job
queued for the moment (jobs/) calls it; `manage.py publish_due` does the same
for a deployment that prefers cron. A report sent back to draft loses its
schedule and its prepared snapshot (workflow.report_return).
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from disclosure.models import Report, ReviewLog
from disclosure.workflow import (
    TransitionRefused,
    _check_actor,
    _failure,
    _locked,
    _notify,
    go_public,
    render_as_published,
)
from units.models import Membership
from units.selectors import people_for_unit

Status = Report.Status
logger = logging.getLogger(__name__)

# How far ahead a publication may be scheduled.
MAX_AHEAD = datetime.timedelta(days=366)


def moment_label(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def check_moment(moment: datetime.datetime, now: datetime.datetime | None = None):
    """Refuse a moment that is not a whole minute in the coming year, in Chinese."""
    now = now or timezone.now()
    if moment is None or timezone.is_naive(moment):
        raise TransitionRefused("请填写定时公开的日期和时间。")
    if moment <= now:
        raise TransitionRefused(
            f"定时公开时间 {moment_label(moment)} 已过；请选择今后的时间。"
        )
    if moment.second or moment.microsecond:
        raise TransitionRefused("定时公开时间精确到分钟。")
    if moment - now > MAX_AHEAD:
        raise TransitionRefused("定时公开时间不能晚于一年以后。")


def moment_from(day: str, time: str) -> datetime.datetime:
    """The moment a supervisor typed (date, HH:MM, Beijing time), or a Chinese refusal."""
    try:
        moment = datetime.datetime.combine(
            datetime.date.fromisoformat((day or "").strip()),
            datetime.time.fromisoformat((time or "").strip()),
        )
    except ValueError:
        raise TransitionRefused(
            "定时公开的日期或时间无效；请按“2024-08-30”和“10:00”的格式填写。"
        ) from None
    return timezone.make_aware(moment)


def report_schedule(report: Report, user, moment: datetime.datetime) -> Report:
    """已审核 → 已审核, to be published at `moment` (审核人); the snapshot is stored now.

    Scheduling again moves the moment (the snapshot is rendered anew, as it
    prints the time). Any failure leaves the report as it was, with no file.
    """
    from disclosure import snapshots

    check_moment(moment)
    _check_actor(user, report, "publish_report", reviewer=True, action="公开")
    written: list[str] = []
    try:
        with transaction.atomic():
            report = _locked(report, Status.APPROVED, Status.PUBLISHED)
            snapshots.withdraw(report)
            render_as_published(report, user, moment, written)
            report.published_at = report.published_by = None
            _set_schedule(report, user, moment, f"定时公开：{moment_label(moment)}")
            ensure_moment(moment, user)
            _notify(
                report,
                people_for_unit(report.unit, Membership.Role.PREPARER),
                f"已定时公开：{report}",
                f"“{report}”已由 {user} 设置为 {moment_label(moment)} 公开。",
            )
    except TransitionRefused:
        snapshots.discard(written)
        raise
    except Exception as exc:
        snapshots.discard(written)
        logger.exception("定时公开“%s”失败", report)
        raise TransitionRefused(
            f"定时公开失败：生成或保存公开文件时出错（{_failure(exc)}）。"
            "报告仍为“已审核”，没有设置定时公开，也没有留下任何文件。"
        ) from exc
    return report


def report_unschedule(report: Report, user) -> Report:
    """Withdraw a schedule (审核人): the report waits, approved, without a snapshot."""
    from disclosure import snapshots

    _check_actor(user, report, "publish_report", reviewer=True, action="公开")
    with transaction.atomic():
        report = _locked(report, Status.APPROVED, Status.PUBLISHED)
        if report.scheduled_for is None:
            raise TransitionRefused(f"“{report}”没有设置定时公开。")
        moment = report.scheduled_for
        snapshots.withdraw(report)
        _set_schedule(
            report, user, None, f"取消定时公开（原定 {moment_label(moment)}）"
        )
    return report


def _set_schedule(report: Report, user, moment, comment: str) -> None:
    """Set or clear the moment, with its audit row (the status stays 已审核)."""
    report.scheduled_for = moment
    report.scheduled_by = user if moment is not None else None
    report.save(update_fields=["scheduled_for", "scheduled_by", "updated_at"])
    ReviewLog.objects.create(
        report=report,
        from_status=Status.APPROVED,
        to_status=Status.APPROVED,
        actor=user,
        comment=comment,
    )


def ensure_moment(moment: datetime.datetime, user=None) -> None:
    """Queue one job for `moment` that publishes what is due then (none if one is queued).

    With a queue that cannot run a job at a set time (the immediate backend),
    `manage.py publish_due` run by cron does the job instead.
    """
    from jobs.models import Job
    from jobs.services import can_defer, start

    if not can_defer():
        logger.warning(
            "任务队列不支持定时执行；%s 的定时公开需由 manage.py publish_due 完成。",
            moment_label(moment),
        )
        return
    queued = Job.objects.filter(
        kind="publish_due", status=Job.Status.QUEUED, run_after=moment
    )
    if not queued.exists():
        start(
            "publish_due",
            f"定时公开（{moment_label(moment)}）",
            {"moment": moment.isoformat()},
            user=user,
            run_after=moment,
        )


@dataclass
class Wave:
    """What one call of `publish_due` made public, and what it could not."""

    published: list[Report] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def due_reports(now: datetime.datetime | None = None):
    return (
        Report.objects.filter(
            status=Status.APPROVED, scheduled_for__lte=now or timezone.now()
        )
        .select_related("unit", "fiscal_year", "scheduled_by")
        .order_by("scheduled_for", "unit__code", "pk")
    )


def publish_due(now: datetime.datetime | None = None, progress=None) -> Wave:
    """Publish every approved report whose moment has come, together.

    One transaction: the public sees all of them at once, at the commit. A
    report that cannot go public (its snapshot lost, a concurrent correction)
    stays approved and is named in `Wave.problems`; the others go on.
    Each report is published with the time and the supervisor its snapshot
    printed.
    """
    from disclosure import public_cache, snapshots

    wave = Wave()
    written: list[str] = []
    now = now or timezone.now()
    due = list(due_reports(now))
    if progress is not None:
        progress.total(len(due))
    try:
        with transaction.atomic():
            for report in due:
                problem = _publish_one(report, now, wave, written)
                if progress is not None:
                    progress.step(problem)
            if wave.published:
                public_cache.bump()
    except BaseException:
        snapshots.discard(written)
        raise
    return wave


def _publish_one(report: Report, now, wave: Wave, written: list[str]) -> str | None:
    """Publish one due report in a savepoint; the problem, or None."""
    from disclosure import snapshots

    own: list[str] = []  # files rendered here when no snapshot was prepared
    try:
        with transaction.atomic():
            locked = _locked(report, Status.APPROVED, Status.PUBLISHED)
            if locked.scheduled_for is None or locked.scheduled_for > now:
                return None  # unscheduled or moved meanwhile
            go_public(
                locked,
                report.scheduled_by,
                locked.scheduled_for,
                own,
                comment="定时公开",
            )
        wave.published.append(locked)
        written.extend(own)
        return None
    except TransitionRefused as exc:
        problem = f"{report}：{exc}"
    except Exception as exc:
        logger.exception("定时公开“%s”失败", report)
        problem = f"{report}：公开失败（{_failure(exc)}）"
    snapshots.discard(own)
    wave.problems.append(problem)
    return problem
