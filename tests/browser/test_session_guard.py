"""A clerk's typing survives the end of the login (#17 item 2), walked in a real browser.

The session is made to end on the server (its row deleted) or shortened (SESSION_COOKIE_AGE)
while the clerk types; after logging in again the editor shows the unsaved form with a notice,
and it can be saved. Leaving a changed form asks first.
"""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command

from projects.models import DepartmentPlan, Project
from tests.browser.conftest import wait_until

TYPED = "保障妇女儿童合法权益，会话过期后恢复的文字"


@pytest.fixture
def seeded(transactional_db):
    call_command("load_seed", verbosity=0)
    call_command("create_demo_accounts", verbosity=0)


@pytest.fixture
def project(seeded) -> Project:
    return Project.objects.filter(fiscal_year=2023).order_by("pk").first()


def _log_in(page, username: str = "clerk") -> None:
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(f"{username}-demo-2023")
    page.get_by_role("button", name="登录").click()


def _open_editor(page, live_server, project) -> str:
    path = f"/projects/{project.pk}/edit/"
    page.goto(f"{live_server.url}{path}")
    _log_in(page)
    page.wait_for_url(f"**{path}")
    return path


def test_a_save_after_the_session_ended_comes_back_after_login_and_saves(
    page, live_server, project
):
    path = _open_editor(page, live_server, project)
    page.get_by_label("项目名称").fill("改过的名称")
    page.locator("#id_goals").fill(TYPED)
    Session.objects.all().delete()  # the login ends on the server while the clerk types

    page.get_by_role("button", name="保存", exact=True).click()

    page.wait_for_url("**/accounts/login/**")
    kept = page.locator("#draft-kept")
    assert "重新登录后将自动恢复" in kept.inner_text()
    assert Project.objects.get(pk=project.pk).goals != TYPED
    _log_in(page)
    page.wait_for_url(f"**{path}")
    notice = page.locator("#draft-restored")
    assert "已恢复您未保存的修改，请检查后保存" in notice.inner_text()
    assert page.locator("#draft-version-changed").count() == 0
    assert page.locator("#id_goals").input_value() == TYPED
    assert page.get_by_label("项目名称").input_value() == "改过的名称"

    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(f"**{path}")
    assert "已保存" in page.locator(".alert-success").inner_text()
    saved = Project.objects.get(pk=project.pk)
    assert saved.name == "改过的名称"
    assert TYPED in str(saved.goals)
    # Saved: the next visit shows the stored form, no restored draft.
    page.reload()
    assert page.locator("#draft-restored").count() == 0


def test_a_restored_form_still_meets_the_version_check(page, live_server, project):
    path = _open_editor(page, live_server, project)
    page.locator("#id_goals").fill(TYPED)
    Session.objects.all().delete()
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url("**/accounts/login/**")
    # Someone else saves the project meanwhile.
    Project.objects.filter(pk=project.pk).update(version=project.version + 1, name="他人改的名称")
    _log_in(page)
    page.wait_for_url(f"**{path}")
    assert "已被保存过" in page.locator("#draft-version-changed").inner_text()
    page.get_by_role("button", name="保存", exact=True).click()
    assert "保存被拒绝" in page.locator("#conflict").inner_text()
    assert page.locator("#id_goals").input_value() == TYPED
    assert Project.objects.get(pk=project.pk).goals != TYPED


def test_warned_before_the_end_extends_then_ends_and_the_form_comes_back(
    page, live_server, project, settings, artifacts
):
    settings.SESSION_COOKIE_AGE = 12  # warned after about 5 s, ended after about 11 s
    path = _open_editor(page, live_server, project)
    page.locator("#id_goals").fill(TYPED)
    warning = page.locator("#session-warning")
    warning.get_by_text("登录即将过期").wait_for(timeout=15_000)
    before = Session.objects.get().expire_date
    page.screenshot(path=str(artifacts / "session-warning.png"))

    warning.get_by_role("button", name="延长登录").click()

    wait_until(page, "document.getElementById('session-warning').hidden")
    assert Session.objects.get().expire_date > before
    assert page.locator("#id_goals").input_value() == TYPED  # no reload
    # Not extended this time: the notice says the login has ended.
    warning.get_by_text("登录已过期").wait_for(timeout=20_000)
    warning.get_by_role("button", name="重新登录").click()
    page.wait_for_url("**/accounts/login/**")
    assert page.locator("#draft-kept").is_visible()
    settings.SESSION_COOKIE_AGE = 1800
    _log_in(page)
    page.wait_for_url(f"**{path}")
    assert page.locator("#id_goals").input_value() == TYPED
    assert page.locator("#draft-restored").is_visible()
    page.screenshot(path=str(artifacts / "draft-restored.png"))


def test_leaving_a_changed_form_by_a_link_asks_first(page, live_server, project):
    path = _open_editor(page, live_server, project)
    page.locator("#id_goals").fill(TYPED)
    page.get_by_role("link", name="查看绩效目标表").click()
    dialog = page.locator("#leave-dialog")
    dialog.get_by_text("您有未保存的修改").wait_for()
    dialog.get_by_role("button", name="留在本页").click()
    wait_until(page, "!document.getElementById('leave-dialog').classList.contains('show')")
    assert page.url.endswith(path)
    assert page.locator("#id_goals").input_value() == TYPED

    page.get_by_role("link", name="查看绩效目标表").click()
    dialog.get_by_role("button", name="放弃修改并离开").click()
    page.wait_for_url(f"**/projects/{project.pk}/")
    # The discarded text is gone for good: the editor opens with the stored form.
    page.goto(f"{live_server.url}{path}")
    assert page.locator("#draft-restored").count() == 0
    assert page.locator("#id_goals").input_value() != TYPED


def test_an_unchanged_form_leaves_without_a_question(page, live_server, project):
    _open_editor(page, live_server, project)
    page.get_by_role("link", name="查看绩效目标表").click()
    page.wait_for_url(f"**/projects/{project.pk}/")


def test_closing_a_changed_page_asks_the_browser_to_confirm(page, live_server, project):
    _open_editor(page, live_server, project)
    page.locator("#id_goals").click()
    page.keyboard.type("补充")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
    page.close(run_before_unload=True)
    page.wait_for_event("close", timeout=5_000) if not page.is_closed() else None
    assert asked == ["beforeunload"]


def test_logging_out_of_a_changed_form_asks_and_then_keeps_nothing(page, live_server, project):
    _open_editor(page, live_server, project)
    page.locator("#id_goals").fill(TYPED)
    page.get_by_role("button", name="退出").click()
    dialog = page.locator("#leave-dialog")
    dialog.get_by_role("button", name="留在本页").click()
    wait_until(page, "!document.getElementById('leave-dialog').classList.contains('show')")
    assert page.locator("#id_goals").input_value() == TYPED
    assert page.evaluate("Object.keys(localStorage).some(k => k.startsWith('pb-draft:'))")

    page.get_by_role("button", name="退出").click()
    dialog.get_by_role("button", name="放弃修改并离开").click()
    page.wait_for_url("**/accounts/login/**")
    assert not page.evaluate("Object.keys(localStorage).some(k => k.startsWith('pb-draft:'))")


def test_added_indicator_rows_and_list_items_come_back_too(page, live_server, project):
    path = _open_editor(page, live_server, project)
    rows = page.locator("[data-row]").count()
    page.get_by_role("button", name="添加一行指标").click()
    n = rows  # the new row's form index
    page.select_option(f"#id_rows-{n}-level1", "效益指标")
    page.select_option(f"#id_rows-{n}-level2", "社会效益指标")
    page.fill(f"#id_rows-{n}-name", "新增的三级指标")
    page.fill(f"#id_rows-{n}-value", "≥95%")
    Session.objects.all().delete()
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url("**/accounts/login/**")
    _log_in(page)
    page.wait_for_url(f"**{path}")
    assert page.locator("[data-row]").count() == rows + 1
    assert page.locator(f"#id_rows-{n}-level1").input_value() == "效益指标"
    assert page.locator(f"#id_rows-{n}-level2").input_value() == "社会效益指标"
    assert page.locator(f"#id_rows-{n}-name").input_value() == "新增的三级指标"
    assert page.locator(f"#id_rows-{n}-value").input_value() == "≥95%"

    plan_path = "/departments/802010/2023/edit/"
    page.goto(f"{live_server.url}{plan_path}")
    items = page.locator("[data-item-list='sub_goals'] textarea").count()
    page.locator("[data-item-list='sub_goals']").get_by_role("button", name="添加一条").click()
    page.locator("[data-item-list='sub_goals'] textarea").last.fill("新增的分项目标")
    Session.objects.all().delete()
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url("**/accounts/login/**")
    _log_in(page)
    page.wait_for_url(f"**{plan_path}")
    restored = page.locator("[data-item-list='sub_goals'] textarea")
    assert restored.count() == items + 1
    assert restored.last.input_value() == "新增的分项目标"
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(f"**{plan_path}")
    assert "新增的分项目标" in DepartmentPlan.objects.get(fiscal_year=2023).sub_goals
