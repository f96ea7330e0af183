"""The health check used by docker-compose and load balancers, and the compose file."""

import shutil
import subprocess
import tempfile
from pathlib import Path
from unittest import skipUnless

from django.conf import settings
from django.test import SimpleTestCase, TestCase, override_settings

BASE_DIR = Path(settings.BASE_DIR)
DOCKER_COMPOSE = shutil.which("docker-compose")


class HealthzTests(TestCase):
    def test_it_answers_ok_when_the_database_answers(self):
        response = self.client.get("/healthz")

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok", "database": "ok"})
        self.assertIn("no-cache", response["Cache-Control"])

    def test_it_only_answers_get(self):
        self.assertEqual(self.client.post("/healthz").status_code, 405)

    @override_settings(SECURE_SSL_REDIRECT=True)
    def test_it_is_reachable_over_plain_http_when_https_is_enforced(self):
        self.assertEqual(self.client.get("/healthz").status_code, 200)
        self.assertEqual(self.client.get("/admin/login/").status_code, 301)


@skipUnless(DOCKER_COMPOSE, "docker-compose is not installed")
class ComposeFileTests(SimpleTestCase):
    def compose_config(self, env_text: str) -> subprocess.CompletedProcess:
        # The compose file reads .env next to it; validate against a copy so a
        # developer's own .env is neither needed nor used.
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(BASE_DIR / "docker-compose.yml", tmp)
            shutil.copy(BASE_DIR / "Dockerfile", tmp)
            Path(tmp, ".env").write_text(env_text)
            return subprocess.run(
                [DOCKER_COMPOSE, "config", "-q"],
                cwd=tmp,
                capture_output=True,
                text=True,
                timeout=60,
            )

    def test_the_compose_file_validates_with_the_example_environment(self):
        result = self.compose_config((BASE_DIR / ".env.example").read_text())

        self.assertEqual(result.returncode, 0, result.stderr)

    def test_the_stack_has_its_database_cache_object_store_web_and_worker(self):
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(BASE_DIR / "docker-compose.yml", tmp)
            shutil.copy(BASE_DIR / "Dockerfile", tmp)
            shutil.copy(BASE_DIR / ".env.example", Path(tmp, ".env"))
            result = subprocess.run(
                [DOCKER_COMPOSE, "config", "--services"],
                cwd=tmp,
                capture_output=True,
                text=True,
                timeout=60,
            )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertLessEqual(
            {"db", "redis", "minio", "web", "worker"}, set(result.stdout.split())
        )

    def test_a_broken_compose_file_is_noticed(self):
        with tempfile.TemporaryDirectory() as tmp:
            Path(tmp, "docker-compose.yml").write_text(
                "services:\n  web:\n    depends_on: 5\n"
            )
            result = subprocess.run(
                [DOCKER_COMPOSE, "config", "-q"],
                cwd=tmp,
                capture_output=True,
                text=True,
                timeout=60,
            )

        self.assertNotEqual(result.returncode, 0)
