"""A clerk enters and corrects target tables in a real browser (Debian Chromium)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from indicators.library import ensure_library
from projects.models import Project
from tests.browser.conftest import wait_until
from tests.reports.html_tables import read_tables
from tests.seed_text import read_printed_seed as read_seed

NAME = "妇女之家资金"


@pytest.fixture
def seeded(transactional_db):
    call_command("load_seed", verbosity=0)
    call_command("create_demo_accounts", verbosity=0)


def _login(page, live_server, next_path: str, username: str = "clerk") -> None:
    page.goto(f"{live_server.url}{next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", f"{username}-demo-2023")
    page.click("button[type=submit]")
    page.wait_for_url(f"**{next_path}")


def _squash(text: str) -> str:
    return "".join(text.split())


def _fill_row(page, n: int, level1, level2, name, description, value, basis) -> None:
    page.select_option(f"#id_rows-{n}-level1", level1)
    page.select_option(f"#id_rows-{n}-level2", level2)
    page.fill(f"#id_rows-{n}-name", name)
    page.fill(f"#id_rows-{n}-description", description)
    page.fill(f"#id_rows-{n}-value", value)
    page.fill(f"#id_rows-{n}-basis", basis)


def test_clerk_enters_the_womens_home_project_and_the_table_equals_the_seed(
    page, live_server, seeded, artifacts
):
    Project.objects.filter(name=NAME).delete()
    _login(page, live_server, "/departments/802010/2023/edit/")
    page.click("#new-project")
    page.fill("#id_code", "13022523P004191100020")
    page.fill("#id_name", NAME)
    page.fill("#id_budget_total", "8.50")
    page.fill("#id_fiscal_funds", "8.50")
    page.fill("#id_purpose", NAME)
    for field, amount in zip(
        ("mar", "jun", "oct", "dec"), ("2", "4.25", "6.25", "8.5"), strict=True
    ):
        page.fill(f"#id_plan_{field}", amount)
    page.fill("#id_goals", "目标内容1")
    for _ in range(3):
        page.click("#add-row")
    # 二级 follows 一级: only 效益's 二级 are offered once 效益指标 is chosen.
    page.select_option("#id_rows-1-level1", "效益指标")
    options = page.locator("#id_rows-1-level2 option").all_inner_texts()
    assert options[1:] == ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"]
    _fill_row(page, 0, "产出指标", "数量指标", "项目资金数", "项目资金数", "8.5", "项目资金数")
    _fill_row(page, 1, "效益指标", "社会效益指标", *["保障妇女之家建设"] * 4)
    _fill_row(page, 2, "满意度指标", "服务对象满意度指标", *["服务对象满意度指标"] * 4)
    # Added rows carry 权重 and 指标方向 too (they come from the row template).
    page.fill("#id_rows-1-weight", "30")
    page.select_option("#id_rows-1-direction", "positive")
    # The live preview follows the typing.
    wait_until(page, "document.querySelector('#preview').textContent.includes('保障妇女之家建设')")
    page.screenshot(path=str(artifacts / "entry-new-project.png"), full_page=True)
    page.click("button[name=save]")
    page.wait_for_url("**/projects/*/edit/")
    assert "已保存" in page.locator(".alert-success").inner_text()

    project = Project.objects.get(name=NAME)
    weighted = project.indicators.get(name="保障妇女之家建设")
    assert (weighted.weight, weighted.direction) == (30, "positive")
    page.goto(f"{live_server.url}/projects/{project.pk}/")
    (table,) = read_tables(page.content())
    seed_table = next(t for t in read_seed().tables if t.name == NAME)
    assert table.title.endswith(f"{NAME}绩效目标表")
    assert [[_squash(c) for c in row] for row in table.rows] == [
        [_squash(c) for c in row if c is not None] for row in seed_table.rows
    ]


def test_wrong_sum_and_decreasing_plan_keep_what_was_typed(page, live_server, seeded):
    project = Project.objects.get(name=NAME)
    _login(page, live_server, f"/projects/{project.pk}/edit/")
    page.fill("#id_purpose", "刚刚输入的资金用途")
    page.fill("#id_rows-0-description", "刚刚输入的描述")
    page.fill("#id_budget_total", "9.50")
    page.click("button[name=save]")
    error = page.locator("#id_budget_total_error")
    assert "应等于财政资金与其他资金之和（8.50）" in error.inner_text()
    assert page.evaluate("document.activeElement.id") == "id_budget_total"  # focus on the error
    assert page.input_value("#id_purpose") == "刚刚输入的资金用途"
    assert page.input_value("#id_rows-0-description") == "刚刚输入的描述"
    assert page.input_value("#id_budget_total") == "9.50"

    page.fill("#id_budget_total", "8.50")
    page.fill("#id_plan_jun", "1.00")
    page.click("button[name=save]")
    assert "只能增加不能减少" in page.locator("#id_plan_jun_error").inner_text()
    assert page.input_value("#id_plan_jun") == "1.00"
    assert page.input_value("#id_purpose") == "刚刚输入的资金用途"
    project.refresh_from_db()
    assert project.purpose == NAME  # nothing was saved


def test_second_of_two_open_editors_is_refused(browser, live_server, seeded, artifacts):
    project = Project.objects.get(name=NAME)
    path = f"/projects/{project.pk}/edit/"
    first, second = browser.new_context(), browser.new_context()
    try:
        one, two = first.new_page(), second.new_page()
        _login(one, live_server, path)
        _login(two, live_server, path, username="admin")
        one.fill("#id_purpose", "第一位的用途")
        one.click("button[name=save]")
        one.wait_for_selector(".alert-success")
        two.fill("#id_purpose", "第二位的用途")
        two.click("button[name=save]")
        conflict = two.locator("#conflict")
        assert "保存被拒绝" in conflict.inner_text()
        assert "资金用途：“妇女之家资金” → “第一位的用途”" in conflict.inner_text()
        assert two.input_value("#id_purpose") == "第二位的用途"
        two.screenshot(path=str(artifacts / "entry-conflict.png"), full_page=False)
        project.refresh_from_db()
        assert project.purpose == "第一位的用途"
    finally:
        first.close()
        second.close()


def test_rows_are_added_moved_and_removed_with_the_keyboard(page, live_server, seeded):
    ensure_library()  # the flush after other browser tests empties migration-seeded rows
    project = Project.objects.get(name=NAME)
    _login(page, live_server, f"/projects/{project.pk}/edit/")
    page.focus("#add-row")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_rows-3-level1"
    page.select_option("#id_rows-3-level1", "满意度指标")
    page.select_option("#id_rows-3-level2", "服务对象满意度指标")
    page.fill("#id_rows-3-name", "群众满")
    wait_until(
        page, "document.querySelector('#id_rows-3-name_list').options.length > 0", timeout=5000
    )
    page.fill("#id_rows-3-name", "群众满意度")
    page.dispatch_event("#id_rows-3-name", "change")
    assert page.input_value("#id_rows-3-value") == "≥95%"  # filled from the library
    assert page.input_value("#id_rows-3-number") == "95"
    page.fill("#id_rows-0-description", "我改过的描述")
    page.focus("[data-row]:nth-child(2) .remove-row")
    page.keyboard.press("Enter")
    assert page.locator("[data-row]:nth-child(2) .restore-row").is_visible()
    first = page.locator("[data-row]", has=page.locator("#id_rows-0-name"))
    first.locator(".move-down").focus()
    page.keyboard.press("Enter")
    assert page.locator("[data-row]:not(.row-deleted) [name$='-name']").first.input_value() == (
        "服务对象满意度指标"
    )
    first.locator(".move-up").focus()
    page.keyboard.press("Enter")
    page.click("button[name=save]")
    page.wait_for_selector(".alert-success")
    rows = [(r.level1, r.name, r.description, r.value) for r in _rows(project)]
    assert rows == [
        ("产出指标", "项目资金数", "我改过的描述", "8.5"),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度指标", "服务对象满意度指标"),
        ("满意度指标", "群众满意度", "", "≥95%"),
    ]


def _rows(project):
    from projects.selectors import project_target_table

    return project_target_table(project_id=project.pk).indicators
