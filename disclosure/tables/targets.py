"""项目绩效目标表: a 预算's projects and their performance targets, one row per indicator.

The projects are the report's 绩效 part (`figures.data.performance`, loaded
with the facts by the performance app and read here by their attributes, so
this app imports nothing of it). The table is flat, as the one published
绩效目标表 seen prints it (docs/templates.md §10): 项目名称 | 项目金额 |
年度绩效目标 | 一级指标 | 二级指标 | 三级指标 | 指标值. A grid has no row
spans, so a project's name, amount and goals are on its first row only, as
a merged cell prints; 一级 and 二级 are on every row, as in that table. A
合计 row first gives Σ 年初预算数 of the projects. Row keys say the project
(p1, p1-i3 …), so a reader of the CSV can tell the rows of a project.
"""

from dataclasses import replace

from disclosure.figures import Figures
from disclosure.tables.builders import table_value
from reporting.money import decimal_sum
from reporting.spec import TableDefinition
from reporting.table import BLANK_ROW, Pane, Row, RowKind, Table

# Project amounts are typed with up to four decimals (performance.amounts).
PROJECT_AMOUNT_PLACES = 4


def build_performance_targets(definition: TableDefinition, figures: Figures) -> Table:
    """项目绩效目标表 from the report's projects (none loaded: an empty table)."""
    projects = list(getattr(figures.data, "performance", None) or ())
    rows = []
    if projects:
        rows.append(
            Row(
                "total",
                "",
                RowKind.TOTAL,
                values={
                    "project": "合计",
                    "amount": decimal_sum(p.initial_total for p in projects),
                },
            )
        )
    for number, project in enumerate(projects, 1):
        rows.extend(_project_rows(project, number))
    heads = definition.panes[0].heads
    table = table_value(
        definition, figures.data, [Pane(heads, tuple(rows or [BLANK_ROW]))]
    )
    return replace(table, amount_places=PROJECT_AMOUNT_PLACES)


def _project_rows(project, number: int) -> list[Row]:
    first = {
        "project": project.name,
        "amount": project.initial_total,
        "goals": project.expected_goals,
    }
    indicators = project.ordered_indicators()
    if not indicators:
        return [Row(f"p{number}", "", RowKind.ITEM, values=first)]
    rows = []
    for index, indicator in enumerate(indicators):
        values = {
            **(first if index == 0 else {}),
            "level1": indicator.get_level1_display(),
            "level2": indicator.get_level2_display(),
            "target": indicator.target_text,
        }
        rows.append(
            Row(
                f"p{number}-i{indicator.position}",
                indicator.name,
                RowKind.ITEM,
                values=values,
            )
        )
    return rows
