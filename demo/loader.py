"""Demo data: the seed unit's 2022 report, its 2021 comparatives, sample units and users.

The seed unit is 景德镇市数字城市管理服务中心 (reference report in shared/seeds).
Its 2022 figures reproduce every self-consistent figure the seed states; where
the seed contradicts itself, the choice made is recorded in docs/demo-data.md.
Its 2021 report is reconstructed from the changes the seed states; its 2023
report is a sample draft for the demo preparer (`seed_2023`). Every other
unit's figures are sample data (示例数据). Each report says which of these it is
in its 数据说明 (`Report.data_note`), so the 单位概况 texts stay clean.

The data is plain structures in `jingdezhen`, `seed_2023` and `education`. `load_demo()` is
idempotent: it creates what is missing, corrects what differs, removes fact
lines that are not in the data, and writes nothing when all is in place.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction

from demo import budget_2023, department, education, jingdezhen, layouts, seed_2023
from demo.jingdezhen import DRAFT_UNIT, SEED_DEPARTMENT, SEED_UNIT
from demo.performance import load_performance_demo
from demo.specs import (
    CONSTRUCTED_NOTE,
    DRAFT,
    FISCAL_COLUMNS,
    PUBLISHED,
    RECONSTRUCTED_NOTE,
    SAMPLE_NOTE,
    DemoUser,
    ReportSpec,
    UnitSpec,
)
from disclosure import public_cache
from disclosure.codelists import (
    FIXTURES,
    KINDS,
    load_bundled_year,
    load_code_list,
    read_csv,
)
from disclosure.models import (
    AssetHolding,
    Balances,
    BasicExpenditureLine,
    ConsolidationAdjustment,
    ConsolidationMember,
    EconomicCode,
    ExpenditureLine,
    FiscalExpenditureLine,
    FiscalYear,
    FunctionCode,
    IncomeLine,
    OperatingExpense,
    PriorYearFigure,
    Procurement,
    Reason,
    Report,
    ReviewLog,
    RuleExplanation,
    ThreePublicExpenses,
    generated_data_reset,
)
from disclosure.snapshots import delete_snapshots, freeze_missing
from units.models import InternalBody, Membership, Unit, UnitProfile

__all__ = [
    "CONSTRUCTED_NOTE",
    "DEMO_USERS",
    "DRAFT_UNIT",
    "RECONSTRUCTED_NOTE",
    "REPORTS",
    "SAMPLE_NOTE",
    "SEED_DEPARTMENT",
    "SEED_UNIT",
    "UNITS",
    "load_demo",
    "load_demo_users",
    "load_substitute_code_lists",
]

# Parents come before their children.
UNITS: tuple[UnitSpec, ...] = (
    jingdezhen.UNITS + department.UNITS + education.UNITS + layouts.UNITS
)
# 本级's 2022 report as its department consolidates it: with the grant it
# passes to a unit below (demo/department.py).
REPORTS: tuple[ReportSpec, ...] = (
    tuple(
        department.CGJ_2022 if spec is jingdezhen.CGJ_2022 else spec
        for spec in jingdezhen.REPORTS
    )
    + (department.HWZX_2022,)
    + education.REPORTS
    + (
        seed_2023.SEED_2023,
        budget_2023.SEED_BUDGET_2023,
        budget_2023.CGJ_BUDGET_2023,
    )
    + layouts.REPORTS
)

DEPARTMENTS = (*department.DEPARTMENTS, budget_2023.CGJ_DEPARTMENT_BUDGET_2023)

# No official 2021 or 2023 list is bundled; the 2022 list stands in for them.
CODE_LIST_SOURCE_YEAR = {2021: 2022, 2022: 2022, 2023: 2022, 2024: 2022, 2025: 2022}

# Local demo only: fixed, published passwords.
DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "demo-admin", "系统管理员（超级用户）", "系统管理员", True),
    DemoUser(
        "kuaiji",
        "demo-kuaiji",
        "填报人：景德镇市数字城市管理服务中心",
        "填报人",
        unit=SEED_UNIT,
        role=Membership.Role.PREPARER,
    ),
    DemoUser(
        "shenhe",
        "demo-shenhe",
        "审核人：景德镇市城市管理局及其下属单位",
        "审核人",
        unit=SEED_DEPARTMENT,
        role=Membership.Role.REVIEWER,
    ),
)


def _amount(text: str) -> Decimal:
    return Decimal(text)


def _sync(model, lookup: dict, values: dict):
    """Get or create by `lookup`; update only the fields whose value differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj


def _sync_optional(model, report: Report, values: dict | None) -> None:
    """A one-per-report fact that the spec may leave out (then it must not exist)."""
    if values is not None:
        _sync(model, {"report": report}, values)
        return
    existing = model.objects.filter(report=report).first()
    if existing is not None:
        existing.delete()


def _sync_rows(queryset, key, rows: dict, create) -> None:
    """Make `queryset` hold exactly `rows` (key → field values).

    `key(obj)` gives an existing object's key; `create(key, values)` builds a
    new unsaved object. Rows not in `rows` are deleted, so a re-run converges.
    """
    existing = {key(obj): obj for obj in queryset}
    for row_key, values in rows.items():
        obj = existing.pop(row_key, None)
        if obj is None:
            create(row_key, values).save()
            continue
        changed = [n for n, v in values.items() if getattr(obj, n) != v]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save()
    for obj in existing.values():
        obj.delete()


def _ensure_code_lists(years) -> None:
    """Load the bundled lists for each year whose codes the demo uses are missing."""
    for year in sorted(years):
        needed_function = {
            code
            for spec in REPORTS
            if spec.year == year
            for code in [*spec.income, *spec.expenditure]
            + [c for lines in spec.fiscal.values() for c in lines]
        }
        needed_economic = {
            code for spec in REPORTS if spec.year == year for code in spec.basic
        }
        have_function = FunctionCode.objects.filter(
            fiscal_year__year=year, code__in=needed_function
        ).count()
        have_economic = EconomicCode.objects.filter(
            fiscal_year__year=year,
            scheme=EconomicCode.Scheme.DEPARTMENT,
            code__in=needed_economic,
        ).count()
        if have_function == len(needed_function) and have_economic == len(
            needed_economic
        ):
            continue
        source = CODE_LIST_SOURCE_YEAR[year]
        if source == year:
            load_bundled_year(year)
        else:
            load_substitute_code_lists(year, source)


def load_substitute_code_lists(year: int, source: int) -> None:
    """Load the bundled `source` year's lists (and budget tags) as `year`'s lists."""
    for kind in KINDS.values():
        load_code_list(kind, year, read_csv(FIXTURES / kind.filename(source)))
    meta = FIXTURES / f"function_codes_{source}_meta.csv"
    budgets = {row["code"]: row["budget"] for row in read_csv(meta)}
    codes = list(FunctionCode.objects.filter(fiscal_year__year=year))
    for code in codes:
        code.budget = budgets.get(code.code, "")
    FunctionCode.objects.bulk_update(codes, ["budget"])


def _load_units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    # UNITS lists parents before children, so each parent exists when needed.
    for spec in UNITS:
        units[spec.code] = _sync(
            Unit,
            {"code": spec.code},
            {
                "name": spec.name,
                "short_name": spec.short_name,
                "unit_type": spec.unit_type,
                "region": spec.region,
                "parent": units[spec.parent] if spec.parent else None,
                "is_active": True,
            },
        )
        for p in spec.profiles:
            profile = _sync(
                UnitProfile,
                {"unit": units[spec.code], "year": p.year},
                {
                    "duties": p.duties,
                    "staff_total": p.staff_in_service
                    + p.staff_retired_li
                    + p.staff_retired_tui,
                    "staff_in_service": p.staff_in_service,
                    "staff_retired_li": p.staff_retired_li,
                    "staff_retired_tui": p.staff_retired_tui,
                    "staff_other": p.staff_other,
                    "pensioners_paid_by_fund": p.pensioners_paid_by_fund,
                },
            )
            _sync_rows(
                InternalBody.objects.filter(profile=profile),
                key=lambda b: b.name,
                rows={name: {"position": i} for i, name in enumerate(p.bodies, 1)},
                create=lambda name, v, profile=profile: InternalBody(
                    profile=profile, name=name, **v
                ),
            )
    return units


def _amounts(values: dict, fields) -> dict:
    return {name: _amount(values.get(name, "0")) for name in fields}


def _load_report(spec: ReportSpec, unit: Unit, years: dict) -> Report:
    fiscal_year = years[spec.year]
    function_codes = {
        c.code: c for c in FunctionCode.objects.filter(fiscal_year=fiscal_year)
    }
    economic_codes = {
        c.code: c
        for c in EconomicCode.objects.filter(
            fiscal_year=fiscal_year, scheme=EconomicCode.Scheme.DEPARTMENT
        )
    }
    report = _sync(
        Report,
        {
            "unit": unit,
            "fiscal_year": fiscal_year,
            "level": Report.Level.UNIT,
            "kind": spec.kind,
            "revision": 1,
        },
        {
            "amount_unit": Report.AmountUnit.WAN_YUAN,
            "template_variant": spec.template,
            "approval_date": spec.approval_date,
            "data_note": spec.note,
        },
    )

    def code_line(model):
        return lambda key, values: model(
            report=report, function_code=function_codes[key], **values
        )

    _sync_rows(
        IncomeLine.objects.filter(report=report).select_related("function_code"),
        key=lambda o: o.function_code.code,
        rows={
            code: _amounts(v, IncomeLine.AMOUNT_FIELDS)
            for code, v in spec.income.items()
        },
        create=code_line(IncomeLine),
    )
    _sync_rows(
        ExpenditureLine.objects.filter(report=report).select_related("function_code"),
        key=lambda o: o.function_code.code,
        rows={
            code: _amounts(v, ExpenditureLine.AMOUNT_FIELDS)
            for code, v in spec.expenditure.items()
        },
        create=code_line(ExpenditureLine),
    )
    _sync_rows(
        FiscalExpenditureLine.objects.filter(report=report).select_related(
            "function_code"
        ),
        key=lambda o: (o.fund, o.function_code.code),
        rows={
            (fund, code): {
                name: _amount(text)
                for name, text in zip(FISCAL_COLUMNS, row, strict=True)
            }
            for fund, lines in spec.fiscal.items()
            for code, row in lines.items()
        },
        create=lambda key, values: FiscalExpenditureLine(
            report=report, fund=key[0], function_code=function_codes[key[1]], **values
        ),
    )
    _sync_rows(
        BasicExpenditureLine.objects.filter(report=report).select_related(
            "economic_code"
        ),
        key=lambda o: o.economic_code.code,
        rows={code: {"amount": _amount(text)} for code, text in spec.basic.items()},
        create=lambda code, values: BasicExpenditureLine(
            report=report, economic_code=economic_codes[code], **values
        ),
    )

    _sync(
        Balances,
        {"report": report},
        _amounts(
            spec.balances,
            (
                "opening_total",
                "non_fiscal_surplus_used",
                "surplus_distribution",
                "closing_total",
            ),
        ),
    )
    # A 预算 has no 决算数: its actual_* stay blank.
    unused = "actual_" if spec.kind == Report.Kind.BUDGET else None
    three_public = {
        name: None
        if unused and name.startswith(unused)
        else _amount(spec.three_public.get(name, "0"))
        for name in ThreePublicExpenses.AMOUNT_FIELDS
    }
    for name in (
        "abroad_groups",
        "abroad_people",
        "reception_batches",
        "reception_people",
        "foreign_reception_batches",
        "foreign_reception_people",
        "vehicles_purchased",
        "vehicles_held",
    ):
        three_public[name] = spec.three_public.get(name, 0)
    _sync(ThreePublicExpenses, {"report": report}, three_public)
    _sync(
        AssetHolding,
        {"report": report},
        {
            name: spec.assets.get(name, 0)
            for name in (*AssetHolding.VEHICLE_FIELDS, "equipment_over_million")
        },
    )
    _sync_optional(
        Procurement,
        report,
        None
        if spec.procurement is None
        else _amounts(spec.procurement, Procurement.AMOUNT_FIELDS),
    )
    _sync_optional(
        OperatingExpense,
        report,
        None
        if spec.operating_expense is None
        else {"amount": _amount(spec.operating_expense)},
    )

    _sync_rows(
        PriorYearFigure.objects.filter(report=report),
        key=lambda o: o.key,
        rows={key: {"amount": _amount(text)} for key, text in spec.prior.items()},
        create=lambda key, values: PriorYearFigure(report=report, key=key, **values),
    )
    _sync_rows(
        Reason.objects.filter(report=report),
        key=lambda o: o.key,
        rows={key: {"text": text} for key, text in spec.reasons.items()},
        create=lambda key, values: Reason(report=report, key=key, **values),
    )
    # Facts are written while the report is a draft (a report past draft refuses
    # changes); the status comes last. A published demo report whose facts already
    # match is left untouched, so a re-run writes nothing.
    if report.status != spec.status:
        report.status = spec.status
        report.save(update_fields=["status", "updated_at"])
    return report


def _load_department(spec, units: dict, years: dict) -> Report:
    """A 部门决算: its composition (pinned to the units' published reports) and eliminations."""
    fiscal_year = years[spec.year]
    report = _sync(
        Report,
        {
            "unit": units[spec.unit],
            "fiscal_year": fiscal_year,
            "level": Report.Level.DEPARTMENT,
            "kind": spec.kind,
            "revision": 1,
        },
        {"amount_unit": Report.AmountUnit.WAN_YUAN, "data_note": spec.note},
    )
    published = {
        r.unit.code: r
        for r in Report.objects.filter(
            unit__code__in=[m.unit for m in spec.members],
            fiscal_year=fiscal_year,
            level=Report.Level.UNIT,
            kind=spec.kind,
            status=Report.Status.PUBLISHED,
        ).select_related("unit")
    }
    _sync_rows(
        ConsolidationMember.objects.filter(report=report).select_related("unit"),
        key=lambda m: m.unit.code,
        rows={
            m.unit: {
                "position": position,
                "mode": m.mode,
                "unit_name": units[m.unit].name,
                "unit_type": units[m.unit].unit_type,
                "source": published.get(m.unit)
                if m.mode != ConsolidationMember.Mode.MERGED
                else None,
            }
            for position, m in enumerate(spec.members, start=1)
        },
        create=lambda code, values: ConsolidationMember(
            report=report, unit=units[code], **values
        ),
    )
    codes = {c.code: c for c in FunctionCode.objects.filter(fiscal_year=fiscal_year)}
    _sync_rows(
        ConsolidationAdjustment.objects.filter(report=report).select_related(
            "income_unit", "income_code", "expense_unit", "expense_code"
        ),
        key=lambda a: (
            a.pair,
            a.income_unit.code,
            a.income_code.code,
            a.expense_unit.code,
            a.expense_code.code,
        ),
        rows={
            (a.pair, a.income_unit, a.income_code, a.expense_unit, a.expense_code): {
                "amount": _amount(a.amount),
                "note": a.note,
            }
            for a in spec.adjustments
        },
        create=lambda key, values: ConsolidationAdjustment(
            report=report,
            pair=key[0],
            income_unit=units[key[1]],
            income_code=codes[key[2]],
            expense_unit=units[key[3]],
            expense_code=codes[key[4]],
            **values,
        ),
    )
    _sync_rows(
        Reason.objects.filter(report=report),
        key=lambda o: o.key,
        rows={key: {"text": text} for key, text in (spec.reasons or {}).items()},
        create=lambda key, values: Reason(report=report, key=key, **values),
    )
    if report.status != spec.status:
        report.status = spec.status
        report.save(update_fields=["status", "updated_at"])
    return report


def _reset_publications(units) -> None:
    """Back to the demo as specified: no corrections (their snapshots go first)."""
    reports = Report.objects.filter(unit__in=units)
    corrections = reports.filter(revision__gt=1)
    if not corrections.exists():
        return
    delete_snapshots(reports)
    # Facts refuse deletion past draft; a correction is dropped as a draft.
    corrections.update(status=Report.Status.DRAFT)
    RuleExplanation.objects.filter(report__in=corrections).delete()
    ReviewLog.objects.filter(report__in=corrections).delete()
    for correction in corrections.order_by("-revision"):
        correction.delete()
    reports.filter(status=Report.Status.SUPERSEDED).update(
        status=Report.Status.PUBLISHED, superseded_at=None
    )
    public_cache.bump()


class _Writes:
    """Counts the INSERT, UPDATE and DELETE statements run through a connection."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            self.count += 1
        return execute(sql, params, many, context)


@transaction.atomic
def load_demo(*, freeze: bool = True) -> dict[str, int]:
    """Create or reset the demo units, profiles and reports. Returns what it holds.

    The demo replaces its own published reports, which nothing else may do
    (`generated_data_reset`). Its published reports are then frozen like any
    report loaded as already published (`freeze=False` leaves that out, for
    tests that never read a public page).
    """
    report_years = {spec.year for spec in REPORTS}
    writes = _Writes()
    with generated_data_reset():
        with connection.execute_wrapper(writes):
            _ensure_code_lists(report_years)
            years = {
                y.year: y for y in FiscalYear.objects.filter(year__in=report_years)
            }
            units = _load_units()
            _reset_publications(units.values())
            for spec in REPORTS:
                _load_report(spec, units[spec.unit], years)
            for spec in DEPARTMENTS:
                _load_department(spec, units, years)
            load_performance_demo()
        if writes.count:
            # Something differed from the demo as specified: what was frozen
            # no longer shows the reports as they now are.
            delete_snapshots(Report.objects.filter(unit__in=units.values()))
            public_cache.bump()
    if freeze:
        freeze_missing(Report.objects.filter(unit__in=units.values()))
    return {
        "units": len(UNITS),
        "reports": len(REPORTS) + len(DEPARTMENTS),
        "published": sum(spec.status == PUBLISHED for spec in (*REPORTS, *DEPARTMENTS)),
        "drafts": sum(spec.status == DRAFT for spec in REPORTS),
    }


@transaction.atomic
def load_demo_users() -> tuple[DemoUser, ...]:
    """Create or reset the demo users, their groups and unit memberships.

    Needs the demo units (run `load_demo()` first) and the role groups that
    the units app's migrations create.
    """
    User = get_user_model()
    for demo in DEMO_USERS:
        user = _sync(
            User,
            {"username": demo.username},
            {
                "is_staff": True,
                "is_superuser": demo.superuser,
                "is_active": True,
                "first_name": demo.description,
            },
        )
        if not user.check_password(demo.password):
            user.set_password(demo.password)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=demo.group))
        if demo.unit:
            Membership.objects.get_or_create(
                user=user, unit=Unit.objects.get(code=demo.unit), role=demo.role
            )
    return DEMO_USERS
