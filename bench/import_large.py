"""A county-sized import through the worker while pages keep answering (#14).

    .venv/bin/python bench/import_large.py                      # 10,000 projects, SQLite
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/perfbudget_imp10k \\
        .venv/bin/python bench/import_large.py                  # PostgreSQL, then SQLite

For each database (a fresh one: the PostgreSQL database named in BENCH_DATABASE_URL is dropped
and re-created, loopback servers only; SQLite is a temporary file) it migrates, generates a flat
sheet of N projects (8–10 indicators each, bench/sample.py), starts gunicorn (production
settings, 2 workers) and `manage.py run_worker` on 127.0.0.1, then stages the upload through
`imports.services.import_stage` (the upload view's service; a file over 1 MB is only checked
for size and type there and read by the worker) and confirms it with `import_confirm_or_queue`;
the worker reads, checks and saves it. Meanwhile a prober requests /healthz/, the login page
and the logged-in start page once a second each, and a one-row write runs once a second.
Printed: the upload request, read + check (worker) and apply (worker) seconds, and the
probes' median, maximum and failures. Every loop is bounded; the servers are stopped at the end.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PORT = 8471
PROBES = ("/healthz/", "/accounts/login/", "/")
LIMIT_SECONDS = 900  # each phase gives up after this long
PROXY = {"X-Forwarded-Proto": "https"}  # as the TLS-terminating load balancer sends it


def environment(database_url: str, scratch: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "WEB_CONCURRENCY": "2",
        "EXPORTS_DIR": str(scratch / "exports"),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "perfbudget.settings",
    }


def recreate_postgres(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("this benchmark only uses a PostgreSQL server on loopback")
    name = parts.path.lstrip("/")
    if not name or name == "perfbudget":
        raise SystemExit("name a database of the benchmark's own, not the default one")
    connection = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def run_step(env: dict[str, str], projects: int) -> None:
    """In a child process (the database chosen by env): everything below."""
    for step in (["migrate"], ["collectstatic"]):  # production settings serve the manifest
        subprocess.run([sys.executable, "manage.py", *step, "--noinput", "-v", "0"],
                       cwd=ROOT, env=env, check=True)  # fmt: skip
    command = [sys.executable, __file__, "--drive", str(projects)]
    subprocess.run(command, cwd=ROOT, env=env, check=True)


class Prober(threading.Thread):
    """GET each probe path once a second (bounded by `stop`), recording seconds or errors."""

    def __init__(self, cookie: str) -> None:
        super().__init__(daemon=True)
        self.cookie = cookie
        self.stop = threading.Event()
        self.times: dict[str, list[float]] = {path: [] for path in PROBES}
        self.failures: list[str] = []

    def run(self) -> None:
        while not self.stop.is_set():
            started = time.perf_counter()
            for path in PROBES:
                self.probe(path)
            self.stop.wait(max(0.0, 1.0 - (time.perf_counter() - started)))

    def probe(self, path: str) -> None:
        headers = {**PROXY, "Cookie": self.cookie}
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except OSError as error:
            status = f"{error.__class__.__name__}"
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        self.times[path].append(seconds)
        if status != 200:
            self.failures.append(f"{path} {status} after {seconds:.2f} s")


class WriteProber(threading.Thread):
    """Once a second, a one-row write on the bench's own connection (the session row's expiry,
    as a logged-in request refreshes it): how long a writer waits while the import writes."""

    def __init__(self, session_key: str) -> None:
        super().__init__(daemon=True)
        self.session_key = session_key
        self.stop = threading.Event()
        self.times: list[float] = []
        self.failures: list[str] = []

    def run(self) -> None:
        from django.contrib.sessions.models import Session
        from django.db import connection
        from django.utils import timezone

        day = datetime.timedelta(days=1)
        while not self.stop.is_set():
            started = time.perf_counter()
            try:
                Session.objects.filter(pk=self.session_key).update(expire_date=timezone.now() + day)
            except Exception as error:  # "database is locked" is the figure wanted
                self.failures.append(f"{error.__class__.__name__}: {error}")
            self.times.append(time.perf_counter() - started)
            self.stop.wait(max(0.0, 1.0 - self.times[-1]))
        connection.close()


def wait_until(condition, what: str, limit: float = LIMIT_SECONDS) -> float:
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > limit:
            raise SystemExit(f"gave up waiting for {what}")
        time.sleep(0.2)
    return time.perf_counter() - started


def drive(projects: int) -> None:
    """Generate the sheet, start gunicorn and the worker, import, probe, print figures."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from import_bench import flat_bytes
    from sample import make_department

    from imports import safety
    from imports.models import ImportBatch
    from imports.readers.base import Options
    from imports.services import import_confirm_or_queue, import_stage
    from projects.models import Project

    data = flat_bytes(make_department(projects, exact=True))
    # The 5 MB upload limit is for people; a county's sheet may exceed it.
    safety.MAX_UPLOAD_BYTES = max(safety.MAX_UPLOAD_BYTES, len(data) + 1)
    admin = get_user_model().objects.create_superuser("bench-admin", "", "bench-pw-123456")
    client = Client()
    client.force_login(admin)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_key}"
    connection.close()

    servers = [
        subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
                          "perfbudget.wsgi"], cwd=ROOT, start_new_session=True),
        subprocess.Popen([sys.executable, "manage.py", "run_worker"], cwd=ROOT,
                         start_new_session=True),
    ]  # fmt: skip
    prober, writer = Prober(cookie), WriteProber(session_key)
    try:
        wait_until(lambda: _answers("/healthz/"), "gunicorn", limit=60)
        prober.start()
        writer.start()
        time.sleep(3)  # a few probes of the idle site first
        started = time.perf_counter()
        batch = import_stage(user=admin, file_name="county.xlsx", data=data, options=Options())
        read = time.perf_counter() - started
        status = lambda: ImportBatch.objects.get(pk=batch.pk).status  # noqa: E731
        check = wait_until(lambda: status() != ImportBatch.Status.CHECKING, "the check")
        batch.refresh_from_db()
        if batch.status != ImportBatch.Status.STAGED or batch.summary.get("failure"):
            raise SystemExit(f"check failed: {batch.status} {batch.summary.get('failure')}")
        started = time.perf_counter()
        import_confirm_or_queue(batch=batch, user=admin, policy="update")
        apply = wait_until(lambda: status() != ImportBatch.Status.APPLYING, "the apply")
        batch.refresh_from_db()
        time.sleep(3)  # and a few after
    finally:
        for thread in (prober, writer):
            thread.stop.set()
            thread.join(timeout=60)
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            server.wait(timeout=60)
    stored = Project.objects.count()
    vendor = connection.vendor
    print(f"\n== {vendor}: {projects} projects, file {len(data) / 1024 / 1024:.1f} MB")
    failure = batch.summary.get("failure", "")
    print(f"   result: {batch.status}, {stored} projects stored {failure}")
    print(f"   upload request        {read:6.1f} s")
    print(f"   read+check (worker)   {check:6.1f} s   (time from queueing to 待确认)")
    print(f"   apply (worker)        {apply:6.1f} s   (time from confirming to 已导入)")
    print(f"   in all                {read + check + apply:6.1f} s")
    for path, times in prober.times.items():
        median, worst = statistics.median(times) * 1000, max(times) * 1000
        print(f"   probe {path:18} n={len(times):4} median {median:6.0f} ms  max {worst:6.0f} ms")
    print(f"   probe failures: {len(prober.failures)} {prober.failures[:5]}")
    median, worst = statistics.median(writer.times) * 1000, max(writer.times) * 1000
    print(
        f"   write probe (1 row)      n={len(writer.times):4} median {median:6.0f} ms"
        f"  max {worst:6.0f} ms  failures {len(writer.failures)} {writer.failures[:2]}"
    )


def _answers(path: str) -> bool:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
        connection.request("GET", path, headers=PROXY)
        return connection.getresponse().status == 200
    except OSError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--projects", "-n", type=int, default=10_000)
    parser.add_argument("--drive", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    if args.drive:
        drive(args.drive)
        return
    with tempfile.TemporaryDirectory() as scratch:
        postgres = os.environ.get("BENCH_DATABASE_URL", "")
        if postgres:
            recreate_postgres(postgres)
            run_step(environment(postgres, Path(scratch)), args.projects)
        if not args.skip_sqlite:
            sqlite = f"sqlite:///{Path(scratch) / 'bench.sqlite3'}"
            run_step(environment(sqlite, Path(scratch)), args.projects)


if __name__ == "__main__":
    main()
