"""Published files on an S3-compatible object store (settings: AWS_STORAGE_BUCKET_NAME).

The default storage is django-storages' S3Storage, with the options of
config/settings.py, pointed at moto's S3 server: a real HTTP server in its
own process, started once for this module. The tests publish a report, look
at the bucket with boto3 directly, and read the files back through the
public page and the downloads.
"""

import hashlib
import io
import os
import socket
import subprocess
import sys
import time
import zipfile

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from django.conf import settings
from django.core.files.storage import default_storage
from django.test import TestCase, override_settings
from django.urls import reverse
from storages.backends.s3 import S3Storage

from disclosure import public_cache, snapshots
from disclosure.models import Report, SnapshotFigures, SnapshotFile
from disclosure.workflow import (
    TransitionRefused,
    report_approve,
    report_publish,
    report_submit,
)
from tests.disclosure.test_workflow import ATTESTATION, person
from tests.factories import UnitFactory
from tests.scenarios import consistent_report
from units.models import Membership

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
server = {"endpoint": ""}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module", autouse=True)
def s3_server():
    """moto's S3 server on a free port, for every test of this module."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("moto's S3 server did not start")
            time.sleep(0.1)
    server["endpoint"] = f"http://127.0.0.1:{port}"
    yield
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def s3_client():
    return boto3.client(
        "s3",
        endpoint_url=server["endpoint"],
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}),
        **CREDENTIALS,
    )


def s3_storages(bucket: str, endpoint: str = "", **options) -> dict:
    """STORAGES with the default storage on `bucket`, as settings.py configures it."""
    return {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": endpoint or server["endpoint"],
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "region_name": "us-east-1",
                "addressing_style": "path",
                "location": "",
                "file_overwrite": False,
                "default_acl": None,
                "querystring_auth": True,
                "max_memory_size": 10 * 1024 * 1024,
                **options,
            },
        },
    }


def use_storages(case, storages: dict, *, for_class: bool = False) -> None:
    override = override_settings(STORAGES=storages)
    override.enable()
    (case.addClassCleanup if for_class else case.addCleanup)(override.disable)


def approved_report():
    """A small consistent report, approved, and the reviewer who may publish it."""
    department = UnitFactory(code="D100", name="示例市城市管理局")
    report = consistent_report()
    report.unit.parent = department
    report.unit.save()
    preparer = person("kuaiji", "填报人", report.unit, Membership.Role.PREPARER)
    reviewer = person("shenhe", "审核人", department, Membership.Role.REVIEWER)
    report_submit(report, preparer)
    report_approve(report, reviewer, ATTESTATION)
    return report, reviewer


class S3TestCase(TestCase):
    """A bucket of the class's own on the server; the report's data per class."""

    bucket = ""

    @classmethod
    def setUpClass(cls):
        cls.s3 = s3_client()
        cls.s3.create_bucket(Bucket=cls.bucket)
        use_storages(cls, s3_storages(cls.bucket), for_class=True)
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        cls.report, cls.reviewer = approved_report()

    def objects(self, bucket: str = "") -> dict[str, bytes]:
        bucket = bucket or self.bucket
        listing = self.s3.list_objects_v2(Bucket=bucket)
        return {
            entry["Key"]: self.s3.get_object(Bucket=bucket, Key=entry["Key"])[
                "Body"
            ].read()
            for entry in listing.get("Contents", [])
        }

    def files(self) -> dict[str, SnapshotFile]:
        return {f.name: f for f in SnapshotFile.objects.filter(report=self.report)}

    def url(self, name: str, *extra) -> str:
        return reverse(f"disclosure:{name}", args=[2022, self.report.unit.code, *extra])


class PublicationTests(S3TestCase):
    bucket = "juesuan-publication"

    def setUp(self):
        # Each test publishes anew (its rows roll back): it starts from no object.
        for key in self.objects():
            self.s3.delete_object(Bucket=self.bucket, Key=key)

    def test_publishing_stores_every_snapshot_file_as_an_object_of_the_bucket(self):
        storage = SnapshotFile._meta.get_field("file").storage
        self.assertIsInstance(default_storage, S3Storage)
        self.assertIsInstance(storage, S3Storage)
        self.assertEqual(storage.bucket_name, self.bucket)
        report_publish(self.report, self.reviewer)
        files = self.files()
        self.assertLessEqual(
            {snapshots.PAGE, snapshots.JSON, snapshots.PDF, snapshots.XLSX}, set(files)
        )
        self.assertIn("tables/t01.csv", files)
        objects = self.objects()
        self.assertEqual(set(objects), {f.file.name for f in files.values()})
        for snapshot in files.values():
            content = objects[snapshot.file.name]
            self.assertEqual(hashlib.sha256(content).hexdigest(), snapshot.sha256)
            self.assertEqual(len(content), snapshot.size)
        # Nothing went to the local file system instead.
        for snapshot in files.values():
            local = os.path.join(settings.MEDIA_ROOT, snapshot.file.name)
            self.assertFalse(os.path.exists(local), local)

    def test_a_missing_bucket_refuses_publication_and_leaves_nothing(self):
        use_storages(self, s3_storages("no-such-bucket"))
        with self.assertLogs("disclosure.workflow", "ERROR"):
            with self.assertRaises(TransitionRefused) as refusal:
                report_publish(self.report, self.reviewer)
        message = str(refusal.exception)
        self.assertIn("公开失败", message)
        self.assertIn("存储错误：NoSuchBucket", message)
        self.assertIn("报告仍为“已审核”，没有公开，也没有留下任何文件", message)
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, Report.Status.APPROVED)
        self.assertIsNone(self.report.published_at)
        self.assertFalse(SnapshotFile.objects.filter(report=self.report).exists())
        self.assertFalse(SnapshotFigures.objects.filter(report=self.report).exists())
        buckets = {b["Name"] for b in self.s3.list_buckets()["Buckets"]}
        self.assertNotIn("no-such-bucket", buckets)
        self.assertEqual(self.objects(), {})

    def test_a_bucket_refusing_writes_midway_keeps_none_of_the_objects_written(self):
        RefusingStorage.budget = 3
        storages = s3_storages(self.bucket)
        storages["default"]["BACKEND"] = f"{__name__}.RefusingStorage"
        use_storages(self, storages)
        with self.assertLogs("disclosure.workflow", "ERROR"):
            with self.assertRaisesMessage(TransitionRefused, "存储错误：AccessDenied"):
                report_publish(self.report, self.reviewer)
        self.assertEqual(RefusingStorage.budget, 0)  # three objects were written
        self.assertEqual(self.objects(), {})
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, Report.Status.APPROVED)
        self.assertFalse(SnapshotFile.objects.filter(report=self.report).exists())


class RefusingStorage(S3Storage):
    """Writes `budget` objects, then gets the answer of a bucket refusing writes."""

    budget = 3

    def _save(self, name, content):
        if RefusingStorage.budget <= 0:
            raise ClientError(
                {"Error": {"Code": "AccessDenied", "Message": "Access Denied"}},
                "PutObject",
            )
        RefusingStorage.budget -= 1
        return super()._save(name, content)


class PublicReadingTests(S3TestCase):
    """One publication for the class; a test deleting an object puts it back."""

    bucket = "juesuan-public"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        report_publish(cls.report, cls.reviewer)

    def setUp(self):
        objects = self.objects()
        self.stored = {name: objects[f.file.name] for name, f in self.files().items()}

    def delete_object(self, name: str) -> None:
        key = self.files()[name].file.name
        self.s3.delete_object(Bucket=self.bucket, Key=key)
        self.addCleanup(
            self.s3.put_object, Bucket=self.bucket, Key=key, Body=self.stored[name]
        )
        public_cache.bump()

    def test_the_report_page_shows_the_stored_body_and_lists_every_download(self):
        response = self.client.get(self.url("report"))
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.stored[snapshots.PAGE], response.content)
        self.assertNotContains(response, "部分公开文件暂时无法提供")
        for url in (
            self.url("report_pdf"),
            self.url("report_xlsx"),
            self.url("report_json"),
            self.url("table_csv", "t01"),
        ):
            self.assertContains(response, f'href="{url}"')

    def test_every_download_serves_the_bytes_of_its_object(self):
        for url, name in (
            (self.url("report_pdf"), snapshots.PDF),
            (self.url("report_xlsx"), snapshots.XLSX),
            (self.url("report_json"), snapshots.JSON),
            (self.url("table_csv", "t01"), "tables/t01.csv"),
            (self.url("report_pdf_revision", 1), snapshots.PDF),
        ):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.content, self.stored[name])
                digest = hashlib.sha256(response.content).hexdigest()
                self.assertEqual(response["ETag"], f'"{digest}"')

    def test_the_year_zip_is_built_into_the_bucket_and_served_from_it(self):
        # The test settings run the build job inside the request.
        response = self.client.get(reverse("disclosure:year_bulk", args=[2022]))
        self.assertEqual(response.status_code, 200)
        served = b"".join(response.streaming_content)
        zips = {k: v for k, v in self.objects().items() if k.startswith("open-data/")}
        self.assertEqual(list(zips.values()), [served])
        code = self.report.unit.code
        with zipfile.ZipFile(io.BytesIO(served)) as archive:
            table = archive.read(f"2022/{code}/tables/t01.csv")
        self.assertEqual(table, self.stored["tables/t01.csv"])

    def test_the_page_checks_its_downloads_with_one_listing(self):
        requests = []
        events = default_storage.connection.meta.client.meta.events
        events.register(
            "before-send.s3", lambda request, **kw: requests.append(request)
        )
        self.client.get(self.url("report"))
        methods = sorted(r.method for r in requests)
        # The body is read (two HEADs and a GET, by django-storages and
        # s3transfer); the PDF, workbook, JSON and every CSV: one listing.
        self.assertEqual(methods, ["GET", "GET", "HEAD", "HEAD"])
        self.assertEqual(sum("delimiter=" in r.url for r in requests), 1)
        requests.clear()
        self.client.get(self.url("report"))
        self.assertEqual(requests, [])  # cached until the next publication

    def test_an_object_deleted_from_the_bucket_shows_as_unavailable(self):
        self.delete_object(snapshots.PDF)
        with self.assertLogs("disclosure.snapshots", "ERROR"):
            response = self.client.get(self.url("report"))
        self.assertContains(response, "以下文件暂时无法读取：PDF 全文。")
        self.assertNotContains(response, f'href="{self.url("report_pdf")}"')
        self.assertContains(response, f'href="{self.url("report_xlsx")}"')
        with self.assertLogs("disclosure.snapshots", "ERROR"):
            download = self.client.get(self.url("report_pdf"))
        self.assertContains(download, "暂时无法提供", status_code=503)

    def test_a_deleted_page_body_keeps_the_page_and_its_downloads(self):
        self.delete_object(snapshots.PAGE)
        with self.assertLogs("disclosure.snapshots", "ERROR"):
            response = self.client.get(self.url("report"))
        self.assertContains(response, "以下文件暂时无法读取：网页正文。")
        self.assertContains(response, f'href="{self.url("report_pdf")}"')

    def test_an_unreachable_store_makes_files_unavailable_not_a_500(self):
        # A port nobody listens on, and no retry: refused at once.
        config = Config(
            s3={"addressing_style": "path"},
            retries={"total_max_attempts": 1},
            connect_timeout=2,
        )
        endpoint = f"http://127.0.0.1:{free_port()}"
        use_storages(self, s3_storages(self.bucket, endpoint, client_config=config))
        public_cache.bump()
        with self.assertLogs("disclosure.snapshots", "ERROR"):
            response = self.client.get(self.url("report"))
        self.assertContains(response, "部分公开文件暂时无法提供")
        self.assertContains(response, "网页正文")
        self.assertContains(response, "PDF 全文")
        with self.assertLogs("disclosure.snapshots", "ERROR"):
            download = self.client.get(self.url("report_json"))
        self.assertEqual(download.status_code, 503)
