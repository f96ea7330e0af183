"""Reads for the public site: search and browse units, publication coverage, peers.

Every function costs a fixed number of queries whatever the number of units,
reports or lines, so each public page keeps a fixed query budget. Only active
units and published reports are ever shown; a report in any other status does
not exist for the public.

Search compares the text with every unit name. On PostgreSQL a trigram index
(units migration 0005) serves words of three characters or more; a word of one
or two characters has no trigram and is a scan of all names, a few
milliseconds for 10,000 because Chinese text is compared without `UPPER()`
(see `name_filter`).
"""

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from disclosure.models import FiscalYear, Report
from disclosure.public_urls import unit_form, url_for
from disclosure.report_templates import TEMPLATES
from reporting.money import percentage
from units.models import UNIT_CODE_PATTERN, Unit

SEARCH_PAGE_SIZE = 20
PEER_PAGE_SIZE = 50
QUERY_MAX_LENGTH = 50
CODE_PREFIX = re.compile(r"[0-9A-Za-z]+")
# Coverage and the department list change only when something is published;
# a minute's staleness on the home page is harmless and spares three queries.
# (v3: layouts carry their report's URL.)
OVERVIEW_CACHE_KEY = "public:overview:v3"
OVERVIEW_CACHE_SECONDS = 60


def is_unit_code(text: str) -> bool:
    """Whether `text` can be a unit code; anything else is never looked up.

    Besides sparing a query, this keeps input such as a NUL character (which
    PostgreSQL refuses outright) away from the database.
    """
    return re.fullmatch(UNIT_CODE_PATTERN, text) is not None


def clean_query(text: str) -> str:
    """A search text without control characters, trimmed."""
    return "".join(ch for ch in text if ch.isprintable()).strip()


def root_code(unit: Unit) -> str:
    """The 主管部门's code: the first segment of the materialised path."""
    return unit.path.strip("/").split("/")[0]


def department_of(unit: Unit) -> Unit | None:
    """The unit's 主管部门, or None when the unit is one; at most one query."""
    if unit.parent_id is None:
        return None
    parent = unit.parent  # loaded by the callers' select_related("parent")
    if parent.parent_id is None:
        return parent
    return Unit.objects.filter(code=root_code(unit)).first()


def unit_or_404(code: str) -> Unit:
    if not is_unit_code(code):
        raise Http404("单位编码无效。")
    return get_object_or_404(Unit.objects.active().select_related("parent"), code=code)


def fiscal_year_or_404(year: int) -> FiscalYear:
    return get_object_or_404(FiscalYear, year=year)


def published_reports(
    unit: Unit,
    level: str | None = Report.Level.UNIT,
    kind: str | None = Report.Kind.FINAL,
) -> list[Report]:
    """The unit's published reports of `level` and `kind` (None: any), oldest year first (one query)."""
    reports = Report.objects.published().filter(unit=unit)
    if level is not None:
        reports = reports.filter(level=level)
    if kind is not None:
        reports = reports.filter(kind=kind)
    return list(
        reports.select_related("unit", "fiscal_year").order_by(
            "fiscal_year__year", "kind", "level"
        )
    )


# -- listings ----------------------------------------------------------------


@dataclass(frozen=True)
class UnitListing:
    unit: Unit
    department: Unit | None  # None for a 主管部门 itself
    years: tuple[int, ...]  # published years, newest first
    # (year, URL) per published year: its 部门决算 when public, else its 单位决算.
    year_links: tuple[tuple[int, str], ...] = ()

    @property
    def unit_type_label(self) -> str:
        """The unit type's name, as `get_unit_type_display()` gives it.

        That method translates every choice on every call to find one; a
        search page shows twenty units, so the one label is looked up directly.
        """
        try:
            return Unit.UnitType(self.unit.unit_type).label
        except ValueError:
            return self.unit.unit_type


def listings(units: list[Unit]) -> list[UnitListing]:
    """Units with their department and published years, in two queries."""
    if not units:
        return []
    # unit id → year → the level its year link shows (部门决算 over 单位决算).
    years: dict[int, dict[int, str]] = defaultdict(dict)
    for unit_id, year, level in (
        Report.objects.published()
        .filter(unit_id__in=[u.pk for u in units], kind=Report.Kind.FINAL)
        .order_by("-fiscal_year__year")
        .values_list("unit_id", "fiscal_year__year", "level")
    ):
        if years[unit_id].get(year) != Report.Level.DEPARTMENT:
            years[unit_id][year] = level
    codes = {root_code(u) for u in units if u.parent_id is not None}
    departments = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    return [
        UnitListing(
            unit=u,
            department=None if u.parent_id is None else departments.get(root_code(u)),
            years=tuple(years[u.pk]),
            year_links=tuple(
                (
                    year,
                    url_for(
                        "report", year, u.code, unit_form=unit_form(level, u.parent_id)
                    ),
                )
                for year, level in years[u.pk].items()
            ),
        )
        for u in units
    ]


def name_filter(text: str) -> Q:
    """Name or short name contains `text`, ignoring case; or the code starts with it.

    Only letters have case: for text without any (Chinese, digits) a plain
    `LIKE` finds the same units as `icontains`, whose `UPPER()` on every name
    costs several times the comparison itself and defeats the trigram index.
    A code is ASCII letters and digits, so other text is never compared with
    codes; leaving that branch out also lets the index serve the whole filter.
    """
    lookup = "icontains" if text.upper() != text.lower() else "contains"
    condition = Q(**{f"name__{lookup}": text}) | Q(**{f"short_name__{lookup}": text})
    if CODE_PREFIX.fullmatch(text):
        condition |= Q(code__startswith=text)
    return condition


def find_units(
    text: str = "",
    department: Unit | None = None,
    year: int | None = None,
    page_number=None,
) -> Page:
    """Active units whose name contains `text` (or whose code starts with it),
    within `department`'s tree, having published `year`'s report; a page of
    UnitListing in four queries (count, page, years, departments), one when
    nothing matches.
    """
    units = Unit.objects.active()
    if text:
        units = units.filter(name_filter(text))
    if department is not None:
        units = units.filter(path__startswith=department.path)
    if year is not None:
        # Exists, not a join: a 主管部门 may have published two reports that year.
        units = units.filter(
            Exists(
                Report.objects.published().filter(
                    unit=OuterRef("pk"), fiscal_year__year=year
                )
            )
        )
    page = Paginator(units.order_by("path"), SEARCH_PAGE_SIZE).get_page(page_number)
    page.object_list = listings(list(page.object_list))
    return page


def subordinate_listings(unit: Unit) -> list[UnitListing]:
    children = list(Unit.objects.active().filter(parent=unit).order_by("path"))
    return listings(children)


def department_or_none(code: str) -> Unit | None:
    """The active 主管部门 with this code, or None."""
    if not is_unit_code(code):
        return None
    return Unit.objects.active().departments().filter(code=code).first()


# -- coverage ----------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    year: int
    published: int
    units: int

    @property
    def rate(self) -> Decimal | None:
        return percentage(Decimal(self.published), Decimal(self.units), 1)


@dataclass(frozen=True)
class DepartmentLink:
    code: str
    name: str


@dataclass(frozen=True)
class LayoutExample:
    """A layout (template) the installation supports, and one report published in it."""

    name: str
    region: str
    level: str
    tables: int
    year: int
    unit_code: str
    unit_name: str
    url: str


@dataclass(frozen=True)
class Overview:
    coverage: tuple[Coverage, ...]  # newest year first
    departments: tuple[DepartmentLink, ...]
    layouts: tuple[LayoutExample, ...]  # every template with a published report
    # Names the department list's content: the home page caches its markup
    # under this key, so a changed list is never served from an older copy.
    departments_digest: str

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(c.year for c in self.coverage)


def _overview() -> Overview:
    units = Unit.objects.active().count()
    # Coverage is of 单位决算: each unit's own report, over the units.
    published = (
        Report.objects.published()
        .filter(unit__is_active=True, level=Report.Level.UNIT, kind=Report.Kind.FINAL)
        .order_by()
        .values("fiscal_year__year")
        .annotate(n=Count("id"))
    )
    coverage = sorted(
        (Coverage(row["fiscal_year__year"], row["n"], units) for row in published),
        key=lambda c: -c.year,
    )
    departments = tuple(
        DepartmentLink(code, name)
        for code, name in Unit.objects.active()
        .departments()
        .order_by("path")
        .values_list("code", "name")
    )
    digest = hashlib.sha256(
        "\n".join(f"{d.code}\t{d.name}" for d in departments).encode()
    ).hexdigest()[:20]
    return Overview(tuple(coverage), departments, _layout_examples(), digest)


def _layout_examples() -> tuple[LayoutExample, ...]:
    """Per template, a published report of its first unit (by path), newest year."""
    published = Report.objects.published().filter(unit__is_active=True)
    first_paths = dict(
        published.order_by()
        .values("template_variant")
        .annotate(path=Min("unit__path"))
        .values_list("template_variant", "path")
    )
    reports = (
        published.filter(unit__path__in=first_paths.values())
        .order_by("unit__path", "-fiscal_year__year")
        .values(
            "template_variant",
            "fiscal_year__year",
            "level",
            "kind",
            "unit__code",
            "unit__name",
            "unit__parent_id",
        )
    )
    shown = {}
    for report in reports:
        code = report["template_variant"]
        if code in first_paths and code not in shown:
            shown[code] = report
    return tuple(
        LayoutExample(
            template.name,
            template.region,
            template.level.label,
            len(template.tables),
            shown[code]["fiscal_year__year"],
            shown[code]["unit__code"],
            shown[code]["unit__name"],
            url_for(
                "report",
                shown[code]["fiscal_year__year"],
                shown[code]["unit__code"],
                unit_form=unit_form(
                    shown[code]["level"], shown[code]["unit__parent_id"]
                ),
                budget=shown[code]["kind"] == Report.Kind.BUDGET,
            ),
        )
        for code, template in TEMPLATES.items()
        if code in shown
    )


def site_overview() -> Overview:
    """Publication coverage per year (published / active units) and the departments."""
    return cache.get_or_set(OVERVIEW_CACHE_KEY, _overview, OVERVIEW_CACHE_SECONDS)


def department_coverage(department: Unit, year: int) -> Coverage:
    """How many units of the department's tree published `year`'s 单位决算 (one query)."""
    counts = (
        Unit.objects.active()
        .filter(path__startswith=department.path)
        .aggregate(
            units=Count("id", distinct=True),
            published=Count(
                "reports",
                filter=Q(
                    reports__status=Report.Status.PUBLISHED,
                    reports__fiscal_year__year=year,
                    reports__level=Report.Level.UNIT,
                    reports__kind=Report.Kind.FINAL,
                ),
            ),
        )
    )
    return Coverage(year, counts["published"], counts["units"])


# -- peers -------------------------------------------------------------------

PEER_GROUPS = {
    "department": "同一主管部门",
    "unit_type": "同一单位性质",
}


@dataclass(frozen=True)
class Peers:
    by: str
    year: int
    unit: Unit
    department: Unit | None
    page: Page  # of Report, ordered by unit path
    subject: Report | None  # the unit's own report of the year, if published

    @property
    def label(self) -> str:
        return PEER_GROUPS[self.by]


def find_peers(unit: Unit, year: int, by: str, page_number=None) -> Peers:
    """Published 单位决算 of `year` by units of the same department tree or unit type.

    A 部门决算 sums its units: it is no peer of theirs, and is left out.
    """
    if by not in PEER_GROUPS:
        raise ValueError(by)
    reports = (
        Report.objects.published()
        .filter(
            fiscal_year__year=year,
            unit__is_active=True,
            level=Report.Level.UNIT,
            kind=Report.Kind.FINAL,
        )
        .select_related("unit", "fiscal_year")
        .order_by("unit__path")
    )
    department = department_of(unit)
    if by == "department":
        reports = reports.filter(unit__path__startswith=f"/{root_code(unit)}/")
    else:
        reports = reports.filter(unit__unit_type=unit.unit_type)
    page = Paginator(reports, PEER_PAGE_SIZE).get_page(page_number)
    page.object_list = list(page.object_list)
    subject = next((r for r in page.object_list if r.unit_id == unit.pk), None)
    if subject is None:
        subject = reports.filter(unit=unit).first()
    return Peers(by, year, unit, department, page, subject)
