"""The reviewer opens a self-evaluation from the notice of its 送审 and returns it with an
opinion on one indicator row; the clerk sees it in the page's panel and in the row itself, and
the panel's link takes them to that row, marked (#18)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from evaluation import selectors, services
from evaluation.models import (
    EvaluatedIndicator,
    MonitoringRound,
    SelfEvaluation,
    StageOpinion,
    Status,
)
from projects.models import Department, DepartmentPlan
from projects.permissions import SYSTEM
from tests.browser.conftest import wait_until
from tests.evaluation.conftest import fill_evaluation

SELFEVAL = "/evaluation/802010/2023/selfeval/"


@pytest.fixture
def sent_self_evaluation(transactional_db):
    call_command("load_seed", verbosity=0)
    call_command("create_demo_accounts", verbosity=0)
    DepartmentPlan.objects.filter(fiscal_year=2023).update(status=DepartmentPlan.Status.APPROVED)
    unit = Department.objects.get(code="802010")
    stage = services.evaluation_open(department=unit, fiscal_year=2023, user=SYSTEM)
    stage.department = unit
    sheet = fill_evaluation(selectors.evaluation_sheet(stage))
    services.evaluation_save(evaluation=stage, sheet=sheet, user=SYSTEM)
    clerk = get_user_model().objects.get(username="clerk")
    services.stage_submit(stage=stage, user=clerk)
    return stage


def _log_in(page, live_server, username: str, path: str) -> None:
    page.goto(f"{live_server.url}{path}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(f"{username}-demo-2023")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"**{path}")


def test_a_row_opinion_reaches_the_clerk_beside_its_row(
    page, live_server, sent_self_evaluation, artifacts
):
    page.set_viewport_size({"width": 1366, "height": 768})
    entries = list(sent_self_evaluation.projects.order_by("order", "id"))
    entry = entries[2]
    row = EvaluatedIndicator.objects.filter(entry=entry).order_by("indicator__order", "id")[2]

    # The clerk's 送审 reached the reviewer as a notice that opens the self-evaluation.
    _log_in(page, live_server, "reviewer", "/notices/")
    notice = page.locator("#notices li[data-kind=submit]")
    assert "2023年绩效自评已由大相各庄镇填报员送审，请审核。" in notice.inner_text()
    notice.get_by_role("button", name="打开绩效自评").click()
    page.wait_for_url(f"**{SELFEVAL}")
    page.get_by_role("link", name="退回…").click()
    page.wait_for_url(f"**{SELFEVAL}return/")
    # Picking the row first fills in its project; only that project's rows stay offered.
    page.select_option("#id_opinion-0-row", str(row.pk))
    assert page.locator("#id_opinion-0-project").input_value() == str(entry.pk)
    offered = page.locator("#id_opinion-0-row optgroup:not([disabled])")
    assert offered.count() == 1 and offered.get_attribute("label").startswith("3.")
    page.get_by_label("栏目").first.select_option("r:actual")
    page.select_option("#id_opinion-0-code", "11")
    page.fill("#id_opinion-0-text", "实际完成值请附佐证材料")
    # A second opinion row from 添加意见, about the whole first project.
    page.get_by_role("button", name="添加意见").click()
    page.get_by_role("button", name="添加意见").click()
    page.select_option("#id_opinion-3-project", str(entries[0].pk))
    page.fill("#id_opinion-3-text", "请核对全年执行数")
    page.screenshot(path=str(artifacts / "stage-return.png"), full_page=False)
    page.get_by_role("button", name="确认退回").click()
    page.wait_for_url(f"**{SELFEVAL}#stage-panel")
    assert page.inner_text("#stage-status") == "被退回"
    assert SelfEvaluation.objects.get().status == Status.RETURNED
    assert StageOpinion.objects.count() == 2
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/accounts/login/**")

    _log_in(page, live_server, "clerk", SELFEVAL)
    panel = page.locator("#return-opinions")
    assert "实际完成值请附佐证材料" in panel.inner_text()
    assert "请核对全年执行数" in panel.inner_text()
    panel.screenshot(path=str(artifacts / "stage-return-panel.png"))
    link = panel.locator(f"a[href='#row-{row.pk}']")
    assert f"第3行“{row.indicator.name}” 实际完成值" in link.inner_text()
    link.click()
    page.wait_for_url(f"**#row-{row.pk}")
    target = page.locator(f"#row-{row.pk}")
    assert row.indicator.name in target.inner_text()
    # The opinions are also in place: the row's in its first cell, the project's under its
    # heading.
    said = target.locator("td").first.locator("aside.row-opinions")
    assert "实际完成值：11.其他 — 实际完成值请附佐证材料" in said.inner_text()
    heading = page.locator(f"#project-{entries[0].pk} ~ aside.project-opinions")
    assert "整个项目：请核对全年执行数" in heading.inner_text()
    # The row scrolls into view (smoothly: wait for it) below the panel.
    wait_until(
        page,
        f"(() => {{ const r = document.getElementById('row-{row.pk}').getBoundingClientRect();"
        " return r.top >= 0 && r.top < innerHeight; })()",
        timeout=5_000,
    )
    page.screenshot(path=str(artifacts / "stage-return-clerk.png"), full_page=False)
    # The row reached is marked (static/css/perfbudget.css): pale yellow cells, an amber
    # outline; the other rows and the printed page are not.
    cell = "el => getComputedStyle(el).backgroundColor"
    assert target.locator("td").first.evaluate(cell) == "rgb(255, 243, 205)"
    assert target.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    other = page.locator("tr[id^='row-']:not(:target)").first
    assert other.locator("td").first.evaluate(cell) != "rgb(255, 243, 205)"
    page.emulate_media(media="print")
    assert target.locator("td").first.evaluate(cell) != "rgb(255, 243, 205)"
    assert target.evaluate("el => getComputedStyle(el).outlineStyle") == "none"
    page.emulate_media(media="screen")


@pytest.fixture
def sent_blank_round(transactional_db):
    """A 1–7月 round sent for review as it was opened: every check has something to say."""
    call_command("load_seed", verbosity=0)
    call_command("create_demo_accounts", verbosity=0)
    DepartmentPlan.objects.filter(fiscal_year=2023).update(status=DepartmentPlan.Status.APPROVED)
    unit = Department.objects.get(code="802010")
    stage = services.monitoring_open(
        department=unit, fiscal_year=2023, period_end_month=7, user=SYSTEM
    )
    MonitoringRound.objects.filter(pk=stage.pk).update(status=Status.SUBMITTED)
    return stage


def test_the_reviewer_ticks_a_projects_findings_into_opinions(
    page, live_server, sent_blank_round, artifacts
):
    page.set_viewport_size({"width": 1366, "height": 768})
    path = "/evaluation/802010/2023/monitoring/7/return/"
    _log_in(page, live_server, "reviewer", path)
    groups = page.locator("details[data-group]")
    assert groups.count() == sent_blank_round.projects.count()
    first = groups.first
    first.evaluate("el => { el.open = true; }")
    count = int(first.locator("[data-group-count]").inner_text())
    first.locator("[data-select-group]").check()
    assert int(page.locator("[data-chosen-count]").inner_text()) == count
    page.screenshot(path=str(artifacts / "stage-return-findings.png"), full_page=False)
    # The field filter narrows to one field: 完成目标可能性 of every row.
    page.select_option("#findings-rule", "r:likelihood")
    shown = page.locator("[data-finding]:visible").count()
    assert 0 < shown < page.locator("[data-finding]").count()
    page.select_option("#findings-rule", "")
    page.get_by_role("button", name="确认退回").click()
    page.wait_for_url("**/monitoring/7/#stage-panel")
    opinions = list(StageOpinion.objects.all())
    entry = sent_blank_round.projects.order_by("order", "id").first()
    assert len(opinions) == count and {o.entry_id for o in opinions} == {entry.pk}
    assert page.locator("#return-opinions [data-opinion-link]").count() == count
