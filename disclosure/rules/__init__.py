"""审核 (consistency checks): run every registered rule over one report.

result = check_report(report)
result.errors          # failures that block submission
result.warnings        # failures that need a written explanation
result.not_applicable  # rules the report's template gives nothing to check

A rule runs only where it applies (`Rule.applies_to(template, level, kind)`):
on a template without a table, section or part the rule needs, on a report of
another level (the 部门决算 rules) or of another kind (a 决算's completion
and year-end rules on a 预算, the 预算's B rules on a 决算), it is recorded
as not applicable, without running.
"""

from dataclasses import dataclass

from disclosure.rules import (  # noqa: F401  (register)
    budget_rules,
    content_rules,
    cross_rules,
    department_rules,
    table_rules,
)
from disclosure.rules.context import RuleContext
from disclosure.rules.guarantees import GUARANTEES, Guarantee
from reporting.rules import REGISTRY, Finding, Outcome, Rule, Severity

__all__ = [
    "REGISTRY",
    "CheckResult",
    "Finding",
    "GUARANTEES",
    "Guarantee",
    "Outcome",
    "Rule",
    "Severity",
    "check_report",
    "not_applicable_reason",
    "run_rules",
]


@dataclass(frozen=True)
class CheckResult:
    findings: list[Finding]

    def _failed(self, severity):
        return [f for f in self.findings if f.failed and f.severity == severity]

    @property
    def errors(self) -> list[Finding]:
        return self._failed(Severity.ERROR)

    @property
    def warnings(self) -> list[Finding]:
        return self._failed(Severity.WARNING)

    @property
    def infos(self) -> list[Finding]:
        return [
            f for f in self.findings if f.rounding or f.outcome == Outcome.INSUFFICIENT
        ]

    @property
    def not_applicable(self) -> list[Finding]:
        return [f for f in self.findings if f.outcome == Outcome.NOT_APPLICABLE]

    @property
    def blocking(self) -> bool:
        return bool(self.errors)

    def by_rule(self, rule_id: str) -> list[Finding]:
        return [f for f in self.findings if f.rule_id == rule_id]


def catalogue() -> list[Rule]:
    return sorted(REGISTRY.values(), key=lambda r: _sort_key(r.id))


def guarantees() -> list[Guarantee]:
    """The specification's relations that hold by construction, in catalogue order."""
    return sorted(GUARANTEES, key=lambda g: _sort_key(g.id))


FAMILY_ORDER = {"T": 0, "A": 1, "X": 2, "B": 3, "N": 4, "R": 5, "H": 6, "C": 7}


def _sort_key(rule_id: str):
    """Within-table rules first, then cross-table, 预算, narrative and text rules, numerically."""
    prefix, _, number = rule_id.partition("-")
    return (FAMILY_ORDER.get(prefix[0], 9), prefix, int(number))


def run_rules(ctx: RuleContext) -> CheckResult:
    findings = []
    for rule in catalogue():
        missing = rule.missing(ctx.template, ctx.level, ctx.kind)
        if missing:
            findings.append(
                rule.not_applicable(not_applicable_message(missing, ctx.kind))
            )
        else:
            findings.extend(rule.run(ctx))
    return CheckResult(findings)


def describe_need(need: str) -> str:
    """A need of `Rule.missing()` ("table:assets") in words: 《国有资产占用情况表》."""
    from disclosure.parts import PARTS
    from disclosure.report_templates import TEMPLATES

    kind, _, name = need.partition(":")
    if kind == "table":
        titles = [t.table(name).title for t in TEMPLATES.values() if t.table(name)]
        return f"《{titles[0]}》" if titles else name
    if kind == "section":
        headings = [
            t.narrative.section_headings[name]
            for t in TEMPLATES.values()
            if name in t.narrative.section_headings
        ]
        return f"情况说明“{headings[0]}”" if headings else name
    if kind == "part" and name in PARTS:
        return "、".join(describe_need(f"section:{k}") for k in PARTS[name].sections)
    return name


def not_applicable_reason(missing: list[str], kind: str | None = None) -> str:
    """Why a rule does not apply, from `Rule.missing()`: 无《国有资产占用情况表》.

    `kind` is the report's (or template's): a 部门决算 rule on a 预算 is
    for a 部门预算.
    """
    from disclosure.models import Report

    if missing and missing[0].startswith("level:"):
        level = Report.Level(missing[0].removeprefix("level:"))
        if kind == Report.Kind.BUDGET:
            return f"本规则只适用于{level.label.removesuffix('决算')}预算"
        return f"本规则只适用于{level.label}"
    if missing and missing[0].startswith("kind:"):
        needed = Report.Kind(missing[0].removeprefix("kind:"))
        return f"本规则只适用于{needed.label}"
    if missing and missing[0].startswith("template:"):
        return "规则只适用于其他模板"
    return "无" + "、".join(map(describe_need, missing))


def not_applicable_message(missing: list[str], kind: str | None = None) -> str:
    reason = not_applicable_reason(missing, kind)
    if reason.startswith("无"):
        return f"本模板{reason}，本规则不适用"
    return reason if reason.startswith("本") else f"本{reason}"


def check_report(report) -> CheckResult:
    """Load the report once (facts, figures, narrative), then run every rule over it."""
    return run_rules(RuleContext.for_report(report))
