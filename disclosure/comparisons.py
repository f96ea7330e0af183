"""Key figures of many reports at once, for trends and comparisons (years, peers).

A comparison page may show a hundred reports; building a ReportDocument for
each would cost dozens of queries per report. Instead the few figures a
comparison needs are aggregated straight from the fact tables, grouped by
report, in a fixed number of queries whatever the number of reports or lines.
The sums follow the table builders exactly (公开01表: 本年收入合计 is every
income column of every line, 收入总计 adds 使用非财政拨款结余 and 年初结转和结余,
and so on); tests hold the two to the same figures.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Sum

from disclosure.models import (
    EXPENDITURE_FIELDS,
    INCOME_FIELDS,
    THREE_PUBLIC_ITEMS,
    Balances,
    ExpenditureLine,
    FiscalExpenditureLine,
    IncomeLine,
    Report,
    ThreePublicExpenses,
)
from disclosure.money import ZERO, decimal_sum, percentage, round_half_up
from units.models import UnitProfile

YUAN_PER_WAN = Decimal("10000")
PERCENT_PLACES = 1
FISCAL_INCOME_FIELDS = ("general_budget", "gov_fund", "state_capital")


@dataclass(frozen=True)
class KeyFigures:
    """One report's headline figures, in the report's own amount unit.

    A fact group that was not entered gives None (a missing fact is not a
    zero): 三公 without a ThreePublicExpenses row, headcounts without a
    UnitProfile. Totals treat a missing Balances row as zero, as 公开01表 does.
    """

    report_id: int
    unit_id: int
    year: int
    amount_unit: str
    income_grand_total: Decimal
    income_total: Decimal
    fiscal_income: Decimal
    opening_total: Decimal | None
    expenditure_grand_total: Decimal
    expenditure_total: Decimal
    basic: Decimal
    project: Decimal
    fiscal_expenditure: Decimal
    closing_total: Decimal | None
    three_public_budget: Decimal | None
    three_public_actual: Decimal | None
    staff_total: int | None
    staff_in_service: int | None

    AMOUNTS = (
        "income_grand_total",
        "income_total",
        "fiscal_income",
        "opening_total",
        "expenditure_grand_total",
        "expenditure_total",
        "basic",
        "project",
        "fiscal_expenditure",
        "closing_total",
        "three_public_budget",
        "three_public_actual",
    )

    @property
    def measure(self) -> str:
        return str(Report.AmountUnit(self.amount_unit).label)

    def in_unit(self, amount_unit: str) -> "KeyFigures":
        """The same figures in another amount unit (万元 → 元 only: exact)."""
        return _in_unit(self, amount_unit, self.AMOUNTS)

    def in_yuan(self, name: str) -> Decimal | None:
        value = getattr(self, name)
        if value is None or self.amount_unit == Report.AmountUnit.YUAN:
            return value
        return value * YUAN_PER_WAN

    def per_staff(self, name: str) -> Decimal | None:
        """An amount per 在职人员, in 元 per person, rounded once; None without staff."""
        value = self.in_yuan(name)
        if value is None or not self.staff_in_service:
            return None
        return round_half_up(value / self.staff_in_service)


def _in_unit(figures, amount_unit: str, names: Iterable[str]):
    if amount_unit == figures.amount_unit:
        return figures
    if (figures.amount_unit, amount_unit) != (
        Report.AmountUnit.WAN_YUAN,
        Report.AmountUnit.YUAN,
    ):
        raise ValueError(f"不支持从 {figures.amount_unit} 换算为 {amount_unit}。")
    scaled = {
        name: None if value is None else value * YUAN_PER_WAN
        for name in names
        for value in [getattr(figures, name)]
    }
    return replace(figures, amount_unit=amount_unit, **scaled)


@dataclass(frozen=True)
class YearTotals:
    """本年收入合计 and 本年支出合计 of one report: all a trend chart needs."""

    report_id: int
    year: int
    amount_unit: str
    income_total: Decimal
    expenditure_total: Decimal

    AMOUNTS = ("income_total", "expenditure_total")

    @property
    def measure(self) -> str:
        return str(Report.AmountUnit(self.amount_unit).label)

    def in_unit(self, amount_unit: str) -> "YearTotals":
        return _in_unit(self, amount_unit, self.AMOUNTS)


def _sums(model, report_ids: Sequence[int], names: Iterable[str]) -> dict[int, dict]:
    # order_by() drops the model's default ordering, which would otherwise
    # join the code table and split the groups.
    rows = (
        model.objects.filter(report_id__in=report_ids)
        .order_by()
        .values("report_id")
        .annotate(**{name: Sum(name) for name in names})
    )
    return {
        row["report_id"]: {
            name: _exact(value) if name != "report_id" else value
            for name, value in row.items()
        }
        for row in rows
    }


def _exact(value) -> Decimal | None:
    # SQLite adds decimals as floats and Django does not quantise aggregates
    # there (317.34 comes back as 317.340000000000). A sum of two-decimal
    # amounts has two decimals, so rounding to the cent restores it exactly.
    return None if value is None else round_half_up(Decimal(value))


def _values(model, report_ids: Sequence[int], names: Iterable[str]) -> dict[int, dict]:
    rows = model.objects.filter(report_id__in=report_ids).values("report_id", *names)
    return {row["report_id"]: row for row in rows}


def _total(row: dict | None, names: Iterable[str]) -> Decimal:
    if row is None:
        return ZERO
    return decimal_sum(row[name] for name in names)


def key_figures(reports: Sequence[Report]) -> dict[int, KeyFigures]:
    """KeyFigures per report pk, in six queries whatever the number of reports.

    `reports` must have `fiscal_year` loaded (select_related) to avoid a query each.
    """
    ids = [r.pk for r in reports]
    if not ids:
        return {}
    income = _sums(IncomeLine, ids, INCOME_FIELDS)
    spending = _sums(ExpenditureLine, ids, EXPENDITURE_FIELDS)
    fiscal = _sums(FiscalExpenditureLine, ids, ("basic", "project"))
    balances = _values(
        Balances,
        ids,
        (
            "opening_total",
            "non_fiscal_surplus_used",
            "surplus_distribution",
            "closing_total",
        ),
    )
    three_public = _values(ThreePublicExpenses, ids, ThreePublicExpenses.AMOUNT_FIELDS)
    profiles = {
        (p["unit_id"], p["year"]): p
        for p in UnitProfile.objects.filter(
            unit_id__in={r.unit_id for r in reports},
            year__in={r.fiscal_year.year for r in reports},
        ).values("unit_id", "year", "staff_total", "staff_in_service")
    }
    figures = {}
    for report in reports:
        year = report.fiscal_year.year
        inc, exp = income.get(report.pk), spending.get(report.pk)
        bal = balances.get(report.pk)
        tp = three_public.get(report.pk)
        profile = profiles.get((report.unit_id, year))
        income_total = _total(inc, INCOME_FIELDS)
        expenditure_total = _total(exp, EXPENDITURE_FIELDS)

        def balance(name, bal=bal):
            return None if bal is None else bal[name]

        figures[report.pk] = KeyFigures(
            report_id=report.pk,
            unit_id=report.unit_id,
            year=year,
            amount_unit=report.amount_unit,
            income_grand_total=income_total
            + decimal_sum(
                [balance("non_fiscal_surplus_used"), balance("opening_total")]
            ),
            income_total=income_total,
            fiscal_income=_total(inc, FISCAL_INCOME_FIELDS),
            opening_total=balance("opening_total"),
            expenditure_grand_total=expenditure_total
            + decimal_sum([balance("surplus_distribution"), balance("closing_total")]),
            expenditure_total=expenditure_total,
            basic=_total(exp, ("basic",)),
            project=_total(exp, ("project",)),
            fiscal_expenditure=_total(fiscal.get(report.pk), ("basic", "project")),
            closing_total=balance("closing_total"),
            three_public_budget=None
            if tp is None
            else decimal_sum(tp[f"budget_{item}"] for item in THREE_PUBLIC_ITEMS),
            three_public_actual=None
            if tp is None
            else decimal_sum(tp[f"actual_{item}"] for item in THREE_PUBLIC_ITEMS),
            staff_total=None if profile is None else profile["staff_total"],
            staff_in_service=None if profile is None else profile["staff_in_service"],
        )
    return figures


def year_totals(reports: Sequence[Report]) -> list[YearTotals]:
    """YearTotals of each report, in two queries (the report page's trend chart)."""
    ids = [r.pk for r in reports]
    if not ids:
        return []
    income = _sums(IncomeLine, ids, INCOME_FIELDS)
    spending = _sums(ExpenditureLine, ids, EXPENDITURE_FIELDS)
    return [
        YearTotals(
            report_id=r.pk,
            year=r.fiscal_year.year,
            amount_unit=r.amount_unit,
            income_total=_total(income.get(r.pk), INCOME_FIELDS),
            expenditure_total=_total(spending.get(r.pk), EXPENDITURE_FIELDS),
        )
        for r in reports
    ]


def common_unit(figures: Iterable[KeyFigures | YearTotals]) -> str:
    """The amount unit to compare in: the shared one, or 元 when reports differ."""
    units = {f.amount_unit for f in figures}
    if len(units) == 1:
        return units.pop()
    return Report.AmountUnit.YUAN


# -- a unit across its years -------------------------------------------------


@dataclass(frozen=True)
class Change:
    """Δ against the previous column and its rate (None on a zero or missing base)."""

    delta: Decimal | int | None
    rate: Decimal | None


@dataclass(frozen=True)
class Cell:
    value: Decimal | int | None
    change: Change | None = None  # None in the first column


@dataclass(frozen=True)
class FigureRow:
    key: str
    label: str
    is_count: bool
    cells: tuple[Cell, ...]


# (field, label, is a headcount)
YEAR_ROWS = (
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


def change(current, previous) -> Change:
    if current is None or previous is None:
        return Change(None, None)
    delta = current - previous
    if isinstance(delta, int):
        rate = percentage(Decimal(delta), Decimal(previous), PERCENT_PLACES)
    else:
        rate = percentage(delta, previous, PERCENT_PLACES)
    return Change(delta, rate)


@dataclass(frozen=True)
class YearComparison:
    years: tuple[int, ...]
    reports: tuple[Report, ...]
    amount_unit: str
    rows: tuple[FigureRow, ...]

    @property
    def measure(self) -> str:
        return str(Report.AmountUnit(self.amount_unit).label)


def compare_years(reports: Sequence[Report]) -> YearComparison:
    """Side-by-side key figures of one unit's reports, oldest year first, Δ vs the year before."""
    reports = sorted(reports, key=lambda r: r.fiscal_year.year)
    by_report = key_figures(reports)
    unit = common_unit(by_report.values())
    columns = [by_report[r.pk].in_unit(unit) for r in reports]
    rows = []
    for name, label, is_count in YEAR_ROWS:
        cells = []
        previous = None
        for i, figures in enumerate(columns):
            value = getattr(figures, name)
            cells.append(Cell(value, None if i == 0 else change(value, previous)))
            previous = value
        rows.append(FigureRow(name, label, is_count, tuple(cells)))
    return YearComparison(
        years=tuple(r.fiscal_year.year for r in reports),
        reports=tuple(reports),
        amount_unit=unit,
        rows=tuple(rows),
    )


# -- peers in one year ------------------------------------------------------


@dataclass(frozen=True)
class PeerRow:
    report: Report
    figures: KeyFigures  # in the comparison's amount unit
    is_subject: bool

    @property
    def three_public_per_staff(self) -> Decimal | None:
        return self.figures.per_staff("three_public_actual")

    @property
    def basic_per_staff(self) -> Decimal | None:
        return self.figures.per_staff("basic")

    @property
    def expenditure_per_staff(self) -> Decimal | None:
        return self.figures.per_staff("expenditure_total")


def peer_rows(reports: Sequence[Report], subject_id: int | None) -> list[PeerRow]:
    """Rows for the peer table, amounts in one unit; per-staff figures are in 元 anyway."""
    by_report = key_figures(reports)
    unit = common_unit(by_report.values())
    return [
        PeerRow(r, by_report[r.pk].in_unit(unit), r.pk == subject_id) for r in reports
    ]
