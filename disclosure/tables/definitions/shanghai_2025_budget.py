"""上海 2025 部门预算: nine tables, as 普陀区 区级 部门预算 print them.

Transcribed with every figure from 上海市普陀区人民政府办公室 2025年区级部门预算
(docs/templates/shanghai_2025_budget_tables.json, docs/templates.md §11):

* the title carries the year ("2025年部门收入预算总表"); no table number
  and no 栏次 row are printed; the measure line reads `单位：元` (the
  report's unit) except the “三公” table's, fixed in 万元;
* income as 一、财政拨款收入 (its three funds below it) / 二、事业收入 /
  三、事业单位经营收入 / 四、其他收入 — every other source, as its 名词解释
  defines 其他收入; no 上年结转 row: 收入总计 is the year's income;
* the coded tables list 类/款/项 with their 合计 last;
* 基本支出 by 经济分类 is one list of 类/款 with 合计 | 人员经费 | 公用经费;
* “三公” and 机关运行经费 share one unlabelled row;
* an empty fund table prints its 注 ("…故本表为空表。").

The builders are the 决算's by role, read as budget amounts; two layouts
of a role have builders of their own (disclosure/tables/roles.py).
"""

from disclosure.tables.definitions import jiangxi_2022 as jx
from reporting.spec import (
    CLASSES,
    FILL,
    EconomicPaneSpec,
    PaneSpec,
    RowSpec,
    TableDefinition,
    amount,
    code_heads,
    label,
)
from reporting.table import Head, RowKind

# As printed: no number, no 栏次, "单位：元", blank cells where nothing is budgeted.
SHANGHAI = {
    "code_printed": False,
    "show_index_row": False,
    "measure_label": "单位",
    "zero_text": "",
}
EMPTY_NOTE = "注:本部门{year}年无{fund}财政拨款安排的预算，故本表为空表。"


def function_heads() -> Head:
    return Head(
        "项目",
        (
            code_heads("功能分类科目编码", ("类", "款", "项"), True),
            label("功能分类科目名称"),
        ),
    )


def _coded(key, role, title, group, columns, sums, **options) -> TableDefinition:
    """A table of 功能分类 rows, 合计 last, its amounts under one `group` head."""
    return TableDefinition(
        key=key,
        role=role,
        code=f"表{key[1:].lstrip('0')}",
        title=title,
        panes=(PaneSpec(heads=(function_heads(), Head(group, columns))),),
        sums=sums,
        total_last=True,
        **SHANGHAI,
        **options,
    )


SUMMARY = TableDefinition(
    key="t01",
    role="summary",
    code="表1",
    title="{year}年部门财务收支预算总表",
    row_sums=(
        ("in_fiscal", ("in_gpb", "in_gf", "in_soe")),
        ("in_total", ("in_fiscal", "in_biz", "in_op", "in_oth_all")),
        ("ex_total", (CLASSES.key,)),
    ),
    panes=(
        PaneSpec(
            heads=(Head("本年收入", (label(), amount("预算数", "amount"))),),
            rows=(
                RowSpec("in_fiscal", "一、财政拨款收入"),
                RowSpec("in_gpb", "1. 一般公共预算资金"),
                RowSpec("in_gf", "2. 政府性基金"),
                RowSpec("in_soe", "3. 国有资本经营预算"),
                RowSpec("in_biz", "二、事业收入"),
                RowSpec("in_op", "三、事业单位经营收入"),
                RowSpec("in_oth_all", "四、其他收入"),
                FILL,
                RowSpec("in_total", "收入总计", RowKind.TOTAL),
            ),
        ),
        PaneSpec(
            heads=(Head("本年支出", (label(), amount("预算数", "amount"))),),
            rows=(CLASSES, FILL, RowSpec("ex_total", "支出总计", RowKind.TOTAL)),
        ),
    ),
    **SHANGHAI,
)

INCOME = _coded(
    "t02",
    "income",
    "{year}年部门收入预算总表",
    "收入预算",
    (
        amount("合计", "total"),
        amount("财政拨款收入", "fiscal"),
        amount("事业收入", "business"),
        amount("事业单位经营收入", "operating"),
        amount("其他收入", "other_all"),
    ),
    (("total", ("fiscal", "business", "operating", "other_all")),),
)

# 合计 is every kind of spending, as in 公开03表: 基本 and 项目 are the only
# kinds a 预算 of this layout shows, so no sum over them is declared.
EXPENDITURE = _coded(
    "t03",
    "expenditure",
    "{year}年部门支出预算总表",
    "支出预算",
    (
        amount("合计", "total"),
        amount("基本支出", "basic"),
        amount("项目支出", "project"),
    ),
    (),
)

FISCAL_SUMMARY = TableDefinition(
    key="t04",
    role="fiscal_summary",
    code="表4",
    title="{year}年部门财政拨款收支预算总表",
    sums=(("total", ("general", "gov_fund", "state_capital")),),
    row_sums=(
        ("in_total", ("in_general", "in_gov_fund", "in_state_capital")),
        ("ex_total", (CLASSES.key,)),
    ),
    panes=(
        PaneSpec(
            heads=(Head("财政拨款收入", (label(), amount("预算数", "amount"))),),
            rows=(
                RowSpec("in_general", "一、一般公共预算资金"),
                RowSpec("in_gov_fund", "二、政府性基金"),
                RowSpec("in_state_capital", "三、国有资本经营预算"),
                FILL,
                RowSpec("in_total", "收入总计", RowKind.TOTAL),
            ),
        ),
        PaneSpec(
            heads=(
                Head(
                    "财政拨款支出",
                    (
                        label(),
                        amount("合计", "total"),
                        amount("一般公共预算", "general"),
                        amount("政府性基金预算", "gov_fund"),
                        amount("国有资本经营预算", "state_capital"),
                    ),
                ),
            ),
            rows=(CLASSES, FILL, RowSpec("ex_total", "支出总计", RowKind.TOTAL)),
        ),
    ),
    **SHANGHAI,
)


def _fund_columns(total_key: str) -> tuple:
    return (
        amount("合计", total_key),
        amount("基本支出", "basic"),
        amount("项目支出", "project"),
    )


GENERAL_BUDGET = _coded(
    "t05",
    "general_budget",
    "{year}年部门一般公共预算支出功能分类预算表",
    "一般公共预算支出",
    _fund_columns("total"),
    (("total", ("basic", "project")),),
)

GOV_FUND = _coded(
    "t06",
    "gov_fund",
    "{year}年部门政府性基金预算支出功能分类预算表",
    "政府性基金预算支出",
    _fund_columns("ex_total"),
    (("ex_total", ("basic", "project")),),
    empty_note=EMPTY_NOTE.format(year="{year}", fund="政府性基金预算"),
)

STATE_CAPITAL = _coded(
    "t07",
    "state_capital",
    "{year}年部门国有资本经营预算支出功能分类预算表",
    "国有资本经营预算支出",
    _fund_columns("total"),
    (("total", ("basic", "project")),),
    empty_note=EMPTY_NOTE.format(year="{year}", fund="国有资本经营预算"),
)

BASIC = TableDefinition(
    key="t08",
    role="basic_by_economic_class",
    code="表8",
    title="{year}年部门一般公共预算基本支出部门预算经济分类预算表",
    sums=(("amount", ("personnel", "public")),),
    total_last=True,
    economic_class_names=jx.ECONOMIC_CLASS_NAMES,
    # One list of every 类 (the builder splits 人员经费 | 公用经费 by column).
    economic_panes=(
        EconomicPaneSpec(
            classes=(), shown=(), total=RowSpec("total", "合计", RowKind.TOTAL)
        ),
    ),
    panes=(
        PaneSpec(
            heads=(
                Head(
                    "项目",
                    (
                        code_heads("部门预算经济分类科目编码", ("类", "款"), True),
                        label("经济分类科目名称"),
                    ),
                ),
                Head(
                    "一般公共预算基本支出",
                    (
                        amount("合计", "amount"),
                        amount("人员经费", "personnel"),
                        amount("公用经费", "public"),
                    ),
                ),
            ),
        ),
    ),
    **SHANGHAI,
)

THREE_PUBLIC = TableDefinition(
    key="t09",
    role="three_public",
    code="表9",
    title="{year}年部门“三公”经费和机关运行经费预算表",
    measure="万元",
    sums=(
        ("budget_total", ("budget_abroad", "budget_vehicle_total", "budget_reception")),
        (
            "budget_vehicle_total",
            ("budget_vehicle_purchase", "budget_vehicle_operation"),
        ),
    ),
    # Printed only when the table is empty. Its wording is seen once, under a
    # table that is not (万里街道 2024, a publisher's error: docs/templates.md §11).
    empty_note="注:本部门{year}年无“三公”经费和机关运行经费预算，故本表为空表。",
    panes=(
        PaneSpec(
            heads=(
                Head(
                    "“三公”经费预算数",
                    (
                        amount("合计", "budget_total"),
                        amount("因公出国(境)费", "budget_abroad"),
                        amount("公务接待费", "budget_reception"),
                        Head(
                            "公务用车购置及运行费",
                            (
                                amount("小计", "budget_vehicle_total"),
                                amount("购置费", "budget_vehicle_purchase"),
                                amount("运行费", "budget_vehicle_operation"),
                            ),
                        ),
                    ),
                ),
                amount("机关运行经费预算数", "operating_expense"),
            ),
            rows=(RowSpec("row"),),
        ),
    ),
    **SHANGHAI,
)

TABLES = (
    SUMMARY,
    INCOME,
    EXPENDITURE,
    FISCAL_SUMMARY,
    GENERAL_BUDGET,
    GOV_FUND,
    STATE_CAPITAL,
    BASIC,
    THREE_PUBLIC,
)
