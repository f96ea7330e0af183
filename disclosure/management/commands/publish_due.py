"""Publish every approved report whose scheduled moment has come (定时公开).

The job queued for each moment does this by itself; run this command from cron
where the queue cannot run jobs at a set time, or to catch up after an outage.
It is safe to run at any time and from several machines: each report is
published once, under its row lock.
"""

from django.core.management.base import BaseCommand

from disclosure.scheduling import publish_due


class Command(BaseCommand):
    help = "公开定时公开时间已到的全部已审核报告。"

    def handle(self, *args, **options):
        wave = publish_due()
        for problem in wave.problems:
            self.stderr.write(problem)
        self.stdout.write(f"已公开 {len(wave.published)} 份报告。")
