"""Time the 审核 rule engine: every rule over the demo report and over a 300-line report.

    python bench/rules.py                     # on a throwaway SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jsgk_bench python bench/rules.py

The script creates a test database (test_<name>), fills it, measures, and drops it.
Each figure is the median of repeated runs of `check_report(report)`, which loads
the facts (a fixed number of queries), builds the ten tables and the narrative,
and runs every registered rule.
"""

import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

RUNS = 30


def median_ms(fn, runs=RUNS) -> tuple[float, int]:
    from django.db import reset_queries
    from django.test.utils import CaptureQueriesContext

    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        fn()
    return statistics.median(times), len(queries)


def large_report(lines: int = 300):
    """A report of the seed unit's kind with `lines` function-code 项 lines (all consistent)."""
    from disclosure.models import (
        Balances,
        ExpenditureLine,
        FiscalExpenditureLine,
        FunctionCode,
        Fund,
        IncomeLine,
        Report,
    )
    from units.models import Unit

    unit = Unit.objects.create(
        code="BENCH300", name="基准测试单位", unit_type="public_welfare_1"
    )
    report = Report.objects.create(
        unit=unit, fiscal_year_id=FunctionCode.objects.first().fiscal_year_id
    )
    codes = list(
        FunctionCode.objects.filter(fiscal_year=report.fiscal_year, level=3).order_by(
            "code"
        )[:lines]
    )
    amount = Decimal("10.00")
    IncomeLine.objects.bulk_create(
        IncomeLine(report=report, function_code=c, general_budget=amount) for c in codes
    )
    ExpenditureLine.objects.bulk_create(
        ExpenditureLine(report=report, function_code=c, basic=amount) for c in codes
    )
    FiscalExpenditureLine.objects.bulk_create(
        FiscalExpenditureLine(
            report=report,
            function_code=c,
            fund=Fund.GENERAL,
            basic=amount,
            budget_initial=amount,
        )
        for c in codes
    )
    Balances.objects.create(report=report)
    return report, len(codes)


def main():
    from disclosure.demo import load_demo
    from disclosure.models import Report
    from disclosure.rules import REGISTRY, check_report

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_demo()
        demo = Report.objects.get(unit__code="360200105", fiscal_year__year=2022)
        big, count = large_report()
        print(
            f"数据库：{connection.vendor}（{name}），规则 {len(REGISTRY)} 条，每项取 {RUNS} 次中位数"
        )
        for label, report in (
            ("演示报告（景德镇市数字城市管理服务中心 2022）", demo),
            (f"大报告（{count} 个功能分类项）", big),
        ):
            ms, queries = median_ms(lambda r=report: check_report(r))
            print(f"{label}：{ms:.1f} ms，{queries} 次查询")
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
