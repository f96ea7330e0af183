"""Which builder lays out a table: by its role, and by its columns where a layout varies.

A layout's table of a role ("summary", "three_public" …) is laid out from
the figures by that role's builder, whatever its number, title and wording.
A few layouts print a role with columns its usual builder does not give;
their definitions name those columns, and the columns choose the builder.
"""

from collections.abc import Callable

from disclosure.tables import builders, by_unit, regional, targets
from reporting.spec import TableDefinition

BUILDERS: dict[str, Callable] = {
    "summary": builders.build_summary,
    "income": builders.build_income,
    "expenditure": builders.build_expenditure,
    "fiscal_summary": builders.build_fiscal_summary,
    "general_budget": builders.build_general_budget,
    "basic_by_economic_class": builders.build_basic_by_economic_class,
    "general_project": regional.build_general_project,
    "gov_fund": builders.build_gov_fund,
    "state_capital": builders.build_state_capital,
    "three_public": builders.build_three_public,
    "assets": builders.build_assets,
    "operations_info": regional.build_operations_info,
    # A 部门决算's units side by side (the product's 附表).
    "by_unit": by_unit.build_by_unit,
    # A 预算's projects and their indicators (项目绩效目标表).
    "performance_targets": targets.build_performance_targets,
}
# (role, a column key only the variant has) → its builder.
VARIANT_BUILDERS: dict[tuple[str, str], Callable] = {
    # A 国有资本经营 table with the balance columns of 07表 (上海 决算).
    ("state_capital", "opening"): regional.build_state_capital_balance,
    # 基本支出 by 经济分类 类/款 in one list, 人员经费 | 公用经费 as columns (上海 预算).
    ("basic_by_economic_class", "personnel"): regional.build_basic_by_economic_code,
    # “三公” beside 机关运行经费 (上海 预算).
    ("three_public", "operating_expense"): regional.build_three_public_with_operating,
}


def laid_out(definitions) -> tuple[tuple[TableDefinition, Callable], ...]:
    """(definition, builder) for each table of a layout, in publication order."""
    return tuple((definition, builder_of(definition)) for definition in definitions)


def builder_of(definition: TableDefinition) -> Callable:
    """The builder of the definition's role; a role without one fails at import."""
    keys = {c.key for p in definition.panes for h in p.heads for c in h.leaves()}
    for (role, key), builder in VARIANT_BUILDERS.items():
        if role == definition.role and key in keys:
            return builder
    return BUILDERS[definition.role]
