"""Display of amounts and counts in tables.

One place decides how a figure looks, so every table on every page prints
the same way. Floats are refused: an amount that became a float has already
lost its exact value somewhere upstream.
"""

from decimal import Decimal

from reporting.money import round_half_up


def format_amount(value, zero: str = "0", thousands: bool = True) -> str:
    """Decimal → "1,234.50" (two decimals, half up); int → "1,234"; None → "".

    A zero prints as `zero` ("0" in the Jiangxi tables; a template that leaves
    zero cells blank passes ""). Floats, bools and anything else raise
    TypeError; infinities and NaN raise ValueError.
    """
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(
            f"金额只能是 Decimal 或 int，收到 {type(value).__name__}：{value!r}"
        )
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"金额不是有限数：{value!r}")
    if value == 0:
        return zero
    separator = "," if thousands else ""
    if isinstance(value, int):
        return f"{value:{separator}d}"
    return f"{round_half_up(value):{separator}.2f}"


CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 26 → 二十六 (row numbering of the class list)."""
    if not 0 < n < 100:
        raise ValueError(f"序号 {n} 超出范围 1–99。")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CHINESE_DIGITS[tens] + "十")
    return head + (CHINESE_DIGITS[ones] if ones else "")
