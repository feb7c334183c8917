"""`make screenshots`: PNGs of the main pages for the README (skipped in the normal suite)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from projects.models import Project

TARGET = os.environ.get("PERFBUDGET_SCREENSHOTS", "")
pytestmark = pytest.mark.skipif(not TARGET, reason="set PERFBUDGET_SCREENSHOTS=<folder>")


@pytest.fixture
def seeded(transactional_db):
    call_command("load_seed", verbosity=0)
    call_command("create_demo_accounts", verbosity=0)


def _login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"{username}-demo-2023")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_main_pages(browser, live_server, seeded):
    folder = Path(TARGET)
    folder.mkdir(parents=True, exist_ok=True)
    project = Project.objects.get(name="信访维稳经费")
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    _login(page, live_server, "clerk")
    shots = {
        "home-clerk": "/",
        "department-report": "/departments/802010/2023/",
        "project-list": "/projects/?fiscal_year=2023&level1=has:满意度指标&sort=-budget_total",
        "plan-editor": "/departments/802010/2023/edit/",
        "project-editor": f"/projects/{project.pk}/edit/",
    }
    for name, path in shots.items():
        page.goto(f"{live_server.url}{path}")
        page.screenshot(path=str(folder / f"{name}.png"))
    page.fill("#id_budget_total", "45")
    page.fill("#id_plan_jun", "5")
    page.click("button[name=save]")
    page.locator("#id_budget_total_error").scroll_into_view_if_needed()
    page.screenshot(path=str(folder / "project-editor-errors.png"))
    context.close()
    tablet = browser.new_context(viewport={"width": 768, "height": 1024}, locale="zh-CN")
    page = tablet.new_page()
    _login(page, live_server, "clerk")
    page.goto(f"{live_server.url}/projects/{project.pk}/edit/")
    page.locator("#h-rows").scroll_into_view_if_needed()
    page.screenshot(path=str(folder / "project-editor-tablet.png"))
    tablet.close()


def test_review_and_year_pages(browser, live_server, seeded):
    """The reviewer's pages, the blocked 送审, notices and, for an approved year, monitoring
    and self-evaluation, at 1366×768 and at 390 px (#17, #18)."""
    from evaluation import services as evaluation_services
    from projects.models import Department, DepartmentPlan
    from projects.permissions import SYSTEM

    folder = Path(TARGET)
    folder.mkdir(parents=True, exist_ok=True)
    plans = DepartmentPlan.objects.filter(fiscal_year=2023)
    for width, height, suffix in ((1366, 768, ""), (390, 844, "-phone")):
        plans.update(status=DepartmentPlan.Status.DRAFT)
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        page = context.new_page()
        _login(page, live_server, "clerk")
        for name, path in {
            "submit-blocked": "/workflow/802010/2023/submit/",
            "department-report": "/departments/802010/2023/",
        }.items():
            page.goto(f"{live_server.url}{path}")
            page.screenshot(path=str(folder / f"{name}{suffix}.png"))
        context.close()
        # the seed's errors block 送审: the reviewer's pages show a year as if it had been sent
        plans.update(status=DepartmentPlan.Status.SUBMITTED)
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        page = context.new_page()
        _login(page, live_server, "reviewer")
        for name, path in {
            "review-overview": "/reviews/",
            "return-page": "/workflow/802010/2023/return/",
        }.items():
            page.goto(f"{live_server.url}{path}")
            page.screenshot(path=str(folder / f"{name}{suffix}.png"))
        context.close()

    plans.update(status=DepartmentPlan.Status.APPROVED)
    unit = Department.objects.get(code="802010")
    evaluation_services.monitoring_open(
        department=unit, fiscal_year=2023, period_end_month=7, user=SYSTEM
    )
    evaluation_services.evaluation_open(department=unit, fiscal_year=2023, user=SYSTEM)
    for width, height, suffix in ((1366, 768, ""), (390, 844, "-phone")):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        page = context.new_page()
        _login(page, live_server, "clerk")
        for name, path in {
            "monitoring": "/evaluation/802010/2023/monitoring/7/",
            "self-evaluation": "/evaluation/802010/2023/selfeval/",
        }.items():
            page.goto(f"{live_server.url}{path}")
            page.screenshot(path=str(folder / f"{name}{suffix}.png"))
        context.close()
