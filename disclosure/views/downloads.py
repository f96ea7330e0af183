"""Report downloads: the PDF, the workbook, the JSON and each table's CSV.

Every download is a file of the report's publication snapshot
(disclosure/snapshots.py), served as stored: its ETag and `Repr-Digest` carry
the SHA-256 recorded at publication, which the report page lists too.
Each URL has a form for the current revision (`/2022/<unit>/report.pdf`) and
one for a given revision (`/2022/<unit>/r1/report.pdf`), and both again
below `/unit/` for the unit's 单位决算 whatever else it publishes
(`/2022/<unit>/unit/report.pdf`; disclosure/public_urls.py).
"""

import base64
import re
from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from disclosure import public_urls, snapshots
from disclosure.models import Report
from disclosure.selectors import published_report_or_404
from disclosure.selectors_public import is_unit_code
from disclosure.views.public import explains_not_found

# A 公开表 ("t01") or a self-evaluated project's table ("p1-funds").
TABLE_KEY = re.compile(r"^(t[0-9]{2}|p[0-9]+-[a-z]+)$")


def content_disposition(disposition: str, filename: str, fallback: str) -> str:
    """RFC 6266: an ASCII `filename` for old clients and the real name in `filename*`."""
    return (
        f'{disposition}; filename="{fallback}"; '
        f"filename*=UTF-8''{quote(filename, safe='')}"
    )


def _report(
    year: int, unit_code: str, revision: int | None, level: str | None, kind: str
):
    if not is_unit_code(unit_code):
        raise Http404("单位编码无效。")
    return published_report_or_404(year, unit_code, revision, level, kind)


def file_names(report, title: str = "", stem: str = "") -> tuple[str, str]:
    """The download's Chinese name and its ASCII fallback, by report, level and revision.

    A 部门决算 and the 单位决算 of the same unit never share a name.
    """
    year, code = report.fiscal_year.year, report.unit.code
    word = report.kind_label
    ascii_level = ("-budget" if report.is_budget else "") + (
        "-department" if report.is_department else ""
    )
    edition, suffix = "", ""
    if report.revision > 1:
        edition, suffix = f"（第{report.revision}版）", f"-r{report.revision}"
    return (
        f"{report.unit.name}{year}{report.year_word}{word}{edition}{title}",
        f"{code}-{year}{ascii_level}{suffix}{stem}",
    )


def _serve(
    request, report, name: str, disposition: str, title: str = "", stem: str = ""
):
    """A snapshot file as a download named "<单位>2022年度决算<title>.<ext>"."""
    snapshot = snapshots.snapshot_file(report, name)
    if snapshot is None:
        raise Http404(f"“{report}”没有文件 {name}。")
    extension = name.rsplit(".", 1)[1]
    chinese, fallback = file_names(report, title, stem)
    try:
        content = snapshots.read(snapshot)
    except snapshots.SnapshotUnavailable:
        return render(
            request,
            "disclosure/bad_request.html",
            {
                "message": f"“{report}”的文件“{snapshot.label}”暂时无法提供，"
                "系统管理员已收到记录；报告网页和其他文件照常提供。"
            },
            status=503,
        )
    response = HttpResponse(content, content_type=snapshots.content_type(name))
    response["Content-Disposition"] = content_disposition(
        disposition,
        f"{chinese}.{extension}",
        f"{fallback}.{extension}",
    )
    response["ETag"] = f'"{snapshot.sha256}"'
    digest = base64.b64encode(bytes.fromhex(snapshot.sha256)).decode()
    response["Repr-Digest"] = f"sha-256=:{digest}:"
    return response


@require_safe
@explains_not_found
def report_pdf(
    request,
    year: int,
    unit_code: str,
    revision: int | None = None,
    level: str | None = None,
    kind: str = Report.Kind.FINAL,
):
    """The published report as one PDF, in the order of the printed report."""
    report = _report(year, unit_code, revision, level, kind)
    return _serve(request, report, snapshots.PDF, "attachment")


@require_safe
@explains_not_found
def report_xlsx(
    request,
    year: int,
    unit_code: str,
    revision: int | None = None,
    level: str | None = None,
    kind: str = Report.Kind.FINAL,
):
    """The published report as an Excel workbook, one sheet per 公开表."""
    report = _report(year, unit_code, revision, level, kind)
    return _serve(request, report, snapshots.XLSX, "attachment")


@require_safe
@explains_not_found
def report_json(
    request,
    year: int,
    unit_code: str,
    revision: int | None = None,
    level: str | None = None,
    kind: str = Report.Kind.FINAL,
):
    """Every fact and every table of the report as JSON (docs/open-data.md)."""
    report = _report(year, unit_code, revision, level, kind)
    return _serve(request, report, snapshots.JSON, "inline")


@require_safe
@explains_not_found
def table_csv(
    request,
    year: int,
    unit_code: str,
    table: str,
    revision: int | None = None,
    level: str | None = None,
    kind: str = Report.Kind.FINAL,
):
    """One table of the report as CSV (UTF-8 with BOM, for Excel)."""
    report = _report(year, unit_code, revision, level, kind)
    name = snapshots.table_file(table)
    snapshot = snapshots.snapshot_file(report, name) if TABLE_KEY.match(table) else None
    if snapshot is None:
        keys = sorted(
            filter(None, map(snapshots.table_key, snapshots.snapshot_files(report)))
        )
        raise Http404(
            f"“{report}”没有表格“{table[:40]}”；可下载的表格为 {'、'.join(keys)}。"
        )
    title = "-" + snapshot.label.replace(" ", "")
    return _serve(request, report, name, "attachment", title, f"-{table}")


urlpatterns = [
    *public_urls.report_paths("report.pdf", report_pdf, "report_pdf"),
    *public_urls.report_paths("report.xlsx", report_xlsx, "report_xlsx"),
    *public_urls.report_paths("report.json", report_json, "report_json"),
    *public_urls.report_paths("tables/<slug:table>.csv", table_csv, "table_csv"),
]
