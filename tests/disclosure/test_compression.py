"""Compressed responses: the cached report page compressed once, downloads and pages by the middleware."""

import base64
import gzip
import hashlib
from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.loader import SEED_UNIT
from disclosure import snapshots
from disclosure.models import Report, SnapshotFile
from disclosure.public_cache import page_key
from disclosure.views.public import REPORT_PAGE_VERSION
from tests.demo_cache import load_demo_shared

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br, zstd"}


def report_url(year=2022, code=SEED_UNIT) -> str:
    return reverse("disclosure:report", args=[year, code])


def vary(response) -> set[str]:
    return {v.strip().lower() for v in response.get("Vary", "").split(",")}


def sha256_field(content: bytes) -> str:
    return f"sha-256=:{base64.b64encode(hashlib.sha256(content).digest()).decode()}:"


class CompressionTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_shared()
        cls.report = Report.objects.get(unit__code=SEED_UNIT, fiscal_year__year=2022)

    def setUp(self):
        cache.clear()


class ReportPageTests(CompressionTestCase):
    def test_a_client_accepting_gzip_gets_the_same_page_compressed(self):
        plain = self.client.get(report_url())
        compressed = self.client.get(report_url(), **GZIP)

        self.assertEqual(compressed.status_code, 200)
        self.assertEqual(compressed["Content-Encoding"], "gzip")
        self.assertEqual(compressed["Content-Type"], "text/html; charset=utf-8")
        self.assertEqual(gzip.decompress(compressed.content), plain.content)
        self.assertEqual(int(compressed["Content-Length"]), len(compressed.content))
        self.assertLess(len(compressed.content), len(plain.content) // 4)
        self.assertIn("accept-encoding", vary(compressed))

    def test_a_client_without_gzip_gets_plain_html_from_the_compressed_cache(self):
        # The first request stores the compressed page; later ones without
        # gzip decompress it.
        compressed = self.client.get(report_url(), **GZIP)
        for headers in ({}, {"HTTP_ACCEPT_ENCODING": "identity"}):
            with self.subTest(headers=headers):
                plain = self.client.get(report_url(), **headers)
                self.assertFalse(plain.has_header("Content-Encoding"))
                self.assertIn("accept-encoding", vary(plain))
                self.assertEqual(plain.content, gzip.decompress(compressed.content))
                self.assertContains(plain, self.report.unit.name)
                self.assertEqual(int(plain["Content-Length"]), len(plain.content))

    @override_settings(PUBLIC_GENERATION_SECONDS=3600)
    def test_a_cache_hit_sends_the_stored_bytes_without_compressing_again(self):
        first = self.client.get(report_url(), **GZIP)
        key = page_key(
            "report", REPORT_PAGE_VERSION, 2022, SEED_UNIT, "", "final", "any"
        )
        stored = cache.get(key)
        self.assertEqual(stored, first.content)

        with (
            CaptureQueriesContext(connection) as queries,
            mock.patch("gzip.compress") as view_compress,
            mock.patch("django.middleware.gzip.compress_string") as middleware,
        ):
            second = self.client.get(report_url(), **GZIP)

        self.assertEqual(len(queries), 0)
        view_compress.assert_not_called()
        middleware.assert_not_called()
        self.assertEqual(second.content, stored)

    def test_the_page_is_compressed_deterministically_once(self):
        # No BREACH padding on the shared page (it holds no secret): the
        # same page compresses to the same bytes, whichever request rendered it.
        first = self.client.get(report_url(), **GZIP).content
        cache.clear()
        self.assertEqual(self.client.get(report_url(), **GZIP).content, first)


class DownloadTests(CompressionTestCase):
    def stored(self, name) -> SnapshotFile:
        return SnapshotFile.objects.get(report=self.report, name=name)

    def test_json_and_csv_downloads_are_compressed(self):
        for url, name in (
            (
                reverse("disclosure:report_json", args=[2022, SEED_UNIT]),
                snapshots.JSON,
            ),
            (
                reverse("disclosure:table_csv", args=[2022, SEED_UNIT, "t01"]),
                snapshots.table_file("t01"),
            ),
        ):
            with self.subTest(url=url):
                stored = self.stored(name)
                response = self.client.get(url, **GZIP)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Content-Encoding"], "gzip")
                self.assertEqual(
                    gzip.decompress(response.content), snapshots.read(stored)
                )
                self.assertIn("accept-encoding", vary(response))
                # A different representation: a weak ETag, and the digest of
                # the bytes actually sent.
                self.assertEqual(response["ETag"], f'W/"{stored.sha256}"')
                self.assertEqual(
                    response["Repr-Digest"], sha256_field(response.content)
                )
                self.assertEqual(int(response["Content-Length"]), len(response.content))

    def test_a_client_without_gzip_gets_the_stored_bytes_and_their_digest(self):
        stored = self.stored(snapshots.JSON)
        response = self.client.get(
            reverse("disclosure:report_json", args=[2022, SEED_UNIT])
        )
        self.assertFalse(response.has_header("Content-Encoding"))
        self.assertEqual(response.content, snapshots.read(stored))
        self.assertEqual(response["ETag"], f'"{stored.sha256}"')
        self.assertEqual(response["Repr-Digest"], sha256_field(response.content))

    def test_pdf_and_xlsx_go_out_as_stored_even_to_a_gzip_client(self):
        for url_name, name in (
            ("report_pdf", snapshots.PDF),
            ("report_xlsx", snapshots.XLSX),
        ):
            with self.subTest(name=name):
                stored = self.stored(name)
                response = self.client.get(
                    reverse(f"disclosure:{url_name}", args=[2022, SEED_UNIT]), **GZIP
                )
                self.assertFalse(response.has_header("Content-Encoding"))
                self.assertEqual(response.content, snapshots.read(stored))
                self.assertEqual(response["ETag"], f'"{stored.sha256}"')

    def test_the_year_zip_streams_uncompressed(self):
        response = self.client.get(reverse("disclosure:year_bulk", args=[2022]), **GZIP)
        self.assertTrue(response.streaming)
        self.assertFalse(response.has_header("Content-Encoding"))
        self.assertTrue(b"".join(response.streaming_content).startswith(b"PK"))


class OtherPageTests(CompressionTestCase):
    def test_html_pages_are_compressed_by_the_middleware(self):
        for url in ("/", reverse("disclosure:unit", args=[SEED_UNIT])):
            with self.subTest(url=url):
                plain = self.client.get(url)
                compressed = self.client.get(url, **GZIP)
                self.assertEqual(compressed["Content-Encoding"], "gzip")
                self.assertEqual(gzip.decompress(compressed.content), plain.content)
                self.assertFalse(plain.has_header("Content-Encoding"))
                self.assertIn("accept-encoding", vary(plain))
