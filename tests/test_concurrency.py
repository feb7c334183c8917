"""Concurrent use of SQLite through a live server (#14): no server errors, no lost updates.

A real server process (gunicorn, 2 processes × 10 threads, as settings configure SQLite:
WAL, BEGIN IMMEDIATE, a busy timeout) on a database file of its own, and 20 client threads
that log in at once and then save projects and move the year through the review workflow
at once. Before the configuration, about a third of such requests ended in 500 "database is
locked".

- A save acknowledged as success (redirect back to the editor) must be in the database
  afterwards: per project, every acknowledged save started from a different version, the
  final version counts them all, and the final text is that of the last one. Concurrent
  edits of one project are refused by the version check (a conflict page), which is fine.
- Every acknowledged workflow action is one ReviewAction, and the actions form an unbroken
  chain of statuses.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
THREADS = 20
SAVERS = 16  # the others run the workflow: two clerks (送审/取消送审), two reviewers
ROUNDS = 5
DEPARTMENT = "/departments/802010/2023/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn on a fresh SQLite file with the seed department and the demo accounts."""
    folder = tmp_path_factory.mktemp("concurrency")
    database = folder / "db.sqlite3"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTEST_VERSION", "DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL"}
    } | {
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "true",  # plain HTTP and cookies, as `make run`
        "SECRET_KEY": "concurrency-test-" + "k" * 40,
        "PERFBUDGET_LOCAL_ENV": str(folder / "none.env"),
        "LOG_LEVEL": "WARNING",
    }
    # The seed has findings that block 送审; with every rule off the year can move freely.
    all_rules_off = (
        "import reviews.checks; from reviews.checks.base import RULES; "
        "from reviews.models import ReviewSettings; "
        "ReviewSettings.objects.create(name='all off', disabled_rules=sorted(RULES))"
    )
    setup = (
        ["migrate", "-v", "0"], ["load_seed"], ["create_demo_accounts"],
        ["shell", "-c", all_rules_off],
    )  # fmt: skip
    for command in setup:
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
    port = free_port()
    log = (folder / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
         "--worker-class", "gthread", "--threads", "10", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--timeout", "120", "perfbudget.wsgi"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz/", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.3)
        yield base, database, folder / "gunicorn.log"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Response:
    status: int
    location: str
    text: str


class Browser:
    """One user's cookies; requests are not redirected, so each answer is seen as sent."""

    def __init__(self, base: str, log: list[tuple[str, str, int]]):
        self.base = base
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect
        )
        self.log = log

    def _send(self, method: str, path: str, data: list[tuple[str, str]] | None = None):
        body = None
        if data is not None:
            token = next(c.value for c in self.cookies if c.name == "csrftoken")
            body = urllib.parse.urlencode([*data, ("csrfmiddlewaretoken", token)]).encode()
        request = urllib.request.Request(self.base + path, data=body, method=method)
        try:
            with self.opener.open(request, timeout=120) as answer:
                response = Response(answer.status, "", answer.read().decode())
        except urllib.error.HTTPError as error:
            response = Response(
                error.code,
                error.headers.get("Location", ""),
                error.read().decode("utf-8", "replace"),
            )
        self.log.append((method, path, response.status))
        return response

    def get(self, path: str) -> Response:
        return self._send("GET", path)

    def post(self, path: str, data: list[tuple[str, str]]) -> Response:
        return self._send("POST", path, data)

    def login(self, username: str) -> None:
        self.get("/accounts/login/")
        response = self.post(
            "/accounts/login/",
            [("username", username), ("password", f"{username}-demo-2023")],
        )
        assert response.status == 302, (username, response.status)


@dataclass
class Outcome:
    requests: list[tuple[str, str, int]] = field(default_factory=list)
    saves: list[tuple[int, int, str]] = field(default_factory=list)  # project, base, text
    refused: Counter = field(default_factory=Counter)
    actions: Counter = field(default_factory=Counter)  # acknowledged workflow actions
    failures: list[str] = field(default_factory=list)


def editor_form(page: str) -> tuple[list[tuple[str, str]], int]:
    """The editor's fields as the browser would post them, and the version it was read at."""
    form = lxml_html.document_fromstring(page).get_element_by_id("project-form")
    fields = [(name, value) for name, value in form.form_values() if "__prefix__" not in name]
    version = int(dict(fields)["version"])
    return [*fields, ("save", "")], version


def save_rounds(browser: Browser, project: int, worker: int, outcome: Outcome, lock) -> None:
    url = f"/projects/{project}/edit/"
    for round_ in range(ROUNDS):
        page = browser.get(url)
        if page.status != 200:
            continue
        fields, version = editor_form(page.text)
        text = f"并发测试 线程{worker} 第{round_}次"
        fields = [(name, text if name == "purpose" else value) for name, value in fields]
        response = browser.post(url, fields)
        with lock:
            if response.status == 302 and response.location.endswith(url):
                outcome.saves.append((project, version, text))
            elif response.status == 200 and "已被他人修改" in response.text:
                outcome.refused["conflict"] += 1
            elif response.status == 200 and "不能修改" in response.text:
                outcome.refused["locked"] += 1
            elif response.status < 500:
                outcome.failures.append(f"save of {project}: unexpected {response.status}")


WORKFLOW = {
    "clerk": [("submit", [], "已送审"), ("withdraw", [], "已取消送审")],
    "reviewer": [
        ("approve", [("grade", "A"), ("comment", "")], "已审核通过"),
        ("unlock", [("reason", "并发测试")], "已取消审核"),
    ],
}


def workflow_rounds(browser: Browser, role: str, outcome: Outcome, lock) -> None:
    for _ in range(ROUNDS):
        for action, data, success in WORKFLOW[role]:
            response = browser.post(f"/workflow/802010/2023/{action}/", data)
            if response.status != 302:
                continue
            after = browser.get(response.location)  # the message says whether it was done
            if success in after.text and "alert-success" in after.text:
                with lock:
                    outcome.actions[action] += 1


def run_users(base: str, projects: list[int]) -> Outcome:
    outcome = Outcome()
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def user(worker: int) -> None:
        browser = Browser(base, outcome.requests)
        try:
            if worker < SAVERS:
                start.wait()
                browser.login("clerk")
                save_rounds(browser, projects[worker % len(projects)], worker, outcome, lock)
            else:
                role = "clerk" if worker % 2 else "reviewer"
                start.wait()
                browser.login(role)
                workflow_rounds(browser, role, outcome, lock)
        except Exception as error:
            with lock:
                outcome.failures.append(f"user {worker}: {error!r}")

    threads = [threading.Thread(target=user, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


def read_rows(database: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return connection.execute(sql).fetchall()


def test_twenty_users_at_once_on_sqlite_get_no_errors_and_lose_no_saves(server):
    base, database, server_log = server
    before = dict(read_rows(database, "SELECT id, version FROM projects_project"))
    projects = sorted(before)
    assert len(projects) == 11  # the seed department: some projects get two editors at once

    outcome = run_users(base, projects)

    errors = [r for r in outcome.requests if r[2] >= 500]
    log = server_log.read_text()
    assert errors == [], f"{len(errors)} of {len(outcome.requests)} requests failed\n{log[-3000:]}"
    assert "database is locked" not in log
    assert outcome.failures == []
    assert len(outcome.requests) >= THREADS * (2 + 2 * ROUNDS)

    # No lost update: every acknowledged save is in the database, in version order.
    after = {
        pid: (version, purpose)
        for pid, version, purpose in read_rows(
            database, "SELECT id, version, purpose FROM projects_project"
        )
    }
    assert outcome.saves, "no save succeeded: the test did not test anything"
    for pid in projects:
        saves = sorted((base_version, text) for p, base_version, text in outcome.saves if p == pid)
        bases = [base_version for base_version, _ in saves]
        assert len(set(bases)) == len(bases), f"project {pid}: two saves from one version"
        assert after[pid][0] == before[pid] + len(saves), f"project {pid}: a save is missing"
        if saves:
            assert after[pid][1] == saves[-1][1], f"project {pid}: the last save was lost"

    # Every acknowledged workflow action happened once, and the statuses form one chain.
    actions = read_rows(
        database,
        "SELECT kind, from_status, to_status FROM workflow_reviewaction ORDER BY id",
    )
    assert Counter(kind for kind, _, _ in actions) == outcome.actions
    assert sum(outcome.actions.values()) > 0, "no workflow action succeeded"
    status = "draft"
    for kind, from_status, to_status in actions:
        assert from_status == status, f"{kind} from {from_status}, but the year was {status}"
        status = to_status
    [(final,)] = read_rows(database, "SELECT status FROM projects_departmentplan")
    assert final == status
    print(
        f"\n{len(outcome.requests)} requests, 0 errors; {len(outcome.saves)} saves kept, "
        f"refused: {dict(outcome.refused)}; workflow actions: {dict(outcome.actions)}"
    )
