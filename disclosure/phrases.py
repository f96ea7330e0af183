"""Phrases of the 情况说明: amounts, percentages, numbering, reasons, completion rates.

One place decides how the narrative words a figure, for every section module
(disclosure/narrative.py and the sections beside it).
"""

from decimal import Decimal

from reporting.money import percentage, round_half_up

CHINESE_NUMERALS = "一二三四五六七八九十"
PERCENT_PLACES = 1  # the Jiangxi 2022 template prints one decimal


def amount(value: Decimal, places: int = 2) -> str:
    """An amount as the narrative prints it: `places` decimals at most, trailing zeros dropped."""
    if not isinstance(value, Decimal):
        raise TypeError(f"amount expects Decimal, got {type(value).__name__}")
    text = f"{round_half_up(value, places):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def pct(value: Decimal) -> str:
    text = f"{value:f}"
    return (text.rstrip("0").rstrip(".") if "." in text else text) + "%"


def share(part: Decimal, whole: Decimal, places: int = PERCENT_PLACES) -> str:
    rate = percentage(part, whole, places)
    return "" if rate is None else pct(rate)


def ordinal(index: int) -> str:
    """（一）, （二）… for list items."""
    return f"（{numeral(index)}）"


def numeral(index: int) -> str:
    if index <= 10:
        return CHINESE_NUMERALS[index - 1]
    tens, ones = divmod(index, 10)
    return (
        (CHINESE_NUMERALS[tens - 1] if tens > 1 else "")
        + "十"
        + (CHINESE_NUMERALS[ones - 1] if ones else "")
    )


def clean_reason(text: str | None) -> str:
    """A reason as a clause: trimmed, without the final full stop the sentence adds itself."""
    return (text or "").strip().rstrip("。；;，, ")


def completion(
    w, budget: Decimal, actual: Decimal, budget_word: str = "年初预算"
) -> str:
    if budget == 0:
        return f"未安排{budget_word}，决算数为{w.money(actual)}"
    return (
        f"{budget_word}数为{w.money(budget)}，决算数为{w.money(actual)}，"
        f"完成{budget_word}的{w.share(actual, budget)}"
    )
