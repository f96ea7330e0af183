"""广西 2023 单位决算: 表一 … 表九 (docs/templates.md §3).

Seen (梧州、北海 2023 documents): numbering 表一…表九 and the nine titles,
the 财政部 nine in the 财政部 order; 表六 is the 基本支出决算明细表.
Completed from the standard: interiors and footnotes ("部门(单位)" as in
江西, since these are 单位 documents too).
"""

from disclosure.tables.definitions import jiangxi_2022 as jx
from disclosure.tables.definitions.mof_2023 import BASIC_DETAIL_TITLE
from disclosure.tables.definitions.standard import renumbered
from reporting.formatting import chinese_ordinal

TABLES = tuple(
    renumbered(
        definition,
        position,
        f"表{chinese_ordinal(position)}",
        **({"title": BASIC_DETAIL_TITLE} if definition is jx.T06 else {}),
    )
    for position, definition in enumerate(jx.TABLES[:9], start=1)
)
