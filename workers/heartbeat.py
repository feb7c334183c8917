"""Worker heartbeats: django-tasks-db records tasks, not workers, so an idle worker and no
worker at all looked the same to /healthz/. `manage.py run_worker` keeps a row fresh while
it runs and removes it when it stops; health reads the freshest row."""

from __future__ import annotations

import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models import Count, Max, Q
from django.utils import timezone

from workers.models import WorkerHeartbeat


def beat(worker_id: str, *, started_at=None) -> None:
    """Say that this process's worker is alive now."""
    now = timezone.now()
    alive = {"host": socket.gethostname()[:255], "pid": os.getpid(), "seen_at": now}
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults=alive,
        create_defaults={**alive, "started_at": started_at or now},
    )


def forget(worker_id: str) -> None:
    """The worker stopped cleanly: it is no longer counted."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def live_workers() -> tuple[int, float | None]:
    """How many workers beat within WORKER_HEARTBEAT_MAX_SECONDS, and the age in seconds of
    the freshest heartbeat of any worker (None when no worker ever beat)."""
    now = timezone.now()
    limit = now - timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_SECONDS)
    rows = WorkerHeartbeat.objects.aggregate(
        newest=Max("seen_at"), live=Count("pk", filter=Q(seen_at__gte=limit))
    )
    newest = rows["newest"]
    return rows["live"], (now - newest).total_seconds() if newest else None


class Heartbeat(threading.Thread):
    """Beats every WORKER_HEARTBEAT_SECONDS beside the worker loop, on its own connection."""

    def __init__(self, worker_id: str):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(settings.WORKER_HEARTBEAT_SECONDS):
                close_old_connections()
                try:
                    beat(self.worker_id, started_at=self.started_at)
                except Exception:  # a database hiccup: the next beat tries again
                    connection.close()
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=5)
