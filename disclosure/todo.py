"""待办事项: what waits for a user, shown on the admin home.

A 填报人 sees the drafts of their own units that were returned (退回) with the
latest comment and who returned them, and the drafts whose publication
deadline is near or past. A 审核人 sees, over the units they supervise, the
reports waiting for review (待审核) and for publication (待公开), and every
unit whose deadline is near or past and whose report is not yet public. A
superuser or 系统管理员 is a 审核人 of everything. Both see the 部门决算 of
their units that consolidated a unit report since corrected (部门决算需更正).

Read in a fixed number of queries whatever the number of reports: each
section is one query returning its first `LIMIT` rows with the total count
(a window count); the return comments are one more, and so are the notices
of the 部门决算 listed.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
    Window,
)
from django.utils import timezone

from disclosure.deadlines import (
    days_label,
    deadline_for,
    due_window,
    latest_approval_due,
)
from disclosure.departments import notices_for, out_of_date
from disclosure.models import Report, ReviewLog
from units.models import Membership
from units.selectors import reviewer_scope_q

Status = Report.Status
# Rows shown per section; the rest are counted and linked to the full list.
LIMIT = 10


@dataclass(frozen=True)
class Item:
    """One report waiting for someone, with its deadline when it has one."""

    report: Report
    today: datetime.date
    returned: ReviewLog | None = None  # the return that sent it back
    notices: tuple[str, ...] = ()  # a 部门决算's units' later corrections

    @property
    def deadline(self) -> datetime.date | None:
        # Only a first revision has a deadline: a correction is not due.
        if self.report.revision != 1:
            return None
        return deadline_for(self.report.approval_date)

    @property
    def days_left(self) -> int | None:
        return (self.deadline - self.today).days if self.deadline else None

    @property
    def days_label(self) -> str:
        return days_label(self.days_left)

    @property
    def urgent(self) -> bool:
        """Due within the window, or overdue: shown in red."""
        return self.days_left is not None and self.days_left <= due_window()

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def returned_by(self) -> str:
        return _name(self.returned.actor if self.returned else None, "审核人")

    @property
    def submitted_by(self) -> str:
        return _name(self.report.submitted_by, "填报人")


def _name(user, fallback: str) -> str:
    return (user.get_full_name() or user.get_username()) if user else fallback


@dataclass(frozen=True)
class Section:
    key: str  # returned, due, review, publish, deadline
    title: str
    items: list[Item]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


@dataclass(frozen=True)
class Todo:
    sections: list[Section] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(s.items for s in self.sections)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections)


def _page(queryset: QuerySet) -> tuple[list[Report], int]:
    """The first LIMIT rows and how many there are, in one query."""
    rows = list(queryset.annotate(todo_total=Window(Count("pk")))[:LIMIT])
    return rows, rows[0].todo_total if rows else 0


def _reports() -> QuerySet[Report]:
    return Report.objects.select_related("unit", "fiscal_year")


def todo_for(user, today: datetime.date | None = None) -> Todo:
    """The user's 待办事项, section by section (empty sections left out)."""
    today = today or timezone.localdate()
    if not user.is_active:
        return Todo()
    due_by = latest_approval_due(today, due_window())
    preparing = user.has_perm("disclosure.submit_report")
    reviewing = user.has_perm("disclosure.review_report")
    # Read once: the reviewer's sections and the 部门决算 section share it.
    supervised = reviewer_scope_q(user, "unit__") if reviewing else Q(pk__in=[])
    sections = []
    if preparing and not user.is_superuser:
        sections += _preparer_sections(user, today, due_by)
    if reviewing:
        sections += _reviewer_sections(supervised, user, today, due_by)
    if preparing or reviewing:
        sections.append(_stale_section(user, supervised, today))
    return Todo([s for s in sections if s.items])


def _stale_section(user, supervised: Q | None, today) -> Section:
    """部门决算 of the user's units (prepared or supervised) left behind by a unit's correction."""
    own = Membership.objects.filter(user=user, role=Membership.Role.PREPARER)
    scope = (
        Q() if supervised is None else Q(unit__in=own.values("unit_id")) | supervised
    )
    stale, total = _page(out_of_date(_reports().filter(scope)).order_by("unit__path"))
    notices = notices_for(stale)
    return Section(
        "stale",
        "部门决算需更正",
        [Item(r, today, notices=tuple(notices.get(r.pk, ()))) for r in stale],
        total,
    )


def _preparer_sections(user, today, due_by) -> list[Section]:
    own = Membership.objects.filter(user=user, role=Membership.Role.PREPARER).values(
        "unit_id"
    )
    last = ReviewLog.objects.filter(report=OuterRef("pk")).order_by("-at", "-id")
    drafts = (
        _reports()
        .filter(unit__in=own, status=Status.DRAFT)
        .annotate(
            last_log=Subquery(last.values("pk")[:1]),
            last_from=Subquery(last.values("from_status")[:1]),
            last_to=Subquery(last.values("to_status")[:1]),
            last_at=Subquery(last.values("at")[:1]),
        )
        # A draft is returned when its last move brought it back from review;
        # a correction's first move (from 已公开) is not a return. A boolean,
        # so that a draft never moved (no log: NULL) is plainly not returned.
        .annotate(
            is_returned=Case(
                When(
                    last_to=Status.DRAFT,
                    last_from__in=[Status.SUBMITTED, Status.APPROVED],
                    then=True,
                ),
                default=False,
                output_field=BooleanField(),
            )
        )
    )
    returned, returned_total = _page(
        drafts.filter(is_returned=True).order_by("-last_at")
    )
    logs = {
        log.pk: log
        for log in ReviewLog.objects.filter(
            pk__in=[r.last_log for r in returned]
        ).select_related("actor")
    }
    due, due_total = _page(
        drafts.filter(
            revision=1, approval_date__lte=due_by, is_returned=False
        ).order_by("approval_date", "unit__path")
    )
    return [
        Section(
            "returned",
            "退回修改",
            [Item(r, today, logs.get(r.last_log)) for r in returned],
            returned_total,
        ),
        Section("due", "临近公开期限的草稿", [Item(r, today) for r in due], due_total),
    ]


def _reviewer_sections(scope: Q | None, user, today, due_by) -> list[Section]:
    reports = _reports() if scope is None else _reports().filter(scope)
    to_review, review_total = _page(
        reports.filter(status=Status.SUBMITTED)
        .select_related("submitted_by")
        .order_by("submitted_at", "id")
    )
    sections = [
        Section("review", "待审核", [Item(r, today) for r in to_review], review_total)
    ]
    if user.has_perm("disclosure.publish_report"):
        to_publish, publish_total = _page(
            reports.filter(status=Status.APPROVED)
            .select_related("approved_by")
            .order_by("approved_at", "id")
        )
        sections.append(
            Section(
                "publish",
                "待公开",
                [Item(r, today) for r in to_publish],
                publish_total,
            )
        )
    # The deadline is about a unit's first publication: its first revision,
    # never published while it is in one of the open statuses.
    late, late_total = _page(
        reports.filter(
            revision=1,
            status__in=Report.OPEN_STATUSES,
            unit__is_active=True,
            approval_date__lte=due_by,
        ).order_by("approval_date", "unit__path")
    )
    sections.append(
        Section(
            "deadline",
            "公开期限临近或已逾期的单位",
            [Item(r, today) for r in late],
            late_total,
        )
    )
    return sections
