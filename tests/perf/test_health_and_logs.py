"""The health endpoint checks the database and the export worker; logs are JSON lines."""

from __future__ import annotations

import json
import logging
import sys
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from perfbudget.logging import JSONFormatter
from reports.tasks import run_export_job
from workers.heartbeat import beat, forget
from workers.models import WorkerHeartbeat


def test_health_reports_database_and_an_idle_worker_without_login(client, db):
    beat("worker-a")  # what `manage.py run_worker` does while it runs
    response = client.get("/healthz/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["worker"]["status"] == "ok"
    assert body["worker"]["workers"] == 1
    assert body["worker"]["last_heartbeat_seconds"] < 5
    assert body["worker"]["queued"] == 0
    assert "no-cache" in response["Cache-Control"]


def test_health_tells_no_worker_from_an_idle_one(client, db, settings):
    settings.WORKER_HEARTBEAT_MAX_SECONDS = 60
    body = client.get("/healthz/").json()
    assert body["status"] == "degraded"
    assert body["worker"]["status"] == "absent"
    assert body["worker"]["last_heartbeat_seconds"] is None  # never started
    assert "manage.py run_worker" in body["worker"]["advice"]
    assert client.get("/healthz/?worker=required").status_code == 503
    # A worker killed outright leaves its last beat to age.
    beat("worker-b")
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(minutes=5))
    body = client.get("/healthz/").json()
    assert (body["worker"]["status"], body["worker"]["workers"]) == ("absent", 0)
    assert body["worker"]["last_heartbeat_seconds"] >= 300
    # It beats again (or another starts): healthy.
    beat("worker-b")
    assert client.get("/healthz/?worker=required").json()["worker"]["status"] == "ok"
    forget("worker-b")  # a clean stop
    assert client.get("/healthz/").json()["worker"]["status"] == "absent"


def test_run_worker_beats_while_it_runs_and_forgets_when_it_stops(
    transactional_db, settings, monkeypatch
):
    # Transactional: the worker loop closes a connection it finds inside a transaction.
    from workers.management.commands import run_worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    seen = []

    def spy(worker_id, **kwargs):
        beat(worker_id, **kwargs)
        seen.append(list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)))

    monkeypatch.setattr(run_worker, "beat", spy)
    call_command("run_worker", "--batch", "--no-startup-delay", "--worker-id", "batch-1")
    assert seen == [["batch-1"]]  # alive before the first task is taken
    assert not WorkerHeartbeat.objects.exists()  # gone once the batch is done


def test_health_reports_a_stalled_queue_and_fails_only_when_the_worker_is_required(
    client, db, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.HEALTH_QUEUE_MAX_SECONDS = 60
    result = run_export_job.enqueue(0)
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=10)
    )
    body = client.get("/healthz/").json()
    assert body["status"] == "degraded"
    assert body["worker"] == {
        "status": "stalled",
        "advice": body["worker"]["advice"],
        "workers": 0,
        "last_heartbeat_seconds": None,
        "queued": 1,
        "oldest_queued_seconds": body["worker"]["oldest_queued_seconds"],
        "last_finished_seconds": None,
    }
    assert body["worker"]["oldest_queued_seconds"] >= 600
    assert "run_worker" in body["worker"]["advice"]  # the admin is told what to do here
    assert client.get("/healthz/").status_code == 200  # the load balancer keeps this server
    assert client.get("/healthz/?worker=required").status_code == 503


def test_json_log_lines_carry_level_logger_message_extras_and_traceback():
    try:
        raise ValueError("坏数据")
    except ValueError:
        record = logging.getLogger("perfbudget").makeRecord(
            "perfbudget", logging.ERROR, __file__, 1, "导出失败 %s", ("802010",), None
        )
        record.exc_info = sys.exc_info()
    record.job_id = 7
    line = json.loads(JSONFormatter().format(record))
    assert line["level"] == "ERROR"
    assert line["logger"] == "perfbudget"
    assert line["message"] == "导出失败 802010"
    assert line["job_id"] == 7
    assert "ValueError: 坏数据" in line["exception"]


def test_under_the_autoreloader_only_the_child_beats(db, monkeypatch):
    """`make run` (DEBUG) runs the worker under Django's autoreloader: the parent only
    restarts the child, so only the child may say a worker is alive."""
    from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
    from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

    from workers.management.commands import run_worker

    beats, at_exit = [], []
    monkeypatch.setattr(run_worker, "beat", lambda worker_id, **kwargs: beats.append(worker_id))
    monkeypatch.setattr(DBWorkerCommand, "handle", lambda self, *args, **options: None)
    monkeypatch.setattr(run_worker.atexit, "register", lambda *call: at_exit.append(call))
    monkeypatch.delenv(DJANGO_AUTORELOAD_ENV, raising=False)
    call_command("run_worker", "--reload", "--worker-id", "parent")
    assert beats == [] and at_exit == []
    monkeypatch.setenv(DJANGO_AUTORELOAD_ENV, "true")
    call_command("run_worker", "--reload", "--worker-id", "child")
    assert beats == ["child"]
    # Ctrl+C ends the child without the worker thread's cleanup: its exit hook forgets it.
    [(hook, worker_id)] = at_exit
    beat("child")
    hook(worker_id)
    assert not WorkerHeartbeat.objects.filter(worker_id="child").exists()
