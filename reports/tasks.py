"""Background tasks (Django's tasks API via the django-tasks backport, database queue)."""

from __future__ import annotations

from django_tasks import task

from reports.services import export_job_run


@task()
def run_export_job(job_id: int) -> None:
    """Build the zip of a batch export job (progress is written to the job row)."""
    export_job_run(job_id=job_id)
