"""Review opinions of a return, shown in the project editor next to the row they concern."""

from __future__ import annotations

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Indicator
from projects.models import DepartmentPlan, Project
from tests.projects.forms_helpers import demo_user
from workflow.models import ReviewOpinion
from workflow.services import Opinion, plan_approve, plan_return, plan_unlock

NAME = "妇女之家资金"
ROW2 = "请把“保障妇女之家建设”量化为建成的阵地数量"
TABLE = "建议补充项目的总体效益说明"
ELSEWHERE = "另一个项目的意见"


@pytest.fixture
def project(seed_plan):
    return Project.objects.get(name=NAME, fiscal_year=2023)


def _return(project, *opinions: Opinion) -> None:
    """The reviewer returns the submitted year (the seed's placeholders block a real 送审)."""
    DepartmentPlan.objects.update(status=DepartmentPlan.Status.SUBMITTED)
    plan = DepartmentPlan.objects.get(department=project.department, fiscal_year=2023)
    plan_return(plan=plan, user=demo_user("reviewer"), comment="请按意见修改", opinions=opinions)


def _opinions(project) -> list[Opinion]:
    other = Project.objects.filter(fiscal_year=2023).exclude(pk=project.pk).first()
    return [
        Opinion(code=2, text=ROW2, project_id=project.pk, indicator_order=2),
        Opinion(code=8, text=TABLE, project_id=project.pk),
        Opinion(code=3, text=ELSEWHERE, project_id=other.pk, indicator_order=2),
    ]


def _editor(client, project):
    client.force_login(demo_user("clerk"))
    response = client.get(f"/projects/{project.pk}/edit/")
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def _row_texts(page) -> list[str]:
    return [row.text_content() for row in page.get_element_by_id("indicator-rows")]


def test_opinion_on_row_2_is_shown_inside_row_2(client, project):
    _return(project, *_opinions(project))
    page = _editor(client, project)
    rows = _row_texts(page)
    assert len(rows) == 3
    assert ROW2 in rows[1] and "2.指标不够细化、量化" in rows[1]
    assert ROW2 not in rows[0] and ROW2 not in rows[2]
    # The table-level opinion is on top of the page, not in a row; other projects' are absent.
    top = [a for a in _asides(page) if "row-opinions" not in a.get("class")]
    assert len(top) == 1 and TABLE in top[0].text_content()
    assert not any(TABLE in row for row in rows)
    assert ELSEWHERE not in page.text_content()


def test_nothing_is_shown_before_a_return_or_after_the_year_was_unlocked(client, project):
    assert not page_opinions(_editor(client, project))
    _return(project, *_opinions(project))
    plan = DepartmentPlan.objects.get(department=project.department, fiscal_year=2023)
    reviewer = demo_user("reviewer")
    DepartmentPlan.objects.update(status=DepartmentPlan.Status.SUBMITTED)
    plan_approve(plan=plan, user=reviewer)
    plan_unlock(plan=plan, user=reviewer, reason="需补充资料")
    assert DepartmentPlan.objects.get(pk=plan.pk).status == DepartmentPlan.Status.RETURNED
    # 被退回 again, but by 取消审核: the earlier return's opinions were settled.
    assert not page_opinions(_editor(client, project))


def _asides(page) -> list:
    return page.xpath('//aside[contains(@class, "review-opinions")]')


def page_opinions(page) -> list[str]:
    return [aside.text_content() for aside in _asides(page)]


def test_opinions_cost_one_query_whatever_their_number(client, project):
    client.force_login(demo_user("clerk"))
    url = f"/projects/{project.pk}/edit/"
    client.get("/healthz/")  # the session renewal (a write) is not the page's

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    draft = count()
    _return(project, *_opinions(project))
    one_return = count()
    ReviewOpinion.objects.bulk_create(
        ReviewOpinion(
            action=ReviewOpinion.objects.first().action,
            project=project,
            indicator_order=n % 4,
            code=11,
            text=f"补充意见{n}",
        )
        for n in range(20)
    )
    assert count() == one_return <= draft + 1


def test_a_row_opinion_follows_its_indicator_when_rows_moved(client, project):
    _return(
        project,
        Opinion(
            code=2, text=ROW2, project_id=project.pk, indicator_order=2,
            indicator_name="保障妇女之家建设",
        ),
    )  # fmt: skip
    first, second = project.indicators.order_by("order")[:2]
    Indicator.objects.filter(pk=first.pk).update(order=2)
    Indicator.objects.filter(pk=second.pk).update(order=1)
    rows = _row_texts(_editor(client, project))
    assert "保障妇女之家建设" in rows[0]
    assert ROW2 in rows[0] and ROW2 not in rows[1]
