"""江西 2023 部门预算 and 单位预算: the budget tables as data.

Seen (docs/templates/jiangxi_2023_budget.json, docs/templates.md §10): the
目录 of 景德镇 2023 部门预算 (eleven tables) and 单位预算 (ten), confirmed in
九江 and 南昌 copies and unchanged in 景德镇 2025. The titles, their order
and the 部门 / 单位 wording are as printed. Their interiors are described in
docs/templates.md §10 with the source of each part.

The budget tables have the same anatomy as the 决算's (a 收支总表 by source
and by 功能分类 类, income and spending by code, the 财政拨款 tables, the
basic spending by 经济分类, “三公”), so their roles and builders are the
决算's: the figures a 预算 stores are the same facts, read as budget
amounts (disclosure/models/facts.py). The 项目绩效目标表 lists the 预算's
projects and their indicators (the performance app's facts; builder in
disclosure/tables/targets.py); its interior was not seen in a 江西 copy and
follows the one 绩效目标表 header seen (四川, docs/templates.md §10a).
部门整体支出绩效目标表 is not built.
"""

from dataclasses import replace

from disclosure.tables.definitions import jiangxi_2022 as jx
from reporting.spec import (
    CLASSES,
    FILL,
    PaneSpec,
    RowSpec,
    TableDefinition,
    amount,
    label,
    text,
)
from reporting.table import Head, RowKind

MEASURE_NOTE = "注：本表反映部门(单位){year}年预算"


def _project_table(key, role, code, title, columns, sums, footnote, **options):
    return TableDefinition(
        key=key,
        role=role,
        code=code,
        title=title,
        sums=sums,
        footnotes=(f"{MEASURE_NOTE}{footnote}。",),
        panes=(PaneSpec(heads=(jx.project_heads(), *columns)),),
        **options,
    )


SUMMARY = TableDefinition(
    key="t01",
    role="summary",
    code="表一",
    title="收支预算总表",
    row_sums=(
        (
            "in_total",
            (
                "in_gpb",
                "in_gf",
                "in_soe",
                "in_biz",
                "in_op",
                "in_sup",
                "in_aff",
                "in_oth",
            ),
        ),
        ("in_grand", ("in_total", "in_begin")),
        ("ex_total", (CLASSES.key,)),
        ("ex_grand", ("ex_total", "ex_end")),
    ),
    landscape=True,
    classes=jx.FUNCTION_CLASSES,
    footnotes=(f"{MEASURE_NOTE}收支总体情况。",),
    panes=(
        PaneSpec(
            heads=(Head("收入", (label(), amount("预算数", "amount"))),),
            rows=(
                RowSpec("in_gpb", "一、一般公共预算拨款收入"),
                RowSpec("in_gf", "二、政府性基金预算拨款收入"),
                RowSpec("in_soe", "三、国有资本经营预算拨款收入"),
                RowSpec("in_biz", "四、事业收入"),
                RowSpec("in_op", "五、事业单位经营收入"),
                RowSpec("in_sup", "六、上级补助收入"),
                RowSpec("in_aff", "七、附属单位上缴收入"),
                RowSpec("in_oth", "八、其他收入"),
                FILL,
                RowSpec("in_total", "本年收入合计", RowKind.TOTAL),
                RowSpec("in_begin", "上年结转"),
                RowSpec("in_grand", "收入总计", RowKind.TOTAL),
            ),
        ),
        PaneSpec(
            heads=(Head("支出", (label(), amount("预算数", "amount"))),),
            rows=(
                CLASSES,
                RowSpec("ex_total", "本年支出合计", RowKind.TOTAL),
                RowSpec("ex_end", "结转下年"),
                RowSpec("ex_grand", "支出总计", RowKind.TOTAL),
            ),
        ),
    ),
)

INCOME = _project_table(
    "t02",
    "income",
    "表二",
    "部门收入总表",
    (
        amount("合计", "total"),
        amount("一般公共预算拨款收入", "general_budget"),
        amount("政府性基金预算拨款收入", "gov_fund"),
        amount("国有资本经营预算拨款收入", "state_capital"),
        amount("事业收入", "business"),
        amount("事业单位经营收入", "operating"),
        amount("上级补助收入", "superior_grant"),
        amount("附属单位上缴收入", "affiliate"),
        amount("其他收入", "other"),
    ),
    (
        (
            "total",
            (
                "general_budget",
                "gov_fund",
                "state_capital",
                "business",
                "operating",
                "superior_grant",
                "affiliate",
                "other",
            ),
        ),
    ),
    "各项收入情况",
    landscape=True,
)

EXPENDITURE = _project_table(
    "t03",
    "expenditure",
    "表三",
    "部门支出总表",
    (
        amount("合计", "total"),
        amount("基本支出", "basic"),
        amount("项目支出", "project"),
        amount("上缴上级支出", "to_superior"),
        amount("事业单位经营支出", "operating"),
        amount("对附属单位补助支出", "to_affiliates"),
    ),
    (("total", ("basic", "project", "to_superior", "operating", "to_affiliates")),),
    "各项支出情况",
    landscape=True,
)

FISCAL_SUMMARY = replace(
    jx.T04,
    code="表四",
    title="财政拨款收支总表",
    numbered=False,
    footnotes=(f"{MEASURE_NOTE}财政拨款收支情况。",),
    row_sums=(
        ("in_total", ("in_general", "in_gov_fund", "in_state_capital")),
        ("open_total", ("open_general", "open_gov_fund", "open_state_capital")),
        ("in_grand", ("in_total", "open_total")),
        ("ex_total", (CLASSES.key,)),
        ("ex_grand", ("ex_total", "close_total")),
    ),
    panes=(
        PaneSpec(
            heads=(Head("收入", (label(), amount("预算数", "amount"))),),
            rows=(
                RowSpec("in_general", "一、一般公共预算拨款"),
                RowSpec("in_gov_fund", "二、政府性基金预算拨款"),
                RowSpec("in_state_capital", "三、国有资本经营预算拨款"),
                FILL,
                RowSpec("in_total", "本年收入合计", RowKind.TOTAL),
                RowSpec("open_total", "上年结转"),
                RowSpec("open_general", "一般公共预算拨款", level=1),
                RowSpec("open_gov_fund", "政府性基金预算拨款", level=1),
                RowSpec("open_state_capital", "国有资本经营预算拨款", level=1),
                RowSpec("in_grand", "收入总计", RowKind.TOTAL),
            ),
        ),
        PaneSpec(
            heads=(
                Head(
                    "支出",
                    (
                        label(),
                        amount("合计", "total"),
                        amount("一般公共预算", "general"),
                        amount("政府性基金预算", "gov_fund"),
                        amount("国有资本经营预算", "state_capital"),
                    ),
                ),
            ),
            rows=(
                CLASSES,
                RowSpec("ex_total", "本年支出合计", RowKind.TOTAL),
                RowSpec("close_total", "结转下年"),
                RowSpec("ex_grand", "支出总计", RowKind.TOTAL),
            ),
        ),
    ),
)

BASIC_COLUMNS = (
    amount("合计", "total"),
    amount("基本支出", "basic"),
    amount("项目支出", "project"),
)
BASIC_SUMS = (("total", ("basic", "project")),)

GENERAL_BUDGET = _project_table(
    "t05",
    "general_budget",
    "表五",
    "一般公共预算支出表",
    BASIC_COLUMNS,
    BASIC_SUMS,
    "一般公共预算支出情况",
)

BASIC = replace(
    jx.T06,
    code="表六",
    title="一般公共预算基本支出表",
    footnotes=(f"{MEASURE_NOTE}一般公共预算基本支出情况。",),
    panes=(
        PaneSpec(heads=jx.economic_pane("人员经费")),
        PaneSpec(heads=jx.economic_pane("公用经费")),
    ),
)
# 预算数 where the 决算 reads 决算数.
BASIC = replace(
    BASIC,
    panes=tuple(
        PaneSpec(
            heads=(
                Head(
                    pane.heads[0].text,
                    tuple(
                        amount("预算数", "amount") if c.key == "amount" else c
                        for c in pane.heads[0].children
                    ),
                ),
            )
        )
        for pane in BASIC.panes
    ),
)

THREE_PUBLIC = TableDefinition(
    key="t07",
    role="three_public",
    code="表七",
    title="财政拨款“三公”经费支出表",
    sums=(
        ("budget_total", ("budget_abroad", "budget_vehicle_total", "budget_reception")),
        (
            "budget_vehicle_total",
            ("budget_vehicle_purchase", "budget_vehicle_operation"),
        ),
    ),
    footnotes=(f"{MEASURE_NOTE}财政拨款安排的“三公”经费预算情况。",),
    empty_note="说明：当此表数据为零时，即本部门(单位)无财政拨款“三公”经费预算。",
    panes=(
        PaneSpec(
            heads=(jx.three_public_block("预算数", "budget"),),
            rows=(RowSpec("row"),),
        ),
    ),
)

GOV_FUND = _project_table(
    "t08",
    "gov_fund",
    "表八",
    "政府性基金预算支出表",
    (
        Head(
            "本年政府性基金预算支出",
            (
                amount("合计", "ex_total"),
                amount("基本支出", "basic"),
                amount("项目支出", "project"),
            ),
        ),
    ),
    (("ex_total", ("basic", "project")),),
    "政府性基金预算支出情况",
    empty_note="说明：当此表数据为零时，即本部门(单位)无政府性基金预算拨款安排的支出。",
)

STATE_CAPITAL = _project_table(
    "t09",
    "state_capital",
    "表九",
    "国有资本经营预算支出表",
    BASIC_COLUMNS,
    BASIC_SUMS,
    "国有资本经营预算支出情况",
    empty_note="说明：当此表数据为零时，即本部门(单位)无国有资本经营预算拨款安排的支出。",
)

# One row per indicator. The 四川 header's 指标性质 and 度量单位 are part of the
# typed 指标值 here (≥95%); its 权重 is left out: a target is not scored, and
# 分值 is optional on a 预算.
PERFORMANCE_TARGETS = TableDefinition(
    key="t10",
    role="performance_targets",
    code="表十",
    title="项目绩效目标表",
    footnotes=(f"{MEASURE_NOTE}项目支出绩效目标情况。",),
    empty_note="说明：当此表无数据时，即本部门(单位)未编列项目支出绩效目标。",
    show_index_row=False,
    landscape=True,
    panes=(
        PaneSpec(
            heads=(
                text("项目名称", "project"),
                amount("项目金额", "amount"),
                text("年度绩效目标", "goals"),
                text("一级指标", "level1"),
                text("二级指标", "level2"),
                label("三级指标"),
                text("指标值", "target"),
            ),
        ),
    ),
)

UNIT_TABLES = (
    SUMMARY,
    replace(INCOME, title="单位收入总表"),
    replace(EXPENDITURE, title="单位支出总表"),
    FISCAL_SUMMARY,
    GENERAL_BUDGET,
    BASIC,
    THREE_PUBLIC,
    GOV_FUND,
    STATE_CAPITAL,
    PERFORMANCE_TARGETS,
)
DEPARTMENT_TABLES = (
    SUMMARY,
    INCOME,
    EXPENDITURE,
    FISCAL_SUMMARY,
    GENERAL_BUDGET,
    BASIC,
    THREE_PUBLIC,
    GOV_FUND,
    STATE_CAPITAL,
    # 表十 《部门整体支出绩效目标表》 is not built.
    replace(PERFORMANCE_TARGETS, key="t11", code="表十一"),
)
