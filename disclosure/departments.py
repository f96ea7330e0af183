"""部门决算 and its units' reports over time: what a submission pins, what a
consolidated unit report may no longer do, and what a department is told when
one of its units corrects a report it consolidated.

    pin_for_submission(department_report, user)  # in report_submit
    consolidated_by(unit_report)                 # the 部门决算 that pinned it
    stale_notices(department_report)             # "所属单位“X”已公开更正（第2版）…"
    out_of_date(Report.objects.all())            # the 部门决算 with such a notice

A department's submitted, approved or published report keeps the unit
reports it pinned (`ConsolidationMember.source`): a unit's correction changes
nothing in it. The department is told instead, on its 审核检查 page and in the
待办事项, and corrects its own report, which consolidates the units' current
revisions and pins them anew when submitted.
"""

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery

from disclosure.consolidation import CONSOLIDATED_STATUSES, pin_sources
from disclosure.models import ConsolidationMember, Report

Status = Report.Status
# A department's report whose pinned sources can fall behind its units'.
PINNED_STATUSES = (Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED)


def pin_for_submission(report: Report, user) -> None:
    """Pin the unit reports a 部门决算 consolidates; call in report_submit's transaction.

    The unit reports that may be pinned are locked first: a concurrent
    return (退回) of one of them waits for this submission, and then finds it
    consolidated. ConsolidationRefused, naming the units, when one has no
    approved report.
    """
    units = report.members.filter(
        mode__in=ConsolidationMember.CONSOLIDATED_MODES
    ).values("unit_id")
    list(
        Report.objects.select_for_update()
        .filter(
            unit_id__in=units,
            fiscal_year_id=report.fiscal_year_id,
            level=Report.Level.UNIT,
            kind=report.kind,
            status__in=CONSOLIDATED_STATUSES,
        )
        .values_list("pk", flat=True)
    )
    pin_sources(report, user)


def consolidated_by(unit_report: Report) -> Report | None:
    """The submitted, approved or published 部门决算 that consolidated `unit_report`."""
    member = (
        ConsolidationMember.objects.filter(source=unit_report)
        .exclude(report__status__in=(Status.DRAFT, Status.SUPERSEDED))
        .select_related("report__unit", "report__fiscal_year")
        .order_by("-report__revision")
        .first()
    )
    return None if member is None else member.report


def return_refusal(unit_report: Report, department: Report) -> str:
    """Why `unit_report` cannot go back to draft: `department` has consolidated it."""
    if department.status == Status.PUBLISHED:
        advice = "如需修改，请对本报告发起更正，更正公开后再更正部门决算。"
    else:
        advice = "如需修改，请先退回部门决算。"
    return (
        f"“{unit_report}”已汇总进“{department}”"
        f"（{department.get_status_display()}），不能退回。{advice}"
    )


def _newest():
    """Per member (outer row): its unit's newest approved or published 单位决算."""
    return Report.objects.filter(
        unit_id=OuterRef("unit_id"),
        fiscal_year_id=OuterRef("source__fiscal_year_id"),
        level=Report.Level.UNIT,
        kind=OuterRef("source__kind"),
        status__in=CONSOLIDATED_STATUSES,
    ).order_by("-revision")


def _behind(members: QuerySet) -> QuerySet:
    """Members whose unit has a newer approved or published revision than was pinned."""
    return (
        members.filter(source__isnull=False)
        .annotate(
            newest_revision=Subquery(_newest().values("revision")[:1]),
            newest_status=Subquery(_newest().values("status")[:1]),
        )
        .filter(newest_revision__gt=F("source__revision"))
    )


def notice(department: Report, member, revision: int, status: str) -> str:
    """One line: which unit corrected what, and what the department should do."""
    if status == Status.PUBLISHED:
        done = f"已公开更正（第{revision}版）"
    else:
        done = f"的更正（第{revision}版）已审核通过"
    todo = (
        "请发起更正。"
        if department.status == Status.PUBLISHED
        else "请退回部门决算后重新提交。"
    )
    return (
        f"所属单位“{member.unit_name}”{done}，"
        f"本部门决算汇总的是第{member.source.revision}版，{todo}"
    )


def notices_for(reports) -> dict[int, list[str]]:
    """The out-of-date notices of each of `reports` (部门决算), in one query."""
    reports = {r.pk: r for r in reports if r.status in PINNED_STATUSES}
    if not reports:
        return {}
    members = _behind(
        ConsolidationMember.objects.filter(report_id__in=list(reports))
    ).select_related("source")
    found: dict[int, list[str]] = {}
    for member in members.order_by("report_id", "position"):
        department = reports[member.report_id]
        found.setdefault(member.report_id, []).append(
            notice(department, member, member.newest_revision, member.newest_status)
        )
    return found


def stale_notices(report: Report) -> list[str]:
    """What the 审核检查 page of a 部门决算 says of its units' later corrections."""
    if not report.is_department:
        return []
    return notices_for([report]).get(report.pk, [])


def _consolidating_earlier(unit_report: Report) -> QuerySet:
    """The submitted, approved or published 部门决算 that consolidated an earlier revision."""
    return (
        Report.objects.filter(
            level=Report.Level.DEPARTMENT,
            kind=unit_report.kind,
            status__in=PINNED_STATUSES,
            members__unit_id=unit_report.unit_id,
            members__source__revision__lt=unit_report.revision,
            fiscal_year_id=unit_report.fiscal_year_id,
        )
        .select_related("unit", "fiscal_year")
        .distinct()
    )


def told_of_correction(unit_report: Report) -> list[tuple[Report, str]]:
    """On a unit's correction going public: each 部门决算 it leaves behind, with its notice."""
    told = []
    for department in _consolidating_earlier(unit_report):
        member = department.members.select_related("source").get(
            unit_id=unit_report.unit_id
        )
        told.append(
            (
                department,
                notice(department, member, unit_report.revision, unit_report.status),
            )
        )
    return told


def out_of_date(reports: QuerySet) -> QuerySet:
    """The 部门决算 among `reports` that consolidated a revision a unit has since corrected.

    A published one whose correction is already under way is left out: the
    correction, while a draft, reads the units' current revisions.
    """
    behind = _behind(ConsolidationMember.objects.filter(report=OuterRef("pk")))
    correcting = Report.objects.filter(
        unit_id=OuterRef("unit_id"),
        fiscal_year_id=OuterRef("fiscal_year_id"),
        level=OuterRef("level"),
        kind=OuterRef("kind"),
        status__in=Report.OPEN_STATUSES,
    )
    return (
        reports.filter(level=Report.Level.DEPARTMENT, status__in=PINNED_STATUSES)
        .annotate(behind=Exists(behind), correcting=Exists(correcting))
        .filter(behind=True)
        .exclude(status=Status.PUBLISHED, correcting=True)
    )
