"""Boot the production configuration on loopback and prove it serves; `make prod-check` runs it.

Steps: a throwaway PostgreSQL database, `check --deploy`, migrate, collectstatic, gunicorn
(deploy/gunicorn.conf.py, 2 workers) and `run_worker` on 127.0.0.1, then /healthz/ (the worker's
heartbeat seen, and reported absent once the worker stops), the login page as the load
balancer forwards it (X-Forwarded-Proto: https) with its Content-Security-Policy, a hashed
static file served by whitenoise, and a JSON access-log line. Stops gunicorn and drops the
database whatever happens.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("PROD_CHECK_SERVER", "postgres://postgres:postgres@127.0.0.1:5432")
DATABASE = "perfbudget_bench_prodcheck"


def step(text: str) -> None:
    print(f"== {text}", flush=True)


def admin_sql(sql: str) -> None:
    connection = psycopg2.connect(f"{SERVER}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # report the redirect itself


OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, **headers) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with OPENER.open(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def headers_of(url: str, **headers) -> dict[str, str]:
    request = urllib.request.Request(url, headers=headers)
    with OPENER.open(request, timeout=10) as response:
        return dict(response.headers)


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer at {url} within {seconds:.0f} s")


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"prod-check FAILED: {what}")
    print(f"   ok  {what}", flush=True)


def wait_for_worker(base: str, state: str, seconds: float = 20) -> dict:
    """/healthz/ once its worker status is `state` (the worker beats at start and stop)."""
    deadline = time.monotonic() + seconds
    while True:
        status, body = fetch(f"{base}/healthz/")
        health = json.loads(body)
        if status == 200 and health["worker"]["status"] == state:
            return health
        if time.monotonic() > deadline:
            check(False, f"/healthz/ worker {state!r} within {seconds:.0f} s: {status} {body}")
        time.sleep(0.5)


def serve_and_probe(env: dict, log_path: Path) -> None:
    port = free_port()
    env = env | {"GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"}
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "perfbudget.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz/")
        step(f"gunicorn (pid {server.pid}) answers on {base}; worker pid {worker.pid}")
        health = wait_for_worker(base, "ok")
        check(health["database"] == "ok", f"/healthz/ {health}")
        check(health["worker"]["workers"] >= 1, "the worker's heartbeat reaches /healthz/")
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
        health = wait_for_worker(base, "absent")
        check(health["status"] == "degraded", "a stopped worker: /healthz/ says absent, 200")
        status, _ = fetch(f"{base}/healthz/?worker=required")
        check(status == 503, "/healthz/?worker=required is 503 without a worker")
        status, _ = fetch(f"{base}/accounts/login/")
        check(status == 301, "plain HTTP is redirected to HTTPS (SECURE_SSL_REDIRECT)")
        status, page = fetch(f"{base}/accounts/login/", **{"X-Forwarded-Proto": "https"})
        check(status == 200 and "登录" in page, "login page 200 behind the TLS proxy, in Chinese")
        policy = headers_of(f"{base}/accounts/login/", **{"X-Forwarded-Proto": "https"}).get(
            "Content-Security-Policy", ""
        )
        check(
            "script-src 'self'" in policy and "unsafe-inline" not in policy,
            f"strict Content-Security-Policy: {policy}",
        )
        css = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page)
        check(css is not None, "static files are linked by hashed names (manifest storage)")
        status, _ = fetch(base + css.group(1), **{"X-Forwarded-Proto": "https"})
        check(status == 200, f"whitenoise serves {css.group(1)}")
    finally:
        for process in (worker, server):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=30)
    lines = [line for line in log_path.read_text().splitlines() if line.startswith("{")]
    access = [json.loads(line) for line in lines if '"gunicorn.access"' in line]
    check(any(a["path"] == "/healthz/" and a["status"] == 200 for a in access), "JSON access log")
    step("gunicorn stopped")


def main() -> None:
    env = os.environ | {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    admin_sql(f"DROP DATABASE IF EXISTS {DATABASE}")
    admin_sql(f"CREATE DATABASE {DATABASE}")
    try:
        step("manage.py check --deploy")
        manage(env, "check", "--deploy", "--fail-level", "WARNING")
        step("migrate, collectstatic")
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        serve_and_probe(env, ROOT / "var" / "prod-check-gunicorn.log")
    finally:
        admin_sql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    step("prod-check passed")


if __name__ == "__main__":
    main()
