"""The open-data zip of a fiscal year, built in the background and served as a stored file.

    current(year)        # the newest archive, asking for a new one when stale
    request_build(year)  # queue one build (none if one is queued already)

Each archive holds every published report's JSON and CSVs, byte for byte the
files of its publication snapshot (docs/open-data.md), and records the public
generation it was built for. A public request never builds one: when the
newest archive is older than the current generation, a job is queued and the
older archive is served meanwhile. The two newest archives of a year are kept,
so that a download under way is never cut off.
"""

import hashlib
import json
import tempfile
import zipfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from disclosure import public_cache, snapshots
from disclosure.exports import open_data
from disclosure.models import Report, YearArchive
from disclosure.selectors_public import department_of
from jobs.models import Job
from jobs.services import handler, start

JSON_DUMPS = snapshots.JSON_DUMPS
KEPT = 2


def published_reports(year: int) -> list[Report]:
    """The year's current revisions, by unit code; a unit's 单位决算 before its 部门决算."""
    return list(
        Report.objects.published()
        .filter(fiscal_year__year=year, unit__is_active=True)
        .select_related("unit", "unit__parent", "fiscal_year")
        .order_by("unit__code", "kind", "-level")
    )


def report_folder(report: Report) -> str:
    """A report's folder in the zip: its unit code; a 部门决算's in `department/` below it.

    A 主管部门 may publish both levels in one year; its 单位决算 keeps the
    folder every 单位决算 has, so that no path of an earlier zip changes.
    """
    folder = report.unit.code
    if report.is_budget:
        folder += "/budget"
    return f"{folder}/department" if report.is_department else folder


def _published(report: Report):
    # Reports loaded in bulk as published may have no publication time.
    return report.published_at or report.updated_at


def _zip_entry(name: str, when) -> zipfile.ZipInfo:
    # Fixed timestamps: the same reports always give the same zip bytes.
    info = zipfile.ZipInfo(name, timezone.localtime(when).timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def write_year_zip(year: int, reports: list[Report], out, progress=None) -> None:
    """Write every published report of `year` as JSON and CSVs into `out`, folder per unit code.

    Paths mirror the URLs: `2022/<unit>/report.json`, `2022/<unit>/tables/t05.csv`
    (a 部门决算 in `2022/<unit>/department/`), with `2022/index.json` listing the
    reports, their level and revision and each file's SHA-256.
    """
    root = str(year)
    index = []
    unavailable: list[str] = []
    with zipfile.ZipFile(out, "w") as archive:
        for report in reports:
            code = report.unit.code
            folder = report_folder(report)
            files = {"json": None, "tables": {}}
            checksums = {}
            for name, snapshot in snapshots.snapshot_files(report).items():
                key = snapshots.table_key(name)
                if name != snapshots.JSON and key is None:
                    continue
                path_in_zip = f"{folder}/{name}"
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
            if progress is not None:
                progress.step()
            department = department_of(report.unit) or report.unit
            index.append(
                {
                    "unit_code": code,
                    "unit_name": report.unit.name,
                    "department": {"code": department.code, "name": department.name},
                    "kind": report.kind,
                    "level": report.level,
                    "level_label": str(report.get_level_display()),
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


def latest(year: int) -> YearArchive | None:
    return YearArchive.objects.filter(year=year).first()


def current(year: int) -> YearArchive | None:
    """The newest archive of `year`; a build is queued when a newer publication is public.

    With the immediate queue the build runs here and its archive is returned.
    """
    archive = latest(year)
    if archive is None or archive.generation < public_cache.generation():
        if request_build(year):
            archive = latest(year)
    return archive


def request_build(year: int) -> bool:
    """Queue a build of `year`'s archive unless one waits already; whether one was queued."""
    waiting = Job.objects.filter(
        kind="year_zip", status__in=Job.ACTIVE_STATUSES, params__year=year
    )
    if (
        waiting.exists()
        or not Report.objects.published().filter(fiscal_year__year=year).exists()
    ):
        return False
    start("year_zip", f"生成 {year} 年度公开数据包", {"year": year})
    return True


@handler("year_zip", "年度公开数据包")
def build(job, progress) -> str:
    year = job.params["year"]
    # The generation first: a publication during the build makes this archive
    # stale at once, and the next download asks for another.
    public_cache.forget()
    generation = public_cache.generation()
    reports = published_reports(year)
    progress.total(len(reports))
    # A temporary file, not memory: a province's year is hundreds of megabytes.
    with tempfile.TemporaryFile() as out:
        write_year_zip(year, reports, out, progress)
        out.seek(0)
        digest = hashlib.sha256()
        for chunk in iter(lambda: out.read(1 << 20), b""):
            digest.update(chunk)
        size = out.tell()
        out.seek(0)
        archive = YearArchive(
            year=year,
            generation=generation,
            sha256=digest.hexdigest(),
            size=size,
            report_count=len(reports),
        )
        archive.file.save(
            f"{year}-{digest.hexdigest()[:16]}.zip", File(out), save=False
        )
    archive.save()
    _prune(year)
    return f"{year} 年度公开数据包已生成：{len(reports)} 份报告，{size:,} 字节。"


def _prune(year: int) -> None:
    old = list(YearArchive.objects.filter(year=year)[KEPT:])
    if not old:
        return
    names = [a.file.name for a in old]
    YearArchive.objects.filter(pk__in=[a.pk for a in old]).delete()
    storage = YearArchive._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
