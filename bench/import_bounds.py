"""Time and peak memory of importing hostile report workbooks.

    python bench/import_bounds.py
    /usr/bin/time -v python bench/import_bounds.py narrow   # one case, whole-process peak RSS

Each case starts from the demo report's exported workbook and rewrites its
zip (tests/disclosure/hostile_workbooks.py): cells in column XFD, a million
narrow rows, 20 000 rows holding only an XFD cell, a million shared strings,
a 200 MB zip bomb, billion laughs, an external entity, a cut-off sheet. For
each it prints the upload size, the outcome, the wall time of
`read_workbook` and the peak of Python allocations during it (tracemalloc).
"""

import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-key-not-used-anywhere-else-0123456789")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from tests.disclosure import hostile_workbooks as hostile  # noqa: E402

CASES = {
    "clean": lambda c: c,
    "xfd": hostile.xfd_cells,
    "narrow": lambda c: hostile.narrow_rows(c, 1_000_000),
    "xfd_rows": lambda c: hostile.xfd_rows(c, 20_000),
    "strings": lambda c: hostile.shared_strings(c, 1_000_000),
    "strings_over_limit": lambda c: hostile.shared_strings(c, 350_000),
    "strings_at_limit": lambda c: hostile.shared_strings(c, 19_900),
    "wide": lambda c: hostile.wide_rows(c, 2_000, 2_000),
    "wide_at_limit": lambda c: hostile.wide_rows(c, 190, 1_000),
    "empty_rows": lambda c: hostile.empty_rows(c, 5_000_000),
    "long_text": lambda c: hostile.long_text(c, 50),
    "bomb": lambda c: hostile.zip_bomb(c, 200),
    "laughs": hostile.billion_laughs,
    "xxe": hostile.external_entity,
    "malformed": hostile.malformed_sheet,
}


def main():
    from demo.loader import load_demo
    from disclosure.document import build_document
    from disclosure.exports.xlsx import render_report_xlsx
    from disclosure.importers.cells import WorkbookRejected
    from disclosure.importers.xlsx import read_workbook
    from disclosure.models import Report

    chosen = [a for a in sys.argv[1:] if a in CASES] or list(CASES)
    setup_test_environment(debug=False)
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_demo()
        report = Report.objects.get(unit__code="360200105", fiscal_year__year=2022)
        base = render_report_xlsx(build_document(report))
        load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"数据库：{connection.vendor}；开始时系统负载 {load}")
        for case in chosen:
            content = CASES[case](base)
            tracemalloc.start()
            start = time.perf_counter()
            try:
                read_workbook(report, content)
                outcome = "读入"
            except WorkbookRejected as exc:
                outcome = f"拒绝（{len(exc.problems)} 条）：{str(exc.problems[0])[:40]}"
            seconds = time.perf_counter() - start
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(
                f"{case:20} {len(content) / 1024:8.0f} KB  {seconds:6.2f} s  "
                f"峰值 {peak / 1024 / 1024:6.1f} MB  {outcome}"
            )
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
