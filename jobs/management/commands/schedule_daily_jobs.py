"""Queue the daily background jobs unless they are queued already.

The 催办 run at 09:00 and the clean-up of finished jobs at 03:00. Each daily
run queues the next one; this starts the chains on a new deployment and is
safe to run any number of times. The compose worker and scripts/dev.sh run it
before the worker starts.
"""

from django.core.management.base import BaseCommand

from jobs.models import Job
from jobs.services import DAILY, ensure_daily


class Command(BaseCommand):
    help = (
        "安排每日后台任务（09:00 自动催办、03:00 清理任务记录）；已安排的不重复安排。"
    )

    def handle(self, *args, **options):
        for kind in DAILY:
            ensure_daily(kind)
        queued = Job.objects.filter(
            kind__in=list(DAILY), status=Job.Status.QUEUED
        ).order_by("run_after")
        if not queued:
            self.stdout.write("任务队列不支持定时执行，未安排每日任务；请改用 cron。")
        for job in queued:
            self.stdout.write(f"已安排：{job.title}")
