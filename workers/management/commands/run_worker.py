"""`manage.py run_worker`: django-tasks-db's `db_worker`, with a heartbeat for /healthz/.

Takes the same options as db_worker. The heartbeat row is written before the first task is
taken, refreshed every WORKER_HEARTBEAT_SECONDS, and removed when the worker stops (Ctrl+C,
SIGTERM from systemd, or the end of a --batch run). A worker killed outright leaves its row
to age: /healthz/ then says no worker has beaten for that long.
"""

from __future__ import annotations

import atexit
import contextlib
import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from workers.heartbeat import Heartbeat, beat, forget


class Command(DBWorkerCommand):
    help = "Run the background worker (django-tasks-db db_worker) with a heartbeat for /healthz/."

    def handle(self, *args, **options) -> None:
        reloading = options["reload"] and not options["batch"]
        if reloading and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The autoreloader's parent (DEBUG): it only restarts the child, which beats.
            super().handle(*args, **options)
            return
        heartbeat = Heartbeat(options["worker_id"])
        beat(heartbeat.worker_id, started_at=heartbeat.started_at)
        heartbeat.start()
        if reloading:
            # The reloader's child runs the worker in a thread its exit does not wait for, so
            # the `finally` below would not run on Ctrl+C; the interpreter's exit hooks do.
            atexit.register(_forget_at_exit, heartbeat.worker_id)
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
            forget(heartbeat.worker_id)


def _forget_at_exit(worker_id: str) -> None:
    # The process is ending: if the database cannot be reached, the row ages out instead.
    with contextlib.suppress(Exception):
        forget(worker_id)
