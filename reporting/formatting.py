"""Display of amounts and counts in tables.

One place decides how a figure looks, so every table on every page prints
the same way. Floats are refused: an amount that became a float has already
lost its exact value somewhere upstream.
"""

from decimal import Decimal

from reporting.money import DECIMAL_PLACES, round_half_up


def printed_places(value: Decimal, most: int = DECIMAL_PLACES) -> int:
    """How many decimals `value` is printed with: two, or as many as it needs up to `most`.

    Most tables print cents (`most` two). A 项目支出绩效自评表 prints what the
    amount holds, as real reports do: 89.974 万元 is "89.974", 40 is "40.00",
    and an amount with more decimals than `most` is rounded half up to `most`.
    """
    if most <= DECIMAL_PLACES:
        return most
    decimals = format(value, "f").partition(".")[2].rstrip("0")
    return min(max(len(decimals), DECIMAL_PLACES), most)


def format_amount(
    value, zero: str = "0", thousands: bool = True, most_places: int = DECIMAL_PLACES
) -> str:
    """Decimal → "1,234.50" (two decimals, half up); int → "1,234"; None → "".

    A zero prints as `zero` ("0" in the Jiangxi tables; a template that leaves
    zero cells blank passes ""). With `most_places` above two a Decimal keeps
    the decimals it has, up to that many (`printed_places`). Floats, bools and
    anything else raise TypeError; infinities and NaN raise ValueError.
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
    places = printed_places(value, most_places)
    return f"{round_half_up(value, places):{separator}.{places}f}"


CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 26 → 二十六 (row numbering of the class list)."""
    if not 0 < n < 100:
        raise ValueError(f"序号 {n} 超出范围 1–99。")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CHINESE_DIGITS[tens] + "十")
    return head + (CHINESE_DIGITS[ones] if ones else "")
