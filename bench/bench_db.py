"""Prepare the benchmark database: migrate, seed, demo accounts and the generated county.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/perfbudget_bench \\
           .venv/bin/python bench/bench_db.py [--departments 100 --projects 20]
Creates the database when it is missing; generates the county only once (idempotent), so
every benchmark measures the same data. Loopback PostgreSQL only.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres:postgres@127.0.0.1:5432/perfbudget_bench"


def ensure_database(url: str) -> None:
    """CREATE DATABASE when it does not exist yet (the name must start with perfbudget_bench)."""
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("perfbudget_bench"):
        raise SystemExit(f"benchmarks use databases named perfbudget_bench*, not {name}")
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--departments", type=int, default=100)
    parser.add_argument("--projects", type=int, default=20)
    options = parser.parse_args()
    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "perfbudget.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from projects.models import Department

    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_seed")
    call_command("create_demo_accounts")
    if not Department.objects.filter(code="700000").exists():
        call_command(
            "generate_demo",
            f"--departments={options.departments}",
            f"--projects={options.projects}",
            "--year=2024",
            "--seed=1",
        )
    carry_evaluated_unit()
    send_stages_for_review()
    print(f"benchmark database ready: {urlsplit(url).path.lstrip('/')}")


def carry_evaluated_unit() -> None:
    """结果应用 (#18): the first self-evaluated unit of 2024 carried into 2025, so that the
    benchmarks measure next year's editor with last year's results beside each row
    (idempotent)."""
    from evaluation.models import SelfEvaluation
    from projects.carry_forward import department_carry_forward
    from projects.models import Project
    from projects.permissions import SYSTEM

    evaluated = (
        SelfEvaluation.objects.filter(fiscal_year=2024, department__code__startswith="7")
        .select_related("department")
        .order_by("department__code")
        .first()
    )
    if evaluated is None:
        return
    department = evaluated.department
    if not Project.objects.filter(department=department, fiscal_year=2025).exists():
        department_carry_forward(department=department, from_year=2024, user=SYSTEM)


def send_stages_for_review() -> None:
    """Every other unit's monitoring round and self-evaluation 已送审, so that the reviewer's
    stage queue (#18) lists real rows; the first units, whose pages the benchmarks open as
    their clerks, stay drafts (idempotent: only drafts are touched, once)."""
    from django.utils import timezone

    from evaluation.models import MonitoringRound, SelfEvaluation, Status

    for model in (MonitoringRound, SelfEvaluation):
        stages = model.objects.filter(fiscal_year=2024, department__code__startswith="7")
        if stages.filter(status=Status.SUBMITTED).exists():
            continue
        codes = sorted(stages.values_list("department__code", flat=True))
        sent = codes[1::2]
        stages.filter(department__code__in=sent, status=Status.DRAFT).update(
            status=Status.SUBMITTED, status_changed_at=timezone.now()
        )


if __name__ == "__main__":
    main()
