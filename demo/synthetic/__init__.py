"""Synthetic data for benchmarks: thousands of units, every report published and consistent.

Not part of the demo, and never loaded by it. Every unit code starts with
`SYNTHETIC_CODE_PREFIX` and every unit name with “合成测试”, so the set is easy
to recognise and to remove; every report says so in its 数据说明.

Figures are drawn as integers in hundredths of the amount unit and become
Decimal only when a row is built, so each identity the 审核 rules check holds
exactly, not just within the rounding envelope:

- each 财政拨款 line balances: income = spending + closing − opening, per fund
  and per code (公开04表 and the per-code rows of 公开07表);
- the unit balances as a whole: 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余;
- 财政拨款 never exceeds all funds, per code and for the balances;
- the 经济分类 lines add up to 一般公共预算财政拨款基本支出;
- “三公”经费 covers its economic lines, and the counts match the amounts;
- next year's 年初结转和结余 is this year's 年末结转和结余.

Reasons (主要原因是…) are written exactly where the narrative asks for one.
The same seed gives the same data: each unit draws from its own generator,
seeded by the run's seed and the unit's code, and nothing iterates over a set.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Q

from demo.synthetic.codes import ensure_code_lists, load_codebook
from demo.synthetic.unit import (
    FACT_MODELS,
    SYNTHETIC_NOTE,
    Bundle,
    UnitGenerator,
    UnitSpec,
)
from demo.synthetic.vocabulary import AREAS, UNIT_TYPE_WEIGHTS
from disclosure import public_cache
from disclosure.models import FiscalYear, Report, generated_data_reset
from disclosure.snapshots import delete_snapshots
from units.models import InternalBody, Membership, Unit, UnitProfile

__all__ = [
    "SYNTHETIC_CODE_PREFIX",
    "SYNTHETIC_NAME_PREFIX",
    "SYNTHETIC_NOTE",
    "Summary",
    "SyntheticDataRefused",
    "delete_synthetic",
    "foreign_units",
    "generate",
    "synthetic_units",
]

SYNTHETIC_CODE_PREFIX = "SYN"
DEPARTMENT_CODE_PREFIX = SYNTHETIC_CODE_PREFIX + "D"
UNIT_CODE_PREFIX = SYNTHETIC_CODE_PREFIX + "U"
SYNTHETIC_NAME_PREFIX = "合成测试"

UNITS_PER_DEPARTMENT = 50
CHUNK_UNITS = 200  # units whose reports are built and written together
BULK_BATCH = 2000  # rows per INSERT


class SyntheticDataRefused(Exception):
    """Generation would mix synthetic units with real ones; the message says what to do."""


@dataclass
class Summary:
    departments: int = 0
    units: int = 0
    reports: int = 0
    rows: int = 0  # fact rows, profiles and internal bodies
    replaced_units: int = 0
    seconds: float = 0.0


SYNTHETIC = Q(code__startswith=SYNTHETIC_CODE_PREFIX) & Q(
    name__startswith=SYNTHETIC_NAME_PREFIX
)


def synthetic_units():
    # Code and name together: regenerating deletes these units, so a real unit
    # whose code happens to start with the prefix must never match.
    return Unit.objects.filter(SYNTHETIC)


def foreign_units():
    """Units that are not synthetic (real data, the demo)."""
    return Unit.objects.exclude(SYNTHETIC)


def plan_units(count: int, departments: int, seed: int) -> list[UnitSpec]:
    """The unit tree: `departments` 主管部门 and the other units spread evenly below them."""
    rng = random.Random(f"synthetic:{seed}:tree")
    departments = max(1, min(departments, count))
    below = count - departments
    dept_width = max(3, len(str(departments)))
    unit_width = max(5, len(str(below)))
    specs = []
    areas = []
    for d in range(1, departments + 1):
        area = rng.choice(AREAS)
        areas.append(area)
        specs.append(
            UnitSpec(
                code=f"{DEPARTMENT_CODE_PREFIX}{d:04d}",
                name=f"{SYNTHETIC_NAME_PREFIX}部门{d:0{dept_width}d}{area.department}",
                unit_type=Unit.UnitType.ADMINISTRATIVE,
                area=area,
                department_code=None,
            )
        )
    types, weights = zip(*UNIT_TYPE_WEIGHTS, strict=True)
    for n in range(1, below + 1):
        d = (n - 1) * departments // below  # contiguous, evenly sized groups
        area = areas[d]
        specs.append(
            UnitSpec(
                code=f"{UNIT_CODE_PREFIX}{n:06d}",
                name=f"{SYNTHETIC_NAME_PREFIX}单位{n:0{unit_width}d}{rng.choice(area.kinds)}",
                unit_type=rng.choices(types, weights=weights)[0],
                area=area,
                department_code=specs[d].code,
            )
        )
    return specs


def _raw_delete(queryset) -> int:
    # One DELETE statement, without per-row signals: with history recording on,
    # an ordinary delete would load and log every one of millions of rows that
    # were inserted without history in the first place.
    return queryset._raw_delete(queryset.db)


def delete_synthetic() -> int:
    """Remove every synthetic unit with its reports and profiles. Returns the number of units."""
    units = synthetic_units()
    count = units.count()
    if not count:
        return 0
    reports = Report.objects.filter(unit__in=units)
    # Publication snapshots go too, files included.
    with generated_data_reset():
        delete_snapshots(reports)
    for relation in Report._meta.related_objects:
        related = relation.related_model._base_manager
        _raw_delete(related.filter(**{f"{relation.field.name}__in": reports}))
    _raw_delete(reports)
    profiles = UnitProfile.objects.filter(unit__in=units)
    _raw_delete(InternalBody.objects.filter(profile__in=profiles))
    _raw_delete(profiles)
    _raw_delete(Membership.objects.filter(unit__in=units))
    # Children first: a unit's parent is protected while it has children.
    _raw_delete(units.filter(parent__isnull=False))
    _raw_delete(units)
    return count


def _create_units(specs: list[UnitSpec]) -> dict[str, int]:
    """Insert the tree in two passes (主管部门, then their units); returns code → pk."""
    ids: dict[str, int] = {}
    for level in (None, "child"):
        batch = [
            Unit(
                code=s.code,
                name=s.name,
                unit_type=s.unit_type,
                parent_id=ids[s.department_code] if s.department_code else None,
                # bulk_create skips save(), which computes the path.
                path=(
                    f"/{s.department_code}/{s.code}/"
                    if s.department_code
                    else f"/{s.code}/"
                ),
            )
            for s in specs
            if (s.department_code is None) == (level is None)
        ]
        for unit in Unit.objects.bulk_create(batch, batch_size=BULK_BATCH):
            ids[unit.code] = unit.pk
    return ids


def _write(bundles: list[Bundle]) -> int:
    """Insert a chunk of reports with their facts; returns the number of rows written."""
    Report.objects.bulk_create([b.report for b in bundles], batch_size=BULK_BATCH)
    rows = 0
    models = []
    for bundle in bundles:
        models += [m for m in bundle.rows if m not in models]
    for model in models:
        objs = [obj for b in bundles for obj in b.rows.get(model, [])]
        model.objects.bulk_create(objs, batch_size=BULK_BATCH)
        rows += len(objs)
    profiles = UnitProfile.objects.bulk_create(
        [b.profile for b in bundles], batch_size=BULK_BATCH
    )
    bodies = [
        InternalBody(profile=profile, name=name, position=i)
        for profile, b in zip(profiles, bundles, strict=True)
        for i, name in enumerate(b.bodies, 1)
    ]
    InternalBody.objects.bulk_create(bodies, batch_size=BULK_BATCH)
    # Published directly, not through the workflow services: those check roles,
    # run every rule and log each move, which a generated set has no use for.
    for bundle in bundles:
        bundle.report.status = Report.Status.PUBLISHED
        bundle.report.approved_at = bundle.published_at - timedelta(days=1)
        bundle.report.published_at = bundle.published_at
    with generated_data_reset():
        Report.objects.bulk_update(
            [b.report for b in bundles],
            ["status", "approved_at", "published_at"],
            batch_size=BULK_BATCH,
        )
    return rows + len(profiles) + len(bodies)


def _analyze(models) -> None:
    # Fresh statistics for the planner: right after a bulk load PostgreSQL still
    # believes the tables are small and may join by scanning whole tables,
    # until autovacuum gets round to them.
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def generate(
    units: int = 10_000,
    years: int = 3,
    end_year: int = 2022,
    departments: int | None = None,
    seed: int = 1,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Create the synthetic set: `units` units (主管部门 included) × `years` years up to `end_year`.

    An existing synthetic set is replaced. Refuses when the database holds
    non-synthetic units, unless `force`: benchmarks should not run on a
    database that also serves real reports. History is not recorded
    (bulk inserts); the set is reference load, not an audited record. Each
    chunk of units is committed on its own, so an interrupted run leaves a
    partial set, which the next run replaces.
    """
    started = time.monotonic()
    if units < 1 or years < 1:
        raise ValueError("单位数和年度数都必须至少为 1。")
    if not force and foreign_units().exists():
        raise SyntheticDataRefused(
            f"数据库中已有 {foreign_units().count()} 个非合成单位（真实或演示数据）。"
            "合成数据只应生成在专用的性能测试数据库中；确需混合时请加 --force。"
        )
    year_list = list(range(end_year - years + 1, end_year + 1))
    if departments is None:
        departments = max(1, units // UNITS_PER_DEPARTMENT)
    summary = Summary()
    with transaction.atomic():
        summary.replaced_units = delete_synthetic()
        ensure_code_lists(year_list)
        specs = plan_units(units, departments, seed)
        unit_ids = _create_units(specs)
    book = load_codebook(year_list)
    year_ids = dict(
        FiscalYear.objects.filter(year__in=year_list).values_list("year", "pk")
    )
    summary.departments = sum(s.department_code is None for s in specs)
    summary.units = len(specs)
    for start in range(0, len(specs), CHUNK_UNITS):
        bundles = []
        for spec in specs[start : start + CHUNK_UNITS]:
            generator = UnitGenerator(spec, book, seed, unit_ids[spec.code], year_ids)
            bundles += [generator.report(year) for year in year_list]
        # One transaction per chunk: PostgreSQL checks the deferred foreign keys
        # of millions of rows at commit, better in steps than all at the end.
        with transaction.atomic():
            summary.rows += _write(bundles)
        summary.reports += len(bundles)
        if progress:
            progress(min(start + CHUNK_UNITS, len(specs)), len(specs))
    _analyze([FiscalYear, Unit, UnitProfile, InternalBody, Report, *FACT_MODELS])
    public_cache.bump()
    summary.seconds = time.monotonic() - started
    return summary
