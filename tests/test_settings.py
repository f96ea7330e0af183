"""Production settings: `check --deploy` is clean, and every variable is documented."""

import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import mock

import environ
from django.conf import settings
from django.test import SimpleTestCase

from config.settings import cache_from_url

BASE_DIR = Path(settings.BASE_DIR)
SETTINGS_FILE = BASE_DIR / "config" / "settings.py"
# Every `env.<cast>("NAME"` call in settings.py, across line breaks.
ENV_READ = re.compile(r"env\.\w+\(\s*\"([A-Z][A-Z0-9_]*)\"")


def production_env(**overrides) -> dict:
    """The environment of a production process: nothing from this test run leaks in."""
    read_by_settings = set(ENV_READ.findall(SETTINGS_FILE.read_text()))
    env = {k: v for k, v in os.environ.items() if k not in read_by_settings}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # Set by tests/conftest.py for the browser tests; never in production.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "juesuan.example.gov.cn,127.0.0.1,localhost",
            "DATABASE_URL": "postgres://jsgk:secret@db:5432/jsgk",
        }
    )
    env.update(overrides)
    return env


def manage(*args, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


class DeployCheckTests(SimpleTestCase):
    def test_check_deploy_reports_no_issue_with_production_variables(self):
        result = manage(
            "check", "--deploy", "--fail-level", "WARNING", env=production_env()
        )

        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("System check identified no issues", result.stdout)

    def test_check_deploy_flags_debug_mode_so_the_check_above_can_fail(self):
        env = production_env(DEBUG="true")
        del env["SECRET_KEY"]

        result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

        self.assertNotEqual(result.returncode, 0)
        self.assertIn("security.W018", result.stderr)
        self.assertIn("security.W009", result.stderr)

    def test_production_refuses_to_start_without_a_secret_key(self):
        env = production_env()
        del env["SECRET_KEY"]

        result = manage("check", env=env)

        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY", result.stderr)


class CollectstaticTests(SimpleTestCase):
    def test_production_static_files_collect_into_a_hashed_manifest(self):
        # The manifest storage fails on any CSS reference to a missing file; the
        # Docker build and the compose start both run this command.
        with tempfile.TemporaryDirectory() as static_root:
            result = manage(
                "collectstatic",
                "--noinput",
                env=production_env(STATIC_ROOT=static_root),
            )

            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertTrue(Path(static_root, "staticfiles.json").exists())
            self.assertTrue(any(Path(static_root, "admin", "css").glob("base.*.css")))


class EnvExampleTests(SimpleTestCase):
    def test_env_example_documents_every_variable_settings_reads(self):
        read_by_settings = set(ENV_READ.findall(SETTINGS_FILE.read_text()))
        example = (BASE_DIR / ".env.example").read_text()
        documented = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", example, re.MULTILINE))

        self.assertGreaterEqual(len(read_by_settings), 15)
        self.assertEqual(read_by_settings - documented, set())

    def test_the_example_hosts_let_the_container_health_check_in(self):
        example = (BASE_DIR / ".env.example").read_text()
        hosts = re.search(r"^ALLOWED_HOSTS=(.*)$", example, re.MULTILINE).group(1)

        self.assertIn("127.0.0.1", hosts.split(","))


# Prints the default storage's settings, the class it builds (without asking it
# anything), and whether the S3 client got imported by the project's modules.
SHOW_STORAGE = """
import json, sys
import config.urls
from django.conf import settings
from django.core.files.storage import default_storage
print(json.dumps({
    "default": settings.STORAGES["default"],
    "class": default_storage.__class__.__name__,
    "boto": sorted(m for m in sys.modules if m.split(".")[0] in ("boto3", "botocore")),
}))
"""


class StorageSettingsTests(SimpleTestCase):
    def show_storage(self, **env) -> dict:
        result = manage("shell", "-c", SHOW_STORAGE, env=production_env(**env))
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout.strip().splitlines()[-1])

    def test_without_a_bucket_files_stay_on_the_file_system_without_boto3(self):
        shown = self.show_storage(AWS_S3_ENDPOINT_URL="http://minio:9000")

        self.assertEqual(shown["class"], "FileSystemStorage")
        self.assertEqual(shown["boto"], [])

    def test_a_bucket_name_puts_files_on_s3_configured_from_the_environment(self):
        shown = self.show_storage(
            AWS_STORAGE_BUCKET_NAME="juesuan",
            AWS_S3_ENDPOINT_URL="http://minio:9000",
            AWS_ACCESS_KEY_ID="minio-user",
            AWS_SECRET_ACCESS_KEY="minio-password",
            AWS_LOCATION="site1",
        )

        self.assertEqual(shown["class"], "S3Storage")
        self.assertEqual(
            shown["default"],
            {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": "juesuan",
                    "endpoint_url": "http://minio:9000",
                    "access_key": "minio-user",
                    "secret_key": "minio-password",
                    "region_name": None,
                    "addressing_style": "path",
                    "location": "site1",
                    "file_overwrite": False,
                    "default_acl": None,
                    "querystring_auth": True,
                    "max_memory_size": 10 * 1024 * 1024,
                },
            },
        )


# Django's own RedisCache, carrying on without Redis (config/cache.py).
REDIS_CACHE = "config.cache.TolerantRedisCache"


class CacheUrlTests(SimpleTestCase):
    def test_a_redis_url_selects_djangos_own_redis_cache(self):
        for url, location in (
            ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
            ("redis://:secret@redis:6379/1", "redis://:secret@redis:6379/1"),
            ("rediss://cache.example:6380/0", "rediss://cache.example:6380/0"),
        ):
            with self.subTest(url=url):
                config = cache_from_url(url)
                self.assertEqual(config["BACKEND"], REDIS_CACHE)
                self.assertEqual(config["LOCATION"], location)

    def test_it_stays_djangos_even_when_django_redis_is_importable(self):
        # django-environ picks django_redis for redis:// when it can import it.
        schemes = {
            **environ.Env.CACHE_SCHEMES,
            "redis": "django_redis.cache.RedisCache",
        }
        with mock.patch.object(environ.Env, "CACHE_SCHEMES", schemes):
            config = cache_from_url("redis://127.0.0.1:6379/0")
        self.assertEqual(config["BACKEND"], REDIS_CACHE)

    def test_options_in_the_url_are_passed_in_lower_case(self):
        config = cache_from_url("redis://127.0.0.1:6379/0?socket_timeout=2")
        self.assertEqual(
            config["OPTIONS"], {"socket_timeout": 2, "socket_connect_timeout": 1}
        )

    def test_a_silent_redis_costs_a_second_at_most(self):
        config = cache_from_url("redis://127.0.0.1:6379/0")
        self.assertEqual(
            config["OPTIONS"], {"socket_timeout": 1, "socket_connect_timeout": 1}
        )

    def test_other_urls_keep_django_environs_backends(self):
        for url, backend in (
            ("locmemcache://", "django.core.cache.backends.locmem.LocMemCache"),
            ("dummycache://", "django.core.cache.backends.dummy.DummyCache"),
            ("dbcache://django_cache", "django.core.cache.backends.db.DatabaseCache"),
        ):
            with self.subTest(url=url):
                self.assertEqual(cache_from_url(url)["BACKEND"], backend)

    def test_the_settings_read_cache_url_and_default_to_a_per_process_cache(self):
        code = "from django.conf import settings; print(settings.CACHES['default'])"
        redis = manage(
            "shell",
            "-c",
            code,
            env=production_env(CACHE_URL="redis://127.0.0.1:6379/0"),
        )
        local = manage("shell", "-c", code, env=production_env())

        self.assertEqual(redis.returncode, 0, redis.stderr)
        self.assertIn(f"'BACKEND': '{REDIS_CACHE}'", redis.stdout)
        self.assertIn("'LOCATION': 'redis://127.0.0.1:6379/0'", redis.stdout)
        self.assertIn("locmem.LocMemCache", local.stdout)
