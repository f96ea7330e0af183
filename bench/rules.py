"""Time the 审核 rule engine: every rule over the demo reports and over 300-line reports.

    python bench/rules.py                     # on a throwaway SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jsgk_bench python bench/rules.py

The script creates a test database (test_<name>), fills it, measures, and drops it.
Each figure is the median of repeated runs of `check_report(report)`, which loads
the facts (a fixed number of queries), builds the ten tables and the narrative,
and runs every registered rule; the fastest run is printed beside it (other work
on the machine only ever adds time, so it is the figure least disturbed by it).
The large report is `large_report.py`'s, as in the export benchmarks; the
large 预算 is another such report made a 预算 on the 江西 2023 单位预算
template (its figures balance as a 预算's must, so it passes every rule).
The demo 预算 is the seed unit's 2023 预算 (demo/budget_2023.py).
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
from django.test.utils import setup_test_environment  # noqa: E402

RUNS = 30


def median_ms(fn, runs=RUNS) -> tuple[float, float, float, int]:
    """Median wall-clock and CPU time of `runs` calls (after a warm-up), the fastest
    wall-clock time, and the queries of one call.

    The CPU time of this process is less disturbed than the wall clock when
    other processes share the machine.
    """
    from django.test.utils import CaptureQueriesContext

    fn()  # warm-up
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        fn()
    return statistics.median(wall), statistics.median(cpu), min(wall), len(queries)


def main():
    from large_report import large_report

    from demo.layouts import LAYOUT_UNITS
    from demo.loader import load_demo
    from disclosure.models import Report
    from disclosure.rules import REGISTRY, check_report

    setup_test_environment(debug=False)  # as in production: queries are not logged
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_demo()
        demo = Report.objects.get(
            unit__code="360200105", fiscal_year__year=2022, kind=Report.Kind.FINAL
        )
        demo_budget = Report.objects.get(
            unit__code="360200105",
            fiscal_year__year=2023,
            kind=Report.Kind.BUDGET,
            status=Report.Status.PUBLISHED,
        )
        big, count = large_report(300, code="BENCH300")
        big_budget, budget_count = large_report(300, code="BENCH300B")
        Report.objects.filter(pk=big_budget.pk).update(
            kind=Report.Kind.BUDGET, template_variant="jx2023_unit_budget"
        )
        big_budget.refresh_from_db()
        load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
        print(
            f"数据库：{connection.vendor}（{name}），规则 {len(REGISTRY)} 条，"
            f"每项取 {RUNS} 次中位数；开始时系统负载 {load}（1/5/15 分钟）"
        )
        for label, report in (
            ("演示报告（景德镇市数字城市管理服务中心 2022）", demo),
            (f"大报告（{count} 个功能分类项）", big),
            ("演示预算（景德镇市数字城市管理服务中心 2023 单位预算）", demo_budget),
            (f"大预算（{budget_count} 个功能分类项）", big_budget),
            # One sample report per other layout (demo/layouts.py).
            *(
                (f"{template.name}（示例）", Report.objects.get(unit__code=code))
                for code, _, _, template in LAYOUT_UNITS
            ),
        ):
            wall, cpu, fastest, queries = median_ms(lambda r=report: check_report(r))
            print(
                f"{label}：{wall:.1f} ms（CPU {cpu:.1f} ms，最快 {fastest:.1f} ms），"
                f"{queries} 次查询"
            )
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
