"""Django's RedisCache, carrying on without Redis: an unreachable Redis is an empty cache.

Every public page is cached, and the public generation is read from the cache
on every request (disclosure/public_cache.py). Django's backend raises when
Redis cannot be reached, which would turn a cache outage into a site outage.
Here a read finds nothing and a write is skipped, so pages are rendered from
the database and the stored snapshots until Redis is back; the outage is
logged at most once a minute per process.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
LOG_EVERY_SECONDS = 60.0
_last_logged = {"at": 0.0}


def _outage(operation: str, exc: Exception) -> None:
    now = time.monotonic()
    if now - _last_logged["at"] >= LOG_EVERY_SECONDS:
        _last_logged["at"] = now
        logger.error("Redis 缓存不可用（%s：%s），页面改由数据库生成。", operation, exc)


def _carrying_on(name: str, fallback):
    """`RedisCache.<name>`, answering `fallback(*args)` when Redis cannot be reached."""
    method = getattr(RedisCache, name)

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as exc:
            _outage(name, exc)
            return fallback(*args, **kwargs)

    return call


class TolerantRedisCache(RedisCache):
    """Reads find nothing and writes are skipped while Redis cannot be reached."""

    get = _carrying_on("get", lambda key, default=None, version=None: default)
    get_many = _carrying_on("get_many", lambda *args, **kwargs: {})
    add = _carrying_on("add", lambda *args, **kwargs: False)
    set = _carrying_on("set", lambda *args, **kwargs: None)
    set_many = _carrying_on("set_many", lambda data, *args, **kwargs: list(data))
    delete = _carrying_on("delete", lambda *args, **kwargs: False)
    delete_many = _carrying_on("delete_many", lambda *args, **kwargs: None)
    has_key = _carrying_on("has_key", lambda *args, **kwargs: False)
    clear = _carrying_on("clear", lambda: False)
