"""预算执行情况: a published report's budget lines beside its final figures.

    /2022/<unit>/execution/        the page (cached like the report page)
    /2022/<unit>/execution.csv     its rows as CSV (UTF-8 with BOM, for Excel)
    /2022/<unit>/execution.json    its rows as JSON (docs/open-data.md)

each also for a given revision (`r<n>/`) and below `/unit/` for the unit's
单位决算 (disclosure/public_urls.py). The figures are the report's own facts,
frozen at publication; disclosure/execution.py computes the rows.
"""

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from disclosure import selectors_levels as levels
from disclosure import selectors_public as public
from disclosure.execution import execution
from disclosure.exports.execution import execution_csv, execution_json_bytes
from disclosure.models import Report
from disclosure.public_cache import cached_page
from disclosure.public_urls import report_paths, report_url
from disclosure.selectors import published_report_or_404, report_revisions
from disclosure.views.downloads import content_disposition, file_names
from disclosure.views.public import (
    REPORT_PAGE_CACHE_SECONDS,
    cached_html,
    explains_not_found,
)

# Bump when the page's markup or the form of its cache entry changes.
EXECUTION_PAGE_VERSION = "2"  # 2: the source of the 年初预算数
FILE_TITLE = "-预算执行情况"


def _report(year: int, unit_code: str, revision: int | None, level: str | None):
    if not public.is_unit_code(unit_code):
        raise Http404("单位编码无效。")
    return published_report_or_404(year, unit_code, revision, level)


def _context(report: Report) -> dict:
    revisions = report_revisions(report)
    current = next((r for r in revisions if r.status == Report.Status.PUBLISHED), None)
    # The current revision links the stable addresses, an older one its own.
    suffix = "" if report == current else "_revision"
    unit = report.unit
    return {
        "report": report,
        "unit": unit,
        "department": public.department_of(unit),
        "year": report.fiscal_year.year,
        "execution": execution(report),
        "kicker": levels.report_kicker(report),
        "report_title": levels.report_title(report),
        "level_word": levels.level_label(report),
        "revisions": revisions,
        "current": current,
        "current_url": report_url(current, "execution") if current else "",
        "report_url": report_url(report, f"report{suffix}"),
        "csv_url": report_url(report, f"execution_csv{suffix}"),
        "json_url": report_url(report, f"execution_json{suffix}"),
    }


@require_safe
@explains_not_found
def execution_page(
    request,
    year: int,
    unit_code: str,
    revision: int | None = None,
    level: str | None = None,
):
    """The 预算执行情况 page, cached under its URL (level included) and the public generation."""
    if not public.is_unit_code(unit_code):
        raise Http404("单位编码无效。")

    def render_page() -> str:
        report = published_report_or_404(year, unit_code, revision, level)
        return render_to_string("disclosure/execution.html", _context(report))

    parts = ("execution", EXECUTION_PAGE_VERSION, year, unit_code, revision or "")
    return cached_html(request, (*parts, level or "any"), render_page)


def _cached_download(parts, render, content_type: str, disposition: str):
    """A download computed once per publication state: cached like the pages.

    `parts` are (extension, year, unit code, revision, level); `render(report)`
    gives the bytes on a miss. Each miss loads the whole report, so without
    the cache a request for a large department would cost a consolidation.
    """
    ext, year, unit_code, revision, level = parts
    key, found = cached_page(
        "execution_file",
        EXECUTION_PAGE_VERSION,
        ext,
        year,
        unit_code,
        revision or "",
        level or "any",
    )
    if found is None:
        report = _report(year, unit_code, revision, level)
        chinese, fallback = file_names(report, FILE_TITLE, "-execution")
        found = (render(report), f"{chinese}.{ext}", f"{fallback}.{ext}")
        cache.set(key, found, REPORT_PAGE_CACHE_SECONDS)
    content, name, ascii_name = found
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(disposition, name, ascii_name)
    return response


@require_safe
@explains_not_found
def execution_csv_view(
    request,
    year: int,
    unit_code: str,
    revision: int | None = None,
    level: str | None = None,
):
    """The rows of the page as CSV (UTF-8 with BOM, for Excel)."""
    return _cached_download(
        ("csv", year, unit_code, revision, level),
        lambda report: execution_csv(execution(report)).encode("utf-8"),
        "text/csv; charset=utf-8",
        "attachment",
    )


@require_safe
@explains_not_found
def execution_json_view(
    request,
    year: int,
    unit_code: str,
    revision: int | None = None,
    level: str | None = None,
):
    """The rows of the page as JSON (docs/open-data.md)."""
    return _cached_download(
        ("json", year, unit_code, revision, level),
        lambda report: execution_json_bytes(execution(report)),
        "application/json; charset=utf-8",
        "inline",
    )


urlpatterns = [
    *report_paths("execution/", execution_page, "execution", budget=False),
    *report_paths("execution.csv", execution_csv_view, "execution_csv", budget=False),
    *report_paths(
        "execution.json", execution_json_view, "execution_json", budget=False
    ),
]
