"""The one task on the queue: run a recorded job (jobs/services.py)."""

from django_tasks import task


@task()
def run_job(job_id: int) -> None:
    from jobs.services import execute

    execute(job_id)
