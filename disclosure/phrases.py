"""Phrases of the 情况说明: amounts, percentages, numbering, reasons, completion rates.

One place decides how the narrative words a figure, for every section module
(disclosure/narrative.py and the sections beside it).
"""

from decimal import Decimal

from reporting.formatting import format_amount
from reporting.money import percentage

CHINESE_NUMERALS = "一二三四五六七八九十"
PERCENT_PLACES = 1  # the Jiangxi 2022 template prints one decimal


def amount(value: Decimal, zero: str = "0", most_places: int = 2) -> str:
    """An amount as the tables print it: two decimals, half up, thousands separators.

    One rule for every amount of a report, so the narrative reads
    "6,283.70元" and "15.40万元" as its tables do; a zero prints as the
    template's zero ("0", or "0.00" where the template writes it so).
    `most_places` keeps the decimals an amount has beyond the cent, up to
    that many (a 项目支出绩效自评表 prints 89.974).
    """
    if not isinstance(value, Decimal):
        raise TypeError(f"amount expects Decimal, got {type(value).__name__}")
    return format_amount(value, zero=zero, most_places=most_places)


def pct(value: Decimal) -> str:
    text = f"{value:f}"
    return (text.rstrip("0").rstrip(".") if "." in text else text) + "%"


def share(part: Decimal, whole: Decimal, places: int = PERCENT_PLACES) -> str:
    rate = percentage(part, whole, places)
    return "" if rate is None else pct(rate)


def ordinal(index: int) -> str:
    """（一）, （二）… for list items."""
    return f"（{numeral(index)}）"


def sub_number(index: int, style: str = "chinese") -> str:
    """The number of a sub-heading: （一） ("chinese") or 1、 ("arabic", 江西 预算)."""
    return f"{index}、" if style == "arabic" else ordinal(index)


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
