"""The figures layer: named figures, defined once, read by name, laid out by the tables."""

import ast
import re
import tempfile
from decimal import Decimal as D
from pathlib import Path

from django.test import TestCase

from disclosure.figures import DEFINITIONS, Figures
from disclosure.selectors import load_report_data
from disclosure.tables import build_tables
from tests.scenarios import consistent_report

ROOT = Path(__file__).resolve().parents[2]
# The 审核 rules: they read figures by name and name a table only through the
# report's template (RuleContext.where / anchor), never by a number of their own.
RULE_MODULES = (
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "disclosure/rules").glob("*.py")),
    "performance/rules.py",
)
# Modules that read a report's figures and must never address a table by its
# number: they serve every layout.
FIGURE_READERS = (
    "disclosure/narrative.py",
    "disclosure/narrative_funds.py",
    "disclosure/importers/xlsx.py",
    "disclosure/charts.py",
    "disclosure/comparisons.py",
    "disclosure/figures.py",
    "performance/narrative.py",
    *RULE_MODULES,
)
# A table's name or page anchor in one numbering: 公开05表, t05.
TABLE_NAME = re.compile(r"公开\d{1,2}表")
TABLE_ANCHOR = re.compile(r"t\d{2}")


def docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring constants of `tree`: documentation may give an example."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(
            node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
        ):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
            ):
                found.add(id(body[0].value))
    return found


def table_names(path: Path) -> list[str]:
    """String literals in `path` (docstrings aside) that name a table by its number."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = docstrings(tree)
    return [
        f"{path.name}:{node.lineno} {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and (TABLE_NAME.search(node.value) or TABLE_ANCHOR.fullmatch(node.value))
    ]


def table_addressing(path: Path) -> list[str]:
    """Places in `path` that look a table up by number ("01" … "19") or by its tables."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and len(node.value) == 2
            and node.value.isdigit()
            and 1 <= int(node.value) <= 19
        ):
            found.append(f"{path.name}:{node.lineno} {node.value!r}")
        if isinstance(node, ast.Attribute) and node.attr in (
            "tables_by_number",
            "prior_tables",
        ):
            found.append(f"{path.name}:{node.lineno} .{node.attr}")
    return found


class NoTableNumbersTests(TestCase):
    def test_figure_readers_never_address_a_table_by_its_number(self):
        for name in FIGURE_READERS:
            with self.subTest(module=name):
                self.assertEqual(table_addressing(ROOT / name), [])

    def test_the_readers_never_name_a_table_by_its_number(self):
        self.assertIn("disclosure/rules/cross_rules.py", RULE_MODULES)
        for name in FIGURE_READERS:
            with self.subTest(module=name):
                self.assertEqual(table_names(ROOT / name), [])

    def test_the_check_finds_a_table_named_by_its_number(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "rule.py"
            path.write_text(
                '"""Reads 公开05表 (an example)."""\n'
                'm = f"公开05表 合计 {x}"\n'
                'n = "本年支出（公开1表）"\n'
                'location = "t05"\n'
                'fine = "tax"\n',
                encoding="utf-8",
            )
            self.assertEqual(len(table_names(path)), 3)

    def test_the_check_finds_an_address_by_number(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "reader.py"
            path.write_text(
                'x = tables["05"].value("total", "basic")\ny = doc.tables_by_number\n',
                encoding="utf-8",
            )
            self.assertEqual(len(table_addressing(path)), 2)


class FiguresTests(TestCase):
    def setUp(self):
        self.report = consistent_report()
        self.data = load_report_data(self.report)
        self.figures = Figures(self.data)

    def test_each_figure_is_computed_once_and_kept(self):
        first = self.figures["expenditure_by_kind"]
        self.assertIs(self.figures["expenditure_by_kind"], first)

    def test_an_unknown_figure_is_a_key_error_naming_it(self):
        with self.assertRaisesMessage(KeyError, "没有名为 no_such_figure 的指标"):
            self.figures["no_such_figure"]

    def test_every_definition_computes_on_a_small_report(self):
        for name in DEFINITIONS:
            with self.subTest(figure=name):
                self.figures[name]

    def test_the_summary_tables_lay_out_the_figures(self):
        tables = {t.code[2:4]: t for t in build_tables(self.data, self.figures)}
        f = self.figures
        self.assertEqual(f["income_total"], D("111.00"))
        self.assertEqual(tables["01"].value("in_total", "amount"), f["income_total"])
        self.assertEqual(
            tables["01"].value("ex_grand", "amount"), f["expenditure_grand_total"]
        )
        self.assertEqual(
            tables["04"].value("ex_total", "total"), f["fiscal_expenditure_total"]
        )
        self.assertEqual(
            tables["09"].value("row", "actual_total"),
            f["three_public"]["actual_total"],
        )
        self.assertEqual(
            tables["06"].value("301", "amount"), f["basic_by_economic_class"]["301"]
        )

    def test_a_group_not_entered_is_none_not_zero(self):
        from tests.factories import ReportFactory

        figures = Figures(load_report_data(ReportFactory()))
        self.assertIsNone(figures["three_public"])
        self.assertIsNone(figures["opening_total"])
        self.assertIsNone(figures["vehicles_total"])
        self.assertEqual(figures.amount("opening_total"), D("0"))


class RoleTests(TestCase):
    def test_every_table_of_every_template_has_a_distinct_role(self):
        from disclosure.report_templates import TEMPLATES

        for template in TEMPLATES.values():
            with self.subTest(template=template.code):
                roles = [d.role for d in template.definitions]
                self.assertTrue(all(roles))
                self.assertEqual(len(roles), len(set(roles)))
                for role in roles:
                    self.assertEqual(template.table(role).role, role)
                self.assertIsNone(template.table("no_such_table"))
