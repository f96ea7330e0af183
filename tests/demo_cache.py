"""The demo, loaded once per test session and put back in each test class that reads it.

`load_demo()` takes several seconds (code lists, sixteen reports, their
publication snapshots); dozens of test classes only read what it makes. The
first call runs it and keeps every row it added (and the snapshot files'
bytes); later calls, each in a test class's own transaction, insert the same
rows again in one bulk insert per table, with the same ids and timestamps,
and put back any snapshot file a test removed. When the database does not
start from the same state as the first time (another test class left rows
behind), the demo is loaded for real and kept afresh.

Tests of the loader itself (idempotence, re-runs) call `demo.loader.load_demo`.
"""

from contextlib import contextmanager

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management.color import no_style
from django.db import connection

from demo.loader import load_demo
from disclosure.models import SnapshotFile, generated_data_reset

_kept = None  # (state before, rows per model, summary, snapshot file bytes)


def _models():
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed]


def _state() -> tuple:
    return tuple(m._base_manager.count() for m in _models())


def load_demo_shared() -> dict:
    """`load_demo()`'s result, loading it for real only the first time."""
    global _kept
    before = _state()
    if _kept is not None and _kept[0] == before:
        _restore(*_kept[1:])
        return dict(_kept[2])
    existing = {m: set(m._base_manager.values_list("pk", flat=True)) for m in _models()}
    summary = load_demo()
    rows = {}
    for model in _models():
        added = [o for o in model._base_manager.all() if o.pk not in existing[model]]
        if added:
            rows[model] = added
    files = {s.file.name: _read(s) for s in SnapshotFile.objects.all()}
    _kept = (before, rows, summary, files)
    return dict(summary)


def _read(snapshot) -> bytes:
    with snapshot.file.open("rb") as handle:
        return handle.read()


def _restore(rows: dict, summary: dict, files: dict) -> None:
    with generated_data_reset(), _as_stored():
        for model, objects in rows.items():
            model._base_manager.bulk_create(objects, batch_size=500)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(rows)):
            cursor.execute(statement)
    storage = SnapshotFile._meta.get_field("file").storage
    for name, content in files.items():
        if not storage.exists(name):
            storage.save(name, ContentFile(content))


@contextmanager
def _as_stored():
    """Insert timestamps as they were: auto_now / auto_now_add fields left alone."""
    changed = []
    for model in _models():
        for field in model._meta.concrete_fields:
            for flag in ("auto_now", "auto_now_add"):
                if getattr(field, flag, False):
                    setattr(field, flag, False)
                    changed.append((field, flag))
    try:
        yield
    finally:
        for field, flag in changed:
            setattr(field, flag, True)
