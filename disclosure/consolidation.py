"""部门决算: a department's facts consolidated from its units' reports.

    data = load_report_data(department_report)   # comes here for level 部门
    data.income_lines                            # Σ units − eliminations, per code
    data.consolidation.members                   # 部门决算单位构成, in print order
    data.consolidation.member_data[unit_id]      # each unit's own ReportData

A department's report stores no figure. Its composition lists 本级 (the
department's own 单位决算), each 预算单列 unit (its own 单位决算) and each
并入本级 unit (its accounts are inside 本级's, it has no report). Its facts
are the sum, per 功能分类 or 经济分类 code, of the consolidated units'
approved reports, in the department's amount unit, minus the eliminations
(抵消) the department's accountant records: each takes one amount off the
receiving unit's income and off the paying unit's spending. The tables,
narrative, rules, snapshot and downloads then read it as any report's data.

While the department's report is a draft, each unit's current approved (or
published) report is read; submitting it pins those reports
(`ConsolidationMember.source`), so nothing submitted or published changes
when a unit corrects its own report later — the department is told its
report is out of date (disclosure/departments.py) and publishes a correction.

The load takes a fixed number of queries whatever the number of units.
"""

import copy
import functools
from dataclasses import dataclass, field

from django.db import models, transaction

from disclosure import budgets
from disclosure.entry import fact_writes
from disclosure.models import (
    AssetHolding,
    Balances,
    BasicExpenditureLine,
    EconomicCode,
    ExpenditureLine,
    FiscalExpenditureLine,
    IncomeLine,
    OperatingExpense,
    PriorYearFigure,
    Procurement,
    Reason,
    Report,
    ThreePublicExpenses,
)
from disclosure.models.consolidation import ConsolidationAdjustment, ConsolidationMember
from disclosure.parts import load_parts
from disclosure.selectors import ReportData, _function_lines, _instances
from reporting.money import ZERO, AmountField, convert
from units.models import Unit, UnitProfile

Mode = ConsolidationMember.Mode
CONSOLIDATED_STATUSES = (Report.Status.APPROVED, Report.Status.PUBLISHED)
# 机关运行经费 is spent by 行政 and 参公 units only.
OPERATING_UNIT_TYPES = (
    Unit.UnitType.ADMINISTRATIVE,
    Unit.UnitType.CIVIL_SERVANT_MANAGED,
)
SINGLETON_MODELS = {
    "balances": Balances,
    "three_public": ThreePublicExpenses,
    "assets": AssetHolding,
    "procurement": Procurement,
    "operating_expense": OperatingExpense,
}
PROFILE_COUNTS = (
    "staff_total",
    "staff_in_service",
    "staff_retired_li",
    "staff_retired_tui",
    "staff_other",
    "pensioners_paid_by_fund",
)


class ConsolidationRefused(Exception):
    """The composition cannot be consolidated now; the message names the unit."""


@dataclass
class Consolidation:
    """What a 部门决算 is made of, beside its consolidated facts."""

    members: list[ConsolidationMember]
    # unit id → the unit's report that is consolidated (None: none approved yet).
    sources: dict[int, Report | None]
    # unit id → that report's facts, in the department's amount unit.
    member_data: dict[int, ReportData] = field(default_factory=dict)
    adjustments: list[ConsolidationAdjustment] = field(default_factory=list)

    @property
    def consolidated(self) -> list[ConsolidationMember]:
        """本级 and the 预算单列 units, whose reports are summed, in print order."""
        return [m for m in self.members if m.consolidated]

    def missing(self) -> list[ConsolidationMember]:
        """Consolidated units with no approved report to sum."""
        return [m for m in self.consolidated if self.sources.get(m.unit_id) is None]


# -- composition ---------------------------------------------------------------


def default_members(report: Report) -> list[ConsolidationMember]:
    """The composition the unit tree gives: 本级, then every active unit below it.

    A unit with a 单位决算 of the year is 预算单列; one without is 并入本级.
    The accountant changes modes and order before submitting.
    """
    department = report.unit
    below = list(Unit.objects.active().subtree_of(department).exclude(pk=department.pk))
    with_reports = set(
        Report.objects.filter(
            unit__in=below,
            fiscal_year=report.fiscal_year,
            level=Report.Level.UNIT,
            kind=report.kind,
        ).values_list("unit_id", flat=True)
    )
    return members_of(
        report,
        [(department, Mode.SELF)]
        + [
            (unit, Mode.OWN_REPORT if unit.pk in with_reports else Mode.MERGED)
            for unit in below
        ],
    )


def members_of(report: Report, rows) -> list[ConsolidationMember]:
    """Unsaved composition rows from (unit, mode) in print order, the unit as it reads now."""
    return [
        ConsolidationMember(
            report=report,
            position=position,
            unit=unit,
            mode=mode,
            unit_name=unit.name,
            unit_type=unit.unit_type,
        )
        for position, (unit, mode) in enumerate(rows, start=1)
    ]


def compose(report: Report, user=None) -> list[ConsolidationMember]:
    """Write the default composition of a draft 部门决算 that has none yet.

    Without `user` (a service that has checked the permission) only the
    report's status is checked.
    """
    if report.members.exists():
        return list(report.members.all())
    with fact_writes(report, user, permission=user is not None) as writer:
        return writer.bulk_create(
            ConsolidationMember, default_members(report), "由单位树生成部门决算单位构成"
        )


def current_sources(report: Report, units) -> dict[int, Report | None]:
    """Each unit's newest approved or published 单位决算 of the report's year."""
    found: dict[int, Report | None] = dict.fromkeys(units)
    reports = (
        Report.objects.filter(
            unit_id__in=list(units),
            fiscal_year_id=report.fiscal_year_id,
            level=Report.Level.UNIT,
            kind=report.kind,
            status__in=CONSOLIDATED_STATUSES,
        )
        .select_related("unit", "fiscal_year")
        .order_by("unit_id", "-revision")
    )
    for source in reports:
        if found.get(source.unit_id) is None:
            found[source.unit_id] = source
    return found


def _sources(report: Report, members) -> dict[int, Report | None]:
    units = [m.unit_id for m in members if m.consolidated]
    if report.status == Report.Status.DRAFT:
        return current_sources(report, units)
    pinned = {m.unit_id: m.source_id for m in members if m.consolidated}
    by_id = Report.objects.select_related("unit", "fiscal_year").in_bulk(
        [pk for pk in pinned.values() if pk]
    )
    return {unit: by_id.get(pk) for unit, pk in pinned.items()}


def source_reports(report: Report) -> list[Report]:
    """The reports a 部门决算 (or 部门预算) consolidates, in print order (本级 first)."""
    members = list(report.members.all())
    sources = _sources(report, members)
    return [
        sources[m.unit_id]
        for m in members
        if m.consolidated and sources.get(m.unit_id) is not None
    ]


def pin_sources(report: Report, user) -> None:
    """On submission: record which unit reports the department's figures come from.

    Refused, naming the units, while a consolidated unit has no approved report.
    """
    members = list(report.members.all())
    if not members:
        raise ConsolidationRefused("部门决算尚未填写单位构成，不能提交。")
    sources = current_sources(report, [m.unit_id for m in members if m.consolidated])
    missing = [
        m.unit_name for m in members if m.consolidated and not sources[m.unit_id]
    ]
    if missing:
        raise ConsolidationRefused(
            "以下单位的单位决算尚未审核通过，部门决算不能提交："
            + "、".join(missing)
            + "。"
        )
    with fact_writes(report, user, permission=False) as writer:
        for member in members:
            source = sources.get(member.unit_id) if member.consolidated else None
            writer.update(member, {"source": source})


# -- the consolidated facts -----------------------------------------------------


@functools.cache
def _amount_names(model) -> tuple[str, ...]:
    return tuple(
        f.attname for f in model._meta.concrete_fields if isinstance(f, AmountField)
    )


@functools.cache
def _count_names(model) -> tuple[str, ...]:
    return tuple(
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, models.IntegerField) and not f.primary_key
    )


def _in_unit(obj, names, source_unit: str, target_unit: str):
    """`obj` with its amounts converted to the department's amount unit (in place)."""
    if source_unit == target_unit:
        return obj
    for name in names:
        value = getattr(obj, name)
        if value is not None:
            setattr(obj, name, convert(value, source_unit, target_unit))
    return obj


def load_consolidated_data(report: Report, *, tables_only: bool = False) -> ReportData:
    report = Report.objects.select_related("unit", "unit__parent", "fiscal_year").get(
        pk=report.pk
    )
    members = list(report.members.all())
    sources = _sources(report, members)
    reports = {s.pk: s for s in sources.values() if s is not None}
    unit_of = {pk: s.unit_id for pk, s in reports.items()}
    adjustments = list(report.adjustments.select_related("income_code", "expense_code"))
    # A unit's 决算 reads its 年初预算数 from the 预算 pinned at its submission.
    budget_of = {
        pk: r.budget_id
        for pk, r in reports.items()
        if r.budget_id is not None and budgets.budget_source_filter(r) is not None
    }
    planned = budgets.rows_by_budget(budget_of.values())
    loaded, codes = _function_lines(
        list(reports),
        report.fiscal_year,
        extra_codes={
            code
            for a in adjustments
            for code in (a.income_code.code, a.expense_code.code)
        }
        | {row[1] for rows in planned.values() for row in rows},
    )
    if planned:
        loaded["fiscal_lines"] = _with_budgets(
            loaded["fiscal_lines"], reports, budget_of, planned, codes
        )
    basic = _basic_lines(list(reports))
    target = report.amount_unit
    per_report: dict[int, dict] = {
        pk: {
            "income_lines": [],
            "expenditure_lines": [],
            "fiscal_lines": [],
            "basic_lines": [],
        }
        for pk in reports
    }
    converted = {pk for pk, r in reports.items() if r.amount_unit != target}
    for key, lines in [*loaded.items(), ("basic_lines", basic)]:
        for line in lines:
            if line.report_id in converted:
                source = reports[line.report_id].amount_unit
                _in_unit(line, _amount_names(type(line)), source, target)
            per_report[line.report_id][key].append(line)
    singles: dict[int, dict] = {pk: dict.fromkeys(SINGLETON_MODELS) for pk in reports}
    for name, model in SINGLETON_MODELS.items():
        for fact in model.objects.filter(report_id__in=list(reports)):
            source = reports[fact.report_id]
            singles[fact.report_id][name] = _in_unit(
                fact, _amount_names(model), source.amount_unit, target
            )
    profiles = {}
    if not tables_only:
        profiles = {
            p.unit_id: p
            for p in UnitProfile.objects.filter(
                unit_id__in=[m.unit_id for m in members], year=report.fiscal_year.year
            ).prefetch_related("bodies")
        }
    member_data = {
        unit_of[pk]: ReportData(
            report=reports[pk],
            profile=profiles.get(unit_of[pk]),
            function_codes=codes,
            **per_report[pk],
            **singles[pk],
        )
        for pk in reports
    }
    consolidation = Consolidation(members, sources, member_data, adjustments)
    type_of = {m.unit_id: m.unit_type for m in members}
    data = ReportData(
        report=report,
        profile=None if tables_only else _profile(report, members, profiles),
        function_codes=codes,
        consolidation=consolidation,
        **_summed_lines(report, member_data.values(), adjustments),
        **{
            name: _summed_singleton(
                report,
                model,
                [
                    d.__dict__[name]
                    for unit, d in member_data.items()
                    if name != "operating_expense"
                    or type_of.get(unit) in OPERATING_UNIT_TYPES
                ],
            )
            for name, model in SINGLETON_MODELS.items()
        },
    )
    if not tables_only:
        data.prior_figures = {
            p.key: p.amount for p in PriorYearFigure.objects.filter(report=report)
        }
        data.reasons = {r.key: r.text for r in Reason.objects.filter(report=report)}
        data.parts = load_parts(report)
    return data


def _with_budgets(lines, reports, budget_of, planned, codes) -> list:
    """The members' fiscal lines with the 年初预算数 of their 预算 (disclosure/budgets.py)."""
    by_report: dict[int, list] = {}
    for line in lines:
        by_report.setdefault(line.report_id, []).append(line)
    result = []
    for pk, own in by_report.items():
        rows = planned.get(budget_of.get(pk), [])
        result += budgets.apply_budget(own, rows, reports[pk], codes) if rows else own
    for pk, budget in budget_of.items():
        if pk not in by_report and planned.get(budget):
            result += budgets.apply_budget([], planned[budget], reports[pk], codes)
    return result


def _basic_lines(report_ids: list[int]) -> list[BasicExpenditureLine]:
    """The reports' 经济分类 lines, sharing one object per code (one query for the codes)."""
    rows = _instances(
        BasicExpenditureLine,
        BasicExpenditureLine.objects.filter(report_id__in=report_ids),
    )
    lines = [line for (line,) in rows]
    codes = EconomicCode.objects.in_bulk({line.economic_code_id for line in lines})
    cache = BasicExpenditureLine._meta.get_field("economic_code").set_cached_value
    for line in lines:
        cache(line, codes[line.economic_code_id])
    return lines


def _summed_lines(report, members, adjustments) -> dict[str, list]:
    """Per fact line kind, one line per code: the members' sum less the eliminations."""
    from disclosure.report_templates import template_for

    pairs = {p.key: p for p in template_for(report).elimination_pairs}
    sums: dict[str, dict] = {
        "income_lines": {},
        "expenditure_lines": {},
        "fiscal_lines": {},
        "basic_lines": {},
    }
    models = {
        "income_lines": IncomeLine,
        "expenditure_lines": ExpenditureLine,
        "fiscal_lines": FiscalExpenditureLine,
        "basic_lines": BasicExpenditureLine,
    }

    def line(key, code, fund=None):
        bucket = sums[key]
        slot = (fund, code.code)
        if slot not in bucket:
            model = models[key]
            values = dict.fromkeys(_amount_names(model), ZERO)
            if key == "basic_lines":
                new = model(report=report, economic_code=code, **values)
            elif key == "fiscal_lines":
                new = model(report=report, function_code=code, fund=fund, **values)
            else:
                new = model(report=report, function_code=code, **values)
            bucket[slot] = new
        return bucket[slot]

    for data in members:
        for key in models:
            names = _amount_names(models[key])
            for source in getattr(data, key):
                if key == "basic_lines":
                    target = line(key, source.economic_code)
                else:
                    fund = getattr(source, "fund", None)
                    target = line(key, source.function_code, fund)
                for name in names:
                    value = getattr(source, name)
                    if value is not None:
                        setattr(target, name, getattr(target, name) + value)
    for adjustment in adjustments:
        pair = pairs.get(adjustment.pair)
        if pair is None:
            continue
        income = line("income_lines", adjustment.income_code)
        setattr(income, pair.income, getattr(income, pair.income) - adjustment.amount)
        spending = line("expenditure_lines", adjustment.expense_code)
        setattr(
            spending, pair.expense, getattr(spending, pair.expense) - adjustment.amount
        )
    return {
        key: sorted(
            bucket.values(),
            key=lambda x: (
                x.economic_code.code if key == "basic_lines" else x.function_code.code
            ),
        )
        for key, bucket in sums.items()
    }


def _summed_singleton(report, model, facts):
    """The members' fact group summed field by field; None when no member entered it."""
    facts = [f for f in facts if f is not None]
    if not facts:
        return None
    total = model(report=report)
    for name in _amount_names(model):
        values = [getattr(f, name) for f in facts if getattr(f, name) is not None]
        setattr(total, name, sum(values, ZERO) if values else None)
    for name in _count_names(model):
        setattr(total, name, sum(getattr(f, name) or 0 for f in facts))
    return total


def _profile(report, members, profiles):
    """The department's own profile (duties, bodies), with every member's headcount."""
    own = profiles.get(report.unit_id)
    if own is None:
        return None
    profile = copy.copy(own)
    for name in PROFILE_COUNTS:
        setattr(
            profile,
            name,
            sum(
                getattr(profiles[m.unit_id], name)
                for m in members
                if m.unit_id in profiles
            ),
        )
    return profile


@transaction.atomic
def set_composition(report: Report, user, rows) -> None:
    """Replace a draft's composition: rows are (unit, mode) in print order."""
    with fact_writes(report, user) as writer:
        for member in report.members.all():
            writer.delete(member)
        writer.bulk_create(
            ConsolidationMember, members_of(report, rows), "修改部门决算单位构成"
        )


__all__ = [
    "Consolidation",
    "ConsolidationRefused",
    "compose",
    "current_sources",
    "default_members",
    "load_consolidated_data",
    "pin_sources",
    "set_composition",
]
