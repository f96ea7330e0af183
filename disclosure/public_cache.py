"""The public site's cache generation: one number, bumped when public content changes.

A cached public page is keyed on the generation, so a hit needs no database
query. Each process re-reads the number at most every
`PUBLIC_GENERATION_SECONDS` (settings; 2 s by default): a publication reaches
every gunicorn worker within that time, whatever the cache backend, and the
process that bumped it at once.

What bumps it: publishing a report or a correction (disclosure/workflow.py),
saving or deleting a unit (signals in disclosure/apps.py), and the bulk loaders.
"""

import time

from django.conf import settings
from django.db.models import F

from disclosure.models import PublicGeneration

_memo = {"number": None, "read_at": 0.0}


def generation() -> int:
    """The current generation, from this process's memo while it is fresh."""
    now = time.monotonic()
    ttl = settings.PUBLIC_GENERATION_SECONDS
    if _memo["number"] is None or now - _memo["read_at"] >= ttl:
        _memo["number"] = (
            PublicGeneration.objects.filter(pk=1)
            .values_list("number", flat=True)
            .first()
            or 0
        )
        _memo["read_at"] = now
    return _memo["number"]


def bump() -> None:
    """Something public changed: every cached public page is stale from now on."""
    if not PublicGeneration.objects.filter(pk=1).update(number=F("number") + 1):
        PublicGeneration.objects.get_or_create(pk=1, defaults={"number": 1})
    forget()


def forget() -> None:
    """Read the generation again on the next request (tests, after a bulk load)."""
    _memo["number"] = None


def page_key(*parts) -> str:
    """A cache key for a public page, valid for the current generation only."""
    return ":".join(["public", str(generation()), *map(str, parts)])


def unit_changed(sender, **kwargs) -> None:
    """A unit's name, type, parent or state shows on every public page about it."""
    bump()
