"""Median server time of the main pages on the generated county, next to a bare ORM fetch.

Usage: make bench-data, then
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/perfbudget_bench .venv/bin/python bench/pages.py
Each page is requested through Django's test client in this process with the production
settings (DEBUG off, manifest static files, persistent connection), so the time is the
whole request — middleware, session, permission checks, selector, rendering — without the
network. "bare" fetches the same data with plain ORM queries and renders nothing: the rows,
and what else the page shows (the list's filter choices; the editor's year status, frame
levels, last year's table of the project, the county's review settings and the year's recorded
form; the start page's unit names, budgets and statuses).
Goal (#8): every page under 3× its bare fetch; the county dashboard under 200 ms. The
monitoring, self-evaluation and county evaluation pages of #18 and next year's editor with last
year's results are measured when the data has them (`bench_db.py` generates and carries them).
BENCH_PAGES=编辑 (any part of a page's name) measures only the pages it names.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "perfbudget.settings")
os.environ.update(
    DEBUG="false",
    SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-key-" + "x" * 40),
    SECURE_SSL_REDIRECT="false",
    ALLOWED_HOSTS="testserver,127.0.0.1",
    CONN_MAX_AGE="600",
    LOG_LEVEL="WARNING",
)

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.db.models import Count, F, FilteredRelation, Max, Prefetch, Q, Sum  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from evaluation.models import (  # noqa: E402
    EvaluatedIndicator,
    EvaluatedProject,
    MonitoredIndicator,
    MonitoredProject,
    MonitoringRound,
    SelfEvaluation,
)
from indicators.models import FrameLevel2, Indicator  # noqa: E402
from projects.models import Department, DepartmentPlan, Project  # noqa: E402
from reviews.models import PlanForm, ReviewSettings  # noqa: E402

YEAR = 2024
RUNS = int(os.environ.get("BENCH_RUNS", "60"))
ONLY = os.environ.get("BENCH_PAGES", "")


def timed(page_fn, bare_fn, runs: int = RUNS) -> tuple[float, float, float]:
    """Median and 90th percentile of the page, and median of its bare fetch, in ms.

    The two are sampled alternately after three warm-up calls each, so that a slow spell of
    a shared virtual machine falls on both and the ratio stays comparable between runs.
    """
    for _ in range(3):
        page_fn()
        bare_fn()
    pages, bares = [], []
    for _ in range(runs):
        for fn, samples in ((page_fn, pages), (bare_fn, bares)):
            start = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - start) * 1000)
    pages.sort()
    return statistics.median(pages), pages[int(len(pages) * 0.9) - 1], statistics.median(bares)


def clerk_of(code: str) -> Client:
    return client_for(f"demo-clerk-{code}")


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def page(client: Client, url: str):
    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return get


def bare_list():
    projects = Project.objects.filter(fiscal_year=YEAR, name__contains="经费").select_related(
        "department"
    )
    projects.count()
    # The filter form shows the years and the units to choose from: data of the page too.
    list(Project.objects.order_by("-fiscal_year").values_list("fiscal_year").distinct())
    list(Department.objects.order_by("code").values_list("pk", "code", "name"))
    return list(projects.annotate(n=Count("indicators")).order_by("-budget_total")[:50])


def bare_report(code: str):
    def fetch():
        indicators = Indicator.objects.select_related("level1", "level2").order_by("order")
        DepartmentPlan.objects.get(department__code=code, fiscal_year=YEAR)
        return list(
            Project.objects.filter(department__code=code, fiscal_year=YEAR)
            .select_related("department", "frame")
            .prefetch_related(Prefetch("indicators", queryset=indicators))
        )

    return fetch


def bare_project(pk: int, results: bool = False):
    def fetch():
        project = Project.objects.select_related("department", "frame").get(pk=pk)
        indicators = list(project.indicators.select_related("level1", "level2"))
        # The editor also shows the year's status, the frame's 一级/二级 to choose from and
        # last year's table of the same project (its values under each input).
        DepartmentPlan.objects.filter(
            department_id=project.department_id, fiscal_year=project.fiscal_year
        ).first()
        list(FrameLevel2.objects.filter(level1__frame_id=project.frame_id).select_related("level1"))
        last = Project.objects.filter(
            department_id=project.department_id, fiscal_year=project.fiscal_year - 1,
            name=project.name,
        ).first()  # fmt: skip
        if last is not None:
            list(last.indicators.select_related("level1", "level2"))
        # Its findings follow the county's review settings and the form the year was filed on
        # (which also decides the columns shown): the page reads both rows (#17, decision 021).
        department = project.department
        list(
            ReviewSettings.objects.filter(
                Q(department__isnull=True, region_code="")
                | Q(department_id__in=[department.pk, department.parent_id])
                | Q(region_code=department.region_code)
            )
        )
        PlanForm.objects.filter(
            plan__department_id=department.pk, plan__fiscal_year=project.fiscal_year
        ).first()
        if results and last is not None:  # 结果应用: last year's self-evaluated rows (#18)
            list(
                EvaluatedIndicator.objects.filter(entry__project=last).select_related(
                    "entry__evaluation", "indicator"
                )
            )
        return project, indicators

    return fetch


def bare_dashboard():
    list(DepartmentPlan.objects.filter(fiscal_year=YEAR).select_related("department"))
    list(Project.objects.filter(fiscal_year=YEAR))
    return list(
        Indicator.objects.filter(project__fiscal_year=YEAR).select_related("level1", "level2")
    )


# --- 运行监控 and 绩效自评 (#18) ---


def bare_monitoring(code: str, month: int):
    def fetch():
        # The round, its projects (with the approved project: 年初预算数, plan) and its rows
        # (with the approved indicator and its levels: 年度指标值).
        found = MonitoringRound.objects.select_related("department__parent").get(
            department__code=code, fiscal_year=YEAR, period_end_month=month
        )
        list(MonitoredProject.objects.filter(round=found).select_related("project"))
        return list(
            MonitoredIndicator.objects.filter(entry__round=found).select_related(
                "indicator__level1", "indicator__level2"
            )
        )

    return fetch


def bare_selfeval(code: str):
    def fetch():
        found = SelfEvaluation.objects.select_related("department__parent").get(
            department__code=code, fiscal_year=YEAR
        )
        list(EvaluatedProject.objects.filter(evaluation=found).select_related("project"))
        return list(
            EvaluatedIndicator.objects.filter(entry__evaluation=found).select_related(
                "indicator__level1", "indicator__level2"
            )
        )

    return fetch


def bare_overview(code: str):
    def fetch():
        # The unit-year's page after approval: the unit and its plan, its monitoring rounds,
        # its self-evaluation and last year's (for the year-to-year warnings).
        department = Department.objects.get(code=code)
        DepartmentPlan.objects.filter(department=department, fiscal_year=YEAR).first()
        rounds = list(
            MonitoringRound.objects.filter(department=department, fiscal_year=YEAR).order_by(
                "period_end_month"
            )
        )
        SelfEvaluation.objects.filter(department=department, fiscal_year=YEAR).first()
        SelfEvaluation.objects.filter(department=department, fiscal_year=YEAR - 1).first()
        return rounds

    return fetch


def bare_stage_queue(reviewer_username: str):
    def fetch():
        # The stages 已送审 in the units the reviewer reads (their region), with their units.
        region = (
            get_user_model()
            .objects.select_related("profile")
            .get(username=reviewer_username)
            .profile.region_code
        )
        return [
            list(
                model.objects.filter(
                    department__region_code=region, status="submitted"
                ).select_related("department")
            )
            for model in (MonitoringRound, SelfEvaluation)
        ]

    return fetch


def bare_evaluation_county():
    # Every unit's plan, its latest round's money, its self-evaluation's rows (for the mean).
    list(DepartmentPlan.objects.filter(fiscal_year=YEAR).select_related("department__parent"))
    list(
        MonitoredProject.objects.filter(round__fiscal_year=YEAR)
        .values("round_id")
        .annotate(executed=Sum("executed"), budget=Sum("project__budget_total"))
        .order_by()
    )
    list(EvaluatedProject.objects.filter(evaluation__fiscal_year=YEAR).select_related("project"))
    return list(
        EvaluatedIndicator.objects.filter(entry__evaluation__fiscal_year=YEAR).select_related(
            "indicator__level1", "indicator__level2"
        )
    )


def bare_home():
    # What the start page lists: each unit-year with its code, name, project count, budget and
    # the year's review status (its plan's, if any), newest first (the page shows 100 and says
    # whether there are more). 编辑 follows from the status and the user's role, read with the
    # user: no data of its own.
    plan = FilteredRelation(
        "department__plans", condition=Q(department__plans__fiscal_year=F("fiscal_year"))
    )
    return list(
        Project.objects.annotate(plan=plan)
        .values("department__code", "department__name", "fiscal_year")
        .annotate(n=Count("id"), budget=Sum("budget_total"), status=Max("plan__status"))
        .order_by("-fiscal_year", "department__code")[:101]
    )


def queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def main() -> None:
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        call_command("collectstatic", "--noinput", verbosity=0)
    editable = (
        DepartmentPlan.objects.filter(
            fiscal_year=YEAR, status="draft", department__code__startswith="7"
        )
        .order_by("department__code")
        .first()
    )
    code = editable.department.code
    project = (
        Project.objects.filter(department__code=code, fiscal_year=YEAR)
        .annotate(n=Count("indicators"))
        .order_by("-n")
        .first()
    )
    reviewer, admin = client_for("demo-reviewer"), client_for("admin")
    clerk = client_for(f"demo-clerk-{code}")
    rows = [
        (
            "项目列表（筛选+排序）",
            page(reviewer, f"/projects/?q=经费&fiscal_year={YEAR}&sort=-budget_total"),
            bare_list,
        ),
        (
            f"单位绩效目标表 {code}（20个项目）",
            page(reviewer, f"/departments/{code}/{YEAR}/"),
            bare_report(code),
        ),
        (
            f"项目编辑（{project.n}条指标）",
            page(clerk, f"/projects/{project.pk}/edit/"),
            bare_project(project.pk),
        ),
        ("全县审核总览（100个单位）", page(reviewer, f"/reviews/{YEAR}/"), bare_dashboard),
        (
            "首页",
            page(admin, "/"),
            bare_home,
        ),
    ]
    evaluated = (
        SelfEvaluation.objects.filter(fiscal_year=YEAR, department__code__startswith="7")
        .select_related("department")
        .order_by("department__code")
        .first()
    )
    monitored = (
        MonitoringRound.objects.filter(fiscal_year=YEAR, department__code__startswith="7")
        .select_related("department")
        .order_by("department__code")
        .first()
    )
    if monitored is not None:
        where = monitored.department.code
        rows.append(
            (
                f"运行监控 {where} 1–{monitored.period_end_month}月",
                page(
                    clerk_of(where),
                    f"/evaluation/{where}/{YEAR}/monitoring/{monitored.period_end_month}/",
                ),
                bare_monitoring(where, monitored.period_end_month),
            )
        )
    if evaluated is not None:
        where = evaluated.department.code
        rows.append(
            (
                f"监控与自评概况 {where}",
                page(clerk_of(where), f"/evaluation/{where}/{YEAR}/"),
                bare_overview(where),
            )
        )
        rows.append(
            (
                f"绩效自评 {where}",
                page(clerk_of(where), f"/evaluation/{where}/{YEAR}/selfeval/"),
                bare_selfeval(where),
            )
        )
        rows.append(
            (
                "监控与自评待审核",
                page(reviewer, "/evaluation/queue/"),
                bare_stage_queue("demo-reviewer"),
            )
        )
        rows.append(
            (
                "全县监控与自评（100个单位）",
                page(reviewer, f"/evaluation/{YEAR}/"),
                bare_evaluation_county,
            )
        )
        carried = (
            Project.objects.filter(department=evaluated.department, fiscal_year=YEAR + 1)
            .annotate(n=Count("indicators"))
            .order_by("-n")
            .first()
        )
        if carried is not None:  # bench_db.py carries this unit into the next year
            rows.append(
                (
                    f"下年项目编辑+上年自评（{carried.n}条指标）",
                    page(clerk_of(where), f"/projects/{carried.pk}/edit/"),
                    bare_project(carried.pk, results=True),
                )
            )
    print(
        f"{Project.objects.count()} projects, {Indicator.objects.count()} indicators, "
        f"{connection.vendor} {getattr(connection, 'pg_version', '')}; "
        f"{RUNS} runs each, median / p90 in ms"
    )
    print(f"{'page':<34}{'median':>8}{'p90':>8}{'bare':>8}{'ratio':>7}{'queries':>9}")
    for name, fetch_page, fetch_bare in rows:
        if ONLY not in name:
            continue
        median, p90, bare = timed(fetch_page, fetch_bare)
        reset_queries()
        ratio = median / bare
        print(
            f"{name:<30}{median:>8.1f}{p90:>8.1f}{bare:>8.1f}{ratio:>7.1f}×{queries(fetch_page):>8}"
        )


if __name__ == "__main__":
    main()
