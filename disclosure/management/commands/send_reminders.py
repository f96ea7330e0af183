"""Send today's automatic 催办 reminders.

    python manage.py send_reminders              # REMINDER_DAYS_BEFORE_DEADLINE days
    python manage.py send_reminders --days 3
    python manage.py send_reminders --dry-run    # list, send nothing

Every draft whose deadline (批复 + 20 days) is at most N days away, or passed
up to 30 days ago, gets one automatic reminder a day: a second run on the same
day sends nothing new (disclosure/reminders.py). Meant for a daily job.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from disclosure.deadlines import deadline_for, due_window
from disclosure.reminders import due_reports, run_due_reminders


class Command(BaseCommand):
    help = "向公开期限临近或已逾期、尚未提交的决算报告的填报人发送催办邮件（每天至多一次）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="距公开期限不超过该天数时催办（默认取 REMINDER_DAYS_BEFORE_DEADLINE）。",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="只列出今天应催办的报告，不发送。"
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        if days is not None and not 0 <= days <= 20:
            raise CommandError("--days 应为 0 到 20 之间的整数。")
        today = timezone.localdate()
        days = due_window() if days is None else days
        if dry_run:
            reports = list(due_reports(today, days))
            for report in reports:
                deadline = deadline_for(report.approval_date)
                self.stdout.write(f"{report}：公开期限 {deadline:%Y-%m-%d}")
            self.stdout.write(f"今天应催办 {len(reports)} 份报告（未发送）。")
            return
        batch = run_due_reminders(today, days)
        for who, why in batch.refused:
            self.stderr.write(f"未催办“{who}”：{why}")
        self.stdout.write(
            self.style.SUCCESS(
                f"已发送催办 {len(batch.sent)} 份，未发送 {len(batch.refused)} 份。"
            )
        )
