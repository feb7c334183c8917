"""Layout at 1366×768 and at 390 px wide (#17 item 11): the county dashboard with 100 units
puts its charts first with the largest budgets on top, no button wraps its label one
character per line, and the editor's indicator fields line up when hints appear."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from projects.models import DepartmentPlan, Project

WIDTHS = [pytest.param((1366, 768), id="1366"), pytest.param((390, 844), id="390")]

# Buttons taller than one line of their own text (plus padding and border): wrapped labels.
WRAPPED_BUTTONS = """() => [...document.querySelectorAll('.btn')]
  .filter(el => el.offsetParent !== null && el.getClientRects().length)
  .filter(el => {
    const cs = getComputedStyle(el);
    const line = parseFloat(cs.lineHeight) || parseFloat(cs.fontSize) * 1.5;
    const frame = ['paddingTop', 'paddingBottom', 'borderTopWidth', 'borderBottomWidth']
      .reduce((sum, side) => sum + parseFloat(cs[side]), 0);
    return el.getBoundingClientRect().height > frame + line * 1.4;
  })
  .map(el => el.textContent.trim())"""


@pytest.fixture
def county(transactional_db):
    call_command("load_seed", verbosity=0)
    call_command("create_demo_accounts", verbosity=0)
    call_command("generate_demo", departments=100, projects=2, year=2024, verbosity=0)
    DepartmentPlan.objects.filter(department__code="802010").update(status="submitted")


def _login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"{username}-demo-2023")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def _bar_values(page, selector: str) -> list[Decimal]:
    texts = page.locator(f"{selector} svg g text:nth-of-type(2)").evaluate_all(
        "nodes => nodes.map(node => node.textContent)"
    )
    return [Decimal(t.replace(",", "")) for t in texts]


@pytest.mark.parametrize("size", WIDTHS)
def test_dashboard_charts_first_sorted_top_bars_and_all_on_demand(
    browser, live_server, county, artifacts, size
):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    _login(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/reviews/2024/")
    page.screenshot(path=str(artifacts / f"dashboard-{width}.png"))
    chart = page.locator("#budget-chart").bounding_box()
    table = page.locator("#departments").bounding_box()
    assert chart["y"] < table["y"]  # the charts come before the 100-row table
    top = _bar_values(page, "#budget-chart [data-chart-part=top]")
    assert len(top) == 15 and top == sorted(top, reverse=True)
    page.get_by_role("button", name="显示全部100个单位").click()
    every = _bar_values(page, "#budget-chart details[data-chart-part=all]")
    assert len(every) == 100 and every == sorted(every, reverse=True) and every[:15] == top
    assert not page.locator("#budget-chart div[data-chart-part=top]").is_visible()
    page.get_by_role("button", name="只显示前15个").click()
    assert page.locator("#budget-chart div[data-chart-part=top]").is_visible()
    assert page.evaluate(WRAPPED_BUTTONS) == []
    assert page.get_by_role("button", name="筛选").bounding_box()["height"] < 40
    context.close()


@pytest.mark.parametrize("size", WIDTHS)
def test_no_button_wraps_on_the_pages_with_button_rows(
    browser, live_server, county, artifacts, size
):
    width, height = size
    project = Project.objects.get(name="信访维稳经费", fiscal_year=2023)
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    _login(page, live_server, "clerk")
    for name, path in {
        "project-editor": f"/projects/{project.pk}/edit/",
        "plan-editor": "/departments/802010/2023/edit/",
        "project-list": "/projects/",
    }.items():
        page.goto(f"{live_server.url}{path}")
        page.screenshot(path=str(artifacts / f"layout-{name}-{width}.png"))
        assert page.evaluate(WRAPPED_BUTTONS) == [], name
    page.goto(f"{live_server.url}/projects/{project.pk}/edit/")
    up = page.locator(".indicator-row .move-up").first
    one_line = page.locator(".indicator-row .remove-row").first.bounding_box()["height"]
    assert up.bounding_box()["height"] == pytest.approx(one_line, abs=1)
    context.close()
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    _login(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/workflow/802010/2023/return/")
    assert page.evaluate(WRAPPED_BUTTONS) == []
    context.close()


def test_indicator_fields_line_up_when_hints_appear(browser, live_server, county, artifacts):
    project = Project.objects.get(name="信访维稳经费", fiscal_year=2023)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    _login(page, live_server, "clerk")
    page.goto(f"{live_server.url}/projects/{project.pk}/edit/")
    row = page.locator(".indicator-row").first
    row.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "layout-indicator-row-1366.png"))
    assert row.locator(".finding").count() > 0  # the seed's first row carries hints
    tops = row.evaluate(
        """row => ['value', 'comparator', 'number', 'unit', 'basis', 'weight', 'direction']
            .map(name => row.querySelector(`[name$='-${name}']`).getBoundingClientRect().top)"""
    )
    assert max(tops) - min(tops) <= 2, tops
    context.close()
