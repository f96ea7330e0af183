"""The 审核 rule registry: small rule objects, findings, and the rounding envelope.

A rule has an id (domain.md §3: T01-1, X-14, N5-4, H-1 …), a Chinese title, a
severity, a one-line description of what it checks, and a check function that
yields findings. Every finding has an outcome — pass, fail, or insufficient
data (a rule never guesses a missing figure) — and a message naming the
figures and the tables they come from.

A rule also says where it applies: the tables (by role), narrative sections
and report parts it needs, and optionally the only templates, the only
report levels, or the only report kinds, it is for. On a template without
one of them the rule is not run; its outcome is "not applicable", which
neither blocks nor warns. A template is anything with `code`, `table(role)`
(None when absent), `has_section(key)` and `has_part(name)`; a level and a
kind are plain strings the caller passes. This module knows nothing of any
kind of report.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

CENT_HALF = Decimal("0.005")


class Severity(models.TextChoices):
    ERROR = "error", _("错误")
    WARNING = "warning", _("警告")
    INFO = "info", _("提示")


class Outcome(models.TextChoices):
    PASS = "pass", _("通过")
    FAIL = "fail", _("未通过")
    INSUFFICIENT = "insufficient", _("数据不足")
    NOT_APPLICABLE = "not_applicable", _("不适用")


@dataclass(frozen=True)
class Finding:
    rule_id: str
    outcome: str
    severity: str
    message: str
    location: str = ""  # an anchor the admin links to, e.g. "t05" or "grid:basic"
    rounding: bool = False  # passed only thanks to the rounding envelope

    @property
    def failed(self) -> bool:
        return self.outcome == Outcome.FAIL

    @property
    def notable(self) -> bool:
        """Worth listing: a failure, or a pass that relied on the rounding envelope."""
        return self.failed or self.rounding


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: str
    description: str
    check: Callable[..., Iterable[Finding]]
    # Where the rule applies: every one of these must be in the report's template.
    tables: tuple[str, ...] = ()  # table roles ("summary", "three_public" …)
    sections: tuple[str, ...] = ()  # narrative section keys ("operating" …)
    parts: tuple[str, ...] = ()  # report parts ("performance" …)
    templates: tuple[str, ...] = ()  # template codes; empty: any template
    # Report levels ("department" …); empty: any. A report's own level, not
    # its template's: a layout may serve either level.
    levels: tuple[str, ...] = ()
    # Report kinds ("final", "budget"); empty: any. A 预算 stores its figures
    # in the 决算's facts, so a rule on what only a 决算 means (决算数
    # against 预算, year-end balances, 决算 narrative) names "final".
    kinds: tuple[str, ...] = ()

    def get_severity_display(self) -> str:
        return Severity(self.severity).label

    def missing(
        self, template, level: str | None = None, kind: str | None = None
    ) -> list[str]:
        """What the rule needs that `template` (or the report's `level` or `kind`) lacks.

        E.g. ["table:assets"], ["level:department"], ["kind:final"]. Without
        `level` or `kind` the template's own, if it has one, is taken.
        """
        if level is None:
            level = getattr(template, "level", None)
        if kind is None:
            kind = getattr(template, "kind", None)
        if self.levels and level not in self.levels:
            return [f"level:{self.levels[0]}"]
        if self.kinds and kind not in self.kinds:
            return [f"kind:{self.kinds[0]}"]
        if self.templates and template.code not in self.templates:
            return [f"template:{template.code}"]
        return [
            *(f"table:{r}" for r in self.tables if template.table(r) is None),
            *(f"section:{s}" for s in self.sections if not template.has_section(s)),
            *(f"part:{p}" for p in self.parts if not template.has_part(p)),
        ]

    def applies_to(
        self, template, level: str | None = None, kind: str | None = None
    ) -> bool:
        return not self.missing(template, level, kind)

    def run(self, ctx) -> list[Finding]:
        return list(self.check(ctx, self))

    # Finding constructors used by check functions.
    def passed(self, message: str = "", location: str = "") -> Finding:
        return Finding(self.id, Outcome.PASS, Severity.INFO, message, location)

    def failed(
        self, message: str, location: str = "", severity: str | None = None
    ) -> Finding:
        return Finding(
            self.id, Outcome.FAIL, severity or self.severity, message, location
        )

    def insufficient(self, message: str, location: str = "") -> Finding:
        return Finding(self.id, Outcome.INSUFFICIENT, Severity.INFO, message, location)

    def not_applicable(self, message: str = "") -> Finding:
        return Finding(self.id, Outcome.NOT_APPLICABLE, Severity.INFO, message)

    def equal(
        self,
        left: Decimal,
        right: Decimal,
        terms: int,
        message: str,
        location: str = "",
    ) -> Finding:
        """An identity over displayed amounts, with the rounding envelope of domain.md §3.1.

        `terms` is the number of displayed amounts on the computed side; a gap of
        at most 0.005·(terms+1) is a possible rounding difference (info), more is
        a failure at the rule's severity.
        """
        gap = abs(left - right)
        if gap == 0:
            return self.passed(message, location)
        if gap <= envelope(terms):
            return Finding(
                self.id,
                Outcome.PASS,
                Severity.INFO,
                f"{message}（相差 {gap}，可能为取整误差）",
                location,
                rounding=True,
            )
        return self.failed(f"{message}（相差 {gap}）", location)

    def at_most(
        self,
        part: Decimal,
        whole: Decimal,
        terms: int,
        message: str,
        location: str = "",
    ) -> Finding:
        """A part ≤ whole relation; exceeding the whole inside the envelope is info."""
        excess = part - whole
        if excess <= 0:
            return self.passed(message, location)
        if excess <= envelope(terms):
            return Finding(
                self.id,
                Outcome.PASS,
                Severity.INFO,
                f"{message}（超出 {excess}，可能为取整误差）",
                location,
                rounding=True,
            )
        return self.failed(f"{message}（超出 {excess}）", location)


def collect(
    rule: Rule, findings: Iterable[Finding], pass_message: str, location: str = ""
):
    """The notable findings of a many-part check, or one pass when there are none."""
    notable = [f for f in findings if f.notable]
    return notable or [rule.passed(pass_message, location)]


def terms(values) -> int:
    """How many displayed amounts a sum adds: zeros and blanks are exact, so they don't count."""
    return sum(1 for v in values if v)


def envelope(terms: int) -> Decimal:
    return CENT_HALF * (terms + 1)


REGISTRY: dict[str, Rule] = {}


def rule(
    rule_id: str,
    title: str,
    severity: str,
    description: str,
    *,
    tables: tuple[str, ...] = (),
    sections: tuple[str, ...] = (),
    parts: tuple[str, ...] = (),
    templates: tuple[str, ...] = (),
    levels: tuple[str, ...] = (),
    kinds: tuple[str, ...] = (),
):
    """Register a check function as a rule. The function takes (ctx, rule) and yields findings.

    `tables`, `sections`, `parts`, `templates`, `levels` and `kinds` say
    where the rule applies (see `Rule.missing`).
    """

    def register(check: Callable[..., Iterator[Finding]]):
        if rule_id in REGISTRY:
            raise ValueError(f"duplicate rule id {rule_id}")
        REGISTRY[rule_id] = Rule(
            rule_id,
            title,
            severity,
            description,
            check,
            tables=tuple(tables),
            sections=tuple(sections),
            parts=tuple(parts),
            templates=tuple(templates),
            levels=tuple(levels),
            kinds=tuple(kinds),
        )
        return check

    return register
