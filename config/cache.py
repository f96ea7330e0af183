"""Django's RedisCache, carrying on without Redis: an unreachable Redis is an empty cache.

Every public page is cached, and the public generation is read from the cache
on every request (disclosure/public_cache.py). Django's backend raises when
Redis cannot be reached, which would turn a cache outage into a site outage.
Here a read finds nothing and a write is skipped, so pages are rendered from
the database and the stored snapshots until Redis is back; the outage is
logged at most once a minute per process.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
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


class TolerantRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as exc:
            _outage("get", exc)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as exc:
            _outage("get_many", exc)
            return {}

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as exc:
            _outage("add", exc)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set(key, value, timeout, version)
        except RedisError as exc:
            _outage("set", exc)
            return None

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as exc:
            _outage("delete", exc)
            return False

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as exc:
            _outage("set_many", exc)
            return list(data)

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except RedisError as exc:
            _outage("delete_many", exc)
            return None

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as exc:
            _outage("has_key", exc)
            return False

    def clear(self):
        try:
            return super().clear()
        except RedisError as exc:
            _outage("clear", exc)
            return False
