"""Freeze the publication snapshot of every public report that has none.

    python manage.py freeze_snapshots              # all years
    python manage.py freeze_snapshots --year 2022

Reports published through the workflow are frozen at publication; this is for
reports published before snapshots existed, or loaded in bulk as already
published (synthetic data, an import of earlier years). No public request
ever renders a snapshot: until this runs, such a report's page says that its
files are not available. A snapshot frozen before headline figures were
gets its figures.
"""

import time

from django.core.management.base import BaseCommand

from disclosure import public_cache, snapshots
from disclosure.models import Report


class Command(BaseCommand):
    help = "为尚无公开快照的已公开报告生成快照（网页正文、JSON、PDF、Excel、CSV 及其 SHA-256）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="只处理该年度的报告。")

    def handle(self, *args, year=None, **options):
        reports = Report.objects.all()
        if year is not None:
            reports = reports.filter(fiscal_year__year=year)

        def progress(count):
            if count % 100 == 0:
                self.stdout.write(f"已生成 {count} 份……")

        started = time.monotonic()
        count = snapshots.freeze_missing(reports, progress)
        if count:
            public_cache.bump()
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"已为 {count} 份报告生成公开快照，用时 {seconds:.1f} 秒。"
            )
        )
