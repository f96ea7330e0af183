"""Time the PDF and the publication of a report whose every free text is at its limit.

    python bench/large_texts.py
    BENCH_PROJECTS=1 python bench/large_texts.py   # one 绩效自评 project instead of ten

On a throwaway database: the large report of `large_report.py` (320 功能分类
项 lines), then every text the PDF prints at its maximum length — each
原因说明 the narrative asks for, 主要职责, the data note, and ten 绩效自评
projects whose goals, six report sections and indicator reasons are all full.
It prints the characters of free text, the pages, the time of
`render_report_pdf(build_document(report))`, and the time of
`workflow.report_publish` (which freezes the snapshot and renders the files).
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-key-not-used-anywhere-else-0123456789")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PROJECTS = int(os.environ.get("BENCH_PROJECTS", "10"))
INDICATORS = 8


def full(field_owner, name: str, word: str = "说明文字") -> str:
    """A text of exactly the field's max_length, in words and full stops."""
    length = field_owner._meta.get_field(name).max_length
    sentence = word * 9 + "。"
    return (sentence * (length // len(sentence) + 1))[:length]


def fill_texts(report) -> int:
    from disclosure.document import build_document
    from disclosure.models import Reason, Report
    from performance.models import REPORT_SECTIONS, Indicator, Project
    from units.models import UnitProfile

    chars = 0
    keys = {"income_total", "expenditure_total"}
    keys |= {f"fiscal_class:{c}" for c in range(201, 235)}
    keys |= {f"basic_class:{c}" for c in (301, 302, 303, 307, 310, 399)}
    keys |= {
        f"three_public:{item}:{kind}"
        for item in ("abroad", "reception", "vehicle_purchase", "vehicle_operation")
        for kind in ("budget", "activity")
    }
    keys |= {key for key, _where in build_document(report).narrative.missing_reasons}
    text = full(Reason, "text", "原因")
    Reason.objects.bulk_create(Reason(report=report, key=k, text=text) for k in keys)
    chars += len(text) * len(keys)
    note = full(Report, "data_note")
    Report.objects.filter(pk=report.pk).update(data_note=note)
    chars += len(note)
    duties = full(UnitProfile, "duties", "职责")
    UnitProfile.objects.create(
        unit=report.unit, year=report.fiscal_year.year, duties=duties
    )
    chars += len(duties)
    for n in range(PROJECTS):
        texts = {
            name: full(Project, name)
            for name in ("expected_goals", "achieved_goals")
            + tuple(name for name, _heading in REPORT_SECTIONS)
        }
        project = Project.objects.create(
            report=report,
            position=n + 1,
            name=f"基准项目{n + 1}",
            department="基准主管部门",
            implementer="基准实施单位",
            **texts,
        )
        chars += sum(len(t) for t in texts.values())
        for i in range(INDICATORS):
            Indicator.objects.create(
                project=project,
                position=i + 1,
                level1="output",
                level2="quantity",
                name=f"指标{i + 1}",
                target_text="≥2次",
                actual_text="1次",
                weight=5,
                deviation_reason=full(Indicator, "deviation_reason"),
            )
            chars += Indicator._meta.get_field("deviation_reason").max_length
    return chars


def main():
    from large_report import large_report

    from demo.loader import load_demo
    from disclosure import workflow
    from disclosure.document import build_document
    from disclosure.exports.pdf import render_report_pdf
    from disclosure.models import Report, generated_data_reset
    from tests.factories import UserFactory

    setup_test_environment(debug=False)
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_demo()
        report, count = large_report(
            320, code="BENCHTXT", name="基准测试单位（长文本）"
        )
        chars = fill_texts(report)
        load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"数据库：{connection.vendor}；系统负载 {load}")
        print(f"{count} 个功能分类项，自由文本共 {chars:,} 字（每项均达上限）")
        for _ in range(2):
            start = time.perf_counter()
            content = render_report_pdf(build_document(report))
            seconds = time.perf_counter() - start
            pages = content.count(b"/Type /Page\n")
            print(
                f"PDF（含取数）：{seconds:.2f} s，{pages} 页，{len(content) / 1024:.0f} KB"
            )
        # Approved directly, as a loader would: the 审核 is not what is timed.
        with generated_data_reset():
            Report.objects.filter(pk=report.pk).update(status=Report.Status.APPROVED)
        admin = UserFactory(username="bench-admin", is_superuser=True, is_staff=True)
        start = time.perf_counter()
        try:
            workflow.report_publish(Report.objects.get(pk=report.pk), admin)
            print(f"公开（report_publish）：{time.perf_counter() - start:.2f} s")
        except Exception as exc:  # noqa: BLE001 — the bench reports and goes on
            print(f"公开未能计时：{exc}")
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
