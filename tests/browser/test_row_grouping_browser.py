"""#17 item 7: a row added at the bottom joins its 一级 when the 一级 is chosen, and saves
without moving it by hand (上移)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from projects.models import Project

NAME = "妇女之家资金"


@pytest.fixture
def seeded(transactional_db):
    call_command("load_seed", verbosity=0)
    call_command("create_demo_accounts", verbosity=0)


def _row_names(page) -> list[str]:
    return page.locator("[data-row]:not(.row-deleted) [name$='-name']").evaluate_all(
        "inputs => inputs.map(i => i.value)"
    )


def test_an_added_row_joins_its_level1_and_saves_without_moving_it(
    page, live_server, seeded, artifacts
):
    project = Project.objects.get(name=NAME, fiscal_year=2023)
    path = f"/projects/{project.pk}/edit/"
    page.goto(f"{live_server.url}{path}")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", "clerk-demo-2023")
    page.click("button[type=submit]")
    page.wait_for_url(f"**{path}")
    before = _row_names(page)
    assert before == ["项目资金数", "保障妇女之家建设", "服务对象满意度指标"]

    page.get_by_role("button", name="添加一行指标").click()
    assert _row_names(page) == [*before, ""]  # a new row starts at the bottom
    page.select_option("#id_rows-3-level1", "产出指标")
    # Choosing its 一级 puts it after the last 产出 row, where the table merges it.
    assert _row_names(page) == ["项目资金数", "", "保障妇女之家建设", "服务对象满意度指标"]
    assert page.evaluate("document.activeElement.id") == "id_rows-3-level1"
    page.select_option("#id_rows-3-level2", "质量指标")
    page.fill("#id_rows-3-name", "活动开展合格率")
    page.fill("#id_rows-3-value", "≥95%")
    page.fill("#id_rows-3-basis", "活动开展合格率")
    page.screenshot(path=str(artifacts / "row-joins-its-group.png"), full_page=True)
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(f"**{path}")
    assert "已保存" in page.locator(".alert-success").inner_text()
    stored = [(i.level1.name, i.name) for i in project.indicators.order_by("order")]
    assert stored == [
        ("产出指标", "项目资金数"),
        ("产出指标", "活动开展合格率"),
        ("效益指标", "保障妇女之家建设"),
        ("满意度指标", "服务对象满意度指标"),
    ]
