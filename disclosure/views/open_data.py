"""Open data: JSON per report, CSV per table, a zip per fiscal year (docs/open-data.md)."""

import hashlib
import io
import json
import re
import zipfile
from urllib.parse import quote

from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_safe

from disclosure.document import build_document
from disclosure.exports import open_data
from disclosure.models import Report
from disclosure.selectors import published_report_or_404
from disclosure.tables.registry import VARIANTS

JSON_CONTENT_TYPE = "application/json; charset=utf-8"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
# Compact: with `indent` the json module falls back to its pure-Python encoder,
# several times slower on a large report; browsers pretty-print JSON anyway.
JSON_DUMPS = {"ensure_ascii": False, "separators": (",", ":")}

# A published report is immutable, but a unit rename or a code-list fix does
# not touch Report.updated_at: the timeout bounds how long such a change can
# stay out of the zip.
BULK_CACHE_TIMEOUT = 24 * 60 * 60


def content_disposition(disposition: str, filename: str, fallback: str) -> str:
    """RFC 6266: an ASCII `filename` for old clients and the real name in `filename*`."""
    return (
        f'{disposition}; filename="{fallback}"; '
        f"filename*=UTF-8''{quote(filename, safe='')}"
    )


@require_safe
def report_json(request, year: int, unit_code: str):
    report = published_report_or_404(year, unit_code)
    doc = build_document(report)
    response = JsonResponse(
        open_data.report_json(doc),
        content_type=JSON_CONTENT_TYPE,
        json_dumps_params=JSON_DUMPS,
    )
    response["Content-Disposition"] = content_disposition(
        "inline", f"{doc.title}.json", f"{unit_code}-{year}.json"
    )
    return response


# A project's 项目支出绩效自评表: "p1-funds", "p2-indicators" …
PERFORMANCE_TABLE = re.compile(r"^p[0-9]+-[a-z]+$")


def _no_such_table(report, table: str, keys) -> Http404:
    return Http404(
        f"{report.unit.code} 的 {report.fiscal_year.year} 年度决算没有表格“{table}”；"
        f"公开表为 {'、'.join(sorted(keys))}，绩效自评表形如 p1-funds。"
    )


@require_safe
def table_csv(request, year: int, unit_code: str, table: str):
    report = published_report_or_404(year, unit_code)
    # Refuse a slug that can name no table before building anything.
    keys = {d.key for d, _ in VARIANTS.get(report.template_variant, ())}
    if table not in keys and not PERFORMANCE_TABLE.match(table):
        raise _no_such_table(report, table, keys)
    doc = build_document(report)
    found = next((t for t in open_data.document_tables(doc) if t.key == table), None)
    if found is None:
        raise _no_such_table(report, table, keys)
    response = HttpResponse(
        open_data.table_csv(found).encode("utf-8"), content_type=CSV_CONTENT_TYPE
    )
    response["Content-Disposition"] = content_disposition(
        "attachment",
        f"{doc.title}-{found.code}{found.title}.csv",
        f"{unit_code}-{year}-{found.key}.csv",
    )
    return response


# -- the zip per year --------------------------------------------------------------


def published_reports(year: int) -> list[Report]:
    return list(
        Report.objects.published()
        .filter(fiscal_year__year=year, unit__is_active=True)
        .select_related("unit", "unit__parent", "fiscal_year")
        .order_by("unit__code")
    )


def bulk_cache_key(year: int, reports: list[Report]) -> str:
    """The year, the latest change, and which reports are in it.

    The latest `updated_at` alone would miss a report published or withdrawn
    without a later timestamp than the others (a status change saved with
    `update_fields` does not touch `updated_at`), so each report's id,
    `updated_at` and `published_at` are hashed into the key as well.
    """
    latest = max(r.updated_at for r in reports)
    listing = ";".join(
        f"{r.pk}@{r.updated_at.isoformat()}@{r.published_at}" for r in reports
    )
    digest = hashlib.sha256(listing.encode()).hexdigest()[:16]
    stamp = latest.strftime("%Y%m%dT%H%M%S%f")
    return f"open-data:bulk:{open_data.SCHEMA_VERSION}:{year}:{stamp}:{digest}"


def _zip_entry(name: str, when) -> zipfile.ZipInfo:
    # Fixed timestamps: the same reports always give the same zip bytes.
    info = zipfile.ZipInfo(name, timezone.localtime(when).timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def build_year_zip(year: int, reports: list[Report]) -> bytes:
    """Every published report of `year` as JSON and CSVs, folder per unit code.

    Paths mirror the URLs: `2022/<unit>/report.json`, `2022/<unit>/tables/t05.csv`,
    with `2022/index.json` listing the reports.
    """
    root = str(year)
    buffer = io.BytesIO()
    index = []
    with zipfile.ZipFile(buffer, "w") as archive:
        for report in reports:
            doc = build_document(report)
            code = report.unit.code
            data = open_data.report_json(doc)
            files = {"json": f"{code}/report.json", "tables": {}}
            archive.writestr(
                _zip_entry(f"{root}/{files['json']}", report.updated_at),
                json.dumps(data, **JSON_DUMPS),
            )
            for table in open_data.document_tables(doc):
                name = f"{code}/tables/{table.key}.csv"
                files["tables"][table.key] = name
                archive.writestr(
                    _zip_entry(f"{root}/{name}", report.updated_at),
                    open_data.table_csv(table).encode("utf-8"),
                )
            meta = data["report"]
            index.append(
                {
                    "unit_code": code,
                    "unit_name": meta["unit"]["name"],
                    "department": meta["department"],
                    "updated_at": meta["updated_at"],
                    "published_at": meta["published_at"],
                    "files": files,
                }
            )
        archive.writestr(
            _zip_entry(f"{root}/index.json", max(r.updated_at for r in reports)),
            json.dumps(
                {
                    "schema_version": open_data.SCHEMA_VERSION,
                    "year": year,
                    "reports": index,
                },
                **JSON_DUMPS,
            ),
        )
    return buffer.getvalue()


@require_safe
def year_bulk(request, year: int):
    reports = published_reports(year)
    if not reports:
        raise Http404(f"{year} 年度没有已公开的决算。")
    key = bulk_cache_key(year, reports)
    content = cache.get(key)
    if content is None:
        content = build_year_zip(year, reports)
        cache.set(key, content, BULK_CACHE_TIMEOUT)
    response = FileResponse(io.BytesIO(content), content_type="application/zip")
    response["Content-Disposition"] = content_disposition(
        "attachment", f"{year}年度决算公开数据.zip", f"{year}-open-data.zip"
    )
    return response


urlpatterns = [
    path("<int:year>/<str:unit_code>/report.json", report_json, name="report_json"),
    path(
        "<int:year>/<str:unit_code>/tables/<slug:table>.csv",
        table_csv,
        name="table_csv",
    ),
    path("<int:year>/bulk.zip", year_bulk, name="year_bulk"),
]
