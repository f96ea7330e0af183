"""Rules know where they apply: on a template without what a rule needs, it is not applicable."""

from dataclasses import replace
from types import SimpleNamespace
from unittest import mock

from django.test import TestCase
from django.urls import reverse

from disclosure.models import Report
from disclosure.report_templates import (
    JIANGXI_2022_UNIT,
    JIANGXI_2023_UNIT_BUDGET,
    TEMPLATES,
)
from disclosure.rules import REGISTRY, Outcome, check_report, not_applicable_reason
from disclosure.workflow import submission_gate
from reporting.rules import Rule, Severity
from tests.disclosure.test_review_admin import check_url, preparer_of
from tests.scenarios import consistent_report

WITHOUT_ASSETS = {"three_public", "assets"}
WITHOUT_SECTIONS = {"operating", "performance"}
DEPARTMENT_RULES = sum(1 for r in REGISTRY.values() if r.levels == ("department",))
BUDGET_RULES = sum(1 for r in REGISTRY.values() if r.kinds == ("budget",))


def smaller_template(code="test_nine"):
    """江西 2022 without the “三公” and assets tables and without §六 and §九."""
    jx = JIANGXI_2022_UNIT
    return replace(
        jx,
        code=code,
        name="测试模板（无“三公”表和资产表）",
        tables=tuple((d, b) for d, b in jx.tables if d.role not in WITHOUT_ASSETS),
        narrative=replace(
            jx.narrative,
            headings=tuple(
                (key, heading)
                for key, heading in jx.narrative.headings
                if key not in WITHOUT_SECTIONS
            ),
        ),
    )


def registered(template):
    return mock.patch.dict(TEMPLATES, {template.code: template})


class AppliesToTests(TestCase):
    def rule(self, **needs):
        return Rule("Z-1", "测试", Severity.ERROR, "", lambda ctx, rule: [], **needs)

    def layout(self, tables=(), sections=(), parts=(), code="any"):
        return SimpleNamespace(
            code=code,
            table=lambda role: object() if role in tables else None,
            has_section=lambda key: key in sections,
            has_part=lambda name: name in parts,
        )

    def test_a_rule_applies_only_where_the_template_has_all_it_needs(self):
        rule = self.rule(tables=("a", "b"), sections=("s",), parts=("p",))
        self.assertTrue(rule.applies_to(self.layout(("a", "b"), ("s",), ("p",))))
        self.assertFalse(rule.applies_to(self.layout(("a",), ("s",), ("p",))))
        self.assertEqual(
            rule.missing(self.layout(("a",), (), ("p",))), ["table:b", "section:s"]
        )

    def test_a_rule_for_some_templates_does_not_apply_to_others(self):
        rule = self.rule(templates=("sh2024",))
        self.assertTrue(rule.applies_to(self.layout(code="sh2024")))
        self.assertFalse(rule.applies_to(self.layout(code="jx2022_unit")))

    def test_every_rule_applies_to_the_jiangxi_template_of_its_kind(self):
        templates = {"final": JIANGXI_2022_UNIT, "budget": JIANGXI_2023_UNIT_BUDGET}
        for rule in REGISTRY.values():
            template = templates[rule.kinds[0] if rule.kinds else "final"]
            for level in rule.levels or ("unit",):
                self.assertTrue(rule.applies_to(template, level), rule.id)

    def test_a_rule_for_one_kind_of_report_does_not_apply_to_the_other(self):
        rule = self.rule(kinds=("final",))
        self.assertTrue(rule.applies_to(self.layout(), "unit", "final"))
        self.assertEqual(rule.missing(self.layout(), "unit", "budget"), ["kind:final"])
        self.assertEqual(not_applicable_reason(["kind:final"]), "本规则只适用于决算")
        self.assertEqual(not_applicable_reason(["kind:budget"]), "本规则只适用于预算")

    def test_without_a_kind_the_templates_own_is_taken(self):
        rule = self.rule(kinds=("budget",))
        self.assertTrue(rule.applies_to(JIANGXI_2023_UNIT_BUDGET))
        self.assertEqual(rule.missing(JIANGXI_2022_UNIT), ["kind:budget"])
        # The report's kind wins over its template's.
        self.assertFalse(rule.applies_to(JIANGXI_2023_UNIT_BUDGET, "unit", "final"))

    def test_a_rule_for_department_reports_does_not_apply_to_a_unit_report(self):
        rule = self.rule(levels=("department",))
        self.assertTrue(rule.applies_to(self.layout(), "department"))
        self.assertEqual(rule.missing(self.layout(), "unit"), ["level:department"])
        self.assertEqual(
            not_applicable_reason(["level:department"]), "本规则只适用于部门决算"
        )

    def test_rules_name_only_roles_and_sections_some_template_has(self):
        templates = TEMPLATES.values()
        for rule in REGISTRY.values():
            for role in rule.tables:
                self.assertTrue(any(t.table(role) for t in templates), (rule.id, role))
            for key in rule.sections:
                self.assertTrue(any(t.has_section(key) for t in templates), rule.id)


class SmallerTemplateTests(TestCase):
    def setUp(self):
        self.template = smaller_template()
        self.report = consistent_report()
        Report.objects.filter(pk=self.report.pk).update(
            template_variant=self.template.code
        )
        self.report.refresh_from_db()

    def test_checking_a_report_on_it_runs_without_error(self):
        with registered(self.template):
            result = check_report(self.report)
        outcomes = {f.rule_id: f.outcome for f in result.findings}
        for rule_id in ("X-16", "X-17", "X-18", "N6-1", "N6-2", "N9-1", "N9-4", "N9-5"):
            with self.subTest(rule_id):
                self.assertEqual(outcomes[rule_id], Outcome.NOT_APPLICABLE)
                self.assertEqual(len(result.by_rule(rule_id)), 1)
        self.assertIn("国有资产占用情况表", result.by_rule("X-18")[0].message)
        self.assertEqual(outcomes["X-14"], Outcome.PASS)
        self.assertEqual(result.errors, [])
        self.assertEqual(result.warnings, [])
        # Ten rules need what this layout lacks; the 部门决算 rules are not
        # for a unit's report, nor the 预算 rules for a 决算.
        self.assertEqual(
            len(result.not_applicable), 10 + DEPARTMENT_RULES + BUDGET_RULES
        )

    def test_a_rule_that_does_not_apply_neither_blocks_nor_warns(self):
        # Breaks X-18 (vehicles held, none in the assets) and N6-1 on 江西 2022.
        self.report.assets.vehicles_other = 0
        self.report.assets.save()
        Report.objects.filter(pk=self.report.pk).update(
            template_variant=JIANGXI_2022_UNIT.code
        )
        self.assertFalse(submission_gate(self.report).open)
        Report.objects.filter(pk=self.report.pk).update(
            template_variant=self.template.code
        )
        self.report.refresh_from_db()
        with registered(self.template):
            gate = submission_gate(self.report)
        self.assertTrue(gate.open, gate.reasons())
        self.assertNotIn("X-18", [f.rule_id for f in gate.result.infos])

    def test_the_admin_check_page_lists_the_rules_that_do_not_apply(self):
        self.client.force_login(preparer_of(self.report.unit))
        with registered(self.template):
            response = self.client.get(check_url(self.report))
        self.assertContains(response, "不适用的规则")
        self.assertContains(response, "X-18 不适用")
        shown = len(REGISTRY) - 10 - DEPARTMENT_RULES - BUDGET_RULES
        self.assertContains(response, f"共运行 {shown} 条审核规则")


class CatalogueTests(TestCase):
    def test_the_catalogue_shows_per_template_which_rules_run(self):
        template = smaller_template()
        with registered(template):
            response = self.client.get(reverse("disclosure:rules"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, template.name)
        self.assertContains(response, JIANGXI_2022_UNIT.name)
        cells = response.context["rows"]
        by_id = {row["rule"].id: row["cells"] for row in cells}
        codes = [t.code for t in response.context["templates"]]
        smaller, jx = codes.index(template.code), codes.index(JIANGXI_2022_UNIT.code)
        self.assertFalse(by_id["X-18"][smaller]["applies"])
        self.assertEqual(by_id["X-18"][smaller]["reason"], "无《国有资产占用情况表》")
        self.assertTrue(by_id["X-18"][jx]["applies"])
        self.assertTrue(by_id["X-14"][smaller]["applies"])
        self.assertContains(response, "不适用：无《国有资产占用情况表》")

    def test_the_catalogue_shows_which_rules_run_on_the_budget_templates(self):
        response = self.client.get(reverse("disclosure:rules"))
        self.assertEqual(response.status_code, 200)
        codes = [t.code for t in response.context["templates"]]
        by_id = {row["rule"].id: row["cells"] for row in response.context["rows"]}
        unit, dept = (
            codes.index("jx2023_unit_budget"),
            codes.index("jx2023_dept_budget"),
        )
        final = codes.index(JIANGXI_2022_UNIT.code)
        self.assertContains(response, JIANGXI_2023_UNIT_BUDGET.short_name)
        for rule_id in ("B-1", "B-2", "B-3", "B-4", "B-5", "B-6", "X-12", "X-14"):
            with self.subTest(rule_id):
                self.assertTrue(by_id[rule_id][unit]["applies"])
                self.assertTrue(by_id[rule_id][dept]["applies"])
        for rule_id in ("T01-5", "T04-8", "X-16", "X-19", "R-1"):
            with self.subTest(rule_id):
                cell = by_id[rule_id][unit]
                self.assertFalse(cell["applies"])
                self.assertEqual(cell["reason"], "本规则只适用于决算")
        self.assertEqual(by_id["B-1"][final]["reason"], "本规则只适用于预算")
        self.assertEqual(by_id["C-1"][unit]["reason"], "本规则只适用于部门预算")
        self.assertTrue(by_id["C-1"][dept]["applies"])
        self.assertContains(response, "不适用：本规则只适用于决算")
