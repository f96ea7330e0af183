"""上海 2024 部门决算: nine tables (domain.md §1.1, §2, label [T]).

Transcribed from the 上海 2024 部门决算 template (附件2：部门决算模板) and a
filled 2024 district finance bureau report, as domain.md records them:

* no table number is printed, only the title; the measure line reads
  `单位：万元`; no 栏次 row;
* heads of 01–05 and 07–09 as in the standard, footnotes saying "部门";
* 05 puts its 合计 row at the bottom;
* 06 has two panes, 人员经费 (301, 303) | 公用经费 (302, 310 …);
* 07 is the 财政拨款“三公”经费 table, 预算数 | 决算数 paired under each item,
  with the items "公务用车购置及运行维护费" / "公务用车运行维护费";
* 08 政府性基金 and 09 国有资本经营 are both 收入支出决算表 with the six
  07表 columns; an empty one says "本年度没有…，故本表无数据".

The codes 表1 … 表9 only name the sheets and files; they are not printed.
"""

from dataclasses import replace

from disclosure.tables.definitions import jiangxi_2022 as jx
from disclosure.tables.definitions.standard import renumbered, worded
from reporting.spec import PaneSpec, RowSpec, amount
from reporting.table import Head

SHANGHAI = {"code_printed": False, "show_index_row": False, "measure_label": "单位"}


def _pair(title: str, item: str) -> Head:
    return Head(
        title,
        (amount("预算数", f"budget_{item}"), amount("决算数", f"actual_{item}")),
    )


THREE_PUBLIC = replace(
    jx.T09,
    footnotes=("注：本表反映部门本年度“三公”经费支出预决算情况。",),
    empty_note="说明：本年度没有财政拨款“三公”经费支出，故本表无数据。",
    panes=(
        PaneSpec(
            heads=(
                _pair("合计", "total"),
                _pair("因公出国（境）费", "abroad"),
                Head(
                    "公务用车购置及运行维护费",
                    (
                        _pair("小计", "vehicle_total"),
                        _pair("公务用车购置费", "vehicle_purchase"),
                        _pair("公务用车运行维护费", "vehicle_operation"),
                    ),
                ),
                _pair("公务接待费", "reception"),
            ),
            rows=(RowSpec("row"),),
        ),
    ),
)

GOV_FUND = replace(
    jx.T07,
    empty_note="说明：本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。",
)

STATE_CAPITAL = replace(
    jx.T07,
    role="state_capital",
    title="国有资本经营预算财政拨款收入支出决算表",
    footnotes=(
        "注：本表反映部门本年度国有资本经营预算财政拨款收入、支出及结转和结余情况。",
    ),
    empty_note="说明：本年度没有国有资本经营预算财政拨款收入和支出，故本表无数据。",
)

ORDER = (
    jx.T01,
    jx.T02,
    jx.T03,
    replace(
        jx.T04,
        footnotes=("注：本表反映部门本年度财政拨款总收支和结转结余情况。",),
    ),
    replace(jx.T05, total_last=True),
    jx.T06,
    THREE_PUBLIC,
    GOV_FUND,
    STATE_CAPITAL,
)

TABLES = tuple(
    renumbered(worded(definition, "部门"), position, f"表{position}", **SHANGHAI)
    for position, definition in enumerate(ORDER, start=1)
)
