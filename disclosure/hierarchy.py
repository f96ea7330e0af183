"""Roll-up of figures keyed by hierarchical codes (功能分类 类/款/项, 经济分类 类/款).

Only leaf figures are stored; every 类 and 款 row and the 合计 are computed
here, so a subtotal can never disagree with its parts. Code prefixes decide
parenthood: 款[:3] is its 类, 项[:5] is its 款.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from disclosure.money import ZERO

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
    sums: dict[str, dict] = {}
    entered: set[str] = set()
    total = dict.fromkeys(fields, ZERO)
    for code, values in items:
        entered.add(code)
        for key in [*ancestors(code), code]:
            bucket = sums.setdefault(key, dict.fromkeys(fields, ZERO))
            for field in fields:
                bucket[field] += values.get(field) or ZERO
        for field in fields:
            total[field] += values.get(field) or ZERO
    rows = [RollupRow("", total_label, 0, total, False)]
    for code in sorted(sums):
        rows.append(
            RollupRow(
                code,
                names.get(code, ""),
                LEVEL_BY_LENGTH[len(code)],
                sums[code],
                code in entered,
            )
        )
    return rows
