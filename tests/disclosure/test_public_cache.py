"""The public generation: bounded staleness per process with locmem, at once with Redis.

The Redis tests run against the server on 127.0.0.1:6379 (database 15, flushed
before each test) and skip only when nothing listens there.
"""

import gzip
import socket
from unittest import mock, skipUnless

import redis
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection, transaction
from django.db.models import F
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.loader import SEED_UNIT
from disclosure import public_cache
from disclosure.models import PublicGeneration
from tests.demo_cache import load_demo_shared

REDIS = ("127.0.0.1", 6379)
NO_REDIS = "没有 Redis 服务在 127.0.0.1:6379 监听，跳过共享缓存（Redis）测试。"
REDIS_CACHES = {
    "default": {
        "BACKEND": "config.cache.TolerantRedisCache",
        # Not 0: a developer's own data may live there.
        "LOCATION": "redis://127.0.0.1:6379/15",
    }
}


def redis_listens() -> bool:
    try:
        socket.create_connection(REDIS, timeout=0.5).close()
    except OSError:
        return False
    return True


def stored() -> int:
    return PublicGeneration.objects.values_list("number", flat=True).get(pk=1)


def bumped_elsewhere() -> None:
    """Another process's bump: the row moves on, this process's memo is untouched."""
    if not PublicGeneration.objects.filter(pk=1).update(number=F("number") + 1):
        PublicGeneration.objects.create(pk=1, number=1)


@override_settings(PUBLIC_GENERATION_SECONDS=3600)
class PerProcessCacheTests(TestCase):
    def test_the_bumping_process_sees_its_bump_at_once(self):
        before = public_cache.generation()
        public_cache.bump()
        self.assertEqual(public_cache.generation(), before + 1)

    def test_another_process_sees_a_bump_once_its_memo_expires(self):
        before = public_cache.generation()
        bumped_elsewhere()
        self.assertEqual(public_cache.generation(), before)
        with override_settings(PUBLIC_GENERATION_SECONDS=0):
            self.assertEqual(public_cache.generation(), before + 1)

    def test_a_cached_page_is_looked_up_under_the_memoized_generation(self):
        key, value = public_cache.cached_page("report", 2022, "x")
        self.assertEqual(key, public_cache.page_key("report", 2022, "x"))
        self.assertIsNone(value)
        cache.set(key, b"page")
        self.assertEqual(public_cache.cached_page("report", 2022, "x"), (key, b"page"))

    def test_a_memoized_generation_costs_no_query(self):
        public_cache.generation()
        with CaptureQueriesContext(connection) as queries:
            public_cache.generation()
        self.assertEqual(len(queries), 0)


@skipUnless(redis_listens(), NO_REDIS)
@override_settings(CACHES=REDIS_CACHES, PUBLIC_GENERATION_SECONDS=3600)
class SharedCacheTests(TestCase):
    """With Redis, generation() reads the cache on every call: no memo."""

    def setUp(self):
        cache.clear()  # FLUSHDB of database 15 only
        public_cache.forget()

    def bump(self) -> None:
        """A bump as a view makes it: the transaction commits, then the cache moves on."""
        with self.captureOnCommitCallbacks(execute=True):
            public_cache.bump()

    def test_the_test_cache_is_redis_and_counts_as_shared(self):
        self.assertIsInstance(caches["default"], RedisCache)
        self.assertTrue(public_cache._shared())

    def test_a_bump_in_another_process_is_seen_at_once(self):
        before = public_cache.generation()
        # This process has just read the number; with a memo of an hour it
        # would keep it. The bump below is another process's as far as this
        # one knows: it reaches it only through Redis.
        with mock.patch.object(public_cache, "forget"):
            self.bump()
        self.assertEqual(public_cache.generation(), before + 1)
        self.assertEqual(cache.get(public_cache.GENERATION_KEY), stored())

    def test_nothing_sees_the_new_number_before_the_bump_commits(self):
        before = public_cache.generation()
        with self.captureOnCommitCallbacks() as callbacks:
            public_cache.bump()
            # Pages rendered now would read the data as it was before the
            # transaction: they must stay under the old number.
            self.assertEqual(public_cache.generation(), before)
        for callback in callbacks:
            callback()
        self.assertEqual(public_cache.generation(), before + 1)

    def test_a_hit_costs_no_query(self):
        public_cache.generation()
        with CaptureQueriesContext(connection) as queries:
            public_cache.generation()
        self.assertEqual(len(queries), 0)

    def test_a_page_hit_reads_the_generation_and_the_page_in_one_round_trip(self):
        key, value = public_cache.cached_page("report", 2022, "x")
        self.assertIsNone(value)
        cache.set(key, b"page")
        with (
            mock.patch.object(cache, "get", wraps=cache.get) as get,
            mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many,
        ):
            self.assertEqual(
                public_cache.cached_page("report", 2022, "x"), (key, b"page")
            )
        get.assert_not_called()
        get_many.assert_called_once()

    def test_a_page_of_the_generation_before_a_bump_elsewhere_is_not_served(self):
        key, _ = public_cache.cached_page("report", 2022, "x")
        cache.set(key, b"old page")
        with mock.patch.object(public_cache, "forget"):
            self.bump()
        new_key, value = public_cache.cached_page("report", 2022, "x")
        self.assertIsNone(value)
        self.assertNotEqual(new_key, key)
        self.assertEqual(new_key, public_cache.page_key("report", 2022, "x"))

    def test_a_flushed_cache_recovers_the_number_from_the_database(self):
        self.bump()
        self.bump()
        number = stored()
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(public_cache.generation(), number)
        self.assertEqual(len(queries), 1)
        self.assertEqual(cache.get(public_cache.GENERATION_KEY), number)

    def test_a_reader_that_read_before_a_bump_does_not_put_the_old_number_back(self):
        self.bump()
        old = stored()
        cache.clear()

        def read_then_bump_commits() -> int:
            # The reader reads the row; before it adds the number to the cache,
            # another process's bump commits and updates the cache.
            number = stored()
            self.bump()
            return number

        with mock.patch.object(public_cache, "_stored", read_then_bump_commits):
            # This request read the number before the bump committed.
            self.assertEqual(public_cache.generation(), old)
        self.assertEqual(public_cache.generation(), old + 1)

    def test_crossing_updates_of_two_bumps_leave_the_last_number(self):
        before = public_cache.generation()
        with self.captureOnCommitCallbacks() as callbacks:
            public_cache.bump()
            public_cache.bump()
        # The first bump's update runs last: it sets what is committed now,
        # not the number its own bump made.
        for callback in reversed(callbacks):
            callback()
        self.assertEqual(public_cache.generation(), before + 2)

    def test_a_rolled_back_bump_leaves_the_cache_alone(self):
        before = public_cache.generation()
        with self.captureOnCommitCallbacks() as callbacks:
            try:
                with transaction.atomic():
                    public_cache.bump()
                    raise RuntimeError("rolled back")
            except RuntimeError:
                pass
        self.assertEqual(callbacks, [])
        self.assertEqual(public_cache.generation(), before)

    def test_the_number_expires_so_a_lost_update_cannot_last(self):
        with mock.patch.object(cache, "add", wraps=cache.add) as add:
            public_cache.generation()
        add.assert_called_once_with(
            public_cache.GENERATION_KEY, mock.ANY, public_cache.GENERATION_CACHE_SECONDS
        )
        client = redis.Redis.from_url(REDIS_CACHES["default"]["LOCATION"])
        ttl = client.ttl(cache.make_key(public_cache.GENERATION_KEY))
        self.assertTrue(0 < ttl <= public_cache.GENERATION_CACHE_SECONDS, ttl)


@skipUnless(redis_listens(), NO_REDIS)
@override_settings(CACHES=REDIS_CACHES, PUBLIC_GENERATION_SECONDS=3600)
class SharedCacheReportPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_shared()

    def setUp(self):
        cache.clear()
        public_cache.forget()

    def test_a_cached_page_comes_from_redis_compressed_and_a_bump_replaces_it(self):
        url = reverse("disclosure:report", args=[2022, SEED_UNIT])
        first = self.client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        with CaptureQueriesContext(connection) as queries:
            again = self.client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        self.assertEqual(len(queries), 0)
        self.assertEqual(again.content, first.content)
        self.assertIn(b"<html", gzip.decompress(again.content))

        with self.captureOnCommitCallbacks(execute=True):
            public_cache.bump()
        with CaptureQueriesContext(connection) as queries:
            self.client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        # Rendered anew under the new number.
        self.assertGreater(len(queries), 0)


# Nothing listens on port 1: every Redis call fails at once.
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "config.cache.TolerantRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


@override_settings(CACHES=UNREACHABLE_REDIS)
class RedisOutageTests(TestCase):
    """A cache outage is not a site outage: pages come from the database and the snapshots."""

    @classmethod
    def setUpTestData(cls):
        load_demo_shared()

    def setUp(self):
        public_cache.forget()

    def test_report_pages_are_served_without_redis_and_the_outage_is_logged(self):
        url = reverse("disclosure:report", args=[2022, SEED_UNIT])
        import config.cache

        config.cache._last_logged["at"] = 0.0
        with self.assertLogs("config.cache", "ERROR") as logged:
            first = self.client.get(url)
            again = self.client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        self.assertEqual(first.status_code, 200)
        self.assertEqual(again.status_code, 200)
        self.assertIn("Redis 缓存不可用", logged.output[0])
        # Logged once, not once per call.
        self.assertEqual(len(logged.output), 1)
        stored = PublicGeneration.objects.filter(pk=1).values_list("number", flat=True)
        self.assertEqual(public_cache.generation(), stored.first() or 0)
        with self.captureOnCommitCallbacks(execute=True):
            public_cache.bump()
        self.assertEqual(self.client.get(url).status_code, 200)
