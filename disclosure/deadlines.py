"""Publication deadlines: a report must be public within 20 days of its 决算批复.

The dashboard rows are read here, for the units in a supervisor's scope, in a
fixed number of queries whatever the number of units.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone

from disclosure.models import Reminder, Report
from reporting.money import percentage

DAYS_TO_PUBLISH = 20


def deadline_for(approval_date: datetime.date | None) -> datetime.date | None:
    return (
        approval_date + datetime.timedelta(days=DAYS_TO_PUBLISH)
        if approval_date
        else None
    )


def due_window() -> int:
    """Days before the deadline from which an unpublished report counts as due.

    One setting for the 待办事项 and the automatic 催办.
    """
    return settings.REMINDER_DAYS_BEFORE_DEADLINE


def latest_approval_due(today: datetime.date, days: int) -> datetime.date:
    """The latest 批复日期 whose deadline is at most `days` days after `today`."""
    return today + datetime.timedelta(days=days - DAYS_TO_PUBLISH)


def days_label(days_left: int | None) -> str:
    """剩余 3 天 / 今天到期 / 已逾期 2 天, or "" without a deadline."""
    if days_left is None:
        return ""
    if days_left < 0:
        return f"已逾期 {-days_left} 天"
    if days_left == 0:
        return "今天到期"
    return f"剩余 {days_left} 天"


@dataclass(frozen=True)
class DeadlineRow:
    """A unit's report for the year: its first revision, whose publication the deadline is about."""

    unit: object
    report: Report | None
    today: datetime.date
    latest: Report | None = None  # the newest revision, when the report was corrected
    reminder_count: int = 0  # 催办 sent for the unit's year
    last_reminded: datetime.datetime | None = None

    @property
    def status_label(self) -> str:
        if self.report is None:
            return "未创建"
        if self.latest is not None and self.latest.revision > 1:
            state = self.latest.get_status_display()
            if self.latest.status == Report.Status.PUBLISHED:
                return f"已公开（第 {self.latest.revision} 版为更正版）"
            return f"已公开，更正版（第 {self.latest.revision} 版）{state}"
        return self.report.get_status_display()

    @property
    def deadline(self) -> datetime.date | None:
        return deadline_for(self.report.approval_date) if self.report else None

    @property
    def published(self) -> bool:
        return self.report is not None and self.report.status in Report.PUBLIC_STATUSES

    @property
    def days_left(self) -> int | None:
        """Days until the deadline (negative when overdue); None when published or no date."""
        if self.published or self.deadline is None:
            return None
        return (self.deadline - self.today).days

    @property
    def state(self) -> str:
        if self.published:
            published_on = self.report.published_at
            if self.deadline and published_on and published_on.date() > self.deadline:
                return "逾期公开"
            return "已公开"
        if self.deadline is None:
            return "未批复"
        return days_label(self.days_left)

    @property
    def published_on(self) -> datetime.date | None:
        """The day the report was first published (its first revision)."""
        when = self.report.published_at if self.published else None
        return timezone.localtime(when).date() if when else None

    @property
    def on_time(self) -> str:
        """是 / 否 / "" (not yet due, or no 批复日期 to count from)."""
        if self.published:
            if self.deadline is None or self.published_on is None:
                return ""
            return "是" if self.published_on <= self.deadline else "否"
        return "否" if self.overdue else ""

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def can_remind(self) -> bool:
        """Not yet submitted (a draft, or no report yet): a 催办 may be sent."""
        return self.report is None or self.report.status == Report.Status.DRAFT


@dataclass(frozen=True)
class Dashboard:
    year: int
    rows: list[DeadlineRow]
    kind: str = Report.Kind.FINAL

    @property
    def title(self) -> str:
        """ "2022 年度决算公开进度" / "2023 年预算公开进度"."""
        return f"{Report.Kind(self.kind).of_year(self.year)}公开进度"

    @property
    def published_count(self) -> int:
        return sum(row.published for row in self.rows)

    @property
    def coverage(self) -> Decimal | None:
        return percentage(Decimal(self.published_count), Decimal(len(self.rows)), 1)

    @property
    def overdue_count(self) -> int:
        return sum(row.overdue for row in self.rows)


def deadline_dashboard(
    units, year: int, today: datetime.date, kind: str = Report.Kind.FINAL
) -> Dashboard:
    """One row per active unit in `units` (a queryset), with its 单位决算 (or 预算) for `year` if any.

    Both are due 20 days after their approval (批复), and reminded of apart.
    """
    units = list(units.filter(is_active=True).select_related("parent").order_by("path"))
    first, latest = {}, {}
    for r in (
        Report.objects.filter(
            unit__in=units,
            fiscal_year__year=year,
            level=Report.Level.UNIT,
            kind=kind,
        )
        .select_related("fiscal_year")
        .order_by("revision")
    ):
        first.setdefault(r.unit_id, r)
        latest[r.unit_id] = r
    reminded = {
        row["unit_id"]: row
        for row in Reminder.objects.filter(
            unit__in=units, fiscal_year__year=year, report_kind=kind
        )
        .values("unit_id")
        .annotate(count=Count("pk"), last=Max("sent_at"))
        .order_by()
    }
    return Dashboard(
        year,
        kind=kind,
        rows=[
            DeadlineRow(
                u,
                first.get(u.pk),
                today,
                latest.get(u.pk),
                reminded.get(u.pk, {}).get("count", 0),
                reminded.get(u.pk, {}).get("last"),
            )
            for u in units
        ],
    )


def dashboard_xlsx(dashboard: Dashboard) -> bytes:
    """The dashboard as a workbook: one row per unit, numbers as numbers."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from reporting.spreadsheets import escape_formula

    book = Workbook()
    sheet = book.active
    sheet.title = dashboard.title.replace(" ", "")
    sheet.append([dashboard.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        [
            f"单位 {len(dashboard.rows)} 个，已公开 {dashboard.published_count} 个，"
            f"公开率 {dashboard.coverage if dashboard.coverage is not None else '—'}%，"
            f"逾期未公开 {dashboard.overdue_count} 个"
        ]
    )
    header = [
        "单位编码",
        "单位名称",
        "主管部门",
        "状态",
        "批复日期",
        "公开期限",
        "公开日期",
        "是否按时公开",
        "剩余天数",
        "情况",
    ]
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in dashboard.rows:
        values = [
            row.unit.code,
            row.unit.name,
            row.unit.parent.name if row.unit.parent else "",
            row.status_label,
            row.report.approval_date if row.report else None,
            row.deadline,
            row.published_on,
            row.on_time,
            row.days_left,
            row.state,
        ]
        # openpyxl stores a text beginning with "=" as a formula.
        sheet.append([escape_formula(v) for v in values])
    widths = (12, 36, 28, 10, 12, 12, 12, 12, 10, 14)
    for letter, width in zip("ABCDEFGHIJ", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=4, min_col=5, max_col=7):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A4"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
