"""`/healthz/`: the load balancer's and monitoring's view of one app server and the worker.

The database decides the HTTP status (503 takes this app server out of the pool). The worker
is reported, not fatal by default: a stalled export queue is a reason to alert, not a reason
to stop serving pages. `?worker=required` makes a stalled queue a 503 for monitors that read
status codes only.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.models import Max, Min
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache


def database_state() -> str:
    """Return "ok", or the error class when the database does not answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any driver error means: not healthy
        return f"error: {error.__class__.__name__}"
    return "ok"


def worker_state() -> dict:
    """The background queue: waiting tasks, the oldest one's age, the last finished one.

    django-tasks-db keeps no worker heartbeat; a task that waits longer than
    HEALTH_QUEUE_MAX_SECONDS means no worker is taking tasks ("stalled").
    """
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    waiting = DBTaskResult.objects.ready().aggregate(oldest=Min("enqueued_at"))
    finished = DBTaskResult.objects.finished().aggregate(last=Max("finished_at"))
    queued = DBTaskResult.objects.ready().count()
    oldest = (now - waiting["oldest"]).total_seconds() if waiting["oldest"] else 0.0
    stalled = oldest > settings.HEALTH_QUEUE_MAX_SECONDS
    return {
        "status": "stalled" if stalled else "ok",
        "queued": queued,
        "oldest_queued_seconds": round(oldest, 1),
        "last_finished_seconds": (
            round((now - finished["last"]).total_seconds(), 1) if finished["last"] else None
        ),
    }


@login_not_required
@never_cache
def health(request):
    """Database and worker checks as JSON; 503 when this app server cannot serve."""
    database = database_state()
    body: dict = {"status": "ok", "database": database}
    if database != "ok":
        body["status"] = "error"
        return JsonResponse(body, status=503)
    body["worker"] = worker_state()
    if body["worker"]["status"] != "ok":
        body["status"] = "degraded"
        if request.GET.get("worker") == "required":
            return JsonResponse(body, status=503)
    return JsonResponse(body)
