"""#17 item 1: a year goes from draft through 送审 and 审核通过, then the clerk prepares the next
year from it — one project first, then the rest of the year — clicking what a user sees."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from projects.models import DepartmentPlan, Project
from reviews.models import ReviewSettings

NAME = "妇女之家资金"
UNIT = "/departments/802010/2023/"


@pytest.fixture
def seeded(transactional_db):
    call_command("load_seed", verbosity=0)
    call_command("create_demo_accounts", verbosity=0)
    # The seed keeps the 19 errors the county's review finds in the published tables; this
    # county has switched those rules off, so the year can be sent as it is.
    ReviewSettings.objects.create(
        name="乐亭县",
        region_code="130225",
        disabled_rules=[
            "completeness.goals",
            "completeness.placeholder",
            "satisfaction.quantified",
        ],
    )


def _login(page, live_server, path: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{path}")
    page.fill("#id_username", username)
    page.fill("#id_password", f"{username}-demo-2023")
    page.click("button[type=submit]")
    page.wait_for_url(f"**{path}")


def test_an_approved_year_is_carried_into_the_next_year_by_the_clerk(
    page, live_server, seeded, artifacts
):
    # The clerk sends the year for review.
    _login(page, live_server, UNIT, "clerk")
    page.get_by_role("link", name="送审", exact=True).click()
    page.get_by_role("button", name="确认送审").click()
    page.wait_for_url(f"**{UNIT}**")
    assert DepartmentPlan.objects.get(fiscal_year=2023).status == "submitted"

    # The reviewer approves it: the year is locked.
    _login(page, live_server, UNIT, "reviewer")
    assert page.get_by_text("整体结转到2024年").count() == 0  # reviewers do not carry
    page.get_by_role("link", name="审核通过", exact=True).click()
    page.get_by_role("button", name="确认审核通过").click()
    page.wait_for_url(f"**{UNIT}**")
    assert DepartmentPlan.objects.get(fiscal_year=2023).status == "approved"

    # The clerk carries one project first, from its (read-only) page …
    _login(page, live_server, UNIT, "clerk")
    project = Project.objects.get(name=NAME, fiscal_year=2023)
    page.goto(f"{live_server.url}/projects/{project.pk}/")
    page.get_by_role("link", name="结转到2024年").click()
    assert f"项目“{NAME}”" in page.locator("#carry-items").inner_text()
    assert not Project.objects.filter(fiscal_year=2024).exists()  # nothing before confirming
    page.get_by_role("button", name="确认结转").click()
    page.wait_for_url("**/projects/*/edit/")
    assert "已将“妇女之家资金”结转到2024年" in page.locator(".alert-success").inner_text()

    # … then the rest of the year from the approved department page: the goals and the ten
    # other projects are added, the one already carried is listed as skipped, with why.
    page.goto(f"{live_server.url}{UNIT}")
    page.get_by_role("link", name="整体结转到2024年").click()
    items = page.locator("#carry-items").inner_text()
    assert "部门整体绩效目标" in items and NAME not in items
    assert f"项目“{NAME}”：2024年已有编码相同的项目" in page.locator("#carry-skipped").inner_text()
    page.screenshot(path=str(artifacts / "carry-confirm.png"), full_page=True)
    page.get_by_role("button", name="确认结转").click()
    page.wait_for_url("**/departments/802010/2024/edit/")
    note = page.locator(".alert-success").inner_text()
    assert "已结转到2024年（草稿）：部门整体绩效目标，10个项目" in note
    assert "未结转：项目“妇女之家资金”（2024年已有编码相同的项目）" in note
    old = DepartmentPlan.objects.get(fiscal_year=2023)
    assert page.locator("#id_overall_goal").input_value() == old.overall_goal
    assert Project.objects.filter(fiscal_year=2024).count() == 11
    assert DepartmentPlan.objects.get(fiscal_year=2024).status == "draft"
    assert DepartmentPlan.objects.get(fiscal_year=2023).status == "approved"  # untouched

    # Nothing is left to carry now: the confirm page says so and offers no button.
    page.goto(f"{live_server.url}{UNIT}")
    page.get_by_role("link", name="整体结转到2024年").click()
    assert "没有需要结转的内容" in page.locator("#carry-nothing").inner_text()
    assert page.get_by_role("button", name="确认结转").count() == 0
