"""Reads: everything a report's tables, narrative and checks need, in a fixed number of queries."""

from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet

from disclosure.models import (
    AssetHolding,
    Balances,
    BasicExpenditureLine,
    ExpenditureLine,
    FiscalExpenditureLine,
    FunctionCode,
    IncomeLine,
    OperatingExpense,
    PriorYearFigure,
    Procurement,
    Reason,
    Report,
    ThreePublicExpenses,
)
from performance.selectors import PerformanceData, load_performance
from units.models import UnitProfile


@dataclass
class ReportData:
    """A read-only bundle of one report's facts.

    Singletons are None when not entered (a missing fact is not a zero).
    `function_codes` maps every code of the report's year that a line uses,
    and each of its ancestors, to its FunctionCode, for names and hierarchy.
    """

    report: Report
    profile: UnitProfile | None
    income_lines: list[IncomeLine]
    expenditure_lines: list[ExpenditureLine]
    fiscal_lines: list[FiscalExpenditureLine]
    basic_lines: list[BasicExpenditureLine]
    balances: Balances | None
    three_public: ThreePublicExpenses | None
    assets: AssetHolding | None
    procurement: Procurement | None
    operating_expense: OperatingExpense | None
    prior_figures: dict[str, object] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    function_codes: dict[str, FunctionCode] = field(default_factory=dict)
    performance: PerformanceData | None = None  # the self-evaluated projects

    @property
    def year(self) -> int:
        return self.report.fiscal_year.year

    @property
    def unit(self):
        return self.report.unit


SINGLETONS = ("balances", "three_public", "assets", "procurement", "operating_expense")


def _singleton(report: Report, name: str):
    """A one-per-report fact group, or None when it was never entered."""
    try:
        return getattr(report, name)
    except ObjectDoesNotExist:
        return None


def load_report_data(report: Report) -> ReportData:
    """Load all facts of `report` with a fixed number of queries, whatever its size."""
    # The one-per-report fact groups come in the same query (reverse one-to-one joins).
    report = Report.objects.select_related(
        "unit", "unit__parent", "fiscal_year", *SINGLETONS
    ).get(pk=report.pk)
    lines = {
        "income_lines": IncomeLine.objects.filter(report=report).select_related(
            "function_code"
        ),
        "expenditure_lines": ExpenditureLine.objects.filter(
            report=report
        ).select_related("function_code"),
        "fiscal_lines": FiscalExpenditureLine.objects.filter(
            report=report
        ).select_related("function_code"),
    }
    loaded = {key: list(qs) for key, qs in lines.items()}
    used = {line.function_code.code for group in loaded.values() for line in group}
    ancestors = {code[:n] for code in used for n in (3, 5, 7) if len(code) >= n}
    # Every 类 of the year too: 公开01表/04表 list the whole class list by name.
    codes = {
        c.code: c
        for c in FunctionCode.objects.filter(
            Q(code__in=ancestors) | Q(level=FunctionCode.Level.CLASS),
            fiscal_year=report.fiscal_year,
        )
    }
    return ReportData(
        report=report,
        profile=UnitProfile.objects.filter(
            unit=report.unit, year=report.fiscal_year.year
        )
        .prefetch_related("bodies")
        .first(),
        basic_lines=list(
            BasicExpenditureLine.objects.filter(report=report).select_related(
                "economic_code"
            )
        ),
        **{name: _singleton(report, name) for name in SINGLETONS},
        prior_figures={
            p.key: p.amount for p in PriorYearFigure.objects.filter(report=report)
        },
        reasons={r.key: r.text for r in Reason.objects.filter(report=report)},
        function_codes=codes,
        performance=load_performance(report),
        **loaded,
    )


def previous_report(report: Report) -> Report | None:
    """Last year's approved or published report of the same unit, if the system has it.

    While last year's report is being corrected, its approved correction counts
    over the published revision it corrects.
    """
    return (
        Report.objects.filter(
            unit_id=report.unit_id,
            fiscal_year__year=report.fiscal_year.year - 1,
            status__in=[Report.Status.APPROVED, Report.Status.PUBLISHED],
        )
        .select_related("fiscal_year")
        .order_by("-revision")
        .first()
    )


def reports_for_user(user) -> QuerySet[Report]:
    return Report.objects.for_user(user).select_related("unit", "fiscal_year")


def published_report_or_404(
    year: int, unit_code: str, revision: int | None = None
) -> Report:
    """What the public may read of `unit_code`'s `year`; anything else is a 404.

    Without `revision`: the current published revision. With it: that revision,
    current or corrected since.
    """
    from django.shortcuts import get_object_or_404

    reports = Report.objects.select_related("unit", "unit__parent", "fiscal_year")
    if revision is None:
        reports = reports.published()
    else:
        reports = reports.public().filter(revision=revision)
    return get_object_or_404(
        reports,
        fiscal_year__year=year,
        unit__code=unit_code,
        unit__is_active=True,
    )


def report_revisions(report: Report) -> list[Report]:
    """Every public revision of `report`'s unit and year, first revision first."""
    return list(
        Report.objects.public()
        .filter(unit_id=report.unit_id, fiscal_year_id=report.fiscal_year_id)
        .order_by("revision")
    )
