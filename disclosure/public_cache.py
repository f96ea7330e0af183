"""The public site's cache generation: one number, bumped when public content changes.

Every cached public page is keyed on the generation (`page_key`), so a hit
needs no database query, and a bump makes every cached page stale at once.
The number lives in the database (`PublicGeneration`, the source of truth);
how a process learns it depends on the cache backend:

- A shared cache (Redis; also memcached, the database or file cache): the
  number is also kept in the cache under `GENERATION_KEY` and read there on
  every request, so a publication is seen by every process at once.
  `generation()` costs one GET; `cached_page` reads the number in the same
  round trip as the page (one MGET of the number and of the page stored under
  the number this process saw last, used only if that number is still the
  current one). On a miss (first request, a flush, a Redis restart, an
  eviction) the number is read from the database and put back with
  `cache.add`, which never overwrites a value already there.
- A per-process cache (locmem, the local default; dummy): another process's
  bump cannot reach this process's cache, so each process re-reads the
  database at most every `PUBLIC_GENERATION_SECONDS` (settings; 2 s by
  default) and serves pages of the older generation for at most that long.
  The process that bumped sees its own bump at once.

`bump()` increments the row in the caller's transaction. The shared cache is
updated only after that transaction commits, so no process renders and caches
a page under the new number from data it cannot see yet. Races, and why they
end with the right number in the cache:

- A reader that read the old number from the database before the bump
  committed, and adds it to the cache after the bump's update: `add` fails,
  the bump's `set` is already there. Had it added before, the `set` replaces
  it.
- Two bumps whose after-commit updates cross: each update locks the row
  (`select_for_update`), reads the committed number and sets it while holding
  the lock, and a bump's increment waits for that lock too. The numbers set
  therefore never go down, and the last one is read after the last commit.
- Anything else that leaves the cache wrong — the key flushed between a bump's
  update and a stale reader's `add`, an update lost because the cache was
  unreachable — lasts at most `GENERATION_CACHE_SECONDS`: the cached number
  expires and is read from the database again.

What bumps it: publishing a report or a correction (disclosure/workflow.py),
saving or deleting a unit (signals in disclosure/apps.py), and the bulk loaders.
"""

import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import F

from disclosure.models import PublicGeneration

GENERATION_KEY = "public:generation"
# How long a wrong number can survive in a shared cache (see above). Each
# expiry costs a query or so (until one process has put the number back).
GENERATION_CACHE_SECONDS = 60
# Backends whose content only the current process sees.
PER_PROCESS_CACHES = (LocMemCache, DummyCache)

# Per-process cache: the number and when it was read. Shared cache: "seen", the
# number this process saw last, a guess that `cached_page` checks on every use.
_memo = {"number": None, "read_at": 0.0, "seen": None}


def generation() -> int:
    """The current generation: from the shared cache, or this process's memo."""
    if not _shared():
        return _memoized()
    number = cache.get(GENERATION_KEY)
    if number is None:
        number = _stored()
        cache.add(GENERATION_KEY, number, GENERATION_CACHE_SECONDS)
    _memo["seen"] = number
    return number


def bump() -> None:
    """Something public changed: every cached public page is stale from now on."""
    if not PublicGeneration.objects.filter(pk=1).update(number=F("number") + 1):
        PublicGeneration.objects.get_or_create(pk=1, defaults={"number": 1})
    forget()
    if _shared():
        # robust: the change is committed whatever happens to the cache; a
        # failed update is logged and corrected by the key's expiry.
        transaction.on_commit(_publish_generation, robust=True)


def forget() -> None:
    """Read the generation again on the next request (tests, after a bulk load)."""
    _memo["number"] = _memo["seen"] = None


def page_key(*parts) -> str:
    """A cache key for a public page, valid for the current generation only."""
    return _key(generation(), parts)


def cached_page(*parts) -> tuple[str, object]:
    """A public page's key (`page_key`) and its cached value, None on a miss.

    With a shared cache, in one round trip: the generation and the page under
    the generation this process saw last are read together (`get_many`, one
    MGET on Redis), and the page is used only if that generation is still the
    current one. After a bump, a second read under the new number.
    """
    guess = _memo["seen"] if _shared() else None
    if guess is not None:
        key = _key(guess, parts)
        found = cache.get_many([GENERATION_KEY, key])
        if found.get(GENERATION_KEY) == guess:
            return key, found.get(key)
    key = page_key(*parts)
    return key, cache.get(key)


def unit_changed(sender, **kwargs) -> None:
    """A unit's name, type, parent or state shows on every public page about it."""
    bump()


def _key(number: int, parts) -> str:
    return ":".join(["public", str(number), *map(str, parts)])


def _shared() -> bool:
    return not isinstance(caches["default"], PER_PROCESS_CACHES)


def _stored() -> int:
    return (
        PublicGeneration.objects.filter(pk=1).values_list("number", flat=True).first()
        or 0
    )


def _memoized() -> int:
    now = time.monotonic()
    if (
        _memo["number"] is None
        or now - _memo["read_at"] >= settings.PUBLIC_GENERATION_SECONDS
    ):
        _memo["number"] = _stored()
        _memo["read_at"] = now
    return _memo["number"]


def _publish_generation() -> None:
    """After a bump's commit: the committed number into the shared cache.

    Under the row lock, so that concurrent bumps set their numbers in order.
    """
    with transaction.atomic():
        number = (
            PublicGeneration.objects.select_for_update()
            .filter(pk=1)
            .values_list("number", flat=True)
            .first()
        )
        if number is not None:
            cache.set(GENERATION_KEY, number, GENERATION_CACHE_SECONDS)
