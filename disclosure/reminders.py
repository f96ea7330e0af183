"""催办: reminder e-mails to a unit's 填报人 before its publication deadline.

A unit's report for a year must be public within 20 days of its 批复
(deadlines.py). A reminder is about a unit's year and report kind (its 决算,
or its 预算): its first revision, whose publication the deadline is about, or
the year itself when the unit has not created that report yet. Only a year
not yet submitted is reminded of.

- `send_reminder(report or unit, user=None)`: one reminder, by hand (a 审核人
  of the unit) or automatic (no user). It goes to the unit's preparers, copied
  to its reviewers when sent by hand or past the deadline, and writes one
  Reminder row; the e-mail leaves after the row is committed.
- `send_due_reminders(today=None)`: the daily automatic run (manage.py
  send_reminders, or a background job): every draft due within
  REMINDER_DAYS_BEFORE_DEADLINE days, or overdue, gets at most one automatic
  reminder a day.
"""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from disclosure.deadlines import (
    DAYS_TO_PUBLISH,
    days_label,
    deadline_for,
    due_window,
    latest_approval_due,
)
from disclosure.models import FiscalYear, Reminder, Report
from units.models import Membership, Unit
from units.selectors import people_for_unit, reviewer_scope_q

logger = logging.getLogger(__name__)

Kind = Reminder.Kind
# Past the deadline the daily automatic reminder goes on for this many days,
# copied to the reviewers. After that the year stays overdue on the dashboard
# and in the reviewers' 待办事项, and is reminded of by hand: a draft left
# for months would otherwise mail its preparers every day without end.
OVERDUE_REMINDER_DAYS = 30


class ReminderRefused(Exception):
    """No reminder is sent; the message says why, in Chinese."""


def can_remind(user, unit: Unit) -> bool:
    """Whether `user` supervises `unit` as 审核人 and may send it a 催办."""
    if not user.is_active or not user.has_perm("disclosure.review_report"):
        return False
    q = reviewer_scope_q(user)
    return q is None or Unit.objects.filter(pk=unit.pk).filter(q).exists()


def send_reminder(
    target: Report | Unit,
    user=None,
    *,
    year: int | None = None,
    today: datetime.date | None = None,
    report_kind: str = Report.Kind.FINAL,
) -> Reminder:
    """Remind the unit of `target` (a report, or a unit with `year` and `report_kind`) to publish.

    With `user` the reminder is sent by hand and `user` must supervise the
    unit; without, it is automatic and refused when the unit's year already
    had its automatic reminder on `today`. Refused, with ReminderRefused,
    when the year is submitted, approved or published, the unit is inactive,
    or none of its preparers has an e-mail address.
    """
    today = today or timezone.localdate()
    if isinstance(target, Report):
        unit, fiscal_year = target.unit, target.fiscal_year
        report_kind = target.kind
    else:
        unit = target
        fiscal_year = FiscalYear.objects.filter(year=year).first()
        if fiscal_year is None:
            raise ReminderRefused(f"没有 {year} 财政年度，不能催办。")
    kind = Kind.AUTOMATIC if user is None else Kind.MANUAL
    title = _title(fiscal_year.year, report_kind)
    if user is not None and not can_remind(user, unit):
        raise ReminderRefused(f"您不是“{unit.name}”的审核人，不能催办。")
    if not unit.is_active:
        raise ReminderRefused(f"“{unit.name}”已停用，不再催办。")
    try:
        with transaction.atomic():
            # Read under a lock: a report submitted meanwhile is not reminded.
            report = (
                Report.objects.select_for_update()
                .filter(
                    unit=unit,
                    fiscal_year=fiscal_year,
                    level=Report.Level.UNIT,
                    kind=report_kind,
                    revision=1,
                )
                .first()
            )
            if report is not None and report.status != Report.Status.DRAFT:
                # A first revision later corrected (已更正) was published.
                shown = (
                    Report.Status.PUBLISHED.label
                    if report.status in Report.PUBLIC_STATUSES
                    else report.get_status_display()
                )
                raise ReminderRefused(
                    f"“{unit.name} {title}”状态为“{shown}”，无需催办。"
                )
            if kind == Kind.AUTOMATIC and _reminded_automatically(
                unit, fiscal_year, report_kind, today
            ):
                raise ReminderRefused(f"“{unit.name}”今天已自动催办过 {title}。")
            preparers = _emails(people_for_unit(unit, Membership.Role.PREPARER))
            if not preparers:
                raise ReminderRefused(
                    f"“{unit.name}”没有填写了电子邮箱的填报人，无法发送催办邮件；"
                    "请系统管理员为该单位的填报人填写电子邮箱。"
                )
            deadline = deadline_for(report.approval_date) if report else None
            days_left = (deadline - today).days if deadline else None
            cc = []
            if kind == Kind.MANUAL or (days_left is not None and days_left < 0):
                reviewers = people_for_unit(unit, Membership.Role.REVIEWER)
                cc = [e for e in _emails(reviewers) if e not in preparers]
            subject, body = _message(
                unit, title, report, deadline, days_left, user, report_kind
            )
            reminder = Reminder.objects.create(
                unit=unit,
                fiscal_year=fiscal_year,
                report=report,
                kind=kind,
                report_kind=report_kind,
                recipients=", ".join(preparers),
                cc=", ".join(cc),
                subject=subject,
                body=body,
                sent_by=user,
                sent_on=today,
                deadline=deadline,
                days_left=days_left,
            )
            message = EmailMessage(subject, body, None, preparers, cc=cc)
            transaction.on_commit(partial(_deliver, message))
    except IntegrityError as exc:
        # Two automatic runs at once: the other one sent today's reminder.
        raise ReminderRefused(f"“{unit.name}”今天已自动催办过 {title}。") from exc
    return reminder


def _title(year: int, report_kind: str) -> str:
    """ "2022 年度决算" / "2023 年预算"."""
    return Report.Kind(report_kind).of_year(year)


def _emails(users) -> list[str]:
    return sorted({u.email for u in users if u.email})


def _reminded_automatically(unit, fiscal_year, report_kind, today) -> bool:
    return Reminder.objects.filter(
        unit=unit,
        fiscal_year=fiscal_year,
        report_kind=report_kind,
        kind=Kind.AUTOMATIC,
        sent_on=today,
    ).exists()


def _message(
    unit, title, report, deadline, days_left, user, report_kind
) -> tuple[str, str]:
    """The e-mail about `title` ("2022 年度决算", "2023 年预算")."""
    word = Report.Kind(report_kind).label
    when = days_label(days_left)
    subject = f"催办：{unit.name} {title}公开" + (f"（{when}）" if when else "")
    lines = [f"{unit.name}：", ""]
    if report is None:
        lines.append(
            f"贵单位 {title}报告尚未在预决算公开平台上创建。"
            f"{word}批复后 {DAYS_TO_PUBLISH} 日内须公开，请尽快创建报告、填写批复日期并完成填报。"
        )
    elif deadline is None:
        lines.append(
            f"贵单位 {title}尚未提交审核，报告中也没有填写批复日期。"
            f"{word}批复后 {DAYS_TO_PUBLISH} 日内须公开，请填写批复日期并尽快完成填报。"
        )
    else:
        lines.append(
            f"贵单位 {title}尚未提交审核。{word}批复日期为 "
            f"{report.approval_date:%Y-%m-%d}，须在批复后 {DAYS_TO_PUBLISH} 日内、"
            f"即 {deadline:%Y-%m-%d} 前公开，目前{when}。"
        )
    lines.append(
        "请登录预决算公开平台管理后台，完成填报并在“审核检查”页通过审核后提交审核。"
    )
    lines.append("")
    if user is None:
        lines.append("此邮件由预决算公开平台自动发送。")
    else:
        lines.append(f"催办人：{user.get_full_name() or user.get_username()}")
    return subject, "\n".join(lines)


def _deliver(message: EmailMessage) -> None:
    # After commit: the reminder is logged whether or not the mail server
    # answers; a failure is in the log for the administrator.
    try:
        message.send()
    except Exception:
        logger.exception("催办邮件发送失败：%s", message.subject)


# ------------------------------------------------------------------ batches


@dataclass
class Batch:
    """What a run of reminders did: the rows written, and who was not reminded and why."""

    sent: list[Reminder] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (who, why)


def due_reports(today: datetime.date, days: int | None = None) -> QuerySet[Report]:
    """Drafts due for today's automatic reminder.

    First revisions still in draft, of active units, with a 批复日期 whose
    deadline is at most `days` days away (REMINDER_DAYS_BEFORE_DEADLINE by
    default) or passed at most OVERDUE_REMINDER_DAYS ago, and not yet
    reminded automatically today.
    """
    days = due_window() if days is None else days
    reminded = Reminder.objects.filter(
        unit=OuterRef("unit"),
        fiscal_year=OuterRef("fiscal_year"),
        report_kind=OuterRef("kind"),
        kind=Kind.AUTOMATIC,
        sent_on=today,
    )
    return (
        Report.objects.filter(
            revision=1,
            level=Report.Level.UNIT,
            status=Report.Status.DRAFT,
            unit__is_active=True,
            approval_date__lte=latest_approval_due(today, days),
            approval_date__gte=latest_approval_due(today, -OVERDUE_REMINDER_DAYS),
        )
        .exclude(Exists(reminded))
        .select_related("unit", "fiscal_year")
        .order_by("approval_date", "unit__path")
    )


def run_due_reminders(
    today: datetime.date | None = None, days: int | None = None
) -> Batch:
    """Send today's automatic reminders; safe to run any number of times a day."""
    today = today or timezone.localdate()
    batch = Batch()
    for report in due_reports(today, days):
        try:
            batch.sent.append(send_reminder(report, today=today))
        except ReminderRefused as exc:
            batch.refused.append((str(report), str(exc)))
            logger.warning("未自动催办“%s”：%s", report, exc)
    return batch


def send_due_reminders(
    today: datetime.date | None = None, days: int | None = None
) -> int:
    """The daily automatic run for a background job: the number of reminders sent."""
    return len(run_due_reminders(today, days).sent)


def remind_units(
    units: Iterable[Unit],
    year: int,
    user,
    *,
    skip_reminded_today: bool = False,
    today: datetime.date | None = None,
    report_kind: str = Report.Kind.FINAL,
) -> Batch:
    """Reminders by hand to several units (the dashboard's 催办全部未提交).

    With `skip_reminded_today`, a unit already reminded today (automatically
    or by hand) is left out, so a second click does not mail everyone again.
    """
    today = today or timezone.localdate()
    batch = Batch()
    reminded = set()
    if skip_reminded_today:
        reminded = set(
            Reminder.objects.filter(
                fiscal_year__year=year, report_kind=report_kind, sent_on=today
            ).values_list("unit_id", flat=True)
        )
    for unit in units:
        if unit.pk in reminded:
            batch.refused.append((unit.name, "今天已催办过。"))
            continue
        try:
            batch.sent.append(
                send_reminder(
                    unit, user, year=year, today=today, report_kind=report_kind
                )
            )
        except ReminderRefused as exc:
            batch.refused.append((unit.name, str(exc)))
    return batch
