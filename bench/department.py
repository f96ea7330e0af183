"""Time a 部门决算: consolidating a department's units and running every 审核 rule.

    python bench/department.py                  # on a throwaway SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jsgk_bench python bench/department.py

The script creates a test database, builds departments of 10, 50 and 200
units (each unit an approved report of `large_report.py` with 20 功能分类 项
lines and 基本支出 itemised by 经济分类, about 120 fact rows), and times, in
the same run, `check_report` of each department's draft 部门决算 — which
loads and consolidates every unit's facts, builds the tables and the
narrative and runs every rule — beside `check_report` of one unit's report
as the reference. Each figure is the median of repeated runs; the query
count of one run is printed with it and must not grow with the units.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Production defaults (DEBUG off) need a key; this one never leaves the benchmark.
os.environ.setdefault("SECRET_KEY", "bench-only-key-not-used-anywhere-else-0123456789")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

SIZES = (10, 50, 200)
LINES = 20
RUNS = 7


def measure(fn, runs=RUNS) -> tuple[float, float, int]:
    """Median and fastest wall-clock ms of `runs` calls after a warm-up, and one call's queries."""
    fn()
    wall = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        fn()
    return statistics.median(wall), min(wall), len(queries)


def department(size: int):
    """A 主管部门 with `size` units below it, each with an approved report; its draft 部门决算."""
    from large_report import large_report

    from disclosure.consolidation import compose
    from disclosure.models import Report, generated_data_reset
    from units.models import Unit

    head, _ = large_report(LINES, code=f"D{size:04d}", name=f"基准部门{size}")
    head.unit.unit_type = Unit.UnitType.ADMINISTRATIVE
    head.unit.save()
    reports = [head]
    for i in range(1, size):
        report, _ = large_report(
            LINES,
            code=f"D{size:04d}U{i:04d}",
            name=f"基准单位{size}-{i}",
            parent=head.unit,
        )
        reports.append(report)
    with generated_data_reset():
        Report.objects.filter(pk__in=[r.pk for r in reports]).update(
            status=Report.Status.APPROVED
        )
    dept = Report.objects.create(
        unit=head.unit, fiscal_year=head.fiscal_year, level=Report.Level.DEPARTMENT
    )
    compose(dept)
    return dept, reports[1]


def main():
    from demo.loader import load_demo
    from disclosure.rules import check_report
    from disclosure.selectors import load_report_data

    setup_test_environment(debug=False)  # as in production: queries are not logged
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_demo()
        built = {size: department(size) for size in SIZES}
        load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
        print(
            f"数据库：{connection.vendor}（{name}），每个单位 {LINES} 个功能分类项，"
            f"每项取 {RUNS} 次中位数；开始时系统负载 {load}（1/5/15 分钟）"
        )
        unit = built[SIZES[0]][1]
        wall, fastest, queries = measure(lambda: check_report(unit))
        print(
            f"参照：一个单位的决算审核 {wall:.1f} ms（最快 {fastest:.1f} ms），{queries} 次查询"
        )
        for size, (dept, _) in built.items():
            wall, fastest, queries = measure(lambda d=dept: load_report_data(d))
            print(
                f"{size} 个单位：汇总 {wall:.1f} ms（最快 {fastest:.1f} ms），{queries} 次查询；",
                end="",
            )
            wall, fastest, queries = measure(lambda d=dept: check_report(d))
            print(
                f"汇总并审核 {wall:.1f} ms（最快 {fastest:.1f} ms），{queries} 次查询"
            )
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
