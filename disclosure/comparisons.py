"""Key figures of many reports at once, for trends and comparisons (years, peers).

A comparison page may show a hundred reports. Each published revision's
headline figures were frozen with its snapshot (`SnapshotFigures`, computed
once from the report's own tables by disclosure/figures.py), so a comparison
reads them in one query whatever the number of reports, and shows what each
revision published: a later change of a code list, a unit profile or a fact
of a correction never reaches it. Only a report that is not public (a draft
under review in the admin) has its figures computed from its document.
"""

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from disclosure import figures as headline
from disclosure.models import Report, SnapshotFigures
from reporting.money import YUAN, convert, percentage, round_half_up

logger = logging.getLogger(__name__)

PERCENT_PLACES = 1


@dataclass(frozen=True)
class KeyFigures:
    """One report's headline figures, in the report's own amount unit.

    A fact group that was not entered gives None (a missing fact is not a
    zero): 三公 without a ThreePublicExpenses row, headcounts without a
    UnitProfile. Totals treat a missing Balances row as zero, as 公开01表 does.
    A public report whose figures were never frozen has None everywhere.
    """

    report_id: int
    unit_id: int
    year: int
    amount_unit: str
    income_grand_total: Decimal | None
    income_total: Decimal | None
    fiscal_income: Decimal | None
    opening_total: Decimal | None
    expenditure_grand_total: Decimal | None
    expenditure_total: Decimal | None
    basic: Decimal | None
    project: Decimal | None
    fiscal_expenditure: Decimal | None
    closing_total: Decimal | None
    three_public_budget: Decimal | None
    three_public_actual: Decimal | None
    staff_total: int | None
    staff_in_service: int | None

    AMOUNTS = headline.AMOUNTS

    @property
    def measure(self) -> str:
        return str(Report.AmountUnit(self.amount_unit).label)

    def in_unit(self, amount_unit: str) -> "KeyFigures":
        """The same figures in another amount unit (万元 → 元 only: exact)."""
        return _in_unit(self, amount_unit, self.AMOUNTS)

    def in_yuan(self, name: str) -> Decimal | None:
        value = getattr(self, name)
        return None if value is None else convert(value, self.amount_unit, YUAN)

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
        name: None
        if value is None
        else convert(value, figures.amount_unit, amount_unit)
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
    income_total: Decimal | None
    expenditure_total: Decimal | None

    AMOUNTS = ("income_total", "expenditure_total")

    @property
    def measure(self) -> str:
        return str(Report.AmountUnit(self.amount_unit).label)

    def in_unit(self, amount_unit: str) -> "YearTotals":
        return _in_unit(self, amount_unit, self.AMOUNTS)


def _figures(report: Report, amount_unit: str, values: dict) -> KeyFigures:
    return KeyFigures(
        report_id=report.pk,
        unit_id=report.unit_id,
        year=report.fiscal_year.year,
        amount_unit=amount_unit,
        **values,
    )


def _live(report: Report) -> dict:
    from disclosure.document import build_document

    return headline.headline_figures(build_document(report))


def key_figures(reports: Sequence[Report]) -> dict[int, KeyFigures]:
    """KeyFigures per report pk: frozen ones in one query, whatever the number.

    `reports` must have `fiscal_year` loaded (select_related) to avoid a query
    each. A public report without frozen figures (published before they were
    frozen; `manage.py freeze_snapshots` adds them) shows none rather than
    live ones.
    """
    if not reports:
        return {}
    frozen = {
        row.report_id: row
        for row in SnapshotFigures.objects.filter(report__in=[r.pk for r in reports])
    }
    result = {}
    for report in reports:
        stored = frozen.get(report.pk)
        if stored is not None:
            values = headline.from_stored(stored.values)
            result[report.pk] = _figures(report, stored.amount_unit, values)
        elif report.status in Report.PUBLIC_STATUSES:
            logger.warning("“%s”没有冻结的主要数据，比较中显示为空。", report)
            values = dict.fromkeys(headline.AMOUNTS + headline.COUNTS)
            result[report.pk] = _figures(report, report.amount_unit, values)
        else:
            result[report.pk] = _figures(report, report.amount_unit, _live(report))
    return result


def year_totals(reports: Sequence[Report]) -> list[YearTotals]:
    """YearTotals of each report (the report page's trend chart), in one query."""
    by_report = key_figures(reports)
    return [
        YearTotals(
            report_id=r.pk,
            year=r.fiscal_year.year,
            amount_unit=by_report[r.pk].amount_unit,
            income_total=by_report[r.pk].income_total,
            expenditure_total=by_report[r.pk].expenditure_total,
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


YEAR_ROWS = headline.HEADLINES


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
