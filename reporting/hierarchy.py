"""Roll-up of figures keyed by hierarchical codes (功能分类 类/款/项, 经济分类 类/款).

Only leaf figures are stored; every 类 and 款 row and the 合计 are computed
here, so a subtotal can never disagree with its parts. Code prefixes decide
parenthood: 款[:3] is its 类, 项[:5] is its 款.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from reporting.money import ZERO

LEVEL_BY_LENGTH = {3: 1, 5: 2, 7: 3}


@dataclass(frozen=True)
class RollupRow:
    code: str  # "" for the 合计 row
    name: str
    level: int  # 0 for 合计, 1 类, 2 款, 3 项
    values: dict  # field → Decimal
    entered: bool  # True when the row is a stored fact line, False when computed

    @property
    def is_total(self) -> bool:
        return self.level == 0


def ancestors(code: str) -> list[str]:
    """The code's own prefixes that are codes one or two levels up, nearest last."""
    return [code[:n] for n in (3, 5) if n < len(code)]


def conflicts(codes: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs (ancestor, descendant) among `codes`: both cannot carry figures."""
    present = set(codes)
    return sorted((a, c) for c in present for a in ancestors(c) if a in present)


def column_sums(
    items: Iterable[tuple[str, Sequence]], width: int
) -> tuple[list, dict[str, list]]:
    """The 合计 and every code's sums (its own figures and all below it), per column.

    `items` are (code, amounts) pairs, `width` amounts each (None or 0 for
    none). Each 项 is added into its 款, each 款 into its 类, each 类 into the
    合计, whatever the number of lines of a code. Amounts are exact (two
    decimals, far below the context's precision), so the order of the
    additions does not matter: the sums are those of adding line by line.
    Every sum starts at ZERO; adding ZERO again is skipped (most columns of
    most lines are empty), as it changes neither a sum's value nor its exponent.
    """
    sums: dict[str, list] = {}
    for code, amounts in items:
        bucket = sums.get(code)
        if bucket is None:
            sums[code] = bucket = [ZERO] * width
        for i, amount in enumerate(amounts):
            if amount:
                bucket[i] += amount
    total = [ZERO] * width
    for length in (7, 5, 3):
        for code in [c for c in sums if len(c) == length]:
            if length == 3:
                above = total
            else:
                above = sums.get(code[: length - 2])
                if above is None:
                    above = sums[code[: length - 2]] = [ZERO] * width
            for i, amount in enumerate(sums[code]):
                if amount is not ZERO:
                    above[i] += amount
    return total, sums


def rollup(
    items: Iterable[tuple[str, Mapping]],
    fields: Sequence[str],
    names: Mapping[str, str],
    total_label: str = "合计",
) -> list[RollupRow]:
    """Rows in publication order: 合计 first, then each 类, its 款, their 项.

    `items` are (code, values) pairs of stored lines; values missing from a
    mapping count as zero. `names` gives each code's name (ancestors included).
    """
    items = [(code, [values.get(f) for f in fields]) for code, values in items]
    entered = {code for code, _ in items}
    total, sums = column_sums(items, len(fields))
    rows = [
        RollupRow("", total_label, 0, dict(zip(fields, total, strict=False)), False)
    ]
    for code in sorted(sums):
        rows.append(
            RollupRow(
                code,
                names.get(code, ""),
                LEVEL_BY_LENGTH[len(code)],
                dict(zip(fields, sums[code], strict=False)),
                code in entered,
            )
        )
    return rows
