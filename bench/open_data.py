"""Time the open-data downloads: JSON per report, CSV per table, the zip per year.

    python bench/open_data.py              # on a throwaway SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jsgk_bench python bench/open_data.py

The script creates a test database (test_<name>), fills it with the demo and
one large published report, measures, and drops it. Each figure is the median
of repeated runs:

* JSON 生成 — `report_json(doc)` + `json.dumps` on a document already built;
* JSON 含取数 — `build_document(report)` first, as the view does per request;
* CSV — the ten tables of a built document;
* 年度 zip — `write_year_zip` over every published report of 2022 (cold: what
  the first download costs; later downloads come from the cache).
"""

import io
import json
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Production defaults (DEBUG off) need a key; this one never leaves the benchmark.
os.environ.setdefault("SECRET_KEY", "bench-only-key-not-used-anywhere-else-0123456789")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

RUNS = 15


def median_ms(fn, runs=RUNS) -> float:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def large_report(lines: int = 320):
    """A published report with `lines` 项 lines in income, spending and 财政拨款."""
    from disclosure.models import (
        ExpenditureLine,
        FiscalExpenditureLine,
        FunctionCode,
        Fund,
        IncomeLine,
        Report,
        generated_data_reset,
    )
    from disclosure.snapshots import freeze
    from units.models import Unit

    unit = Unit.objects.create(
        code="BENCHOPEN", name="基准测试单位（开放数据）", unit_type="public_welfare_1"
    )
    fiscal_year_id = FunctionCode.objects.first().fiscal_year_id
    report = Report.objects.create(unit=unit, fiscal_year_id=fiscal_year_id)
    codes = list(
        FunctionCode.objects.filter(fiscal_year_id=fiscal_year_id, level=3).order_by(
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
            report=report, function_code=c, fund=Fund.GENERAL, basic=amount
        )
        for c in codes
    )
    # Facts are written while the report is a draft; publishing comes last,
    # outside the workflow, as the demo loader does.
    with generated_data_reset():
        Report.objects.filter(pk=report.pk).update(status=Report.Status.PUBLISHED)
    # Loaded as already published: frozen like `manage.py freeze_snapshots` does.
    freeze(report)
    return Report.objects.get(pk=report.pk), len(codes)


def main():
    from demo.loader import load_demo
    from disclosure.archives import JSON_DUMPS, published_reports, write_year_zip
    from disclosure.document import build_document
    from disclosure.exports.open_data import report_json, table_csv
    from disclosure.models import Report

    def build_year_zip(year, reports) -> bytes:
        out = io.BytesIO()
        write_year_zip(year, reports, out)
        return out.getvalue()

    setup_test_environment(debug=False)  # as in production: queries are not logged
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_demo()
        demo = Report.objects.get(unit__code="360200105", fiscal_year__year=2022)
        big, count = large_report()
        print(f"数据库：{connection.vendor}（{name}），每项取 {RUNS} 次中位数")
        for label, report in (
            ("演示报告（景德镇市数字城市管理服务中心 2022）", demo),
            (f"大报告（{count} 个功能分类项）", big),
        ):
            doc = build_document(report)
            text = json.dumps(report_json(doc), **JSON_DUMPS).encode()
            render = median_ms(
                lambda doc=doc: json.dumps(report_json(doc), **JSON_DUMPS)
            )
            full = median_ms(
                lambda r=report: json.dumps(
                    report_json(build_document(r)), **JSON_DUMPS
                ),
                runs=5,
            )
            csv_ms = median_ms(lambda doc=doc: [table_csv(t) for t in doc.tables])
            print(
                f"{label}：JSON {len(text) / 1024:.0f} KB，生成 {render:.1f} ms，"
                f"含取数 {full:.0f} ms；十张表 CSV {csv_ms:.1f} ms"
            )
        reports = published_reports(2022)
        content = build_year_zip(2022, reports)
        bulk = median_ms(lambda: build_year_zip(2022, reports), runs=3)
        print(
            f"2022 年度 zip（{len(reports)} 份报告）：{len(content) / 1024:.0f} KB，"
            f"首次生成 {bulk:.0f} ms"
        )
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
