"""The year from draft to approved, as the clerk and the reviewer click it (#17 items 4, 6, 8).

A blocked 送审 shows its errors where the clerk looks, each linked to the editor's row; 送审,
审核通过 and 取消审核 ask to confirm and say what will happen; 修改记录 is one click from the
department page, the project page and the editor.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from projects.models import DepartmentPlan, Project
from tests.browser.conftest import wait_until

REPORT = "/departments/802010/2023/"


@pytest.fixture
def seeded(transactional_db):
    call_command("load_seed", verbosity=0)
    call_command("create_demo_accounts", verbosity=0)


def _log_in(page, live_server, username: str, path: str = REPORT) -> None:
    page.goto(f"{live_server.url}{path}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(f"{username}-demo-2023")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"**{path}")


def _log_out(page) -> None:
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/accounts/login/**")


def _in_view(page, selector: str) -> bool:
    """Some of the element is inside the window (the user sees it without scrolling)."""
    return page.locator(selector).first.evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return r.height > 0 && r.bottom > 0 && r.top < window.innerHeight; }"
    )


def test_a_blocked_submit_lists_the_errors_linked_to_their_rows(
    page, live_server, seeded, artifacts
):
    _log_in(page, live_server, "clerk")
    page.locator("#review-status").get_by_role("link", name="送审").click()

    refusal = page.locator("#submit-refused")
    assert "还有19个错误未修改" in refusal.inner_text()
    assert _in_view(page, "#submit-refused")
    assert page.get_by_role("button", name="确认送审").count() == 0
    errors = page.locator("#blocking-errors tr.blocking-error")
    assert errors.count() == 19
    page.screenshot(path=str(artifacts / "submit-blocked.png"))
    # A row's error opens the editor at that row's input.
    link = page.locator("#blocking-errors tr.blocking-error a[href*='#id_rows-']").first
    target = link.get_attribute("href").split("#")[1]
    link.click()
    page.wait_for_url("**/edit/#id_rows-*")
    page.wait_for_load_state("load")
    wait_until(page, f"document.activeElement.id === '{target}'", timeout=10_000)
    # The page scrolls there smoothly (Bootstrap's scroll-behavior).
    in_view = (
        f"(r => r.bottom > 0 && r.top < innerHeight)"
        f"(document.getElementById('{target}').getBoundingClientRect())"
    )
    wait_until(page, in_view, timeout=5_000)
    assert DepartmentPlan.objects.get().status == "draft"


def test_the_year_from_draft_to_approved_asks_before_each_lock(
    page, live_server, seeded, monkeypatch, artifacts
):
    class Clean:  # the seed's placeholders are fixed (the automated review passes)
        errors = 0
        findings = []

    monkeypatch.setattr("workflow.views.department_review", lambda **kwargs: Clean())
    _log_in(page, live_server, "clerk")
    page.locator("#review-status").get_by_role("link", name="送审").click()
    effect = page.locator("#confirm-effect")
    assert "送审后本年度目标将锁定，不能再修改，直到被退回" in effect.inner_text()
    page.screenshot(path=str(artifacts / "submit-confirm.png"), full_page=True)
    page.get_by_role("link", name="返回，不操作").click()
    page.wait_for_url(f"**{REPORT}")
    assert DepartmentPlan.objects.get().status == "draft"  # looking did nothing

    page.locator("#review-status").get_by_role("link", name="送审").click()
    page.get_by_role("button", name="确认送审").click()
    page.wait_for_url(f"**{REPORT}")
    assert "已送审，等待县财政局审核" in page.locator(".alert-success").inner_text()
    assert _in_view(page, ".alert-success")
    assert DepartmentPlan.objects.get().status == "submitted"
    _log_out(page)

    _log_in(page, live_server, "reviewer")
    page.locator("#review-status").get_by_role("link", name="审核通过").click()
    assert "审核通过后本年度目标将锁定" in page.locator("#confirm-effect").inner_text()
    page.get_by_label("审核等级").select_option(label="良")
    page.get_by_label("审核意见").fill("同意")
    page.get_by_role("button", name="确认审核通过").click()
    page.wait_for_url(f"**{REPORT}")
    assert "已审核通过，数据已锁定" in page.locator(".alert-success").inner_text()
    plan = DepartmentPlan.objects.get()
    assert (plan.status, plan.grade) == ("approved", "B")

    page.locator("#review-status").get_by_role("link", name="取消审核").click()
    page.get_by_role("button", name="确认取消审核").click()
    assert "取消审核时必须说明原因" in page.locator(".invalid-feedback").inner_text()
    assert DepartmentPlan.objects.get().status == "approved"
    page.get_by_label("取消审核的原因").fill("预算数有误，请单位更正")
    page.get_by_role("button", name="确认取消审核").click()
    page.wait_for_url(f"**{REPORT}")
    assert DepartmentPlan.objects.get().status == "returned"


def test_history_is_one_click_away_for_the_auditor_and_the_clerk(page, live_server, seeded):
    project = Project.objects.filter(fiscal_year=2023).order_by("pk").first()
    _log_in(page, live_server, "auditor")
    page.get_by_role("link", name="修改记录").click()
    page.wait_for_url(f"**{REPORT}history/")
    assert "修改记录" in page.locator("h1").inner_text()
    page.goto(f"{live_server.url}/projects/{project.pk}/")
    page.get_by_role("link", name="修改记录").click()
    page.wait_for_url(f"**/projects/{project.pk}/history/")
    assert project.name in page.locator("h1").inner_text()
    _log_out(page)

    _log_in(page, live_server, "clerk", f"/projects/{project.pk}/edit/")
    page.get_by_role("link", name="修改记录").click()
    page.wait_for_url(f"**/projects/{project.pk}/history/")
    page.goto(f"{live_server.url}/departments/802010/2023/edit/")
    page.get_by_role("link", name="修改记录").click()
    page.wait_for_url(f"**{REPORT}history/")
