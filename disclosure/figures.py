"""A report's headline figures, read from the tables of its document.

    headline_figures(doc)   # {"income_total": Decimal("…"), …, "staff_in_service": 12}

These are the figures the comparisons (历年, 同一主管部门, 同类单位, 人均)
need. They are read from the very tables the report prints, so they cannot
disagree with it, and are frozen with the publication snapshot
(`SnapshotFigures`): a comparison shows what each revision published.

A fact group that was not entered gives None, not a zero: 三公 without its
figures, headcounts without a unit profile, the carry-over balances without
Balances.
"""

from decimal import Decimal

from disclosure.money import ZERO

# (name, label, is a headcount): the order of the comparison tables.
HEADLINES = (
    ("income_grand_total", "收入总计", False),
    ("income_total", "本年收入合计", False),
    ("fiscal_income", "其中：财政拨款收入", False),
    ("opening_total", "年初结转和结余", False),
    ("expenditure_grand_total", "支出总计", False),
    ("expenditure_total", "本年支出合计", False),
    ("basic", "其中：基本支出", False),
    ("project", "项目支出", False),
    ("fiscal_expenditure", "财政拨款支出", False),
    ("closing_total", "年末结转和结余", False),
    ("three_public_budget", "“三公”经费全年预算数", False),
    ("three_public_actual", "“三公”经费决算数", False),
    ("staff_total", "年末实有人数（人）", True),
    ("staff_in_service", "其中：在职人员（人）", True),
)
AMOUNTS = tuple(name for name, _, is_count in HEADLINES if not is_count)
COUNTS = tuple(name for name, _, is_count in HEADLINES if is_count)


def headline_figures(doc) -> dict[str, Decimal | int | None]:
    """Every headline figure of `doc` (a ReportDocument), in its amount unit."""
    tables = doc.tables_by_number
    data = doc.data

    def cell(number, row, column, *, entered=True):
        if not entered:
            return None
        value = tables[number].value(row, column, None)
        return ZERO if value is None else value

    balances = data.balances is not None
    three_public = data.three_public is not None
    profile = data.profile
    return {
        "income_grand_total": cell("01", "in_grand", "amount"),
        "income_total": cell("01", "in_total", "amount"),
        "fiscal_income": cell("02", "total", "fiscal"),
        "opening_total": cell("01", "in_begin", "amount", entered=balances),
        "expenditure_grand_total": cell("01", "ex_grand", "amount"),
        "expenditure_total": cell("01", "ex_total", "amount"),
        "basic": cell("03", "total", "basic"),
        "project": cell("03", "total", "project"),
        "fiscal_expenditure": cell("04", "ex_total", "total"),
        "closing_total": cell("01", "ex_end", "amount", entered=balances),
        "three_public_budget": cell("09", "row", "budget_total", entered=three_public),
        "three_public_actual": cell("09", "row", "actual_total", entered=three_public),
        "staff_total": None if profile is None else profile.staff_total,
        "staff_in_service": None if profile is None else profile.staff_in_service,
    }


def to_stored(figures: dict) -> dict:
    """Amounts as exact decimal strings, for `SnapshotFigures.values`."""
    return {
        name: (str(value) if isinstance(value, Decimal) else value)
        for name, value in figures.items()
    }


def from_stored(values: dict) -> dict[str, Decimal | int | None]:
    figures = {}
    for name in AMOUNTS:
        value = values.get(name)
        figures[name] = None if value is None else Decimal(value)
    for name in COUNTS:
        figures[name] = values.get(name)
    return figures
