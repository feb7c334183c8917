"""Settings fail closed (#14): production unless development is chosen, and SQLite as a server.

The subprocesses run manage.py as a deployment or a developer would: without pytest's
PYTEST_VERSION (which selects test mode) and with the local settings file pointed elsewhere,
so a developer's own var/local.env never decides the outcome.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connections, transaction
from django.db.utils import ConnectionHandler

from perfbudget import settings as project_settings

ROOT = Path(__file__).resolve().parent.parent
SHOW = (
    "import json; from django.conf import settings as s; print('SETTINGS', json.dumps({"
    "'debug': s.DEBUG, 'key': s.SECRET_KEY, 'proxies': s.TRUSTED_PROXIES, "
    "'secure_cookie': s.SESSION_COOKIE_SECURE}))"
)


def manage(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """manage.py outside pytest: no DEBUG, SECRET_KEY or test marker unless given in `env`."""
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTEST_VERSION", "DEBUG", "SECRET_KEY", "FORWARDED_ALLOW_IPS"}
    }
    base["PERFBUDGET_LOCAL_ENV"] = str(tmp_path / "local.env")
    base["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def shown(result: subprocess.CompletedProcess) -> dict:
    """The settings SHOW printed."""
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("SETTINGS "))
    return json.loads(line.removeprefix("SETTINGS "))


def test_without_configuration_the_app_refuses_to_start(tmp_path):
    result = manage(tmp_path, "shell", "-c", SHOW)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    assert "make run" in result.stderr  # says how to get a development key


def test_a_key_alone_gives_production_mode_not_debug(tmp_path):
    settings = shown(manage(tmp_path, "shell", "-c", SHOW, SECRET_KEY="k" * 60))
    assert settings == {"debug": False, "key": "k" * 60, "proxies": [], "secure_cookie": True}


def test_the_placeholder_key_of_env_example_is_refused(tmp_path):
    example = (ROOT / "deploy" / "env.example").read_text()
    placeholder = next(
        line.split("=", 1)[1] for line in example.splitlines() if line.startswith("SECRET_KEY=")
    )
    result = manage(tmp_path, "shell", "-c", SHOW, SECRET_KEY=placeholder)
    assert result.returncode != 0
    assert "placeholder" in result.stderr


def make_local_settings(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", "local-settings", f"LOCAL_ENV={path}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_make_run_writes_a_private_development_file_that_manage_py_reads(tmp_path):
    local = tmp_path / "local.env"
    assert make_local_settings(local).returncode == 0
    assert stat.S_IMODE(local.stat().st_mode) == 0o600  # the key is readable by its owner only
    text = local.read_text()
    assert "DEBUG=true" in text.splitlines()
    key = next(line[len("SECRET_KEY=") :] for line in text.splitlines() if "SECRET_KEY=" in line)
    assert len(key) >= 50

    settings = shown(manage(tmp_path, "shell", "-c", SHOW))
    assert (settings["debug"], settings["key"]) == (True, key)

    # Run again (make run is idempotent): the key is kept, so sessions survive restarts.
    assert make_local_settings(local).returncode == 0
    assert local.read_text() == text
    # Another checkout gets another key: nothing published is ever used.
    other = tmp_path / "other.env"
    make_local_settings(other)
    assert other.read_text() != text


def test_the_environment_wins_over_the_local_file(tmp_path):
    make_local_settings(tmp_path / "local.env")
    result = manage(
        tmp_path, "shell", "-c", SHOW, DEBUG="false", FORWARDED_ALLOW_IPS="10.0.0.10, 10.1.0.0/16"
    )
    settings = shown(result)
    assert settings["debug"] is False
    assert settings["proxies"] == ["10.0.0.10", "10.1.0.0/16"]


def test_tests_run_in_development_mode_without_any_local_file():
    assert project_settings.TESTING
    assert project_settings.SECRET_KEY.startswith("pytest-only-")


# SQLite as a server needs it: the options every SQLite connection gets.


@pytest.fixture
def sqlite_db(tmp_path, monkeypatch, django_db_blocker):
    """An alias for a fresh SQLite file configured exactly as settings.DATABASES would be."""

    def configure() -> str:
        config = ConnectionHandler({"default": project_settings.database_config(url)})
        monkeypatch.setitem(connections.settings, "sqlite_file", config.settings["default"])
        return "sqlite_file"

    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with django_db_blocker.unblock():
        yield configure
        connections["sqlite_file"].close()
        del connections["sqlite_file"]  # the next test's file gets a new connection


def make_counter(alias: str) -> None:
    with connections[alias].cursor() as cursor:
        cursor.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, version INTEGER)")
        cursor.execute("INSERT INTO t VALUES (1, 0)")


def read_version(alias: str) -> int:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT version FROM t WHERE id = 1")
        return cursor.fetchone()[0]


def test_sqlite_connections_use_wal_immediate_transactions_and_a_busy_timeout(sqlite_db):
    connection = connections[sqlite_db()]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20_000  # milliseconds
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 1  # NORMAL
    assert connection.transaction_mode == "IMMEDIATE"


def bump(alias: str, *, hold: float = 0, has_read: threading.Event | None = None) -> None:
    """Read the version, then write it plus one, in one transaction (a version check)."""
    try:
        with transaction.atomic(using=alias):
            version = read_version(alias)
            if has_read:
                has_read.set()
            time.sleep(hold)
            with connections[alias].cursor() as cursor:
                cursor.execute("UPDATE t SET version = %s WHERE id = 1", [version + 1])
    finally:
        connections[alias].close()


def two_version_checks_at_once(alias: str) -> list[Exception]:
    """Two transactions that read the version, then write it plus one, overlapping: the
    first holds its transaction open while the second runs. Returns what failed."""
    make_counter(alias)
    errors: list[Exception] = []
    has_read = threading.Event()

    def run(**kwargs) -> None:
        try:
            bump(alias, **kwargs)
        except Exception as error:
            errors.append(error)

    thread = threading.Thread(target=run, kwargs={"hold": 0.5, "has_read": has_read})
    thread.start()
    assert has_read.wait(5), errors
    run()
    thread.join()
    return errors


def test_a_second_sqlite_writer_waits_for_the_first_instead_of_failing(sqlite_db):
    """With SQLite's default (deferred) transactions one of two overlapping version checks
    fails with "database is locked"; here the second waits for the first and reads its
    result."""
    alias = sqlite_db()
    assert two_version_checks_at_once(alias) == []
    assert read_version(alias) == 2  # both increments kept: no lost update


def test_with_deferred_transactions_the_sqlite_writers_collide(sqlite_db, monkeypatch):
    """What the configuration prevents, shown with SQLite's default transaction mode."""
    monkeypatch.setitem(project_settings.SQLITE_OPTIONS, "transaction_mode", "DEFERRED")
    errors = two_version_checks_at_once(sqlite_db())
    assert [str(error) for error in errors] == ["database is locked"]


def test_other_databases_get_no_sqlite_options():
    config = project_settings.database_config("postgres://u:p@db.internal:5432/perfbudget")
    assert "transaction_mode" not in config.get("OPTIONS", {})
