"""The publication snapshot: what a published report looked like, frozen with SHA-256s.

    freeze(report)                 # at publication: every file, from one document
    snapshot_file(report, "report.pdf")   # what the public downloads
    snapshot_text(report, PAGE)    # the report body of the web page

A snapshot holds the web page's report body (`page.html`), the JSON of all
facts (`report.json`), the PDF, the workbook, and one CSV per table
(`tables/t01.csv` …), each stored in Django's default storage with its SHA-256
(`SnapshotFile`). All are rendered from one `ReportDocument`, so no two can
disagree, and none changes afterwards whatever happens to code lists, unit
names or the renderers.

`report_publish` freezes inside its transaction. A published report without a
snapshot — published before snapshots existed, or loaded in bulk — is frozen
on its first public request (or by `manage.py freeze_snapshots`), from its
facts, which are immutable since publication.
"""

import hashlib
import json

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string

from disclosure.models import Report, SnapshotFile

PAGE = "page.html"
JSON = "report.json"
PDF = "report.pdf"
XLSX = "report.xlsx"
TABLES = "tables/"

CONTENT_TYPES = {
    PAGE: "text/html; charset=utf-8",
    JSON: "application/json; charset=utf-8",
    PDF: "application/pdf",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv; charset=utf-8",
}

# Compact: with `indent` the json module falls back to its pure-Python encoder,
# several times slower on a large report; browsers pretty-print JSON anyway.
JSON_DUMPS = {"ensure_ascii": False, "separators": (",", ":")}


def table_file(key: str) -> str:
    return f"{TABLES}{key}.csv"


def table_key(name: str) -> str | None:
    """ "tables/t05.csv" → "t05"; None for a file that is not a table's CSV."""
    if not name.startswith(TABLES):
        return None
    return name.removeprefix(TABLES).removesuffix(".csv")


def content_type(name: str) -> str:
    return CONTENT_TYPES.get(name) or CONTENT_TYPES[name[name.rfind(".") :]]


def render_page_body(doc) -> str:
    """The report itself as HTML: what the public page shows between its own links."""
    from disclosure.charts import build_charts

    report = doc.report
    return render_to_string(
        "disclosure/includes/report_document.html",
        {
            "doc": doc,
            "report": report,
            "unit": report.unit,
            "year": doc.data.year,
            "revision": report.revision,
            "tables": doc.tables,
            "charts": build_charts(doc),
            "performance": getattr(doc, "performance", None),
        },
    )


def render_files(report: Report) -> dict[str, tuple[str, bytes]]:
    """Every file of the snapshot (name → label, content), from one document of `report`."""
    from disclosure.document import build_document
    from disclosure.exports import open_data
    from disclosure.exports.pdf import render_report_pdf
    from disclosure.exports.xlsx import render_report_xlsx

    doc = build_document(report)
    data = open_data.report_json(doc)
    files = {
        PAGE: ("网页正文", render_page_body(doc).encode("utf-8")),
        PDF: ("PDF 全文", render_report_pdf(doc)),
        XLSX: ("Excel 工作簿", render_report_xlsx(doc)),
        JSON: ("JSON 数据", json.dumps(data, **JSON_DUMPS).encode("utf-8")),
    }
    for table in open_data.document_tables(doc):
        files[table_file(table.key)] = (
            _table_label(table),
            open_data.table_csv(table).encode("utf-8"),
        )
    return files


def _table_label(table) -> str:
    label = f"{table.code} {table.title}"
    if table.key.startswith("p"):  # a self-evaluated project's table: "p2-funds"
        label += f"（项目 {table.key[1:].split('-')[0]}）"
    return label


def freeze(report: Report) -> dict[str, SnapshotFile]:
    """Store the snapshot of a published `report` once; later calls return it as stored."""
    with transaction.atomic():
        # The row lock makes concurrent first requests wait for one freeze.
        report = (
            Report.objects.select_for_update()
            .select_related("unit", "fiscal_year")
            .get(pk=report.pk)
        )
        if report.status not in Report.PUBLIC_STATUSES:
            raise ValueError(f"“{report}”尚未公开，不能生成公开快照。")
        stored = _stored(report)
        if stored:
            return stored
        for name, (label, content) in render_files(report).items():
            digest = hashlib.sha256(content).hexdigest()
            snapshot = SnapshotFile(
                report=report,
                name=name,
                label=label,
                sha256=digest,
                size=len(content),
            )
            filename = f"{digest[:16]}-{name.replace('/', '-')}"
            snapshot.file.save(filename, ContentFile(content), save=False)
            snapshot.save()
            stored[name] = snapshot
        return stored


def delete_snapshots(snapshots) -> None:
    """Delete snapshot rows (a queryset) now and their files once that is committed.

    Files go only after the commit, so a rolled-back deletion keeps every
    file its rows point to.
    """
    names = list(snapshots.values_list("file", flat=True))
    snapshots.delete()
    transaction.on_commit(lambda: _delete_files(names))


def _delete_files(names: list[str]) -> None:
    storage = SnapshotFile._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


def _stored(report: Report) -> dict[str, SnapshotFile]:
    return {f.name: f for f in SnapshotFile.objects.filter(report=report)}


def snapshot_files(report: Report) -> dict[str, SnapshotFile]:
    """Every file of `report`'s snapshot by name, freezing it first if it has none."""
    return _stored(report) or freeze(report)


def snapshot_file(report: Report, name: str) -> SnapshotFile | None:
    """One file of the snapshot; None when the snapshot has no file of that name."""
    found = SnapshotFile.objects.filter(report=report, name=name).first()
    if found is None and not SnapshotFile.objects.filter(report=report).exists():
        found = freeze(report).get(name)
    return found


def read(snapshot: SnapshotFile) -> bytes:
    with snapshot.file.open("rb") as handle:
        return handle.read()


def snapshot_text(report: Report, name: str = PAGE) -> str:
    snapshot = snapshot_file(report, name)
    return read(snapshot).decode("utf-8") if snapshot else ""


def verify(snapshot: SnapshotFile) -> bool:
    """Whether the stored bytes still have the SHA-256 recorded at publication."""
    return hashlib.sha256(read(snapshot)).hexdigest() == snapshot.sha256
