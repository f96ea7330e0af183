"""The 分单位 table of a 部门决算: each consolidated unit's figures beside the department's.

Rows, in this order:

* 本级 and each 预算单列 unit, in the composition's print order, each from
  its own report's figures (already in the department's amount unit);
* 内部抵消: what the eliminations (抵消) take off, as negative amounts;
* 合计: the department's consolidated figures, the ones every other table
  prints. It equals the units' rows plus 内部抵消 in every column, since
  the department's facts are the units' summed less the same eliminations
  (disclosure/consolidation.py); tests hold the builder to it.

A unit whose report is not approved yet (a draft 部门决算 reads the current
approved reports) has a row with blank figures, as it adds nothing to 合计.
A report without a composition (a 单位决算 in a 部门 layout) is its own 本级.
"""

from disclosure.figures import FISCAL_INCOME_FIELDS, Figures
from disclosure.models import ConsolidationMember
from disclosure.tables.builders import table_value
from reporting.money import ZERO
from reporting.spec import TableDefinition
from reporting.table import Pane, Row, RowKind, Table

# The amount columns, each a figure of disclosure/figures.py.
COLUMNS = (
    "income_total",
    "fiscal_income",
    "expenditure_total",
    "basic",
    "project",
    "closing_total",
)
# The 支出 kinds that have a column of their own.
KIND_COLUMNS = ("basic", "project")


def unit_values(figures: Figures) -> dict:
    """One report's figures, by column."""
    kinds = figures["expenditure_by_kind"]
    return {
        "income_total": figures["income_total"],
        "fiscal_income": figures["fiscal_income"],
        "expenditure_total": figures["expenditure_total"],
        "basic": kinds["basic"],
        "project": kinds["project"],
        "closing_total": figures["closing_total"],
    }


def elimination_values(consolidation, pairs) -> dict:
    """What the eliminations take off each column, as negative amounts (zero without any).

    An elimination takes its amount off the receiving unit's income field
    and the paying unit's spending field of its pair; one whose pair the
    template does not know is not applied by the consolidation either.
    """
    values = dict.fromkeys(COLUMNS, ZERO)
    pairs = {pair.key: pair for pair in pairs}
    for adjustment in consolidation.adjustments if consolidation else ():
        pair = pairs.get(adjustment.pair)
        if pair is None:
            continue
        amount = adjustment.amount
        values["income_total"] -= amount
        if pair.income in FISCAL_INCOME_FIELDS:
            values["fiscal_income"] -= amount
        values["expenditure_total"] -= amount
        if pair.expense in KIND_COLUMNS:
            values[pair.expense] -= amount
    return values


def build_by_unit(definition: TableDefinition, figures: Figures) -> Table:
    data = figures.data
    consolidation = data.consolidation
    Mode = ConsolidationMember.Mode
    rows = []
    if consolidation is None:
        values = {"mode": str(Mode.SELF.label), **unit_values(figures)}
        rows.append(Row("member:1", data.unit.name, RowKind.FIXED, values=values))
    else:
        for member in consolidation.consolidated:
            member_data = consolidation.member_data.get(member.unit_id)
            values = {"mode": str(Mode(member.mode).label)}
            if member_data is None:
                values |= dict.fromkeys(COLUMNS)
            else:
                values |= unit_values(Figures(member_data))
            rows.append(
                Row(
                    f"member:{member.position}",
                    member.unit_name,
                    RowKind.FIXED,
                    values=values,
                )
            )
    pairs = data.report.template.elimination_pairs
    rows.append(
        Row(
            "elimination",
            "内部抵消",
            RowKind.FIXED,
            values=elimination_values(consolidation, pairs),
        )
    )
    rows.append(Row("total", "合计", RowKind.TOTAL, values=unit_values(figures)))
    (pane,) = definition.panes
    return table_value(definition, data, [Pane(pane.heads, tuple(rows))])
