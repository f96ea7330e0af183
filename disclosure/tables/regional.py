"""Builders of the tables that only some layouts publish.

* a fund's 收入支出决算表 with balances (政府性基金 in every layout;
  国有资本经营 in 上海's 国有资本经营预算财政拨款收入支出决算表);
* 一般公共预算财政拨款项目支出决算明细表 (内蒙古);
* 机构运行经费支出、国有资产占用情况及政府采购支出信息表 (内蒙古), the
  layout where 机关运行经费, 政府采购 and 国有资产 are a table;
* 上海 预算's 基本支出 by 经济分类 with 人员经费 | 公用经费 columns, and its
  “三公” table with a 机关运行经费 column, in 万元.

Like every builder, they lay the report's figures and facts out; they add
nothing that a figure does not already say.
"""

from disclosure.figures import PERSONNEL_CLASSES, Figures
from disclosure.models import Fund
from disclosure.tables.builders import (
    economic_names,
    fixed_panes,
    fund_balance_items,
    hierarchy_table,
    table_value,
    three_public_cells,
)
from reporting.money import UNIT_LABELS, convert
from reporting.spec import TableDefinition
from reporting.table import Table

# "万元" → the amount unit it names, for a table printed in a fixed unit.
UNIT_BY_LABEL = {label: unit for unit, label in UNIT_LABELS.items()}


def build_state_capital_balance(definition: TableDefinition, figures: Figures) -> Table:
    """国有资本经营预算财政拨款收入支出决算表: the 07表 columns for that fund."""
    return hierarchy_table(
        definition, figures.data, fund_balance_items(figures, Fund.STATE_CAPITAL)
    )


def build_general_project(definition: TableDefinition, figures: Figures) -> Table:
    """一般公共预算财政拨款项目支出决算明细表: 项目支出 by 功能分类 类/款/项."""
    items = [
        (line.function_code.code, {"project": line.project})
        for line in figures.data.fiscal_lines
        if line.fund == Fund.GENERAL
    ]
    return hierarchy_table(definition, figures.data, items)


def build_operations_info(definition: TableDefinition, figures: Figures) -> Table:
    """机构运行经费、政府采购 amounts and 国有资产 counts, one row each.

    A row key names the figure it shows: "operating_expense", a key of the
    "procurement" figure ("procurement:total" …), or a vehicle count of the
    asset holding ("vehicles_total", "vehicles_leader" …). A group that was
    not entered leaves its rows empty.
    """
    data = figures.data
    procurement = figures["procurement"]
    assets = data.assets
    values = {}
    for spec in (row for pane in definition.panes for row in pane.rows):
        key = spec.key
        if not key or key.startswith("<"):
            continue
        if key == "operating_expense":
            values[key] = {"amount": figures["operating_expense"]}
        elif key.startswith("procurement:"):
            part = key.partition(":")[2]
            values[key] = {"amount": None if procurement is None else procurement[part]}
        elif key in ("vehicles_total", "equipment_over_million"):
            values[key] = {"count": figures[key]}
        else:
            values[key] = {"count": None if assets is None else getattr(assets, key)}
    return table_value(definition, data, fixed_panes(definition, values))


def build_basic_by_economic_code(
    definition: TableDefinition, figures: Figures
) -> Table:
    """一般公共预算基本支出 by 经济分类 类/款 in one list (上海 预算 表8).

    Every 类 and 款 with a figure, in code order, with 合计 (`amount`) and
    its part as 人员经费 (工资福利支出, 对个人和家庭的补助) or 公用经费
    (every other 类), the split of 公开06表's two panes; the 合计 row
    holds 人员经费 and 公用经费 in total.
    """
    items = [
        (
            code,
            {
                "amount": amount,
                ("personnel" if code[:3] in PERSONNEL_CLASSES else "public"): amount,
            },
        )
        for code, amount in figures["basic_by_economic_code"].items()
    ]
    names = economic_names(definition, figures)
    return hierarchy_table(definition, figures.data, items, names)


def build_three_public_with_operating(
    definition: TableDefinition, figures: Figures
) -> Table:
    """“三公”经费 and 机关运行经费 in one row (上海 预算 表9).

    The table prints in its own unit (万元) whatever the report's: amounts
    are converted exactly, and printing rounds them once, as any amount.
    """
    data = figures.data
    values = three_public_cells(figures)
    values["operating_expense"] = figures["operating_expense"]
    unit = UNIT_BY_LABEL.get(definition.measure)
    if unit:
        stored = data.report.amount_unit
        values = {
            key: None if value is None else convert(value, stored, unit)
            for key, value in values.items()
        }
    return table_value(definition, data, fixed_panes(definition, {"row": values}))
