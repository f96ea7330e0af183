"""The queue's own upkeep: finished jobs and task rows are kept for a while, then removed."""

import datetime

from django.utils import timezone

from jobs.models import Job
from jobs.services import handler

# Finished jobs stay readable in the admin this long.
KEEP = datetime.timedelta(days=90)


def prune(now: datetime.datetime | None = None) -> int:
    """Delete jobs, and the queue's task rows, finished more than KEEP ago; how many jobs."""
    from django_tasks_db.models import DBTaskResult

    cutoff = (now or timezone.now()) - KEEP
    finished = (Job.Status.DONE, Job.Status.FAILED)
    count, _ = Job.objects.filter(status__in=finished, finished_at__lt=cutoff).delete()
    DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return count


# Every day at 03:00, the quietest hour.
@handler("prune_jobs", "清理任务记录", daily_at=3)
def prune_jobs(job, progress) -> str:
    return f"已清理 {prune()} 条 {KEEP.days} 天前结束的任务记录。"
