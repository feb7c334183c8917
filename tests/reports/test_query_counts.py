"""Every page's query count is constant in the data size (seed vs 200 projects × 10 indicators)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Project
from tests.builders import bulk_department

# Three of these are the session, the user and the nav's unread notices (#17); the rest is the
# page's selector. (A session is
# renewed, a write of three queries, at most once a minute; `_count` warms it up first.)
MAX_QUERIES = {"report": 11, "project": 5, "list": 9, "home": 4}


def _count(client, url: str) -> int:
    client.get("/healthz/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_department_report_query_count_is_the_same_for_11_and_200_projects(admin_client, seed_plan):
    small = _count(admin_client, "/departments/802010/2023/")
    bulk_department(code="990001", projects=200, indicators=10)
    large = _count(admin_client, "/departments/990001/2023/")
    assert small == large <= MAX_QUERIES["report"]


def test_project_report_query_count_does_not_grow_with_indicators(admin_client, seed_plan):
    small = _count(admin_client, f"/projects/{Project.objects.first().pk}/")
    bulk_department(code="990001", projects=2, indicators=80)
    big = Project.objects.filter(department__code="990001").first()
    assert small == _count(admin_client, f"/projects/{big.pk}/") <= MAX_QUERIES["project"]


def test_list_pages_query_counts_are_bounded_at_two_sizes(admin_client, seed_plan):
    urls = {
        "/": "home",
        "/departments/": "list",
        "/departments/?q=802": "list",
        "/projects/": "list",
        "/projects/?q=项目&fiscal_year=2023&sort=-budget_total": "list",
    }
    small = {url: _count(admin_client, url) for url in urls}
    bulk_department(code="990001", projects=200, indicators=10)
    bulk_department(code="990002", projects=60, indicators=2)
    large = {url: _count(admin_client, url) for url in urls}
    for url, page in urls.items():
        assert small[url] <= MAX_QUERIES[page], url
        assert large[url] <= MAX_QUERIES[page], url


def test_department_report_query_count_for_a_clerk_with_a_review_history(client, seed_plan):
    from tests.conftest import make_user
    from workflow.services import plan_return, plan_submit

    department = seed_plan.department
    clerk = make_user("clerk1", "clerk", departments=[department])
    reviewer = make_user("rev1", "reviewer", region_code="130225")
    plan_submit(plan=seed_plan, user=clerk)
    plan_return(plan=seed_plan, user=reviewer, comment="请修改")
    client.force_login(clerk)
    small = _count(client, "/departments/802010/2023/")
    big = bulk_department(code="990001", projects=200, indicators=10)
    clerk.profile.departments.add(big)
    big_plan = big.plans.get()
    for _ in range(5):  # a longer history must not cost more queries either
        plan_submit(plan=big_plan, user=clerk)
        plan_return(plan=big_plan, user=reviewer, comment="请修改")
    assert small == _count(client, "/departments/990001/2023/") <= MAX_QUERIES["report"] + 3
