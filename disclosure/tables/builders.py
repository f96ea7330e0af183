"""Builders: facts (ReportData) + a TableDefinition → Table.

Builders only add up stored facts; no subtotal or total is ever read from
storage. A fact group that was not entered (Balances, “三公”, assets) gives
empty cells (None), not zeros; totals over such cells count them as zero.
Builders do no database queries: everything comes from `ReportData`.
"""

from collections.abc import Iterable, Mapping, Sequence

from disclosure.figures import FUND_KEYS, Figures
from disclosure.models import THREE_PUBLIC_ITEMS, Fund
from disclosure.selectors import ReportData
from reporting.formatting import chinese_ordinal
from reporting.hierarchy import LEVEL_BY_LENGTH, column_sums
from reporting.money import ZERO, decimal_sum
from reporting.spec import (
    BLANK,
    CLASSES,
    FILL,
    PaneSpec,
    RowSpec,
    TableDefinition,
)
from reporting.table import KIND_BY_LEVEL, Pane, Row, RowKind, Table


def table_value(definition: TableDefinition, data: ReportData, panes) -> Table:
    report = data.report
    return Table(
        key=definition.key,
        code=definition.code,
        title=definition.printed_title(data.year),
        unit_name=report.unit.name,
        year=data.year,
        measure_label=definition.measure_label,
        measure=definition.measure or str(report.get_amount_unit_display()),
        panes=tuple(panes),
        footnotes=tuple(f.format(year=data.year) for f in definition.footnotes),
        empty_note=definition.empty_note.format(year=data.year),
        show_index_row=definition.show_index_row,
        landscape=definition.landscape,
        zero_text=definition.zero_text,
        code_printed=definition.code_printed,
        year_word=report.year_word,
    )


# -- hierarchy tables (功能分类 类/款/项) ----------------------------------------


def function_names(definition: TableDefinition, data: ReportData) -> dict[str, str]:
    names = dict(definition.classes)
    names.update({code: fc.name for code, fc in data.function_codes.items()})
    return names


def _code_rows(
    items: Iterable[tuple[str, Mapping]],
    fields: Sequence[str],
    names: Mapping[str, str],
) -> list[Row]:
    """合计 then 类/款/项 in code order, only for codes with a non-zero figure."""
    amounts = [(code, [v.get(f) for f in fields]) for code, v in items]
    total, sums = column_sums([(c, a) for c, a in amounts if any(a)], len(fields))
    rows = [Row("total", "合计", RowKind.TOTAL, 0, "", None, _values(fields, total))]
    for code in sorted(sums):
        level = LEVEL_BY_LENGTH[len(code)]
        row = Row(
            code,
            names.get(code, ""),
            KIND_BY_LEVEL[level],
            level,
            code,
            None,
            _values(fields, sums[code]),
        )
        rows.append(row)
    return rows


def _values(fields: Sequence[str], amounts: list) -> dict:
    return dict(zip(fields, amounts, strict=False))  # as long by construction


def hierarchy_table(
    definition: TableDefinition,
    data: ReportData,
    items: Iterable[tuple[str, Mapping]],
    names: Mapping[str, str] | None = None,
) -> Table:
    """合计 and 类/款/项 rows of `items`; `names` of 经济分类 codes, else 功能分类."""
    (pane,) = definition.panes
    fields = [c.key for h in pane.heads for c in h.leaves() if c.role.is_number]
    if names is None:
        names = function_names(definition, data)
    rows = _code_rows(items, fields, names)
    if definition.total_last:
        rows.append(rows.pop(0))
    return table_value(definition, data, [Pane(pane.heads, tuple(rows))])


def build_income(definition: TableDefinition, figures: Figures) -> Table:
    """公开02表: income by source; 财政拨款收入 is the three funds together."""
    data = figures.data

    def values(line):
        return {
            "total": decimal_sum(getattr(line, f) for f in line.AMOUNT_FIELDS),
            "fiscal": line.general_budget + line.gov_fund + line.state_capital,
            # Each fund on its own (预算 收入总表).
            "general_budget": line.general_budget,
            "gov_fund": line.gov_fund,
            "state_capital": line.state_capital,
            "superior_grant": line.superior_grant,
            "business": line.business,
            "operating": line.operating,
            "affiliate": line.affiliate,
            "other": line.other,
            # 其他收入 where a layout (上海 预算) names no other source: every
            # source but 财政拨款, 事业 and 经营 (its 名词解释 says so).
            "other_all": line.superior_grant + line.affiliate + line.other,
        }

    items = [(line.function_code.code, values(line)) for line in data.income_lines]
    return hierarchy_table(definition, data, items)


def build_expenditure(definition: TableDefinition, figures: Figures) -> Table:
    """公开03表: spending by kind."""
    data = figures.data

    def values(line):
        fields = {f: getattr(line, f) for f in line.AMOUNT_FIELDS}
        return {"total": decimal_sum(fields.values()), **fields}

    items = [(line.function_code.code, values(line)) for line in data.expenditure_lines]
    return hierarchy_table(definition, data, items)


def _fund_items(data: ReportData, fund: str) -> list[tuple[str, dict]]:
    return [
        (
            line.function_code.code,
            {
                "total": line.basic + line.project,
                "basic": line.basic,
                "project": line.project,
            },
        )
        for line in data.fiscal_lines
        if line.fund == fund
    ]


def build_general_budget(definition: TableDefinition, figures: Figures) -> Table:
    """公开05表: 一般公共预算财政拨款 spending (年初预算数 is not published)."""
    data = figures.data
    return hierarchy_table(definition, data, _fund_items(data, Fund.GENERAL))


def build_state_capital(definition: TableDefinition, figures: Figures) -> Table:
    """公开08表: 国有资本经营预算财政拨款 spending."""
    data = figures.data
    return hierarchy_table(definition, data, _fund_items(data, Fund.STATE_CAPITAL))


# The income field of IncomeLine that finances each fund.
FUND_INCOME = {Fund.GOV_FUND: "gov_fund", Fund.STATE_CAPITAL: "state_capital"}


def fund_balance_items(figures: Figures, fund: str) -> list[tuple[str, dict]]:
    """Per 功能分类 code: a fund's balances, income and spending (07表 columns)."""
    data = figures.data
    items = [
        (
            line.function_code.code,
            {
                "opening": line.opening_balance,
                "ex_total": line.basic + line.project,
                "basic": line.basic,
                "project": line.project,
                "closing": line.closing_balance,
            },
        )
        for line in data.fiscal_lines
        if line.fund == fund
    ]
    field = FUND_INCOME[fund]
    items += [
        (line.function_code.code, {"income": getattr(line, field)})
        for line in data.income_lines
    ]
    return items


def build_gov_fund(definition: TableDefinition, figures: Figures) -> Table:
    """公开07表: 政府性基金 balances, income (IncomeLine.gov_fund) and spending."""
    return hierarchy_table(
        definition, figures.data, fund_balance_items(figures, Fund.GOV_FUND)
    )


# -- fixed-row tables (公开01表, 04表, 10表) -------------------------------------


def class_list(
    definition: TableDefinition, data: ReportData, carried: Iterable[str]
) -> list[tuple[str, str]]:
    """The definition's 类, then any other 类 the unit carries (never drop a figure)."""
    names = function_names(definition, data)
    listed = [code for code, _ in definition.classes]
    extra = sorted(set(carried) - set(listed))
    return [(code, names.get(code, "")) for code in listed + extra]


def fixed_panes(
    definition: TableDefinition,
    values: Mapping[str, Mapping],
    classes: Sequence[tuple[str, str]] = (),
) -> list[Pane]:
    """Expand CLASSES and FILL, number the rows if asked, attach the values."""
    expanded: list[list[RowSpec]] = []
    for spec in definition.panes:
        rows = []
        for row in spec.rows:
            if row is CLASSES:
                rows += [
                    RowSpec(
                        f"ex:{code}", f"{chinese_ordinal(i)}、{name}", RowKind.CLASS
                    )
                    for i, (code, name) in enumerate(classes, start=1)
                ]
            else:
                rows.append(row)
        expanded.append(rows)
    height = max(sum(1 for r in rows if r is not FILL) for rows in expanded)
    panes = []
    number = 0
    for spec, rows in zip(definition.panes, expanded, strict=True):
        gap = height - sum(1 for r in rows if r is not FILL)
        laid_out = []
        for row in rows:
            laid_out += [BLANK] * gap if row is FILL else [row]
        built = []
        for row in laid_out:
            if definition.numbered:
                number += 1
            built.append(
                Row(
                    key=row.key,
                    label=row.label,
                    kind=row.kind,
                    level=row.level,
                    line_no=number if definition.numbered else None,
                    values=values.get(row.key, {}) if row.key else {},
                )
            )
        panes.append(_pane(spec, built))
    return panes


def _pane(spec: PaneSpec, rows: list[Row]) -> Pane:
    return Pane(spec.heads, tuple(rows))


def build_summary(definition: TableDefinition, figures: Figures) -> Table:
    """公开01表 收入支出决算总表."""
    data = figures.data
    sources = figures["income_by_source"]
    income = {
        "in_gpb": sources["general_budget"],
        "in_gf": sources["gov_fund"],
        "in_soe": sources["state_capital"],
        "in_sup": sources["superior_grant"],
        "in_biz": sources["business"],
        "in_op": sources["operating"],
        "in_aff": sources["affiliate"],
        "in_oth": sources["other"],
        # 上海 预算: 一、财政拨款收入 over its three funds, and 四、其他收入 for
        # every source it does not name (as build_income's "other_all").
        "in_fiscal": figures["fiscal_income"],
        "in_oth_all": sources["superior_grant"]
        + sources["affiliate"]
        + sources["other"],
        "in_total": figures["income_total"],
        "in_nfs": figures["non_fiscal_surplus_used"],
        "in_begin": figures["opening_total"],
        "in_grand": figures["income_grand_total"],
    }
    by_class = figures["expenditure_by_class"]
    classes = class_list(definition, data, by_class)
    spending = {f"ex:{code}": by_class.get(code, ZERO) for code, _ in classes}
    spending["ex_total"] = figures["expenditure_total"]
    spending["ex_dist"] = figures["surplus_distribution"]
    spending["ex_end"] = figures["closing_total"]
    spending["ex_grand"] = figures["expenditure_grand_total"]

    values = {key: {"amount": v} for key, v in {**income, **spending}.items()}
    return table_value(definition, data, fixed_panes(definition, values, classes))


def build_fiscal_summary(definition: TableDefinition, figures: Figures) -> Table:
    """公开04表 财政拨款收入支出决算总表: income per fund, spending per 类 and fund."""
    data = figures.data
    sources = figures["income_by_source"]
    income = {
        "in_general": sources["general_budget"],
        "in_gov_fund": sources["gov_fund"],
        "in_state_capital": sources["state_capital"],
    }
    income["in_total"] = figures["fiscal_income"]
    opening = figures["fiscal_opening_by_fund"]
    for column, value in opening.items():
        income[f"open_{column}"] = value
    income["open_total"] = decimal_sum(opening.values())
    income["in_grand"] = income["in_total"] + income["open_total"]

    def with_total(per_fund: Mapping) -> dict:
        return {"total": decimal_sum(per_fund.values()), **per_fund}

    funds = list(FUND_KEYS.values())
    by_class = figures["fiscal_by_class_and_fund"]
    classes = class_list(definition, data, by_class)
    values = {key: {"amount": v} for key, v in income.items()}
    for code, _ in classes:
        values[f"ex:{code}"] = with_total(
            by_class.get(code, dict.fromkeys(funds, ZERO))
        )
    ex_total = figures["fiscal_expenditure_by_fund"]
    closing = figures["fiscal_closing_by_fund"]
    values["ex_total"] = with_total(ex_total)
    values["close_total"] = with_total(closing)
    values["ex_grand"] = with_total(
        {column: ex_total[column] + closing[column] for column in funds}
    )
    return table_value(definition, data, fixed_panes(definition, values, classes))


def build_assets(definition: TableDefinition, figures: Figures) -> Table:
    """公开10表 国有资产占用情况表: counts; 车辆数合计 is the sum of the 8 categories."""
    data = figures.data
    assets = data.assets
    values = {}
    for spec in definition.panes[0].rows:
        if assets is None:
            value = None
        elif spec.key in ("vehicles_total", "equipment_over_million"):
            value = figures[spec.key]
        else:
            value = getattr(assets, spec.key)
        values[spec.key] = {"amount": value}
    return table_value(definition, data, fixed_panes(definition, values))


def three_public_cells(figures: Figures) -> dict:
    """The “三公” cells of a row: {budget|actual}_{item, vehicle_total, total}."""
    values = figures["three_public"]
    if values is None:  # not entered: every cell empty
        return {
            f"{block}_{item}": None
            for block in ("budget", "actual")
            for item in (*THREE_PUBLIC_ITEMS, "vehicle_total", "total")
        }
    # A sub-row left blank stays blank.
    blank = figures["three_public_blank"]
    return {key: None if key in blank else v for key, v in values.items()}


def build_three_public(definition: TableDefinition, figures: Figures) -> Table:
    """公开09表 财政拨款“三公”经费支出决算表: 全年预算数 and 决算数 in one row."""
    values = three_public_cells(figures)
    return table_value(
        definition, figures.data, fixed_panes(definition, {"row": values})
    )


# -- 公开06表 (经济分类 panes) ---------------------------------------------------


def economic_classes(definition: TableDefinition, figures: Figures) -> list[list[str]]:
    """Per pane of 公开06表, the 经济分类 类 it shows, in order.

    Its always-shown 类 and any other 类 of the pane the unit carries; the
    chart of 基本支出 shows the same categories.
    """
    amounts = figures["basic_by_economic_code"]
    claimed = {c for p in definition.economic_panes for c in p.classes}
    panes = []
    for spec in definition.economic_panes:

        def belongs(code: str, spec=spec) -> bool:
            return code[:3] in spec.classes if spec.classes else code[:3] not in claimed

        carried = {code[:3] for code in amounts if belongs(code)}
        panes.append(sorted(set(spec.shown) | carried))
    return panes


def economic_names(definition: TableDefinition, figures: Figures) -> dict[str, str]:
    """经济分类 code → name: the year's list over the template's defaults."""
    names = dict(definition.economic_class_names)
    for line in figures.data.basic_lines:
        names[line.economic_code.code] = line.economic_code.name
    return names


def build_basic_by_economic_class(
    definition: TableDefinition, figures: Figures
) -> Table:
    """公开06表 一般公共预算财政拨款基本支出决算表, in two panes.

    Two panes, 人员经费 (301, 303) | 公用经费 (every other 类: 302, 307, 310,
    399 …), as in the Shanghai real report; the MOF three-pane form only
    continues 公用经费 in a third pane, which adds nothing but an arbitrary
    break. Each pane lists its always-shown 类 and any other 类 the unit
    carries, each 类 row being the sum of its 款; the last row holds
    人员经费合计 | 公用经费合计.
    """
    data = figures.data
    amounts = figures["basic_by_economic_code"]
    class_totals = figures["basic_by_economic_class"]
    names = economic_names(definition, figures)
    panes = []
    for spec, pane_spec, classes in zip(
        definition.economic_panes,
        definition.panes,
        economic_classes(definition, figures),
        strict=True,
    ):
        rows = []
        pane_total = ZERO
        for cls in classes:
            sections = sorted(c for c in amounts if len(c) == 5 and c[:3] == cls)
            class_total = class_totals.get(cls, ZERO)
            pane_total += class_total
            rows.append(
                Row(
                    cls,
                    names.get(cls, ""),
                    RowKind.CLASS,
                    1,
                    cls,
                    values={"amount": class_total},
                )
            )
            rows += [
                Row(
                    c,
                    names.get(c, ""),
                    RowKind.SECTION,
                    2,
                    c,
                    values={"amount": amounts[c]},
                )
                for c in sections
            ]
        total = Row(
            spec.total.key,
            spec.total.label,
            spec.total.kind,
            values={"amount": pane_total},
        )
        panes.append(Pane(pane_spec.heads, tuple(rows), (total,)))
    return table_value(definition, data, panes)
