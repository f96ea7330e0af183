"""审核 (consistency checks): run every registered rule over one report.

result = check_report(report)
result.errors      # failures that block submission
result.warnings    # failures that need a written explanation
"""

from dataclasses import dataclass

from disclosure.rules import content_rules, cross_rules, table_rules  # noqa: F401  (register)
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
    def blocking(self) -> bool:
        return bool(self.errors)

    def by_rule(self, rule_id: str) -> list[Finding]:
        return [f for f in self.findings if f.rule_id == rule_id]


def catalogue() -> list[Rule]:
    return sorted(REGISTRY.values(), key=lambda r: _sort_key(r.id))


def guarantees() -> list[Guarantee]:
    """The specification's relations that hold by construction, in catalogue order."""
    return sorted(GUARANTEES, key=lambda g: _sort_key(g.id))


FAMILY_ORDER = {"T": 0, "A": 1, "X": 2, "N": 3, "R": 4, "H": 5}


def _sort_key(rule_id: str):
    """Within-table rules first, then cross-table, narrative and text rules, numerically."""
    prefix, _, number = rule_id.partition("-")
    return (FAMILY_ORDER.get(prefix[0], 9), prefix, int(number))


def run_rules(ctx: RuleContext) -> CheckResult:
    findings = []
    for rule in catalogue():
        findings.extend(rule.run(ctx))
    return CheckResult(findings)


def check_report(report) -> CheckResult:
    """Build the report once (facts, tables, narrative), then run every rule over it."""
    from disclosure.document import build_document

    return run_rules(RuleContext.from_document(build_document(report)))
