"""Public pages (no login): home and search, units, reports, comparisons.

Only published reports of active units exist here: anything else is a 404
(`published_report_or_404`). Bad query parameters get a Chinese message with
status 400, never a 500. The report page shows the report body frozen at
publication (disclosure/snapshots.py) and is cached as rendered HTML.
A unit's year has two addresses, `/2022/<unit>/` (its 部门决算 when public,
else its 单位决算) and `/2022/<unit>/unit/` (its 单位决算); links to a report
take the form disclosure/public_urls.py gives it.
"""

import functools
import gzip
from dataclasses import dataclass

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from disclosure import selectors_levels as levels
from disclosure import selectors_public as public
from disclosure import snapshots
from disclosure.charts import trend
from disclosure.comparisons import compare_years, peer_rows, year_totals
from disclosure.models import Report
from disclosure.public_cache import cached_page
from disclosure.public_urls import report_paths, report_url
from disclosure.selectors import (
    ReportNotFound,
    published_report_or_404,
    report_revisions,
)

# Bump when the report page's markup or the form of its cache entry changes
# (3: gzip bytes instead of text; 4: the report's level; 5: the link to its
# 预算执行情况; 6: its kind and the link to the other kind), so that a shared cache (Redis) never serves entries written by
# an older release after a deploy.
REPORT_PAGE_VERSION = "6"
REPORT_PAGE_CACHE_SECONDS = 24 * 60 * 60
PAGE_PARAMETER = "page"


def bad_request(request, message: str, status: int = 400):
    return render(
        request, "disclosure/bad_request.html", {"message": message}, status=status
    )


def explains_not_found(view):
    """A report that is not public: a 404 page that says which, in Chinese."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ReportNotFound as exc:
            return render(request, "404.html", {"message": str(exc)}, status=404)

    return wrapped


def _year_parameter(request, errors: list[str]) -> int | None:
    text = request.GET.get("year", "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        errors.append(f"年度参数“{text[:20]}”无效：年度应为四位数字，例如 2022。")
        return None
    return int(text)


@require_safe
def home(request):
    """Search units by name, browse by department and year, coverage per year."""
    overview = public.site_overview()
    errors: list[str] = []
    query = public.clean_query(request.GET.get("q", ""))
    if len(query) > public.QUERY_MAX_LENGTH:
        errors.append(
            f"搜索词过长：最多 {public.QUERY_MAX_LENGTH} 个字，已截取前 {public.QUERY_MAX_LENGTH} 个字搜索。"
        )
        query = query[: public.QUERY_MAX_LENGTH]
    year = _year_parameter(request, errors)
    department = None
    department_code = request.GET.get("department", "").strip()
    if department_code:
        department = public.department_or_none(department_code)
        if department is None:
            errors.append(
                f"主管部门参数“{department_code}”无效：没有这个编码的主管部门，请从列表中选择。"
            )
    results = coverage = None
    if query or department or year:
        results = public.find_units(
            query, department, year, request.GET.get(PAGE_PARAMETER)
        )
    if department is not None and year is not None:
        coverage = public.department_coverage(department, year)
    context = {
        "overview": overview,
        "query": query,
        "year": year,
        "department": department,
        "results": results,
        "department_coverage": coverage,
        "errors": errors,
    }
    return render(
        request, "disclosure/home.html", context, status=400 if errors else 200
    )


@require_safe
def unit_detail(request, unit_code: str):
    """A unit's published years (both levels for a 主管部门, 决算 and 预算), department, type, own units."""
    unit = public.unit_or_404(unit_code)
    every = public.published_reports(unit, level=None, kind=None)
    reports = [r for r in every if not r.is_budget]
    by_level = {
        level: [r for r in reports if r.level == level] for level in Report.Level
    }
    context = {
        "unit": unit,
        "department": public.department_of(unit),
        "reports": list(reversed(reports)),
        "years": levels.year_entries(every),
        "compare_unit": len(by_level[Report.Level.UNIT]) > 1,
        "compare_department": len(by_level[Report.Level.DEPARTMENT]) > 1,
        "subordinates": public.subordinate_listings(unit),
    }
    return render(request, "disclosure/unit.html", context)


@dataclass(frozen=True)
class Download:
    label: str
    url: str
    size: int
    sha256: str


def _downloads(report, files, current: bool) -> tuple[list, list]:
    """The snapshot's files as links: this revision's, or the current ones' stable URLs."""

    def link(file, url_name, *extra) -> Download:
        name = url_name if current else f"{url_name}_revision"
        url = report_url(report, name, *extra)
        return Download(file.label, url, file.size, file.sha256)

    main = [
        link(files[name], url_name)
        for name, url_name in (
            (snapshots.PDF, "report_pdf"),
            (snapshots.XLSX, "report_xlsx"),
            (snapshots.JSON, "report_json"),
        )
        if name in files
    ]
    tables = [
        link(file, "table_csv", snapshots.table_key(name))
        for name, file in files.items()
        if snapshots.table_key(name)
    ]
    return main, tables


def _report_context(report) -> dict:
    """The page around the frozen report body: revisions, downloads, years, trend.

    A 部门决算 lists its composition; a 单位决算 links the 部门决算 that holds it.
    """
    unit = report.unit
    year = report.fiscal_year.year
    reports = public.published_reports(unit, report.level, report.kind)
    revisions = report_revisions(report)
    current = next((r for r in revisions if r.status == Report.Status.PUBLISHED), None)
    files = snapshots.snapshot_files(report)
    body, unavailable = _body(files), []
    if body is None:
        unavailable.append("网页正文")
    # Reading the body told whether it is there; the downloads are listed
    # only if the storage still has them (one listing, not one check each).
    downloadable = {name: f for name, f in files.items() if name != snapshots.PAGE}
    available = snapshots.available(downloadable)
    unavailable += [
        f.label for name, f in downloadable.items() if name not in available
    ]
    downloads, table_downloads = _downloads(report, available, report == current)
    compare_url = reverse("disclosure:unit_compare", args=[unit.code])
    if report.is_department:
        compare_url += f"?level={Report.Level.DEPARTMENT}"
    return {
        "report": report,
        "unit": unit,
        "department": public.department_of(unit),
        "year": year,
        "title": levels.report_title(report),
        "kicker": levels.report_kicker(report),
        "level_word": levels.level_label(report),
        "members": levels.composition(report) if report.is_department else None,
        "holder": None if report.is_department else levels.holding_department(report),
        "body": body,
        "unavailable": unavailable if files else ["全部公开文件"],
        "revisions": revisions,
        "current": current,
        "downloads": downloads,
        "table_downloads": table_downloads,
        "current_url": report_url(current) if current else "",
        # A 预算 has no 执行情况 of its own: its 决算's, when public, is linked
        # with it (`counterpart`).
        "execution_url": ""
        if report.is_budget
        else report_url(
            report, "execution" if report == current else "execution_revision"
        ),
        "counterpart": levels.counterpart(report),
        "trend": trend(year_totals(reports)),
        "other_years": [(r.fiscal_year.year, report_url(r)) for r in reversed(reports)],
        "has_several_years": len(reports) > 1,
        "compare_url": compare_url,
    }


def _body(files) -> str | None:
    """The frozen report body, or None when it was not stored or cannot be read."""
    page = files.get(snapshots.PAGE)
    if page is None:
        return None
    try:
        # Rendered by our own template (autoescaped) at publication.
        return mark_safe(snapshots.read(page).decode("utf-8"))
    except snapshots.SnapshotUnavailable:
        return None


@require_safe
@explains_not_found
def report_page(
    request,
    year: int,
    unit_code: str,
    revision: int | None = None,
    level: str | None = None,
    kind: str = Report.Kind.FINAL,
):
    """A published report as a web page: its frozen snapshot inside the live links.

    `level` is set by the /unit/ addresses, `kind` by the /budget/ ones; without `level` the address shows the
    unit's 部门决算 when it has a public one. The whole page is cached,
    gzip-compressed, under its URL (level included) and the public generation
    (disclosure/public_cache.py; `cached_html`).
    """
    if not public.is_unit_code(unit_code):
        raise Http404("单位编码无效。")

    def render_page() -> str:
        report = published_report_or_404(year, unit_code, revision, level, kind)
        return render_to_string("disclosure/report.html", _report_context(report))

    parts = ("report", REPORT_PAGE_VERSION, year, unit_code, revision or "", kind)
    return cached_html(request, (*parts, level or "any"), render_page)


def cached_html(request, parts, render_page) -> HttpResponse:
    """A public page cached as gzip bytes under `parts` and the public generation.

    `render_page()` gives the page's HTML on a miss. A hit runs no query and no
    compression: the stored bytes go out as they are (GZipMiddleware leaves a
    response with a Content-Encoding alone). A client without gzip gets them
    decompressed.
    """
    key, compressed = cached_page(*parts)
    body = None
    if compressed is None:
        # Rendered without the request: the page has nothing per visitor
        # (no user, no CSRF token), which is what makes it safe to share, and
        # to compress once without the BREACH padding GZipMiddleware adds: it
        # holds no secret whose length could leak.
        body = render_page().encode()
        # Level 6, as GZipMiddleware: level 9 took twice the CPU (2.6 against
        # 1.2 ms for a 100 KB body) for 4 % fewer bytes, on every page after a
        # bump.
        compressed = gzip.compress(body, compresslevel=6, mtime=0)
        cache.set(key, compressed, REPORT_PAGE_CACHE_SECONDS)
    if accepts_gzip(request):
        response = HttpResponse(compressed)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(body or gzip.decompress(compressed))
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def accepts_gzip(request) -> bool:
    """The test GZipMiddleware applies to the Accept-Encoding header."""
    # META rather than request.headers, which copies every header first.
    return bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


@require_safe
def unit_compare(request, unit_code: str):
    """One unit across its published years, side by side with Δ and %.

    `?level=department` compares a 主管部门's 部门决算 instead of its 单位决算.
    """
    level = request.GET.get("level", Report.Level.UNIT).strip()
    if level not in Report.Level.values:
        choices = "、".join(
            f"{value}（{label}）" for value, label in Report.Level.choices
        )
        return bad_request(
            request, f"层级参数 level 的值“{level[:20]}”无效：只能是 {choices}。"
        )
    unit = public.unit_or_404(unit_code)
    reports = public.published_reports(unit, level)
    context = {
        "unit": unit,
        "department": public.department_of(unit),
        "level": level,
        "level_label": Report.Level(level).label,
        # A 主管部门 has both comparisons, each linking the other.
        "other_level": None
        if unit.parent_id
        else next(v for v in Report.Level if v != level),
        "comparison": compare_years(reports) if reports else None,
    }
    return render(request, "disclosure/compare_years.html", context)


@require_safe
def peer_compare(request, year: int):
    """Units of the same department tree or unit type, for one year."""
    by = request.GET.get("by", "department").strip()
    if by not in public.PEER_GROUPS:
        choices = "、".join(f"{k}（{v}）" for k, v in public.PEER_GROUPS.items())
        return bad_request(
            request, f"比较方式参数 by 的值“{by}”无效：只能是 {choices}。"
        )
    code = request.GET.get("unit", "").strip()
    if not code:
        return bad_request(
            request, "缺少参数 unit：请指定要比较的单位编码，例如 unit=360200105。"
        )
    unit = public.unit_or_404(code)
    public.fiscal_year_or_404(year)
    peers = public.find_peers(unit, year, by, request.GET.get(PAGE_PARAMETER))
    reports = list(peers.page.object_list)
    if peers.subject is not None and peers.subject not in reports:
        reports.append(peers.subject)
    rows = peer_rows(reports, peers.subject.pk if peers.subject else None)
    subject_row = next((row for row in rows if row.is_subject), None)
    context = {
        "unit": unit,
        "peers": peers,
        "year": year,
        # The unit itself is pinned above the others, on every page.
        "rows": [
            row
            for row in rows
            if not row.is_subject and row.report in peers.page.object_list
        ],
        "subject_row": subject_row,
        "groups": public.PEER_GROUPS,
        "measure": rows[0].figures.measure if rows else "",
    }
    return render(request, "disclosure/compare_peers.html", context)


urlpatterns = [
    path("", home, name="home"),
    path("units/<str:unit_code>/", unit_detail, name="unit"),
    path("units/<str:unit_code>/compare/", unit_compare, name="unit_compare"),
    # Before the report page, which would otherwise take "compare" for a unit code.
    path("<int:year>/compare/", peer_compare, name="peer_compare"),
    *report_paths("", report_page, "report"),
]
