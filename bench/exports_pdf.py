"""Time the PDF of a report: the demo report and a report of 300+ function-code lines.

    python bench/exports_pdf.py               # on a throwaway SQLite database
    python bench/exports_pdf.py --profile     # also the top functions of one large render
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jsgk_bench_pdf python bench/exports_pdf.py

The script creates a test database (test_<name>), fills it, measures, and drops it.
Figures per report, each the median of repeated runs:

* 生成 — `render_report_pdf(doc)` on a document already built: the PDF itself
  (the figure the ≤ 1 s target is about), with the font already registered;
* 含取数 — `build_document(report)` + `render_report_pdf(doc)`: what the download
  view does for one request;
* 首次 — the first render in a fresh process, which also reads the font file
  (once per process).
"""

import cProfile
import os
import pstats
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

RUNS = 7


def median_ms(fn, runs=RUNS) -> str:
    """Median wall-clock and CPU time of `runs` calls, as "W ms（CPU C ms）".

    The CPU time of this process is less disturbed than the wall clock when
    other processes share the machine.
    """
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return f"{statistics.median(wall):.0f} ms（CPU {statistics.median(cpu):.0f} ms）"


def page_count(content: bytes) -> int:
    return content.count(b"/Type /Page\n")


def main():
    from large_report import large_report

    from demo.layouts import LAYOUT_UNITS
    from demo.loader import load_demo
    from disclosure.document import build_document
    from disclosure.exports.pdf import render_report_pdf
    from disclosure.models import Report

    setup_test_environment(debug=False)  # as in production: queries are not logged
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_demo()
        demo = Report.objects.get(unit__code="360200105", fiscal_year__year=2022)
        big, count = large_report(320, code="BENCHPDF", name="基准测试单位（PDF）")
        load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
        print(
            f"数据库：{connection.vendor}（{name}），每项取 {RUNS} 次中位数；"
            f"开始时系统负载 {load}（1/5/15 分钟）"
        )
        start = time.perf_counter()
        render_report_pdf(build_document(demo))
        first = (time.perf_counter() - start) * 1000
        print(f"首次（本进程第一次生成，含读字体文件）：{first:.0f} ms")
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
            content = render_report_pdf(doc)
            rows = sum(len(t.body) for t in doc.tables)
            render = median_ms(lambda doc=doc: render_report_pdf(doc))
            full = median_ms(lambda r=report: render_report_pdf(build_document(r)))
            print(
                f"{label}：表体 {rows} 行，{page_count(content)} 页，"
                f"文件 {len(content) / 1024:.0f} KB；生成 {render}，含取数 {full}"
            )
        if "--profile" in sys.argv:
            doc = build_document(big)
            profile = cProfile.Profile()
            profile.runcall(render_report_pdf, doc)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
