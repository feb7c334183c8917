"""Notices and the nav, as the clerk and the reviewer click them (#17 item 8).

The clerk sends the year; the reviewer sees a badge, opens the notice, returns the year with an
opinion; the clerk sees the badge and the opinion, and the notice opens the editor. Each role's
nav shows what that role may use.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from accounts.models import UserProfile
from notices.models import Notice
from projects.models import DepartmentPlan
from workflow.services import plan_submit

REPORT = "/departments/802010/2023/"
OPINION = "请把资金到位率写成具体金额，并补充满意度指标"


@pytest.fixture
def seeded(transactional_db):
    call_command("load_seed", verbosity=0)
    call_command("create_demo_accounts", verbosity=0)


class _Clean:  # the seed's placeholders are fixed (the automated review passes)
    errors = 0
    findings = []


def _submit_as_clerk(page, live_server, monkeypatch) -> None:
    """The clerk sends the year (its automated review passing) and logs out."""
    _log_in(page, live_server, "clerk", REPORT)
    with monkeypatch.context() as patched:
        patched.setattr("workflow.views.department_review", lambda **kwargs: _Clean())
        page.locator("#review-status").get_by_role("link", name="送审").click()
        page.get_by_role("button", name="确认送审").click()
        page.wait_for_url(f"**{REPORT}")
    assert page.locator("#unread-badge").count() == 0  # no one is told what they did
    _log_out(page)


def _log_in(page, live_server, username: str, path: str = "/") -> None:
    page.goto(f"{live_server.url}{path}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(f"{username}-demo-2023")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}{path}")


def _log_out(page) -> None:
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/accounts/login/**")


def _nav(page) -> list[str]:
    return [text.split()[0] for text in page.locator("#mainnav-links a.nav-link").all_inner_texts()]


def _home_row(page):
    return page.locator("#documents tbody tr", has_text="802010").filter(has_text="2023")


def test_a_return_reaches_the_clerk_as_a_notice_with_its_opinion(
    page, live_server, seeded, artifacts, monkeypatch
):
    _submit_as_clerk(page, live_server, monkeypatch)

    # The reviewer: a badge on every page, the notice names the unit and who sent it.
    _log_in(page, live_server, "reviewer")
    assert page.locator("#unread-badge").inner_text() == "1"
    assert "已送审" in _home_row(page).inner_text()
    page.get_by_role("link", name="通知").click()
    page.wait_for_url("**/notices/")
    notice = page.locator("#notices li").first
    assert "乐亭县大相各庄镇人民政府（802010） 2023年绩效目标已由大相各庄镇填报员送审" in (
        notice.inner_text()
    )
    notice.get_by_role("button", name="打开").click()
    page.wait_for_url(f"**{REPORT}#review-status")
    assert page.locator("#unread-badge").count() == 0

    page.locator("#review-status").get_by_role("link", name="退回").click()
    page.get_by_label("退回意见").fill(OPINION)
    page.get_by_role("button", name="确认退回").click()
    page.wait_for_url(f"**{REPORT}**")
    assert DepartmentPlan.objects.get().status == "returned"
    _log_out(page)

    # The clerk: the badge, the status on the home page, the opinion in the notice.
    _log_in(page, live_server, "clerk")
    assert page.locator("#unread-badge").inner_text() == "1"
    row = _home_row(page)
    assert "被退回" in row.inner_text()
    assert row.get_by_role("link", name="编辑").count() == 1
    page.get_by_role("link", name="通知").click()
    page.wait_for_url("**/notices/")
    notice = page.locator("#notices li").first
    assert "被乐亭县财政局审核员退回" in notice.inner_text()
    assert OPINION in notice.inner_text()
    page.screenshot(path=str(artifacts / "notices-returned.png"), full_page=True)
    notice.get_by_role("button", name="打开").click()
    page.wait_for_url(f"**{REPORT}edit/")
    assert page.locator("#unread-badge").count() == 0
    assert Notice.objects.filter(read_at__isnull=True).count() == 0


def test_an_approved_year_offers_only_viewing_and_all_notices_can_be_marked_read(
    page, live_server, seeded, monkeypatch
):
    _submit_as_clerk(page, live_server, monkeypatch)
    _log_in(page, live_server, "reviewer", REPORT)
    page.locator("#review-status").get_by_role("link", name="审核通过").click()
    page.get_by_role("button", name="确认审核通过").click()
    page.wait_for_url(f"**{REPORT}")
    _log_out(page)

    _log_in(page, live_server, "clerk")
    row = _home_row(page)
    assert "已审核" in row.inner_text()
    assert row.get_by_role("link", name="编辑").count() == 0
    assert row.get_by_role("link", name="查看绩效目标表").count() == 1
    page.get_by_role("link", name="通知").click()
    assert "审核通过" in page.locator("#notices li").first.inner_text()
    page.get_by_role("button", name="全部标为已读").click()
    page.wait_for_url("**/notices/")
    assert "已将1条通知标为已读" in page.locator(".alert-success").inner_text()
    assert page.locator("#unread-badge").count() == 0


@pytest.mark.parametrize(
    ("username", "shown", "hidden"),
    [
        ("clerk", ["预算单位", "项目", "导入", "通知"], ["审核任务", "审核总览"]),
        ("reviewer", ["预算单位", "项目", "审核任务", "审核总览", "通知"], ["导入"]),
        ("auditor", ["预算单位", "项目", "审核总览", "通知"], ["审核任务", "导入"]),
    ],
)
def test_the_nav_shows_each_role_what_it_may_use(
    page, live_server, seeded, username, shown, hidden
):
    _log_in(page, live_server, username)
    nav = _nav(page)
    assert all(item in nav for item in shown), nav
    assert not any(item in nav for item in hidden), nav
    for item in shown:  # every link the nav shows opens
        page.locator("#mainnav-links").get_by_role("link", name=item).first.click()
        page.wait_for_load_state()
        assert page.locator("h1").count() >= 1
        assert "403" not in page.title() and "无权" not in page.title()
        page.go_back()


def test_on_a_phone_the_badge_shows_beside_the_menu_and_opens_the_list(
    page, live_server, seeded, artifacts
):
    clerk = UserProfile.objects.get(user__username="clerk").user
    plan_submit(plan=DepartmentPlan.objects.get(), user=clerk)

    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, live_server, "reviewer")
    assert not page.locator("#mainnav-links").is_visible()  # the menu is folded
    page.screenshot(path=str(artifacts / "home-390.png"), full_page=True)
    badge = page.get_by_title("未读通知").and_(page.locator("#unread-badge-small"))
    assert badge.is_visible() and badge.inner_text() == "1"
    badge.click()
    page.wait_for_url("**/notices/")
    assert "送审" in page.locator("#notices li").first.inner_text()
