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
    assert "2024年已有编码相同的项目，不能重复结转" in str(refused.value)
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


def test_whole_year_carry_adds_only_what_the_next_year_lacks(seed_plan):
    department = seed_plan.department
    project = Project.objects.get(name=NAME)
    first = project_carry_forward(project=project, user=demo_user("clerk"))
    Project.objects.filter(pk=first.pk).update(purpose="2024年改过的用途")
    done = department_carry_forward(department=department, from_year=2023, user=demo_user("clerk"))
    assert done.goals is True
    assert len(done.tables) == 10 and NAME not in [t.name for t in done.tables]
    assert [(s.what, s.reason) for s in done.skipped] == [
        (f"项目“{NAME}”", "2024年已有编码相同的项目")
    ]
    assert Project.objects.filter(fiscal_year=2024).count() == 11
    assert Project.objects.get(pk=first.pk).purpose == "2024年改过的用途"  # kept, not overwritten
    new = department_targets(department=department, fiscal_year=2024)
    assert new.overall_goal == seed_plan.overall_goal
    assert "未结转：项目“妇女之家资金”（2024年已有编码相同的项目）" in done.summary()


def test_next_years_own_goals_are_kept_and_reported_as_skipped(seed_plan):
    department = seed_plan.department
    DepartmentPlan.objects.create(
        department=department, fiscal_year=2024, overall_goal="2024年自己写的总体目标",
        sub_goals=["自己的分项目标"],
    )  # fmt: skip
    done = department_carry_forward(department=department, from_year=2023, user=demo_user("clerk"))
    assert done.goals is False
    assert done.skipped[0].what == "部门整体绩效目标"
    plan = DepartmentPlan.objects.get(department=department, fiscal_year=2024)
    assert (plan.overall_goal, plan.sub_goals) == ("2024年自己写的总体目标", ["自己的分项目标"])
    assert Project.objects.filter(fiscal_year=2024).count() == 11


def test_nothing_left_to_carry_is_refused_and_changes_nothing(seed_plan):
    department = seed_plan.department
    department_carry_forward(department=department, from_year=2023, user=demo_user("clerk"))
    plan = DepartmentPlan.objects.get(department=department, fiscal_year=2024)
    with pytest.raises(TargetDataError) as refused:
        department_carry_forward(department=department, from_year=2023, user=demo_user("clerk"))
    assert "都已结转到2024年，没有需要结转的内容" in str(refused.value)
    assert DepartmentPlan.objects.get(pk=plan.pk).version == plan.version
    assert Project.objects.filter(fiscal_year=2024).count() == 11


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_a_submitted_or_approved_year_can_be_carried(seed_plan, status):
    DepartmentPlan.objects.filter(pk=seed_plan.pk).update(status=status)
    department_carry_forward(
        department=seed_plan.department, from_year=2023, user=demo_user("clerk")
    )
    assert Project.objects.filter(fiscal_year=2024).count() == 11
    assert DepartmentPlan.objects.get(pk=seed_plan.pk).status == status  # source untouched


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_whole_year_carry_into_a_locked_next_year_is_refused(seed_plan, status):
    DepartmentPlan.objects.create(department=seed_plan.department, fiscal_year=2024, status=status)
    with pytest.raises(LockedError):
        department_carry_forward(
            department=seed_plan.department, from_year=2023, user=demo_user("clerk")
        )
    assert not Project.objects.filter(fiscal_year=2024).exists()


@pytest.mark.parametrize("who", ["reviewer", "auditor"])
def test_whole_year_carry_without_the_right_to_edit_is_refused(seed_plan, who):
    with pytest.raises(NotAllowed):
        department_carry_forward(
            department=seed_plan.department, from_year=2023, user=demo_user(who)
        )
    assert not Project.objects.filter(fiscal_year=2024).exists()
    assert not DepartmentPlan.objects.filter(fiscal_year=2024).exists()


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


def test_department_carry_view_asks_first_then_says_what_was_skipped(client, seed_plan):
    DepartmentPlan.objects.filter(pk=seed_plan.pk).update(status="approved")
    client.force_login(demo_user("clerk"))
    project_carry_forward(project=Project.objects.get(name=NAME), user=demo_user("clerk"))
    confirm = client.get("/departments/802010/2023/carry-forward/").content.decode()
    assert 'id="confirm-carry"' in confirm and "部门整体绩效目标（总体目标" in confirm
    assert "2024年已有编码相同的项目" in confirm  # listed as skipped before anything happens
    assert Project.objects.filter(fiscal_year=2024).count() == 1  # GET writes nothing
    first = client.post("/departments/802010/2023/carry-forward/", follow=True)
    html = first.content.decode()
    assert "已结转到2024年（草稿）：部门整体绩效目标，10个项目" in html
    assert "未结转：项目“妇女之家资金”（2024年已有编码相同的项目）" in html
    again = client.get("/departments/802010/2023/carry-forward/").content.decode()
    assert "没有需要结转的内容" in again and 'id="confirm-carry"' not in again
    second = client.post("/departments/802010/2023/carry-forward/", follow=True)
    assert "都已结转到2024年，没有需要结转的内容" in second.content.decode()


def test_confirm_page_explains_a_locked_next_year_and_offers_no_button(client, seed_plan):
    DepartmentPlan.objects.create(
        department=seed_plan.department, fiscal_year=2024, status="approved"
    )
    client.force_login(demo_user("clerk"))
    project = Project.objects.get(name=NAME)
    for url in (
        f"/projects/{project.pk}/carry-forward/",
        "/departments/802010/2023/carry-forward/",
    ):
        html = client.get(url).content.decode()
        assert "不能结转到2024年" in html and "的绩效目标已审核，不能修改" in html
        assert 'id="confirm-carry"' not in html


def test_carry_buttons_show_on_a_read_only_year_for_the_clerk_only(client, seed_plan):
    DepartmentPlan.objects.filter(pk=seed_plan.pk).update(status="approved")
    project = Project.objects.get(name=NAME)
    pages = [
        "/departments/802010/2023/edit/",
        "/departments/802010/2023/",
        f"/projects/{project.pk}/edit/",
        f"/projects/{project.pk}/",
    ]
    client.force_login(demo_user("clerk"))
    for url in pages:
        html = client.get(url).content.decode()
        assert 'id="carry-department"' in html or 'id="carry-forward"' in html, url
    client.force_login(demo_user("reviewer"))
    for url in pages:
        html = client.get(url).content.decode()
        assert "carry-department" not in html and "carry-forward" not in html, url


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


def test_a_project_of_an_approved_year_is_carried(project):
    DepartmentPlan.objects.filter(department=project.department, fiscal_year=2023).update(
        status="approved"
    )
    copy = project_carry_forward(project=project, user=demo_user("clerk"))
    assert (copy.fiscal_year, copy.name) == (2024, NAME)


def test_carry_views_refuse_a_reviewer_in_chinese_and_write_nothing(client, project):
    client.force_login(demo_user("reviewer"))
    confirm = client.get(f"/projects/{project.pk}/carry-forward/").content.decode()
    assert "只有本单位的填报员可以填报和修改" in confirm and 'id="confirm-carry"' not in confirm
    for url in (
        f"/projects/{project.pk}/carry-forward/",
        "/departments/802010/2023/carry-forward/",
    ):
        html = client.post(url, follow=True).content.decode()
        assert "只有本单位的填报员可以填报和修改" in html
    assert not Project.objects.filter(fiscal_year=2024).exists()
    assert not DepartmentPlan.objects.filter(fiscal_year=2024).exists()
