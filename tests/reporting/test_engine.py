"""The reporting engine knows nothing of 决算: it imports none of the apps built on it."""

import ast
from pathlib import Path

from django.test import SimpleTestCase

ENGINE = Path(__file__).resolve().parents[2] / "reporting"
APPS = {"units", "disclosure", "performance", "demo"}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
    return roots


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
