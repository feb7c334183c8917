"""The 结转 confirmation pages read a fixed number of queries, whatever the year holds."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Project
from tests.projects.forms_helpers import demo_user

NAME = "妇女之家资金"


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_confirm_pages_cost_the_same_for_few_and_many_projects(client, seed_plan):
    client.force_login(demo_user("clerk"))
    project = Project.objects.get(name=NAME, fiscal_year=2023)
    urls = ["/departments/802010/2023/carry-forward/", f"/projects/{project.pk}/carry-forward/"]
    for url in urls:
        client.get(url)  # warm the session and the process-wide caches
    many = [_count(client, url) for url in urls]
    for other in Project.objects.filter(fiscal_year=2023).exclude(pk=project.pk)[:8]:
        other.delete()
    assert Project.objects.filter(fiscal_year=2023).count() == 3
    few = [_count(client, url) for url in urls]
    assert many == few
    # session, user, unit, plans, projects, indicators, …, and last year's self-evaluation of
    # the year carried (#18: one query, three when there is one; a fixed number either way).
    assert many == [10, 9], many
