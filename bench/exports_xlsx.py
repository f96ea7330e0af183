"""Time the Excel workbook of a report: the demo report and a report of 300+ function-code lines.

    python bench/exports_xlsx.py              # on a throwaway SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jsgk_bench python bench/exports_xlsx.py

The script creates a test database (test_<name>), fills it, measures, and drops it.
Figures per report, each the median of repeated runs:

* 生成 — `render_report_xlsx(doc)` on a document already built: the workbook
  itself (the figure the ≤ 0.3 s target is about);
* 含取数 — `build_document(report)` + `render_report_xlsx(doc)`: what the download
  view does for one request (facts loaded, tables and narrative built, workbook written).

It also times reading the produced workbook back with the importer
(`read_workbook`), for the round trip.
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

RUNS = 15


def median_ms(fn, runs=RUNS) -> float:
    return timed(fn, runs)[0]


def timed(fn, runs=RUNS) -> tuple[float, float]:
    """Median wall time and median CPU time of this process, in ms.

    On a busy machine the wall time includes waiting for a core; the CPU time
    is what the work itself costs.
    """
    fn()  # warm-up (imports openpyxl once)
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main():
    from large_report import large_report

    from demo.layouts import LAYOUT_UNITS
    from demo.loader import load_demo
    from disclosure.document import build_document
    from disclosure.exports.xlsx import render_report_xlsx
    from disclosure.importers.xlsx import read_workbook
    from disclosure.models import Report

    setup_test_environment(debug=False)  # as in production: queries are not logged
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_demo()
        demo = Report.objects.get(unit__code="360200105", fiscal_year__year=2022)
        big, count = large_report(320, code="BENCHXLSX", name="基准测试单位（Excel）")
        print(f"数据库：{connection.vendor}（{name}），每项取 {RUNS} 次中位数")
        for label, report in (
            ("演示报告（景德镇市数字城市管理服务中心 2022）", demo),
            (f"大报告（{count} 个功能分类项）", big),
            # One sample report per other layout (demo/layouts.py).
            *(
                (f"{template.name}（示例）", Report.objects.get(unit__code=code))
                for code, _, _, template in LAYOUT_UNITS
            ),
        ):
            doc = build_document(report)
            content = render_report_xlsx(doc)
            rows = sum(len(t.body) for t in doc.tables)
            render, render_cpu = timed(lambda doc=doc: render_report_xlsx(doc))
            full = median_ms(
                lambda r=report: render_report_xlsx(build_document(r)), runs=5
            )
            read = median_ms(lambda r=report, c=content: read_workbook(r, c), runs=5)
            print(
                f"{label}：表体 {rows} 行，文件 {len(content) / 1024:.0f} KB；"
                f"生成 {render:.0f} ms（CPU {render_cpu:.0f} ms），"
                f"含取数 {full:.0f} ms，读回校验 {read:.0f} ms"
            )
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
