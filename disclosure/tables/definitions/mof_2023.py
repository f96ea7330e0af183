"""财政部 中央部门决算 2023: nine 公开表 (docs/templates.md §2).

Seen: the nine titles and their order (中新社 2024-07-25, and the same list
in 梧州 and 卓尼 2023–2024 documents). Completed from the standard: the
`公开NN表` codes, interiors and footnotes (江西 bodies, "部门" wording as
the 中央 footnotes read). Differences from 江西 2022: no 国有资产占用情况表
(assets are narrative) and 06 is the 基本支出决算**明细**表.
"""

from dataclasses import replace

from disclosure.tables.definitions import jiangxi_2022 as jx
from disclosure.tables.definitions.standard import worded

BASIC_DETAIL_TITLE = "一般公共预算财政拨款基本支出决算明细表"

T01, T02, T03, T04, T05, T06, T07, T08, T09 = (worded(t, "部门") for t in jx.TABLES[:9])
T06 = replace(T06, title=BASIC_DETAIL_TITLE)

TABLES = (T01, T02, T03, T04, T05, T06, T07, T08, T09)
