"""Open data in bulk: every published report of a fiscal year in one zip (docs/open-data.md).

The JSON and CSV files of each report come from its publication snapshot
(disclosure/snapshots.py), byte for byte what the single downloads serve.
"""

import io
import json
import zipfile

from django.core.cache import cache
from django.http import FileResponse, Http404
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_safe

from disclosure import snapshots
from disclosure.exports import open_data
from disclosure.models import Report
from disclosure.public_cache import cached_page
from disclosure.selectors_public import department_of
from disclosure.views.downloads import content_disposition

JSON_DUMPS = snapshots.JSON_DUMPS
BULK_CACHE_TIMEOUT = 24 * 60 * 60


def published_reports(year: int) -> list[Report]:
    return list(
        Report.objects.published()
        .filter(fiscal_year__year=year, unit__is_active=True)
        .select_related("unit", "unit__parent", "fiscal_year")
        .order_by("unit__code")
    )


def _published(report: Report):
    # Reports loaded in bulk as published may have no publication time.
    return report.published_at or report.updated_at


def _zip_entry(name: str, when) -> zipfile.ZipInfo:
    # Fixed timestamps: the same reports always give the same zip bytes.
    info = zipfile.ZipInfo(name, timezone.localtime(when).timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def build_year_zip(year: int, reports: list[Report]) -> bytes:
    """Every published report of `year` as JSON and CSVs, folder per unit code.

    Paths mirror the URLs: `2022/<unit>/report.json`, `2022/<unit>/tables/t05.csv`,
    with `2022/index.json` listing the reports, their revision and each file's SHA-256.
    """
    root = str(year)
    buffer = io.BytesIO()
    index = []
    unavailable: list[str] = []
    with zipfile.ZipFile(buffer, "w") as archive:
        for report in reports:
            code = report.unit.code
            files = {"json": None, "tables": {}}
            checksums = {}
            for name, snapshot in snapshots.snapshot_files(report).items():
                key = snapshots.table_key(name)
                if name != snapshots.JSON and key is None:
                    continue
                path_in_zip = f"{code}/{name}"
                try:
                    content = snapshots.read(snapshot)
                except snapshots.SnapshotUnavailable:
                    unavailable.append(path_in_zip)
                    continue
                archive.writestr(
                    _zip_entry(f"{root}/{path_in_zip}", _published(report)), content
                )
                checksums[path_in_zip] = snapshot.sha256
                if name == snapshots.JSON:
                    files["json"] = path_in_zip
                else:
                    files["tables"][key] = path_in_zip
            department = department_of(report.unit) or report.unit
            index.append(
                {
                    "unit_code": code,
                    "unit_name": report.unit.name,
                    "department": {"code": department.code, "name": department.name},
                    "revision": report.revision,
                    "updated_at": timezone.localtime(report.updated_at).isoformat(),
                    "published_at": timezone.localtime(_published(report)).isoformat(),
                    "files": files,
                    "sha256": checksums,
                }
            )
        archive.writestr(
            _zip_entry(f"{root}/index.json", max(map(_published, reports))),
            json.dumps(
                {
                    "schema_version": open_data.SCHEMA_VERSION,
                    "year": year,
                    "reports": index,
                    # Files of the snapshots that storage could not give back.
                    "unavailable": unavailable,
                },
                **JSON_DUMPS,
            ),
        )
    return buffer.getvalue()


@require_safe
def year_bulk(request, year: int):
    key, content = cached_page("bulk", open_data.SCHEMA_VERSION, year)
    if content is None:
        reports = published_reports(year)
        if not reports:
            raise Http404(f"{year} 年度没有已公开的决算。")
        content = build_year_zip(year, reports)
        cache.set(key, content, BULK_CACHE_TIMEOUT)
    response = FileResponse(io.BytesIO(content), content_type="application/zip")
    response["Content-Disposition"] = content_disposition(
        "attachment", f"{year}年度决算公开数据.zip", f"{year}-open-data.zip"
    )
    return response


urlpatterns = [
    path("<int:year>/bulk.zip", year_bulk, name="year_bulk"),
]
