"""Reads: everything a report's tables, narrative and checks need, in a fixed number of queries."""

import copy
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.http import Http404

from disclosure import budgets
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
from disclosure.parts import load_parts
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
    # What other apps' report parts loaded (disclosure/parts.py), by part name.
    parts: dict = field(default_factory=dict)
    # A 部门决算's members, their own figures and the eliminations.
    consolidation: object | None = None
    # Whether the fiscal lines' 年初预算数 were read from the published 预算
    # (disclosure/budgets.py); the lines only budgeted are then added, unsaved.
    budget_read: bool = False

    @property
    def performance(self):
        """The self-evaluated projects (the 绩效 part), when that part is installed."""
        return self.parts.get("performance")

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


FUNCTION_LINES = {
    "income_lines": IncomeLine,
    "expenditure_lines": ExpenditureLine,
    "fiscal_lines": FiscalExpenditureLine,
}


def _instances(model, queryset: QuerySet, *extra: str) -> list[tuple]:
    """(instance, *extra values) per row: model instances as Model.from_db makes them.

    A large report has hundreds of lines of each kind and as many codes. The
    rows are read with values_list() (the backend's converters apply, so
    amounts are Decimal) and each becomes an instance without the per-field
    work of Model.__init__, which is most of the cost of loading them. That
    __init__ does nothing else for these models; should one ever get a custom
    constructor or init signal receivers, they are loaded the usual way.
    """
    names = [f.attname for f in model._meta.concrete_fields]
    rows = queryset.values_list(*names, *extra)
    if (
        model.from_db.__func__ is not Model.from_db.__func__
        or model.__init__ is not Model.__init__
        or pre_init.has_listeners(model)
        or post_init.has_listeners(model)
    ):
        return [
            (model.from_db(queryset.db, names, row[: len(names)]), *row[len(names) :])
            for row in rows
        ]
    db, width, new = queryset.db, len(names), object.__new__
    loaded = []
    for row in rows:
        instance = new(model)
        instance.__dict__.update(zip(names, row[:width], strict=True))
        state = instance._state = ModelState()
        state.adding, state.db = False, db
        loaded.append((instance, *row[width:]))
    return loaded


def _function_lines(
    report_ids: list[int], fiscal_year, extra_codes=frozenset()
) -> tuple[dict[str, list], dict[str, FunctionCode]]:
    """The report's 功能分类 lines, each with its code cached on it, as select_related would.

    Rather than a joined copy of the code per line, each line query reads just
    the code (its ordering joins the code table anyway), and one query fetches
    the codes the report shows: every code the lines use, their 款 and 类, and
    every 类 of the year (公开01表/04表 list the whole class list by name).
    Lines share those code objects.
    """
    rows = {
        key: _instances(
            model,
            model.objects.filter(report_id__in=report_ids),
            "function_code__code",
        )
        for key, model in FUNCTION_LINES.items()
    }
    used = {code for lines in rows.values() for _, code in lines} | set(extra_codes)
    ancestors = {code[:n] for code in used for n in (3, 5, 7) if len(code) >= n}
    codes = {
        c.code: c
        for (c,) in _instances(
            FunctionCode,
            FunctionCode.objects.filter(
                Q(code__in=ancestors) | Q(level=FunctionCode.Level.CLASS),
                fiscal_year=fiscal_year,
            ),
        )
    }
    by_id = {c.pk: c for c in codes.values()}
    # A line on another year's code (FactLine.clean refuses it) keeps that code.
    foreign = {
        line.function_code_id
        for lines in rows.values()
        for line, _ in lines
        if line.function_code_id not in by_id
    }
    if foreign:
        by_id.update(FunctionCode.objects.in_bulk(foreign))
    loaded = {}
    for key, model in FUNCTION_LINES.items():
        cache = model._meta.get_field("function_code").set_cached_value
        loaded[key] = [line for line, _ in rows[key]]
        for line in loaded[key]:
            cache(line, by_id[line.function_code_id])
    return loaded, codes


def load_report_data(report: Report, *, tables_only: bool = False) -> ReportData:
    """Load all facts of `report` with a fixed number of queries, whatever its size.

    `tables_only` loads just what the table builders read (last year's report
    for the year-on-year figures): no unit profile, reasons, stated
    comparatives or performance projects. A 部门决算's facts are its units',
    consolidated (disclosure/consolidation.py).
    """
    if report.level == Report.Level.DEPARTMENT:
        from disclosure.consolidation import load_consolidated_data

        return load_consolidated_data(report, tables_only=tables_only)
    # The one-per-report fact groups come in the same query (reverse one-to-one joins).
    report = Report.objects.select_related(
        "unit", "unit__parent", "fiscal_year", *SINGLETONS
    ).get(pk=report.pk)
    # A 决算 reads its 年初预算数 from its published 预算 (disclosure/budgets.py).
    source = budgets.budget_source_filter(report)
    budget = budgets.budget_rows(source) if source is not None else []
    loaded, codes = _function_lines(
        [report.pk], report.fiscal_year, {row[1] for row in budget}
    )
    if budget:
        budgets.apply_budget(loaded["fiscal_lines"], budget, report, codes)
    basic_lines = list(
        BasicExpenditureLine.objects.filter(report=report).select_related(
            "economic_code"
        )
    )
    singletons = {name: _singleton(report, name) for name in SINGLETONS}
    if tables_only:
        return ReportData(
            report=report,
            profile=None,
            basic_lines=basic_lines,
            function_codes=codes,
            budget_read=bool(budget),
            **singletons,
            **loaded,
        )
    return ReportData(
        budget_read=bool(budget),
        report=report,
        profile=UnitProfile.objects.filter(
            unit=report.unit, year=report.fiscal_year.year
        )
        .prefetch_related("bodies")
        .first(),
        basic_lines=basic_lines,
        **singletons,
        prior_figures={
            p.key: p.amount for p in PriorYearFigure.objects.filter(report=report)
        },
        reasons={r.key: r.text for r in Reason.objects.filter(report=report)},
        function_codes=codes,
        parts=load_parts(report),
        **loaded,
    )


def renumbered(data: ReportData, year: int) -> ReportData:
    """`data` (last year's report) with its codes as `year`'s lists number them.

    A code the change list moved (调整, recorded in CodeCrosswalk) is read
    under its new number, so this year's line on the new code finds its
    上年 figure; unchanged codes stay as they are. Two queries, whatever the
    report's size. The lines get copies of their codes: the loaded code
    objects are shared and nothing is written.
    """
    from disclosure.codelists import crosswalk

    if data.year >= year:
        return data
    moves = crosswalk("function", data.year, year)
    economic = crosswalk("economic_dept", data.year, year)

    def moved(code, mapping):
        if code.code not in mapping:
            return code
        clone = copy.copy(code)
        clone.code = mapping[code.code]
        return clone

    if moves:
        for key, model in FUNCTION_LINES.items():
            cache = model._meta.get_field("function_code").set_cached_value
            for line in getattr(data, key):
                cache(line, moved(line.function_code, moves))
        data.function_codes = {
            c.code: c for c in (moved(c, moves) for c in data.function_codes.values())
        }
    if economic:
        cache = BasicExpenditureLine._meta.get_field("economic_code").set_cached_value
        for line in data.basic_lines:
            cache(line, moved(line.economic_code, economic))
    return data


def previous_report(report: Report) -> Report | None:
    """Last year's approved or published report of the same unit, if the system has it.

    While last year's report is being corrected, its approved correction counts
    over the published revision it corrects.
    """
    return (
        Report.objects.filter(
            unit_id=report.unit_id,
            level=report.level,
            kind=report.kind,
            fiscal_year__year=report.fiscal_year.year - 1,
            status__in=[Report.Status.APPROVED, Report.Status.PUBLISHED],
        )
        .select_related("fiscal_year")
        .order_by("-revision")
        .first()
    )


def reports_for_user(user) -> QuerySet[Report]:
    return Report.objects.for_user(user).select_related("unit", "fiscal_year")


class ReportNotFound(Http404):
    """No public report at this address; the message says so in Chinese, for the 404 page."""


def published_report_or_404(
    year: int,
    unit_code: str,
    revision: int | None = None,
    level: str | None = None,
    kind: str = Report.Kind.FINAL,
) -> Report:
    """What the public may read of `unit_code`'s `year`; anything else is a 404.

    Without `revision`: the current published revision. With it: that revision,
    current or corrected since. With `level`: the report of that level. Without:
    the unit's 部门决算 when it has a public one this year, else its 单位决算
    (the plain address, disclosure/public_urls.py); a 部门决算 that is public
    answers for its revisions even when it lacks the one asked for. `kind`:
    the 决算 (the default) or the 预算 of that year. One query.
    """
    reports = Report.objects.select_related("unit", "unit__parent", "fiscal_year")
    reports = reports.filter(
        fiscal_year__year=year, unit__code=unit_code, unit__is_active=True, kind=kind
    )
    if level is not None:
        reports = reports.filter(level=level)
    if revision is None:
        candidates = list(reports.published())
    elif level is None:
        # Revision 1 of a 部门决算 is public whenever any of its revisions is.
        department_public = Q(level=Report.Level.DEPARTMENT, revision=1)
        candidates = list(
            reports.public().filter(Q(revision=revision) | department_public)
        )
    else:
        candidates = list(reports.public().filter(revision=revision))
    if level is None and any(r.is_department for r in candidates):
        candidates = [r for r in candidates if r.is_department]
    found = next(
        (r for r in candidates if revision is None or r.revision == revision), None
    )
    if found is None:
        raise ReportNotFound(
            _not_found_message(year, unit_code, revision, level, Report.Kind(kind))
        )
    return found


def _not_found_message(year, unit_code, revision, level, kind) -> str:
    word = str(kind.label)
    if level:
        word = str(Report.Level(level).label).replace("决算", word)
    if revision is None:
        return f"单位 {unit_code} 没有已公开的 {year} 年度{word}。"
    return f"单位 {unit_code} 的 {year} 年度{word}没有已公开的第 {revision} 版。"


def report_revisions(report: Report) -> list[Report]:
    """Every public revision of `report`'s unit, year and level, first revision first."""
    return list(
        Report.objects.public()
        .filter(
            unit_id=report.unit_id,
            fiscal_year_id=report.fiscal_year_id,
            level=report.level,
            kind=report.kind,
        )
        .select_related("unit", "fiscal_year")
        .order_by("revision")
    )
