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
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache


def database_state() -> str:
    """Return "ok", or the error class when the database does not answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any driver error means: not healthy
        return f"error: {error.__class__.__name__}"
    return "ok"


# For the administrator who reads this page: the users' export page only says "contact the
# administrator" when a job waits; what to do about it is said here.
WORKER_ADVICE = {
    "ok": "",
    "absent": _(
        "没有运行中的后台任务进程：请启动 `manage.py run_worker`"
        "（开发环境 `make run` 会自动启动），生产环境检查 perfbudget-worker 服务。"
        "导出和导入任务会一直排队，直到进程启动。"
    ),
    "stalled": _(
        "后台任务排队过久：进程在运行但处理不过来，或卡在某个任务上。"
        "请查看进程日志，必要时重启或增加 run_worker 进程。"
    ),
}


def worker_state() -> dict:
    """The background workers and their queue: "absent" when no worker has beaten within
    WORKER_HEARTBEAT_MAX_SECONDS (none runs, or it hangs), "stalled" when a task has waited
    longer than HEALTH_QUEUE_MAX_SECONDS (workers run but do not keep up), else "ok"."""
    from django_tasks_db.models import DBTaskResult

    from workers.heartbeat import live_workers

    now = timezone.now()
    live, heartbeat_age = live_workers()
    waiting = DBTaskResult.objects.ready().aggregate(oldest=Min("enqueued_at"))
    finished = DBTaskResult.objects.finished().aggregate(last=Max("finished_at"))
    queued = DBTaskResult.objects.ready().count()
    oldest = (now - waiting["oldest"]).total_seconds() if waiting["oldest"] else 0.0
    status = "ok"
    if oldest > settings.HEALTH_QUEUE_MAX_SECONDS:
        status = "stalled"
    elif not live:
        status = "absent"
    return {
        "status": status,
        "advice": str(WORKER_ADVICE[status]),
        "workers": live,
        "last_heartbeat_seconds": None if heartbeat_age is None else round(heartbeat_age, 1),
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
