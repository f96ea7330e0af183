"""The database queue worked as `manage.py db_worker --batch` works it, in the test's transaction.

The worker command itself closes the database connection between tasks, which
a test inside a transaction cannot survive; this takes each ready task with
the worker's own query and runs it with the worker's own `run_task`.
"""

from django.test import override_settings
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

DATABASE_QUEUE = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
)


def run_worker() -> int:
    """Run every task that is ready now; how many ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    count = 0
    while (result := DBTaskResult.objects.ready().get_locked()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        count += 1
    return count
