"""Public reads about a report's level: a 主管部门's 部门决算 beside its 单位决算 (本级).

    year_entries(reports)        # a unit page's years, a link per level
    composition(report)          # a 部门决算's 单位构成, each unit linked to its own report
    holding_department(report)   # the 部门决算 a 单位决算 is consolidated in

Each costs at most one query, whatever the number of units; links take the
form disclosure/public_urls.py gives each report.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from disclosure.models import ConsolidationMember, Report
from disclosure.public_urls import report_url, url_for


@dataclass(frozen=True)
class LevelLink:
    label: str
    url: str
    year_word: str = "年度"  # "2022 年度决算", "2023 年预算"


@dataclass(frozen=True)
class YearEntry:
    """One published year of a unit: a link per level it published."""

    year: int
    links: tuple[LevelLink, ...]  # 部门决算 first

    @property
    def url(self) -> str:
        """The year's main report: its 部门决算 when published, else its 单位决算."""
        return self.links[0].url


def level_label(report: Report) -> str:
    """How a unit page names a report: 部门决算, 单位决算（本级）, 决算, or the same of a 预算."""
    word = report.kind_word
    if report.is_department:
        return f"部门{word}"
    return f"单位{word}（本级）" if report.unit.parent_id is None else word


def year_entries(reports: list[Report]) -> list[YearEntry]:
    """`reports` (published_reports, both levels and kinds) per year, newest year first.

    The year's 决算 come first (部门决算 before 单位决算), then its 预算.
    """
    by_year: dict[int, list[Report]] = defaultdict(list)
    for report in reports:
        by_year[report.fiscal_year.year].append(report)
    return [
        YearEntry(
            year,
            tuple(
                LevelLink(level_label(r), report_url(r), r.year_word)
                for r in sorted(
                    by_year[year], key=lambda r: (r.is_budget, not r.is_department)
                )
            ),
        )
        for year in sorted(by_year, reverse=True)
    ]


def report_title(report: Report) -> str:
    year, name = report.fiscal_year.year, report.unit.name
    if report.is_department:
        return f"{name}{year}{report.year_word}部门{report.kind_word}"
    return f"{name} {year} {report.year_word}{report.kind_word}"


def report_kicker(report: Report) -> str:
    word = report.kind_word
    if report.is_department:
        return f"部门{word}公开"
    if report.unit.parent_id is None:
        return f"单位{word}公开（本级）"
    return f"单位{word}公开"


@dataclass(frozen=True)
class MemberRow:
    """A unit of a 部门决算's composition, as published, and its own report's page."""

    name: str
    mode: str
    mode_label: str
    url: str  # its public 单位决算 of the year; "" for 并入本级 or none public

    @property
    def merged(self) -> bool:
        return self.mode == ConsolidationMember.Mode.MERGED


def composition(report: Report) -> list[MemberRow]:
    """The 部门决算单位构成 of this revision, in print order; one query for any number.

    Names and modes are those frozen with the revision; each 本级 or 预算单列
    unit links its current public 单位决算 of the year (本级: the /unit/ form).
    """
    Mode = ConsolidationMember.Mode
    own_report = Report.objects.published().filter(
        unit_id=OuterRef("unit_id"),
        unit__is_active=True,
        fiscal_year_id=report.fiscal_year_id,
        level=Report.Level.UNIT,
        kind=report.kind,
    )
    rows = (
        ConsolidationMember.objects.filter(report=report)
        .annotate(public=Exists(own_report))
        .order_by("position")
        .values_list("unit_name", "mode", "unit__code", "unit__parent_id", "public")
    )
    year = report.fiscal_year.year
    labels = {Mode.MERGED: "并入本级编报"}
    return [
        MemberRow(
            name,
            mode,
            labels.get(mode) or str(Mode(mode).label),
            url_for(
                "report",
                year,
                code,
                unit_form=parent_id is None,
                budget=report.is_budget,
            )
            if public and mode != Mode.MERGED
            else "",
        )
        for name, mode, code, parent_id, public in rows
    ]


@dataclass(frozen=True)
class HoldingDepartment:
    """The public 部门决算 a 单位决算 is consolidated in (本级 or 预算单列)."""

    name: str
    year: int
    url: str
    own: bool  # the report is the department's own 本级


def holding_department(report: Report) -> HoldingDepartment | None:
    """For a 单位决算: its department's public 部门决算 of that year, if any (one query).

    A 主管部门's 本级 links its own 部门决算; any other unit the 部门决算 whose
    current revision lists it as 预算单列.
    """
    year = report.fiscal_year.year
    departments = Report.objects.published().filter(
        fiscal_year_id=report.fiscal_year_id,
        level=Report.Level.DEPARTMENT,
        kind=report.kind,
        unit__is_active=True,
    )
    own = report.unit.parent_id is None
    if own:
        found = departments.filter(unit_id=report.unit_id)
    else:
        found = departments.filter(
            members__unit_id=report.unit_id,
            members__mode=ConsolidationMember.Mode.OWN_REPORT,
        )
    row = found.values_list("unit__code", "unit__name").first()
    if row is None:
        return None
    code, name = row
    url = url_for("report", year, code, budget=report.is_budget)
    return HoldingDepartment(name, year, url, own)


@dataclass(frozen=True)
class Counterpart:
    """The same unit's, year's and level's report of the other kind: its 预算 for a 决算."""

    label: str  # "2023 年预算" / "2022 年度决算"
    url: str
    execution_url: str  # the 决算's 预算执行情况


def counterpart(report: Report) -> Counterpart | None:
    """The public report of the other kind (决算 ↔ 预算) of the same unit, year and level (one query)."""
    other = (
        Report.objects.published()
        .filter(
            unit_id=report.unit_id,
            fiscal_year_id=report.fiscal_year_id,
            level=report.level,
            unit__is_active=True,
        )
        .exclude(kind=report.kind)
        .select_related("unit", "fiscal_year")
        .first()
    )
    if other is None:
        return None
    final = report if other.is_budget else other
    return Counterpart(
        f"{other.fiscal_year.year} {other.year_word}{other.kind_label}",
        report_url(other),
        report_url(final, "execution"),
    )
