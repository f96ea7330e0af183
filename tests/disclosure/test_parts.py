"""Report parts of other apps: registered by them, never imported by disclosure."""

from pathlib import Path

from django.test import TestCase

from disclosure.parts import PARTS, section_writers
from tests.source_scan import imported_roots

DISCLOSURE = Path(__file__).resolve().parents[2] / "disclosure"


class PartTests(TestCase):
    def test_disclosure_never_imports_the_performance_app(self):
        offenders = [
            str(path.relative_to(DISCLOSURE))
            for path in DISCLOSURE.rglob("*.py")
            if "performance" in imported_roots(path)
        ]
        self.assertEqual(offenders, [])

    def test_the_performance_app_registers_its_part_section_and_rules(self):
        from disclosure.rules import REGISTRY

        self.assertIn("performance", PARTS)
        self.assertIn("performance", section_writers())
        self.assertTrue({"N9-1", "N9-2", "N9-3", "N9-4"} <= set(REGISTRY))
