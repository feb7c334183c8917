"""Every list, report, edit and review page costs the same number of queries at two sizes.

A small county (3 units × 2 projects, 6–12 indicators each) and a larger one (10 units × 30
projects, more history) are generated with `generate_demo`; each page is fetched as the role
that uses it, with the N+1 detector on, and the counts must be equal and under a budget.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role, UserProfile
from evaluation import demo as evaluation_demo
from pages.management.commands import generate_demo
from projects.models import DepartmentPlan, Project
from reports.models import ExportJob
from tests.conftest import make_user
from workflow.models import ReviewAction
from workflow.services import Opinion, plan_return, plan_submit

YEAR = 2024
HEADROOM = 2
# (url template, role, queries as measured). {code}: a unit the clerk edits; {pk}: its largest
# project. HEADROOM more queries are allowed so that a new panel does not break this test, but
# the count must never depend on the data size. Five queries of each page are the session
# (read, then savepoint/update/release: renewed on every request for the idle timeout) and
# the user. Pages that review a unit-year read its recorded form (reviews.PlanForm, #16).
# The department review (its page, 送审, 退回, findings.xlsx) also looks for last year's
# self-evaluation for the cross-year rules (#18): one query, three when there is one (a fixed
# number; this data has none for 2023). The project editor reads last year's project's
# self-evaluation in one query whenever last year has the project (none here;
# tests/evaluation/test_results_editor.py pins that results shown or not cost the same).
PAGES = [
    ("/", "admin", 6),
    ("/", "clerk", 7),
    ("/departments/", "admin", 10),
    ("/departments/?q=乐亭", "reviewer", 11),
    ("/projects/", "admin", 10),
    ("/projects/?q={q}&fiscal_year={year}&sort=-budget_total", "reviewer", 12),
    ("/projects/?status=draft&level1=lacks:满意度指标", "admin", 9),
    ("/departments/{code}/{year}/", "admin", 12),
    ("/departments/{code}/{year}/", "clerk", 15),
    ("/departments/{code}/{year}/", "reviewer", 14),
    ("/projects/{pk}/", "admin", 7),
    ("/projects/{pk}/history/", "auditor", 13),
    ("/departments/{code}/{year}/history/", "auditor", 12),
    ("/projects/{pk}/edit/", "clerk", 19),  # the year's frame in one query (#15)
    ("/departments/{code}/{year}/edit/", "clerk", 10),
    ("/departments/{code}/{year}/projects/new/", "clerk", 11),
    ("/reviews/{year}/", "reviewer", 17),
    ("/reviews/{year}/", "admin", 16),
    ("/reviews/departments/{code}/{year}/", "reviewer", 16),
    ("/workflow/", "reviewer", 8),
    ("/workflow/", "clerk", 8),
    ("/workflow/{code}/{year}/return/", "reviewer", 17),
    # 运行监控 and 绩效自评 (#18) of an approved unit that generate_demo monitored (1–7月) and
    # self-evaluated; the county's view of both stages.
    ("/evaluation/{ecode}/{year}/", "reviewer", 7),
    ("/evaluation/{ecode}/{year}/monitoring/7/", "reviewer", 9),
    ("/evaluation/{ecode}/{year}/selfeval/", "reviewer", 9),
    ("/evaluation/{year}/", "reviewer", 9),
    ("/notices/", "reviewer", 4),
    ("/notices/", "clerk", 4),
    ("/exports/", "auditor", 9),
    ("/exports/{job}/", "auditor", 6),
]
FILES = [
    ("/departments/{code}/{year}/export.docx", "auditor", 10),
    ("/departments/{code}/{year}/export.xlsx", "auditor", 10),
    ("/projects/{pk}/export.xlsx", "auditor", 8),
    ("/projects/{pk}/history.xlsx", "auditor", 13),
    ("/reviews/departments/{code}/{year}/findings.xlsx", "reviewer", 15),
    ("/projects/export.xlsx?fiscal_year={year}", "admin", 7),
]


def _county(departments: int, projects: int) -> dict:
    """Generate a county; return the URL parts and one user per role."""
    call_command("generate_demo", "--clear")
    generate_demo.generate(departments=departments, projects=projects, year=YEAR, seed=3)
    plan = (
        DepartmentPlan.objects.filter(fiscal_year=YEAR, department__code__startswith="7")
        .order_by("department__code")
        .first()
    )
    department = plan.department
    _returned_once(plan)
    projects_of_unit = Project.objects.filter(department=department, fiscal_year=YEAR)
    big = max(projects_of_unit, key=lambda p: p.indicators.count())
    for _ in range(3):  # a longer history must not cost more queries
        generate_demo._edit_one_project(department, _clerk(department), YEAR)
    # A search that finds projects at both sizes (an empty result skips the page's row queries).
    q = big.name[:2]
    evaluated = _evaluated_unit(plan)
    return {
        "code": department.code,
        "pk": big.pk,
        "year": YEAR,
        "q": q,
        "department": department,
        "ecode": evaluated.code,
    }


def _evaluated_unit(measured: DepartmentPlan):
    """Another unit of the county, approved, with its 1–7月 round and self-evaluation (the
    demo's; generate_demo makes them for the units it approved, so at both sizes one is
    made here when the draw approved none but the measured unit)."""
    other = (
        DepartmentPlan.objects.filter(fiscal_year=YEAR, department__code__startswith="7")
        .exclude(pk=measured.pk)
        .order_by("-status", "department__code")
        .filter(status=DepartmentPlan.Status.APPROVED)
        .first()
    )
    if other is None:
        other = (
            DepartmentPlan.objects.filter(fiscal_year=YEAR, department__code__startswith="7")
            .exclude(pk=measured.pk)
            .order_by("department__code")
            .first()
        )
        DepartmentPlan.objects.filter(pk=other.pk).update(status=DepartmentPlan.Status.APPROVED)
        evaluation_demo.generate(fiscal_year=YEAR)
    return other.department


def _returned_once(plan: DepartmentPlan) -> None:
    """Bring the measured unit to the same state at both sizes: returned once, with opinions."""
    ReviewAction.objects.filter(plan=plan).delete()
    DepartmentPlan.objects.filter(pk=plan.pk).update(status=DepartmentPlan.Status.DRAFT)
    plan.refresh_from_db()
    reviewer = UserProfile.objects.get(user__username="demo-reviewer").user
    first = plan.department.projects.filter(fiscal_year=YEAR).order_by("display_order").first()
    plan_submit(plan=plan, user=_clerk(plan.department))
    opinion = Opinion(code=2, text="请量化", project_id=first.pk, indicator_order=1)
    plan_return(plan=plan, user=reviewer, comment="请修改", opinions=[opinion])


def _clerk(department):
    return UserProfile.objects.get(role=Role.CLERK, departments=department).user


def _users(department) -> dict:
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    admin = user_model.objects.filter(
        username="boss"
    ).first() or user_model.objects.create_superuser("boss", "boss@example.com", "pw-123456")
    return {
        "admin": admin,
        "clerk": _clerk(department),
        "reviewer": UserProfile.objects.get(user__username="demo-reviewer").user,
        "auditor": user_model.objects.filter(username="audit").first()
        or make_user("audit", "auditor"),
    }


def _job(user) -> int:
    job = ExportJob.objects.filter(created_by=user).first()
    if job is None:
        job = ExportJob.objects.create(created_by=user, fiscal_year=YEAR)
    return job.pk


def _counts(client, pages, parts: dict, zeal) -> dict:
    users = _users(parts["department"])
    counts = {}
    for template, role, _budget in pages:
        client.force_login(users[role])
        client.get("/healthz/")  # the session renewal (one write a minute) lands here, unmeasured
        url = template.format(job=_job(users["auditor"]), **parts)
        cache.clear()  # measure the uncached path (the county overview is cached by data version)
        with zeal(), CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, role, response.status_code)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        counts[(template, role)] = len(queries)
    return counts


@pytest.mark.parametrize("pages", [PAGES, FILES], ids=["pages", "downloads"])
def test_every_page_costs_the_same_queries_for_a_small_and_a_larger_county(db, client, zeal, pages):
    parts = _county(departments=3, projects=2)
    _counts(client, pages, parts, zeal)  # warm the process-wide caches (content types, frames)
    small = _counts(client, pages, parts, zeal)
    large = _counts(client, pages, _county(departments=10, projects=30), zeal)
    differ = {key: (small[key], large[key]) for key in small if small[key] != large[key]}
    assert not differ, differ
    over = {
        (t, r): (large[(t, r)], budget)
        for t, r, budget in pages
        if large[(t, r)] > budget + HEADROOM
    }
    assert not over, over


def test_the_n_plus_one_detector_is_switched_on(db, zeal):
    from zeal import NPlusOneError

    call_command("generate_demo", "--departments=1", "--projects=3")
    with pytest.raises(NPlusOneError), zeal():
        for project in Project.objects.all():
            _ = project.department.name
