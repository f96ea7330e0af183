"""The publication snapshot: what a published report looked like, frozen with SHA-256s.

    files = render_files(report)          # at publication, before the status moves
    store(report, files, written)         # every file, its SHA-256 and the figures
    snapshot_files(report)                # what the public page lists
    available(files)                      # those the storage still has
    read(snapshot)                        # the bytes, or SnapshotUnavailable

A snapshot holds the web page's report body (`page.html`), the JSON of all
facts (`report.json`), the PDF, the workbook, and one CSV per table
(`tables/t01.csv` …), each stored in Django's default storage with its SHA-256
(`SnapshotFile`), and the headline figures the comparisons read
(`SnapshotFigures`). All are rendered from one `ReportDocument`, so no two can
disagree, and none changes afterwards whatever happens to code lists, unit
profiles, unit names or the renderers.

`workflow.report_publish` renders and stores the snapshot before the status
changes; no public request ever renders one. `manage.py freeze_snapshots`
freezes reports that were loaded as already published.
"""

import hashlib
import json
import logging
import posixpath
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string

from disclosure import figures
from disclosure.models import Report, SnapshotFigures, SnapshotFile
from disclosure.storage import storage_errors

logger = logging.getLogger(__name__)

PAGE = "page.html"
JSON = "report.json"
PDF = "report.pdf"
XLSX = "report.xlsx"
TABLES = "tables/"
# What `report_publish` has set, unsaved, when it renders the snapshot.
PUBLICATION_FIELDS = ("status", "published_at", "published_by_id")

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


@dataclass(frozen=True)
class Rendered:
    """A snapshot before it is stored: name → (label, content), and the figures."""

    files: dict[str, tuple[str, bytes]]
    figures: dict


def render_files(report: Report) -> Rendered:
    """Every file of the snapshot and its headline figures, from one document of `report`."""
    from disclosure.document import build_document
    from disclosure.exports import open_data
    from disclosure.exports.pdf import render_report_pdf
    from disclosure.exports.xlsx import render_report_xlsx

    doc = build_document(report)
    # The document reloads the report; keep the workflow state of the instance
    # given, which the publish service sets before it saves anything.
    for name in PUBLICATION_FIELDS:
        setattr(doc.report, name, getattr(report, name))
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
    return Rendered(files, figures.headline_figures(doc))


def _table_label(table) -> str:
    label = f"{table.code} {table.title}"
    if table.key.startswith("p"):  # a self-evaluated project's table: "p2-funds"
        label += f"（项目 {table.key[1:].split('-')[0]}）"
    return label


class SnapshotUnavailable(Exception):
    """A snapshot file that the storage cannot give back (lost, unreadable)."""


def store(
    report: Report, rendered: Rendered, written: list[str]
) -> dict[str, SnapshotFile]:
    """Write the files and the figures of `report`'s snapshot (from `render_files`).

    Each stored file's name is appended to `written` as soon as it exists, so
    that a caller whose transaction fails can remove them (`discard`).
    """
    stored = {}
    for name, (label, content) in rendered.files.items():
        digest = hashlib.sha256(content).hexdigest()
        snapshot = SnapshotFile(
            report=report, name=name, label=label, sha256=digest, size=len(content)
        )
        filename = f"{digest[:16]}-{name.replace('/', '-')}"
        snapshot.file.save(filename, ContentFile(content), save=False)
        written.append(snapshot.file.name)
        snapshot.save()
        stored[name] = snapshot
    SnapshotFigures.objects.create(
        report=report,
        amount_unit=report.amount_unit,
        values=figures.to_stored(rendered.figures),
    )
    return stored


def discard(written: list[str]) -> None:
    """Remove files stored by a freeze that did not complete."""
    storage = SnapshotFile._meta.get_field("file").storage
    for name in written:
        try:
            storage.delete(name)
        except storage_errors():
            logger.exception("无法删除未完成的公开快照文件 %s", name)


def freeze(report: Report) -> dict[str, SnapshotFile]:
    """Freeze a report that is public already but has no snapshot (bulk-loaded ones).

    Returns the snapshot as stored when it exists; adds only the figures to
    a snapshot frozen before figures were. Files written by a failed freeze
    are removed.
    """
    written: list[str] = []
    try:
        with transaction.atomic():
            # The row lock makes concurrent freezes of one report wait for each other.
            report = (
                Report.objects.select_for_update()
                .select_related("unit", "fiscal_year")
                .get(pk=report.pk)
            )
            if report.status not in Report.PUBLIC_STATUSES:
                raise ValueError(f"“{report}”尚未公开，不能生成公开快照。")
            stored = _stored(report)
            has_figures = SnapshotFigures.objects.filter(report=report).exists()
            if stored and not has_figures:
                SnapshotFigures.objects.create(
                    report=report,
                    amount_unit=report.amount_unit,
                    values=figures.to_stored(_figures_of(report)),
                )
            if stored:
                return stored
            return store(report, render_files(report), written)
    except BaseException:
        discard(written)
        raise


def freeze_missing(reports, progress=None) -> int:
    """Freeze every public report of `reports` lacking its files or its figures.

    For reports loaded as already published (`manage.py freeze_snapshots`, the
    demo). `progress(count)` is called after each one. Returns how many.
    """
    unfrozen = (
        reports.public()
        .filter(Q(snapshot_files__isnull=True) | Q(snapshot_figures__isnull=True))
        .distinct()
        .select_related("unit", "fiscal_year")
        .order_by("fiscal_year__year", "unit__code", "revision")
    )
    count = 0
    for report in unfrozen.iterator():
        freeze(report)
        count += 1
        if progress is not None:
            progress(count)
    return count


def _figures_of(report: Report) -> dict:
    from disclosure.document import build_document

    return figures.headline_figures(build_document(report))


def delete_snapshots(reports) -> None:
    """Delete the snapshots of `reports` (a queryset) now, their files once committed.

    Only the demo and synthetic generators replace published reports, inside
    `generated_data_reset`; anywhere else a snapshot refuses deletion. Files
    go only after the commit, so a rolled-back deletion keeps every file its
    rows point to.
    """
    files = SnapshotFile.objects.filter(report__in=reports)
    names = list(files.values_list("file", flat=True))
    files.delete()
    SnapshotFigures.objects.filter(report__in=reports).delete()
    transaction.on_commit(lambda: _delete_files(names))


def withdraw(report: Report) -> None:
    """Delete the snapshot prepared for `report` before it is public (a withdrawn schedule).

    The model refuses this for a public report. Files go once the deletion
    commits, as in `delete_snapshots`.
    """
    files = SnapshotFile.objects.filter(report=report)
    names = list(files.values_list("file", flat=True))
    files.delete()
    SnapshotFigures.objects.filter(report=report).delete()
    if names:
        transaction.on_commit(lambda: _delete_files(names))


def prepared(report: Report) -> bool:
    """Whether `report` has its snapshot already (stored for a scheduled publication)."""
    return (
        SnapshotFile.objects.filter(report=report).exists()
        and SnapshotFigures.objects.filter(report=report).exists()
    )


def _delete_files(names: list[str]) -> None:
    storage = SnapshotFile._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


def _stored(report: Report) -> dict[str, SnapshotFile]:
    return {f.name: f for f in SnapshotFile.objects.filter(report=report)}


def snapshot_files(report: Report) -> dict[str, SnapshotFile]:
    """Every file of `report`'s snapshot by name; empty when it has none."""
    return _stored(report)


def snapshot_file(report: Report, name: str) -> SnapshotFile | None:
    """One file of the snapshot; None when the snapshot has no file of that name."""
    return SnapshotFile.objects.filter(report=report, name=name).first()


def read(snapshot: SnapshotFile) -> bytes:
    """The stored bytes; SnapshotUnavailable (logged) when storage cannot give them."""
    try:
        with snapshot.file.open("rb") as handle:
            return handle.read()
    except (ValueError, *storage_errors()) as exc:
        logger.error(
            "公开快照文件不可用：%s %s（%s）", snapshot.report_id, snapshot.name, exc
        )
        raise SnapshotUnavailable(snapshot.name) from exc


def exists(snapshot: SnapshotFile) -> bool:
    """Whether the storage still has the file (logged when it does not)."""
    try:
        found = snapshot.file.storage.exists(snapshot.file.name)
    except storage_errors() as exc:
        logger.error("无法查询公开快照文件 %s（%s）", snapshot.file.name, exc)
        found = False
    if not found:
        _log_missing(snapshot)
    return found


def available(files: dict[str, SnapshotFile]) -> dict[str, SnapshotFile]:
    """The files of `files` the storage still has (each missing one logged).

    One listing per folder instead of one `exists` per file: on an object
    store each is a request, and a snapshot's files share one folder
    (`snapshot_upload_to`), so the whole snapshot costs one request.
    """
    listings: dict[str, set[str] | None] = {}
    found = {}
    for name, snapshot in files.items():
        folder, filename = posixpath.split(snapshot.file.name)
        if folder not in listings:
            listings[folder] = _listing(snapshot.file.storage, folder)
        listing = listings[folder]
        if listing is None:
            present = exists(snapshot)
        else:
            present = filename in listing
            if not present:
                _log_missing(snapshot)
        if present:
            found[name] = snapshot
    return found


def _listing(storage, folder: str) -> set[str] | None:
    """The file names in `folder`; None when the storage cannot list folders."""
    try:
        return set(storage.listdir(folder)[1])
    except NotImplementedError:
        return None
    except FileNotFoundError:
        return set()
    except storage_errors() as exc:
        logger.error("无法列出公开快照文件夹 %s（%s）", folder, exc)
        return set()


def _log_missing(snapshot: SnapshotFile) -> None:
    logger.error(
        "公开快照文件缺失：%s %s（%s）",
        snapshot.report_id,
        snapshot.name,
        snapshot.file.name,
    )


def verify(snapshot: SnapshotFile) -> bool:
    """Whether the stored bytes still have the SHA-256 recorded at publication."""
    return hashlib.sha256(read(snapshot)).hexdigest() == snapshot.sha256
