"""Queue the daily background jobs (the 催办 run at 09:00) unless they are queued already.

Each daily run queues the next one; this starts the chain on a new
deployment and is safe to run any number of times. The compose worker and
scripts/dev.sh run it before the worker starts.
"""

from django.core.management.base import BaseCommand

from disclosure.background import ensure_daily_reminders, next_reminder_run
from disclosure.scheduling import moment_label


class Command(BaseCommand):
    help = "安排每日后台任务（09:00 自动催办）；已安排的不重复安排。"

    def handle(self, *args, **options):
        if ensure_daily_reminders():
            self.stdout.write(
                f"已安排每日催办，下次于 {moment_label(next_reminder_run())}。"
            )
        else:
            self.stdout.write("每日催办已安排（或任务队列不支持定时执行）。")
