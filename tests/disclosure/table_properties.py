"""Relations the table builders make true by construction, as checks over built tables.

Each check returns the problems it finds (empty when the relation holds), so
that a test can assert "no problem" over generated reports for every template
and "a problem" over a table with one patched figure. Tables are located by
role and cells by row and column key; what a template lacks is skipped.

These are the guarantees of disclosure/rules/guarantees.py (BY_CONSTRUCTION):

* declared sums of a definition (`sums`: total column = Σ part columns in
  every row; `row_sums`: total row = Σ part rows in every column) — T01-1 …
  T01-4, T02-1, T03-1, T04-1 … T04-6, T05-1, T07-1, T08-1, T09-1, T09-2, T10-1;
* the code hierarchy of every coded pane (合计 = Σ 类, 类 = Σ 款, 款 = Σ 项) —
  T02-2, T03-2, T05-2, T06-1 … T06-3, T08-2 and the 政府性基金 table's;
* cells that two tables print from the same facts — X-01 … X-11, X-15;
* cells that print a figure the 审核 rules read by name, so that a rule's
  message citing the table cites what the table shows.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal

from reporting.money import ZERO
from reporting.spec import CLASSES, TableDefinition
from reporting.table import Pane, RowKind, Table


def _amount(value) -> Decimal:
    return ZERO if value is None else value


def _pane_of(table: Table, row_key: str) -> Pane | None:
    return next(
        (p for p in table.panes if any(r.key == row_key for r in p.all_rows)), None
    )


def _class_rows(pane: Pane) -> list[str]:
    return [r.key for r in pane.all_rows if r.kind == RowKind.CLASS and r.key]


def sum_problems(definition: TableDefinition, table: Table) -> list[str]:
    """`sums`: in every row with the total column, total = Σ part columns."""
    problems = []
    for total, parts in definition.sums:
        for row in table.rows:
            if total not in row.values:
                continue
            stated = _amount(row.values[total])
            computed = sum((_amount(row.values.get(p)) for p in parts), ZERO)
            if stated != computed:
                problems.append(
                    f"{table.code} {row.key}: {total} {stated} ≠ Σ{parts} {computed}"
                )
    return problems


def row_sum_problems(definition: TableDefinition, table: Table) -> list[str]:
    """`row_sums`: in every column of the total row, total = Σ part rows."""
    problems = []
    for total, parts in definition.row_sums:
        pane = _pane_of(table, total)
        if pane is None:
            continue
        rows = []
        for part in parts:
            rows += _class_rows(pane) if part == CLASSES.key else [part]
        total_row = next(r for r in pane.all_rows if r.key == total)
        for column, value in total_row.values.items():
            computed = sum((_amount(table.value(r, column, None)) for r in rows), ZERO)
            if _amount(value) != computed:
                problems.append(
                    f"{table.code} {total}.{column} {value} ≠ Σ{rows} {computed}"
                )
    return problems


def hierarchy_problems(table: Table) -> list[str]:
    """In every pane with coded rows: 合计 = Σ 类, 类 = Σ 款, 款 = Σ 项, per column."""
    problems = []
    for pane in table.panes:
        rows = pane.all_rows
        coded = {r.code: r for r in rows if r.code}
        if not coded:
            continue
        columns = [c.key for c in pane.columns if c.role.is_number]
        children: dict[str, list[str]] = {}
        for code in coded:
            if len(code) > 3 and code[: len(code) - 2] in coded:
                children.setdefault(code[: len(code) - 2], []).append(code)
        sums = [(coded[p], kids) for p, kids in children.items()]
        classes = [c for c in coded if len(c) == 3]
        sums += [(r, classes) for r in rows if r.kind == RowKind.TOTAL and not r.code]
        for parent, kids in sums:
            for column in columns:
                stated = _amount(parent.values.get(column))
                computed = sum(
                    (_amount(coded[k].values.get(column)) for k in kids), ZERO
                )
                if stated != computed:
                    problems.append(
                        f"{table.code} {parent.key}.{column} {stated} ≠ Σ{kids} "
                        f"{computed}"
                    )
    return problems


def within_table_problems(template, tables: Mapping[str, Table]) -> list[str]:
    problems = []
    for definition in template.definitions:
        table = tables[definition.role]
        problems += sum_problems(definition, table)
        problems += row_sum_problems(definition, table)
        problems += hierarchy_problems(table)
    return problems


# Cells two tables print from the same facts: (relation, left cells, right cells),
# each cell (role, row, column); the sums of both sides are equal.
SAME_CELLS = (
    ("X-01", [("summary", "in_total", "amount")], [("income", "total", "total")]),
    (
        "X-02",
        [("summary", k, "amount") for k in ("in_gpb", "in_gf", "in_soe")],
        [("income", "total", "fiscal")],
    ),
    *(
        ("X-03", [("summary", row, "amount")], [("income", "total", column)])
        for row, column in (
            ("in_sup", "superior_grant"),
            ("in_biz", "business"),
            ("in_op", "operating"),
            ("in_aff", "affiliate"),
            ("in_oth", "other"),
        )
    ),
    ("X-04", [("summary", "ex_total", "amount")], [("expenditure", "total", "total")]),
    *(
        ("X-06", [("fiscal_summary", a, "amount")], [("summary", b, "amount")])
        for a, b in (
            ("in_general", "in_gpb"),
            ("in_gov_fund", "in_gf"),
            ("in_state_capital", "in_soe"),
        )
    ),
    (
        "X-07",
        [("fiscal_summary", "in_total", "amount")],
        [("income", "total", "fiscal")],
    ),
    (
        "X-08",
        [("fiscal_summary", "ex_total", "general")],
        [("general_budget", "total", "total")],
    ),
    (
        "X-10",
        [("fiscal_summary", "in_gov_fund", "amount")],
        [("gov_fund", "total", "income")],
    ),
    (
        "X-10",
        [("fiscal_summary", "open_gov_fund", "amount")],
        [("gov_fund", "total", "opening")],
    ),
    (
        "X-10",
        [("fiscal_summary", "ex_total", "gov_fund")],
        [("gov_fund", "total", "ex_total")],
    ),
    (
        "X-10",
        [("fiscal_summary", "close_total", "gov_fund")],
        [("gov_fund", "total", "closing")],
    ),
    (
        "X-11",
        [("fiscal_summary", "ex_total", "state_capital")],
        [("state_capital", "total", "total")],
    ),
    # A 国有资本经营 table with the balance columns (上海): as X-10 for 政府性基金.
    (
        "X-11",
        [("fiscal_summary", "ex_total", "state_capital")],
        [("state_capital", "total", "ex_total")],
    ),
    (
        "X-11",
        [("fiscal_summary", "in_state_capital", "amount")],
        [("state_capital", "total", "income")],
    ),
    (
        "X-11",
        [("fiscal_summary", "open_state_capital", "amount")],
        [("state_capital", "total", "opening")],
    ),
    (
        "X-11",
        [("fiscal_summary", "close_total", "state_capital")],
        [("state_capital", "total", "closing")],
    ),
)
# Per 类: a summary table's class row "ex:CODE" column = a coded table's row CODE column.
SAME_CLASSES = (
    ("X-05", "summary", "amount", "expenditure", "total"),
    ("X-09", "fiscal_summary", "general", "general_budget", "total"),
    ("X-10", "fiscal_summary", "gov_fund", "gov_fund", "ex_total"),
    ("X-11", "fiscal_summary", "state_capital", "state_capital", "total"),
    ("X-11", "fiscal_summary", "state_capital", "state_capital", "ex_total"),
)
# a fund's table is empty ⇔ its column of the fiscal summary is ⇔ its income is 0.
SAME_EMPTINESS = (
    ("gov_fund", "gov_fund", "in_gov_fund", "open_gov_fund", "in_gf"),
    (
        "state_capital",
        "state_capital",
        "in_state_capital",
        "open_state_capital",
        "in_soe",
    ),
)


def _cells(tables, cells) -> list[Decimal] | None:
    """The cells' figures, None when a table or cell is not in the template."""
    values = []
    for role, row, column in cells:
        table = tables.get(role)
        if table is None:
            return None
        try:
            values.append(_amount(table.value(row, column)))
        except KeyError:
            if table.has_row(row):
                return None  # the row is there without that column: not this layout
            values.append(ZERO)  # a 类 row the unit does not carry
    return values


def cross_table_problems(tables: Mapping[str, Table]) -> list[str]:
    problems = []
    for relation, left, right in SAME_CELLS:
        a, b = _cells(tables, left), _cells(tables, right)
        if a is None or b is None:
            continue
        if sum(a, ZERO) != sum(b, ZERO):
            problems.append(
                f"{relation}: {left} {sum(a, ZERO)} ≠ {right} {sum(b, ZERO)}"
            )
    for relation, summary, column, coded, coded_column in SAME_CLASSES:
        if summary not in tables or coded not in tables:
            continue
        for row in tables[summary].rows:
            if row.kind != RowKind.CLASS or not row.key.startswith("ex:"):
                continue
            code = row.key.split(":", 1)[1]
            cells = _cells(
                tables, [(summary, row.key, column), (coded, code, coded_column)]
            )
            if cells is not None and cells[0] != cells[1]:
                problems.append(f"{relation} {code}: {cells[0]} ≠ {cells[1]}")
    for fund_table, column, income, opening, summary_row in SAME_EMPTINESS:
        if not {fund_table, "fiscal_summary", "summary"} <= set(tables):
            continue
        fiscal = tables["fiscal_summary"]
        in_fiscal = [v for k, v in fiscal.column_values(column).items() if k]
        # A layout without 上年结转 rows (上海 预算) has no opening cell.
        in_fiscal += [
            fiscal.value(income, "amount"),
            fiscal.value(opening, "amount", None),
        ]
        states = (
            tables[fund_table].is_empty,
            not any(in_fiscal),
            not tables["summary"].value(summary_row, "amount"),
        )
        if states[0] != states[1] or (states[0] and not states[2]):
            problems.append(f"X-15 {fund_table}: empty/zero states {states}")
    return problems


def _printed(figures) -> Iterable[tuple[str, str, str, object]]:
    """(role, row, column, figure value) of cells printing a figure the rules read."""
    f = figures
    yield "summary", "in_grand", "amount", f["income_grand_total"]
    yield "summary", "in_total", "amount", f["income_total"]
    yield "summary", "ex_grand", "amount", f["expenditure_grand_total"]
    yield "summary", "in_begin", "amount", f["opening_total"]
    yield "summary", "ex_end", "amount", f["closing_total"]
    yield "fiscal_summary", "in_grand", "amount", f["fiscal_income_grand_total"]
    yield "fiscal_summary", "ex_grand", "total", f["fiscal_expenditure_grand_total"]
    yield "fiscal_summary", "open_total", "amount", f["fiscal_opening_total"]
    yield "fiscal_summary", "close_total", "total", f["fiscal_closing_total"]
    for fund, value in f["fiscal_income_by_fund"].items():
        yield "fiscal_summary", f"in_{fund}", "amount", value
    for fund, value in f["fiscal_opening_by_fund"].items():
        yield "fiscal_summary", f"open_{fund}", "amount", value
    for fund, value in f["fiscal_expenditure_by_fund"].items():
        yield "fiscal_summary", "ex_total", fund, value
    for fund, value in f["fiscal_closing_by_fund"].items():
        yield "fiscal_summary", "close_total", fund, value
    yield "expenditure", "total", "project", f["expenditure_by_kind"]["project"]
    for code, values in f["expenditure_by_code"].items():
        for column in ("basic", "project"):
            yield "expenditure", code, column, values[column]
    for column, value in f["general_budget_by_kind"].items():
        yield "general_budget", "total", column, value
    for code, values in f["general_budget_by_code"].items():
        for column, value in values.items():
            yield "general_budget", code, column, value
    columns = {"expenditure": "ex_total"}
    for code, values in f["gov_fund_by_code"].items():
        for name, value in values.items():
            yield "gov_fund", code, columns.get(name, name), value
    yield "basic_by_economic_class", "personnel_total", "amount", f["personnel_costs"]
    yield "basic_by_economic_class", "public_total", "amount", f["public_costs"]
    for code, value in f["basic_by_economic_code"].items():
        yield "basic_by_economic_class", code, "amount", value
    three_public = f["three_public"] or {}
    for column, value in three_public.items():
        yield "three_public", "row", column, value
    yield "assets", "vehicles_total", "amount", f["vehicles_total"]


def printed_figure_problems(tables: Mapping[str, Table], figures) -> list[str]:
    problems = []
    for role, row, column, value in _printed(figures):
        table = tables.get(role)
        if table is None:
            continue
        if not table.has_row(row):
            # A code row left out must have had nothing to print; a fixed row
            # the template does not have is its layout.
            if row.isdigit() and value:
                problems.append(f"{table.code} 缺少 {row} 行（{column} {value}）")
            continue
        try:
            printed = table.value(row, column)
        except KeyError:
            continue  # the row is there without that column: not this layout
        if _amount(printed) != _amount(value):
            problems.append(f"{table.code} {row}.{column} {printed} ≠ 指标 {value}")
    return problems


def with_value(table: Table, row_key: str, column_key: str, value) -> Table:
    """The same table with one figure changed, as a hand-patched table could carry."""
    from dataclasses import replace

    def patch(rows):
        return tuple(
            replace(r, values={**r.values, column_key: value})
            if r.key == row_key
            else r
            for r in rows
        )

    panes = tuple(
        replace(p, rows=patch(p.rows), footer=patch(p.footer)) for p in table.panes
    )
    return replace(table, panes=panes)


def build_all(template, figures) -> dict[str, Table]:
    """Role → the template's table built from `figures`."""
    return {d.role: builder(d, figures) for d, builder in template.tables}
