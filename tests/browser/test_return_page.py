"""A reviewer returns a submission with 126 findings the way a user does (#17 item 9):
filters them, ticks a whole project, adds opinion rows and picks project and row from lists."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from projects.models import DepartmentPlan, Project
from workflow.models import ReviewAction

URL = "/workflow/802010/2023/return/"


@pytest.fixture
def submitted(transactional_db):
    call_command("load_seed", verbosity=0)
    call_command("create_demo_accounts", verbosity=0)
    DepartmentPlan.objects.update(status="submitted")


def _login(page, live_server, next_path: str, username: str = "reviewer") -> None:
    page.goto(f"{live_server.url}{next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", f"{username}-demo-2023")
    page.click("button[type=submit]")
    page.wait_for_url(f"**{next_path}")


def _chosen(page) -> int:
    return int(page.locator("[data-chosen-count]").inner_text())


def test_reviewer_filters_ticks_a_project_and_adds_opinions(page, live_server, submitted):
    page.set_viewport_size({"width": 1366, "height": 768})
    _login(page, live_server, URL)
    third = page.locator("details[data-group]").nth(2)
    assert not third.evaluate("el => el.open")  # 126 findings: groups start closed
    page.get_by_role("button", name="全部展开").click()
    assert third.evaluate("el => el.open")

    # A project at once: its box ticks every finding of the project.
    project_count = int(third.locator("[data-group-count]").inner_text())
    third.locator("[data-select-group]").check()
    assert _chosen(page) == project_count

    # The text filter narrows every group; 全选 ticks only what is shown.
    page.get_by_placeholder("项目、指标或问题中的文字").fill("人员满意度")
    shown = page.locator("[data-finding]:visible").count()
    assert 0 < shown < 126
    assert page.locator("[data-shown-count]").inner_text() == str(shown)
    page.get_by_label("全选（显示的问题）").check()
    ticked = _chosen(page)
    assert project_count < ticked <= project_count + shown
    page.get_by_placeholder("项目、指标或问题中的文字").fill("")
    assert page.locator("[data-finding]:visible").count() == 126

    # The rule list narrows to one rule; unticking it there leaves the others ticked.
    page.select_option("#findings-rule", index=1)
    of_rule = page.locator("[data-finding]:visible").count()
    assert of_rule > 0
    page.select_option("#findings-rule", "")

    # Five typed opinions: two rows are there, three more come from 添加意见.
    for _ in range(3):
        page.get_by_role("button", name="添加意见").click()
    assert page.locator("[data-opinion-row]").count() == 5
    project = Project.objects.filter(name="村级经费").get()
    label = page.locator("#id_opinion-4-project option", has_text="村级经费").inner_text()
    page.select_option("#id_opinion-4-project", label=label)
    # Only that project's rows are offered.
    groups = page.locator("#id_opinion-4-indicator optgroup:not([disabled])")
    assert groups.count() == 1 and groups.get_attribute("label") == label
    page.select_option("#id_opinion-4-indicator", f"{project.pk}-2")
    page.select_option("#id_opinion-4-code", "2")
    page.fill("#id_opinion-4-text", "第五条意见")
    # Picking a row first fills in its project.
    page.select_option("#id_opinion-0-indicator", f"{project.pk}-1")
    assert page.locator("#id_opinion-0-project").input_value() == str(project.pk)
    page.select_option("#id_opinion-0-code", "4")

    page.fill("#id_comment", "请按审核意见修改")
    page.get_by_role("button", name="确认退回").click()
    page.wait_for_url("**/departments/802010/2023/**")
    action = ReviewAction.objects.get(kind="return")
    opinions = list(action.opinions.all())
    assert len(opinions) == ticked + 2
    row2 = project.indicators.order_by("order")[1].name
    assert any(
        (o.project_id, o.indicator_order, o.indicator_name, o.text)
        == (project.pk, 2, row2, "第五条意见")
        for o in opinions
    )
    assert any((o.project_id, o.indicator_order, o.code) == (project.pk, 1, 4) for o in opinions)
