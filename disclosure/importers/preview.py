"""What an import would change: per sheet and cell, the old and the new figure."""

from dataclasses import dataclass

from disclosure.exports.supplement import (
    GOV_FUND_INCOME_SECTION,
    LUMPED_SOURCES,
    OTHER_INCOME_SECTION,
    SUPPLEMENT_SECTIONS,
    SUPPLEMENT_SHEET,
    count_labels,
    optional_sections,
    procurement_labels,
)
from disclosure.importers.facts import (
    ReportFacts,
    build_tables_from_facts,
    facts_from_data,
)
from disclosure.importers.xlsx import column_labels
from disclosure.models import Fund, PriorYearFigure, Report
from disclosure.report_templates import template_for
from disclosure.selectors import ReportData, load_report_data
from reporting.table import Table

# -- the preview ----------------------------------------------------------------


@dataclass(frozen=True)
class CellChange:
    row: str
    column: str
    old: str
    new: str


@dataclass(frozen=True)
class SheetChanges:
    sheet: str
    title: str
    changes: tuple[CellChange, ...]


def _cell_text(value) -> str:
    from reporting.formatting import format_amount

    if value is None:
        return "（空）"
    if isinstance(value, str):
        return value
    return format_amount(value)


def _table_cells(table: Table) -> dict[tuple[str, str], tuple[str, str, object]]:
    cells = {}
    labels = column_labels(table)
    for pane, pane_labels in zip(table.panes, labels, strict=True):
        for row in pane.all_rows:
            if not row.key:
                continue
            described = f"{row.code} {row.label}".strip() if row.code else row.label
            for key, label in pane_labels.items():
                cells[(row.key, key)] = (described, label, row.values.get(key))
    return cells


def preview(
    report: Report, facts: ReportFacts, current: ReportData | None = None
) -> list[SheetChanges]:
    """What importing `facts` would change, per sheet and cell (old → new).

    `current` is the report's stored data when the caller has read it already
    (to take the version of the very facts the preview is computed against).
    """
    from disclosure.tables import build_tables

    old_data = current if current is not None else load_report_data(report)
    old_tables = build_tables(old_data)
    new_tables = build_tables_from_facts(report, facts)
    result = []
    for old, new in zip(old_tables, new_tables, strict=True):
        before, after = _table_cells(old), _table_cells(new)
        changes = []
        for key in [*before, *(k for k in after if k not in before)]:
            a = before.get(key)
            b = after.get(key)
            old_value = a[2] if a else None
            new_value = b[2] if b else None
            if (old_value or 0) == (new_value or 0) and (old_value is None) == (
                new_value is None
            ):
                continue
            described, label = (b or a)[0], (b or a)[1]
            changes.append(
                CellChange(
                    described, label, _cell_text(old_value), _cell_text(new_value)
                )
            )
        if changes:
            result.append(SheetChanges(new.code, new.title, tuple(changes)))
    supplement = _supplement_changes(
        facts_from_data(old_data), facts, optional_sections(template_for(report))
    )
    if supplement:
        result.append(
            SheetChanges(SUPPLEMENT_SHEET, "公开表以外的填报数据", tuple(supplement))
        )
    return result


def _supplement_changes(
    old: ReportFacts, new: ReportFacts, sections: tuple[str, ...]
) -> list[CellChange]:
    changes = []

    def add(row, column, a, b):
        if a != b:
            changes.append(CellChange(row, column, _cell_text(a), _cell_text(b)))

    fields = {
        "budget_initial": "年初预算数",
        "opening_balance": "年初财政拨款结转和结余",
        "closing_balance": "年末财政拨款结转和结余",
    }
    for key in sorted(set(old.fiscal) | set(new.fiscal)):
        fund, code = key
        for name, label in fields.items():
            if fund == Fund.GOV_FUND and name != "budget_initial":
                continue
            a = old.fiscal.get(key, {}).get(name)
            b = new.fiscal.get(key, {}).get(name)
            add(f"{Fund(fund).label} {code}", label, a, b)
    for code in sorted(set(old.income) | set(new.income)):
        add(
            f"国有资本经营预算财政拨款收入 {code}",
            "本年收入",
            (old.income.get(code) or {}).get("state_capital"),
            (new.income.get(code) or {}).get("state_capital"),
        )
    income_codes = sorted(set(old.income) | set(new.income))
    if GOV_FUND_INCOME_SECTION in sections:
        for code in income_codes:
            add(
                f"政府性基金预算财政拨款收入 {code}",
                "本年收入",
                (old.income.get(code) or {}).get("gov_fund"),
                (new.income.get(code) or {}).get("gov_fund"),
            )
    if OTHER_INCOME_SECTION in sections:
        labels = SUPPLEMENT_SECTIONS[OTHER_INCOME_SECTION][1][2:]
        for code in income_codes:
            for name, label in zip(LUMPED_SOURCES, labels, strict=True):
                add(
                    f"其他收入构成 {code}",
                    label,
                    (old.income.get(code) or {}).get(name),
                    (new.income.get(code) or {}).get(name),
                )
    for name, label in count_labels().items():
        add(
            "“三公”经费实物量",
            label,
            (old.three_public or {}).get(name),
            (new.three_public or {}).get(name),
        )
    for name, label in procurement_labels().items():
        add(
            "政府采购",
            label,
            (old.procurement or {}).get(name),
            (new.procurement or {}).get(name),
        )
    add("机关运行经费", "金额", old.operating_expense, new.operating_expense)
    keys = dict(PriorYearFigure.Key.choices)
    for key in keys:
        add("上年比较数", str(keys[key]), old.prior.get(key), new.prior.get(key))
    for key in sorted(set(old.reasons) | set(new.reasons)):
        add("原因说明", key, old.reasons.get(key), new.reasons.get(key))
    return changes
