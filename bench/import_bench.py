"""Benchmark the importers: reading Word, our Excel and a flat sheet, and the full import.

    .venv/bin/python bench/import_bench.py                   # 1,000 projects, 8–10 indicators each
    .venv/bin/python bench/import_bench.py --projects 50
    .venv/bin/python bench/import_bench.py --published -n 200   # other provinces' layouts
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/perfbudget_bench \\
        .venv/bin/python bench/import_bench.py               # SQLite and PostgreSQL

For each format it prints seconds and peak memory growth of: `parse` (the upload checks and the
reader, `imports.reading.read_upload`) and `import` (the whole import: parse, then
`targets_import` saving every project into a fresh database; parse figures are from the
SQLite run). The database is a fresh SQLite file always, and a fresh
PostgreSQL database on the DATABASE_URL server when that is set (named perfbudget_bench_import,
dropped and re-created from a migrated template for each run; loopback servers only). Every
measurement runs in its own process, so its peak memory (ru_maxrss) and its database are its
own. Files are made before the clock starts; migrations are not timed.

`--published` times only the parse of other provinces' published layouts (#16), N projects
each, built like tests/data/published: Inner Mongolia 目标表 as Word tables and as Excel sheets,
a Chongqing-style 审批表 in Word, a Sichuan 一体化 flat export with summary rows and merged unit
cells, and PDF-flattened CSV text. The issue's budget: 200 projects of any layout under 2 s.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("docx", "xlsx", "flat")
PG_NAME = "perfbudget_bench_import"

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample import UNIT_CODE, UNIT_NAME, YEAR, make_department  # noqa: E402

# --- the files (made in the worker, before the clock starts) ---


FLAT_HEADER = ["单位名称", "项目编码", "项目名称", "预算数（万元）", "年度目标", "一级指标",
               "二级指标", "三级指标", "指标值", "权重", "指标方向"]  # fmt: skip


def flat_bytes(targets) -> bytes:
    """One row per indicator, project columns repeated, as many provinces' 申报表 are."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("项目绩效目标")
    sheet.append([f"{YEAR}年项目支出绩效目标申报表"])
    sheet.append(FLAT_HEADER)
    unit = f"{UNIT_CODE}-{UNIT_NAME}"
    for table in targets.tables:
        goals = "\n".join(f"{n}.{g}" for n, g in enumerate(table.goals, start=1))
        for row in table.indicators:
            project = [unit, table.code, table.name, f"{table.budget_total:f}", goals]
            indicator = [row.level1, row.level2, row.name, row.value, f"{row.weight:f}", "正向"]
            sheet.append(project + indicator)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_bytes(fmt: str, targets) -> bytes:
    from reports.layout import document_layout
    from reports.render import docx as word
    from reports.render import xlsx
    from reports.summary import project_summaries

    if fmt == "docx":
        return word.render_bytes(document_layout(targets), data=targets)
    if fmt == "xlsx":
        buffer = io.BytesIO()
        summaries = project_summaries(targets)
        xlsx.render(document_layout(targets), buffer, summaries=summaries, data=targets)
        return buffer.getvalue()
    return flat_bytes(targets)


# --- worker: one measurement in its own process ---


def worker(fmt: str, n: int) -> None:
    """Parse, then save: ru_maxrss only grows, so the parse peak is read before saving."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "perfbudget.settings")
    import django

    django.setup()
    from imports import safety
    from imports.readers.base import Options
    from imports.reading import read_upload
    from imports.services import targets_import
    from projects.permissions import SYSTEM

    data = file_bytes(fmt, make_department(n, exact=True))
    # The 5 MB upload limit is for people; the benchmark measures the readers beyond it.
    safety.MAX_UPLOAD_BYTES = max(safety.MAX_UPLOAD_BYTES, len(data) + 1)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    result = read_upload(data, Options())
    parsed = time.perf_counter()
    parse_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    created = 0
    if not result.errors:
        created = targets_import(departments=result.departments, user=SYSTEM).count("created")
    done = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    figures = {
        "size": len(data) / 1024 / 1024,
        "parse": (parsed - start, parse_peak / 1024),
        "import": (done - start, peak / 1024),
        "tables": sum(len(d.tables) for d in result.departments),
        "created": created,
        "errors": [f"{p.place}：{p.message}" for p in result.errors][:3],
    }
    print(json.dumps(figures))


def run_worker(fmt: str, n: int, database_url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url}
    command = [sys.executable, __file__, "--worker", fmt, str(n)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{fmt} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def migrate(database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"],
                   env=env, check=True, capture_output=True, cwd=ROOT)  # fmt: skip


# --- fresh databases ---


class SqliteDatabases:
    """A migrated template file, copied to a fresh file for each run."""

    def __init__(self, scratch: Path):
        self.scratch = scratch
        self.template = scratch / "template.sqlite3"
        migrate(f"sqlite:///{self.template}")

    def fresh(self, label: str) -> str:
        path = self.scratch / f"{label}.sqlite3"
        shutil.copy(self.template, path)
        return f"sqlite:///{path}"


class PostgresDatabases:
    """A migrated template database; each run gets `CREATE DATABASE … TEMPLATE …`."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("the import benchmark only uses a PostgreSQL server on loopback")
        self.server = urlunsplit(parts._replace(path="/postgres"))
        self.url = urlunsplit(parts._replace(path=f"/{PG_NAME}"))
        self.template = f"{PG_NAME}_template"
        self._recreate(self.template)
        migrate(urlunsplit(parts._replace(path=f"/{self.template}")))

    def _execute(self, *statements: str) -> None:
        import psycopg2

        connection = psycopg2.connect(self.server)
        connection.autocommit = True
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        connection.close()

    def _recreate(self, name: str, template: str = "") -> None:
        suffix = f' TEMPLATE "{template}"' if template else ""
        self._execute(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"{suffix}')

    def fresh(self, label: str) -> str:
        self._recreate(PG_NAME, self.template)
        return self.url

    def drop(self) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{PG_NAME}"',
                      f'DROP DATABASE IF EXISTS "{self.template}"')  # fmt: skip


def published_files(n: int) -> dict[str, bytes]:
    """N projects in each published layout (the builders of tests/data/published)."""
    import docx
    from openpyxl import Workbook

    sys.path.insert(0, str(ROOT / "tests" / "data" / "published"))
    import build

    files: dict[str, bytes] = {}
    for name, grid, title in (
        ("目标表 docx", build.im_grid, "再生资源回收市场管理经费项目绩效目标表"),
        ("审批表 docx", None, "项目支出绩效目标审批表"),
    ):
        document = docx.Document()
        document.add_paragraph("(2023年)")
        for number in range(n):
            document.add_paragraph(title)
            rows = grid() if grid else build.chongqing_grid()
            rows[1 if grid is None else 0][1] = f"项目{number + 1}"
            build.word_table(document, rows)
        files[name] = build._save(document)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for number in range(n):
        sheet = workbook.create_sheet(f"项目{number + 1}")
        sheet["A1"], sheet["A2"] = "项目绩效目标表", "(2021年)"
        rows = build.im_grid()
        rows[0][1] = f"项目{number + 1}"
        build.sheet_grid(sheet, rows, top=3)
    files["目标表 xlsx"] = build._save(workbook)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["部门预算项目绩效目标申报表(2023年度)"])
    sheet.append(["金额单位:元"])
    sheet.append(build.FLAT_HEAD)
    unit = build.UNIT
    for number in range(n):
        if number % 50 == 0:
            sheet.append(["820-马踏镇部门", None, 250000000])
        for index, row in enumerate(build.FLAT_ROWS[1:6]):
            values = [None if v == build.UP else v for v in row]
            values[0] = unit if number == 0 and index == 0 else None
            values[1] = f"项目{number + 1}" if index == 0 else None
            values[2] = 3309840 if index == 0 else None
            sheet.append(values)
    files["一体化 flat xlsx"] = build._save(workbook)
    rows = [["2022年项目绩效目标表"], build.NOISY_HEAD]
    for number in range(n):
        rows += [[*r[:1], f"项目{number + 1}", *r[2:]] for r in build.NOISY_ROWS]
    text = "\n".join(",".join(row) for row in rows)
    files["PDF text csv"] = text.encode("utf-8")
    return files


def published(n: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "perfbudget.settings")
    import django

    django.setup()
    from imports import safety
    from imports.readers.base import Options
    from imports.reading import read_upload

    print(f"{'layout':18} {'projects':>8} {'file MB':>8} {'seconds':>8}")
    for name, data in published_files(n).items():
        safety.MAX_UPLOAD_BYTES = max(safety.MAX_UPLOAD_BYTES, len(data) + 1)
        start = time.perf_counter()
        result = read_upload(data, Options())
        seconds = time.perf_counter() - start
        tables = sum(len(d.tables) for d in result.departments)
        if result.errors or tables != n:
            raise SystemExit(f"{name}: {tables} tables, {result.errors[:3]}")
        print(f"{name:18} {n:>8} {len(data) / 1024 / 1024:>8.2f} {seconds:>8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--projects", "-n", type=int, default=1000, help="projects in the file")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)  # FORMAT N
    parser.add_argument("--published", action="store_true", help="parse published layouts")
    args = parser.parse_args()
    if args.published:
        published(args.projects)
        return
    if args.worker:
        worker(args.worker[0], int(args.worker[1]))
        return
    postgres_url = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory() as scratch:
        sqlite = SqliteDatabases(Path(scratch))
        databases = [("sqlite", sqlite)]
        if postgres_url.startswith(("postgres://", "postgresql://")):
            databases.append(("postgres", PostgresDatabases(postgres_url)))
        print(f"{'format':6} {'step':6} {'database':9} {'projects':>8} {'file MB':>8} "
              f"{'seconds':>8} {'peak MB':>8}")  # fmt: skip
        try:
            for fmt in FORMATS:
                for number, (name, db) in enumerate(databases):
                    figures = run_worker(fmt, args.projects, db.fresh(fmt))
                    if figures["errors"] or figures["created"] != args.projects:
                        raise SystemExit(f"{fmt} into {name}: {figures}")
                    steps = [("parse", "-")] if number == 0 else []
                    for step, where in [*steps, ("import", name)]:
                        seconds, peak = figures[step]
                        print(f"{fmt:6} {step:6} {where:9} {args.projects:>8} "
                              f"{figures['size']:>8.2f} {seconds:>8.2f} {peak:>8.1f}")  # fmt: skip
        finally:
            for _name, db in databases[1:]:
                db.drop()


if __name__ == "__main__":
    main()
