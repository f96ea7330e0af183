"""Scores and grades of a project self-evaluation (domain.md §5).

Suggested score of an indicator, from its direction:

* positive (正向, "≥ target is good"):  min(actual / target, 1) × weight
* reverse (反向, "≤ target is good"):   min(target / actual, 1) × weight
* qualitative (定性): the full weight when the actual wording says the goal
  was reached, 0 when it says it was not, no suggestion when it is unclear.

Budget execution (预算执行) scores weight × min(执行数 / 全年预算数, 1). Every
score is computed from unrounded ratios and rounded once, half up, to two
decimals. The accountant may replace a suggestion with a reasoned score; the
total is the execution score plus every indicator score.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from performance.parsing import LE, Parsed, comparable, format_number, in_common_unit
from reporting.money import ZERO, percentage, round_half_up

ONE = Decimal(1)
FULL_MARKS = Decimal(100)
RATE_PLACES = 2  # 执行率 is printed with two decimals (99.99%)


class Direction(models.TextChoices):
    POSITIVE = "positive", _("正向")
    REVERSE = "reverse", _("反向")
    QUALITATIVE = "qualitative", _("定性")


class Grade(models.TextChoices):
    EXCELLENT = "优", _("优")
    GOOD = "良", _("良")
    PASS = "合格", _("合格")
    FAIL = "不合格", _("不合格")


# Lower bounds, highest first. "60 分以上至 80 分，不含 80 分": 以上 includes 60.
GRADE_BANDS = (
    (Decimal(90), Grade.EXCELLENT),
    (Decimal(80), Grade.GOOD),
    (Decimal(60), Grade.PASS),
)


def grade(total: Decimal) -> Grade:
    """优 ≥ 90; 良 80 to under 90; 合格 60 to under 80; 不合格 under 60."""
    if not isinstance(total, Decimal):
        raise TypeError(f"grade expects Decimal, got {type(total).__name__}")
    for bound, band in GRADE_BANDS:
        if total >= bound:
            return band
    return Grade.FAIL


@dataclass(frozen=True)
class Suggestion:
    """A suggested score, or None with the reason no formula applies."""

    score: Decimal | None
    basis: str

    def __str__(self) -> str:
        if self.score is None:
            return f"无建议得分：{self.basis}"
        return f"{format_number(self.score)}（{self.basis}）"


def infer_direction(target: Parsed, cost: bool = False) -> Direction:
    """The direction a target suggests: words → 定性; "≤" or a cost → 反向; else 正向."""
    if target.is_qualitative:
        return Direction.QUALITATIVE
    if target.operator == LE or cost:
        return Direction.REVERSE
    return Direction.POSITIVE


def suggest(
    direction: str, target: Parsed, actual: Parsed, weight: Decimal
) -> Suggestion:
    if direction == Direction.QUALITATIVE:
        return _qualitative(actual, weight)
    if not target.is_number:
        return Suggestion(None, f"年度指标值“{target.text}”不是数值，不能按公式计分")
    if not actual.is_number:
        return Suggestion(None, f"实际完成值“{actual.text}”不是数值，不能按公式计分")
    if not comparable(target, actual):
        return Suggestion(
            None,
            f"年度指标值的单位“{target.unit}”与实际完成值的单位“{actual.unit}”不一致",
        )
    t, a = in_common_unit(target, actual)
    shown = f"{format_number(actual.number)} / {format_number(target.number)}"
    if direction == Direction.REVERSE:
        shown = f"{format_number(target.number)} / {format_number(actual.number)}"
        ratio = ONE if a == 0 else min(t / a, ONE)
    else:
        ratio = ONE if t == 0 else min(a / t, ONE)
    score = round_half_up(ratio * weight)
    return Suggestion(score, f"min({shown}, 1) × {format_number(weight)}")


def _qualitative(actual: Parsed, weight: Decimal) -> Suggestion:
    if not actual.is_qualitative or actual.achieved is None:
        return Suggestion(None, f"实际完成值“{actual.text}”不能判断是否达成，请评分")
    if actual.achieved:
        return Suggestion(round_half_up(weight), "定性指标已达成，得满分")
    return Suggestion(ZERO.quantize(Decimal("0.01")), "定性指标未达成")


def execution_rate(executed: Decimal | None, budget: Decimal | None) -> Decimal | None:
    """执行率 in percent, two decimals, rounded once (147.98 / 148 → 99.99, never 99.98)."""
    if executed is None or not budget:
        return None
    return percentage(executed, budget, RATE_PLACES)


def suggest_execution(
    executed: Decimal | None, budget: Decimal | None, weight: Decimal
) -> Suggestion:
    if budget is None or budget == 0:
        return Suggestion(None, "未填写全年预算数")
    if executed is None:
        return Suggestion(None, "未填写全年执行数")
    ratio = min(executed / budget, ONE)
    return Suggestion(
        round_half_up(ratio * weight),
        f"min({format_number(executed)} / {format_number(budget)}, 1) × "
        f"{format_number(weight)}",
    )


def total_score(execution: Decimal | None, scores) -> Decimal | None:
    """Execution score + Σ indicator scores; None while any of them is missing."""
    scores = list(scores)
    if execution is None or any(s is None for s in scores):
        return None
    return sum(scores, execution)
