"""年度结转: projects and whole department-years copied into the next year as drafts."""

from __future__ import annotations

import pytest

from core.errors import NotAllowed
from projects.carry_forward import department_carry_forward, project_carry_forward
from projects.exceptions import LockedError, TargetDataError
from projects.models import DepartmentPlan, Project
from projects.selectors import department_targets, project_target_table
from projects.targets import table_to_dict
from tests.projects.forms_helpers import demo_user, post_data

NAME = "妇女之家资金"


@pytest.fixture
def project(seed_plan):
    return Project.objects.get(name=NAME, fiscal_year=2023)


def _comparable(table) -> dict:
    data = table_to_dict(table)
    data.pop("frame_code")
    return data


def test_project_is_copied_into_the_next_year_as_a_draft(project):
    copy = project_carry_forward(project=project, user=demo_user("clerk"))
    assert (copy.fiscal_year, copy.code, copy.department) == (
        2024,
        project.code,
        project.department,
    )
    before = project_target_table(project_id=project.pk)
    after = project_target_table(project_id=copy.pk)
    assert _comparable(after) == _comparable(before)
    plan = DepartmentPlan.objects.get(department=project.department, fiscal_year=2024)
    assert plan.status == DepartmentPlan.Status.DRAFT
    assert copy.history.first().history_user.username == "clerk"


def test_project_cannot_be_carried_twice(project):
    project_carry_forward(project=project, user=demo_user("clerk"))
    with pytest.raises(TargetDataError) as refused:
        project_carry_forward(project=project, user=demo_user("clerk"))
    assert "2024年已有该项目" in str(refused.value)
    assert Project.objects.filter(fiscal_year=2024).count() == 1


def test_reviewer_may_not_carry_forward(project):
    with pytest.raises(NotAllowed):
        project_carry_forward(project=project, user=demo_user("reviewer"))
    assert not Project.objects.filter(fiscal_year=2024).exists()
    assert not DepartmentPlan.objects.filter(fiscal_year=2024).exists()  # rolled back


def test_carrying_into_a_submitted_year_is_refused(project):
    DepartmentPlan.objects.create(
        department=project.department, fiscal_year=2024, status="submitted"
    )
    with pytest.raises(LockedError):
        project_carry_forward(project=project, user=demo_user("clerk"))


def test_whole_department_year_is_copied(seed_plan):
    department = seed_plan.department
    department_carry_forward(department=department, from_year=2023, user=demo_user("clerk"))
    old = department_targets(department=department, fiscal_year=2023)
    new = department_targets(department=department, fiscal_year=2024)
    assert (new.overall_goal, new.sub_goals, new.safeguards) == (
        old.overall_goal,
        old.sub_goals,
        old.safeguards,
    )
    assert [_comparable(t) for t in new.tables] == [_comparable(t) for t in old.tables]
    assert [t.position for t in new.tables] == list(range(1, 12))


def test_department_year_with_data_is_not_overwritten(seed_plan):
    department = seed_plan.department
    project = Project.objects.get(name=NAME)
    project_carry_forward(project=project, user=demo_user("clerk"))
    with pytest.raises(TargetDataError) as refused:
        department_carry_forward(department=department, from_year=2023, user=demo_user("clerk"))
    assert "2024年已有绩效目标，不能整体结转" in str(refused.value)
    assert Project.objects.filter(fiscal_year=2024).count() == 1


def test_empty_year_cannot_be_carried(seed_plan):
    with pytest.raises(TargetDataError):
        department_carry_forward(
            department=seed_plan.department, from_year=2019, user=demo_user("clerk")
        )


def test_editor_shows_last_years_values_until_changed(client, project):
    client.force_login(demo_user("clerk"))
    response = client.post(f"/projects/{project.pk}/carry-forward/")
    copy = Project.objects.get(fiscal_year=2024)
    assert response.url == f"/projects/{copy.pk}/edit/"
    page = client.get(response.url)
    html = page.content.decode()
    assert page.context["last_year"]["header"]["budget_total"] == "8.50"
    assert html.count("沿用上年，请确认") >= 10  # header fields and the three rows
    table = project_target_table(project_id=copy.pk)
    client.post(response.url, post_data(table, purpose="2024年的新用途"))
    html = client.get(response.url).content.decode()
    assert 'id="last-purpose">2023年：妇女之家资金</div>' in html  # shown, no longer "same"


def test_department_carry_view_reports_refusal_in_chinese(client, seed_plan):
    client.force_login(demo_user("clerk"))
    first = client.post("/departments/802010/2023/carry-forward/", follow=True)
    assert "已将2023年的绩效目标整体结转到2024年" in first.content.decode()
    second = client.post("/departments/802010/2023/carry-forward/", follow=True)
    assert "2024年已有绩效目标，不能整体结转" in second.content.decode()


def _goals_note(html: str) -> str:
    import lxml.html

    return lxml.html.fromstring(html).get_element_by_id("last-goals").text_content()


def test_goals_of_several_lines_are_marked_as_carried_over(client, project):
    Project.objects.filter(pk=project.pk).update(goals=["保障妇女之家运转", "服务妇女儿童1000人次"])
    client.force_login(demo_user("clerk"))
    url = client.post(f"/projects/{project.pk}/carry-forward/").url
    page = client.get(url)
    assert page.context["last_year"]["same"]["goals"] is True
    assert _goals_note(page.content.decode()) == (
        "2023年：保障妇女之家运转服务妇女儿童1000人次 沿用上年，请确认"
    )
    assert "保障妇女之家运转<br>服务妇女儿童1000人次" in page.content.decode()
    table = project_target_table(project_id=Project.objects.get(fiscal_year=2024).pk)
    # A refused save re-shows the page from what the browser posted (CRLF line ends).
    data = post_data(table, budget_total="abc", goals="保障妇女之家运转\r\n服务妇女儿童1000人次")
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "沿用上年，请确认" in _goals_note(refused.content.decode())
    # Once the clerk changes the goals, last year's goals are still shown but not as "same".
    data = post_data(table, budget_total="abc", goals="保障妇女之家运转\r\n服务妇女儿童1200人次")
    changed = client.post(url, data)
    assert changed.context["last_year"]["same"]["goals"] is False
    assert "沿用上年" not in _goals_note(changed.content.decode())
