"""Background tasks of large imports (Django's tasks API, database queue, `db_worker`)."""

from __future__ import annotations

from django_tasks import task

from imports.services import import_apply_run, import_check_run


@task()
def check_import(batch_id: int) -> None:
    """The dry run of a large upload, so its preview shows what confirming would do."""
    import_check_run(batch_id=batch_id)


@task()
def apply_import(batch_id: int, user_id: int) -> None:
    """Save a large confirmed import in one transaction, or record why it was refused."""
    import_apply_run(batch_id=batch_id, user_id=user_id)
