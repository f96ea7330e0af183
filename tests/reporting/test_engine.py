"""The reporting engine knows nothing of 决算: it imports none of the apps built on it."""

from pathlib import Path

from django.test import SimpleTestCase

from tests.source_scan import imported_roots

ENGINE = Path(__file__).resolve().parents[2] / "reporting"
APPS = {"units", "disclosure", "performance", "demo"}


class EngineTests(SimpleTestCase):
    def test_no_engine_module_imports_an_app(self):
        modules = sorted(ENGINE.rglob("*.py"))
        self.assertGreater(len(modules), 5)
        offenders = {
            str(path.relative_to(ENGINE)): sorted(imported_roots(path) & APPS)
            for path in modules
            if imported_roots(path) & APPS
        }
        self.assertEqual(offenders, {})
