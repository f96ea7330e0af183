"""Status transitions of a report: 草稿 → 已提交 → 已审核 → 已公开, and 退回 (已提交 → 草稿).

A correction (更正, `report_correct`) of a published report opens a new draft
revision; publishing it moves the revision it corrects to 已更正.

Every move is one function with the same recipe: check the permission and the
unit scope, lock the row (`select_for_update`), refuse an illegal move with a
Chinese message, set the fields, write one ReviewLog row, and notify the people
concerned after the transaction commits. Nothing else changes `Report.status`.

Submission is gated by the 审核 rules: no error may remain, every warning needs
a written explanation, and every required reason must be filled (rule R-1).

A 部门决算 pins, on submission, the unit reports it consolidates; a unit report
so pinned is not sent back to draft, and a unit's correction published later
tells the department to correct its own (disclosure/departments.py).
"""

import datetime
import logging
from dataclasses import dataclass

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from disclosure import budgets, departments
from disclosure.consolidation import ConsolidationRefused
from disclosure.models import Report, ReviewLog, RuleExplanation, status_transition
from disclosure.rules import CheckResult, Finding, check_report
from disclosure.storage import storage_failure
from units.models import Membership
from units.selectors import people_for_unit, reviewer_scope_q, unit_scope_q

Status = Report.Status
logger = logging.getLogger(__name__)


class TransitionRefused(Exception):
    """The move is not allowed now; the message says why, in Chinese."""


@dataclass(frozen=True)
class Gate:
    result: CheckResult
    unexplained: list[Finding]

    @property
    def open(self) -> bool:
        return not self.result.errors and not self.unexplained

    def reasons(self) -> list[str]:
        lines = [f"{f.rule_id} {f.message}" for f in self.result.errors]
        lines += [
            f"{f.rule_id} 警告尚未填写说明：{f.message}" for f in self.unexplained
        ]
        return lines


def submission_gate(report: Report, result: CheckResult | None = None) -> Gate:
    """Whether `report` may be submitted: errors block, warnings need an explanation."""
    result = result or check_report(report)
    explained = set(
        RuleExplanation.objects.filter(report=report)
        .exclude(text="")
        .values_list("rule_id", flat=True)
    )
    unexplained = [f for f in result.warnings if f.rule_id not in explained]
    return Gate(result, unexplained)


# ------------------------------------------------------------------ recipe


def _in_scope(user, report: Report, *, reviewer: bool) -> bool:
    q = reviewer_scope_q(user, "unit__") if reviewer else unit_scope_q(user, "unit__")
    queryset = Report.objects.filter(pk=report.pk)
    return (queryset if q is None else queryset.filter(q)).exists()


def can_review(user, report: Report) -> bool:
    """Whether `user` supervises `report`'s unit and may act on it as 审核人."""
    return user.has_perm("disclosure.review_report") and _in_scope(
        user, report, reviewer=True
    )


def can_correct(user, report: Report) -> bool:
    """Whether `user` may start a correction of `report` (its unit's 填报人)."""
    return user.has_perm("disclosure.submit_report") and _in_scope(
        user, report, reviewer=False
    )


def _check_actor(user, report: Report, permission: str, *, reviewer: bool, action: str):
    if not user.is_active or not user.has_perm(f"disclosure.{permission}"):
        raise TransitionRefused(f"您没有{action}决算报告的权限。")
    if not _in_scope(user, report, reviewer=reviewer):
        raise TransitionRefused(f"“{report}”不在您可以{action}的单位范围内。")


def _locked(report: Report, expected, target: str) -> Report:
    """Re-read the report under a row lock and check the move is legal from its status now.

    `expected` is the status the move starts from, or a tuple of them.
    """
    expected = (expected,) if isinstance(expected, str) else expected
    locked = (
        Report.objects.select_for_update()
        .select_related("unit", "fiscal_year")
        .get(pk=report.pk)
    )
    if locked.status not in expected or target not in Report.TRANSITIONS[locked.status]:
        raise TransitionRefused(
            f"报告当前状态为“{locked.get_status_display()}”，不能改为"
            f"“{Status(target).label}”。"
        )
    return locked


def _move(report: Report, target: str, user, comment: str, fields: dict) -> Report:
    source = report.status
    report.status = target
    for name, value in fields.items():
        setattr(report, name, value)
    with status_transition():
        report.save(update_fields=["status", "updated_at", *fields])
    ReviewLog.objects.create(
        report=report, from_status=source, to_status=target, actor=user, comment=comment
    )
    return report


def _notify(report: Report, recipients, subject: str, body: str) -> None:
    emails = sorted({u.email for u in recipients if u.email})
    if emails:
        transaction.on_commit(
            lambda: send_mail(subject, body, None, emails, fail_silently=True)
        )


# ------------------------------------------------------------------ moves


def report_submit(report: Report, user) -> Report:
    """草稿 → 已提交 (填报人), only when the 审核 gate is open."""
    _check_actor(user, report, "submit_report", reviewer=False, action="提交")
    with transaction.atomic():
        report = _locked(report, Status.DRAFT, Status.SUBMITTED)
        if report.is_department:
            # The unit reports it consolidates are fixed now: a unit's later
            # correction changes nothing submitted (disclosure/departments.py).
            try:
                departments.pin_for_submission(report, user)
            except ConsolidationRefused as exc:
                raise TransitionRefused(str(exc)) from None
        # The 预算 revision whose 年初预算数 the 决算 prints is fixed now.
        budgets.pin_budget(report)
        gate = submission_gate(report)
        if not gate.open:
            reasons = gate.reasons()
            more = f"；等共 {len(reasons)} 项" if len(reasons) > 5 else ""
            raise TransitionRefused(
                "审核未通过，不能提交：" + "；".join(reasons[:5]) + more
            )
        _move(
            report,
            Status.SUBMITTED,
            user,
            "",
            {
                "submitted_at": timezone.now(),
                "submitted_by": user,
            },
        )
        _notify(
            report,
            people_for_unit(report.unit, Membership.Role.REVIEWER),
            f"待审核：{report}",
            f"{user} 已提交“{report}”，请登录预决算公开平台审核。",
        )
    return report


# Cleared when an approved report goes back to draft: it is approved anew.
APPROVAL_FIELDS = {
    "approved_at": None,
    "approved_by": None,
    "secrecy_reviewer": "",
    "secrecy_reviewed_on": None,
    "head_signer": "",
    "head_signed_on": None,
    "scheduled_for": None,
    "scheduled_by": None,
}


def report_return(report: Report, user, comment: str) -> Report:
    """已提交 or 已审核 → 草稿 (审核人), with a required comment for the preparer.

    An approved report whose publication has to wait (a late correction of a
    figure, a failed publication) goes back the same way; its approval and
    attestations are cleared, to be given again.
    """
    comment = (comment or "").strip()
    if not comment:
        raise TransitionRefused("退回时必须填写退回意见。")
    _check_actor(user, report, "review_report", reviewer=True, action="审核")
    with transaction.atomic():
        report = _locked(report, (Status.SUBMITTED, Status.APPROVED), Status.DRAFT)
        # A unit report a 部门决算 has pinned stays as it was consolidated.
        department = (
            None if report.is_department else departments.consolidated_by(report)
        )
        if department is not None:
            raise TransitionRefused(departments.return_refusal(report, department))
        fields = APPROVAL_FIELDS if report.status == Status.APPROVED else {}
        if report.scheduled_for is not None:
            # The snapshot prepared for the schedule goes with it: the draft
            # may change, and is approved and scheduled anew.
            from disclosure import snapshots

            snapshots.withdraw(report)
        _move(report, Status.DRAFT, user, comment, fields)
        _notify(
            report,
            people_for_unit(report.unit, Membership.Role.PREPARER),
            f"已退回：{report}",
            f"“{report}”已被 {user} 退回修改。退回意见：{comment}",
        )
    return report


@dataclass(frozen=True)
class Attestation:
    """保密审查 and 主要负责人审签, recorded on approval."""

    secrecy_reviewer: str
    secrecy_reviewed_on: datetime.date
    head_signer: str
    head_signed_on: datetime.date

    def problems(self) -> list[str]:
        problems = []
        if not self.secrecy_reviewer.strip():
            problems.append("请填写保密审查人。")
        if not self.head_signer.strip():
            problems.append("请填写审签的主要负责人。")
        today = timezone.localdate()
        for label, day in (
            ("保密审查日期", self.secrecy_reviewed_on),
            ("主要负责人审签日期", self.head_signed_on),
        ):
            if day is None:
                problems.append(f"请填写{label}。")
            elif day > today:
                problems.append(f"{label}不能晚于今天。")
        return problems


def report_approve(
    report: Report, user, attestation: Attestation, comment: str = ""
) -> Report:
    """已提交 → 已审核 (审核人), recording the 保密审查 and 主要负责人审签 attestations."""
    problems = attestation.problems()
    if problems:
        raise TransitionRefused("".join(problems))
    _check_actor(user, report, "review_report", reviewer=True, action="审核")
    with transaction.atomic():
        report = _locked(report, Status.SUBMITTED, Status.APPROVED)
        _move(
            report,
            Status.APPROVED,
            user,
            comment,
            {
                "approved_at": timezone.now(),
                "approved_by": user,
                "secrecy_reviewer": attestation.secrecy_reviewer.strip(),
                "secrecy_reviewed_on": attestation.secrecy_reviewed_on,
                "head_signer": attestation.head_signer.strip(),
                "head_signed_on": attestation.head_signed_on,
            },
        )
        _notify(
            report,
            people_for_unit(report.unit, Membership.Role.PREPARER),
            f"已审核通过：{report}",
            f"“{report}”已由 {user} 审核通过，等待公开。",
        )
    return report


def check_publishable(report: Report, user) -> None:
    """Refuse at once what a publication job would refuse: the permission, the scope, the status."""
    _check_actor(user, report, "publish_report", reviewer=True, action="公开")
    if report.status != Status.APPROVED:
        raise TransitionRefused(
            f"“{report}”当前状态为“{report.get_status_display()}”；"
            "只有已审核的报告可以公开。"
        )


def report_publish(report: Report, user) -> Report:
    """已审核 → 已公开 (审核人). From here on the report is immutable.

    The publication snapshot — page body, PDF, workbook, JSON, CSVs, their
    SHA-256 and the headline figures — is rendered and stored first, from the
    report as it will be published; the status moves only once all of it is
    stored. If anything fails (a render error, a full disk, an unwritable
    storage) nothing is published and no file is left behind. A correction
    moves the revision it corrects to 已更正. A report scheduled for later is
    published now, its prepared snapshot rendered again with today's time.
    """
    from disclosure import public_cache, snapshots

    _check_actor(user, report, "publish_report", reviewer=True, action="公开")
    written: list[str] = []
    try:
        with transaction.atomic():
            report = _locked(report, Status.APPROVED, Status.PUBLISHED)
            snapshots.withdraw(report)
            go_public(report, user, timezone.now(), written)
            public_cache.bump()
    except TransitionRefused:
        snapshots.discard(written)
        raise
    except Exception as exc:
        snapshots.discard(written)
        logger.exception("公开“%s”失败", report)
        raise TransitionRefused(publication_failure(exc)) from exc
    return report


def go_public(
    report: Report, user, when, written: list[str], *, comment: str = ""
) -> Report:
    """The publication of `report`, locked as 已审核 in the caller's transaction.

    Renders and stores the snapshot unless one was prepared already (a
    scheduled publication), supersedes the revision it corrects, moves the
    status and notifies on commit. The caller bumps the public generation.
    """
    from disclosure import snapshots

    fields = {
        "published_at": when,
        "published_by": user,
        "scheduled_for": None,
        "scheduled_by": None,
    }
    if not snapshots.prepared(report):
        # Rendered as it will be published (status, time, who) before any of
        # it is saved: the JSON and the PDF cover print these.
        render_as_published(report, user, when, written)
    if report.corrects_id is not None:
        corrected = _locked(report.corrects, Status.PUBLISHED, Status.SUPERSEDED)
        _move(
            corrected,
            Status.SUPERSEDED,
            user,
            f"已由第 {report.revision} 版更正。",
            {"superseded_at": when},
        )
    _move(report, Status.PUBLISHED, user, comment, fields)
    _notify(
        report,
        people_for_unit(report.unit, Membership.Role.PREPARER)
        + people_for_unit(report.unit, Membership.Role.REVIEWER),
        f"已公开：{report}",
        f"“{report}”已由 {user} 公开。",
    )
    if report.corrects_id is not None and not report.is_department:
        # The 部门决算 that consolidated an earlier revision stay as they
        # are; their preparers are told to correct them.
        for department, text in departments.told_of_correction(report):
            _notify(
                department,
                people_for_unit(department.unit, Membership.Role.PREPARER),
                f"部门决算需更正：{department}",
                text,
            )
    return report


def render_as_published(report: Report, user, when, written: list[str]) -> None:
    """Store `report`'s snapshot as it will print once public at `when` by `user`."""
    from disclosure import snapshots

    report.status = Status.PUBLISHED
    report.published_at, report.published_by = when, user
    try:
        snapshots.store(report, snapshots.render_files(report), written)
    finally:
        report.status = Status.APPROVED


def publication_failure(exc: Exception) -> str:
    return (
        f"公开失败：生成或保存公开文件时出错（{_failure(exc)}）。"
        "报告仍为“已审核”，没有公开，也没有留下任何文件；"
        "请稍后重试，或联系系统管理员。"
    )


def _failure(exc: Exception) -> str:
    """The reason in the refusal: the storage's own ("存储错误：NoSuchBucket") if any."""
    reason = storage_failure(exc)
    if reason:
        return f"存储错误：{reason}"
    return type(exc).__name__


def report_correct(report: Report, user, note: str) -> Report:
    """已公开 → a new draft revision (更正) with a copy of every fact.

    The published revision stays what the public sees until the correction
    goes through 提交, 审核 and 公开 like any report. Only one revision of a
    unit's year can be open at a time.
    """
    from disclosure.revisions import copy_facts

    note = (note or "").strip()
    if not note:
        raise TransitionRefused("发起更正时必须填写更正说明。")
    _check_actor(user, report, "submit_report", reviewer=False, action="更正")
    with transaction.atomic():
        published = (
            Report.objects.select_for_update()
            .select_related("unit", "fiscal_year")
            .get(pk=report.pk)
        )
        if published.status != Status.PUBLISHED:
            raise TransitionRefused(
                f"“{published}”当前状态为“{published.get_status_display()}”；"
                "只有已公开的现行版本可以更正。"
            )
        if Report.objects.filter(
            unit_id=published.unit_id,
            fiscal_year_id=published.fiscal_year_id,
            level=published.level,
            kind=published.kind,
            status__in=Report.OPEN_STATUSES,
        ).exists():
            raise TransitionRefused(f"“{published}”已有正在办理的更正，不能重复发起。")
        correction = Report.objects.create(
            unit=published.unit,
            fiscal_year=published.fiscal_year,
            level=published.level,
            kind=published.kind,
            amount_unit=published.amount_unit,
            template_variant=published.template_variant,
            approval_date=published.approval_date,
            data_note=published.data_note,
            revision=published.revision + 1,
            corrects=published,
            correction_note=note,
        )
        copy_facts(published, correction, user)
        ReviewLog.objects.create(
            report=correction,
            from_status=Status.PUBLISHED,
            to_status=Status.DRAFT,
            actor=user,
            comment=f"发起更正：{note}",
        )
        _notify(
            correction,
            people_for_unit(published.unit, Membership.Role.PREPARER)
            + people_for_unit(published.unit, Membership.Role.REVIEWER),
            f"发起更正：{published}",
            f"{user} 已对“{published}”发起更正（第 {correction.revision} 版）。"
            f"更正说明：{note}",
        )
    return correction
