"""Goals are numbered once (#17 item 5): typed numbers are taken off on the way in, the
layout numbers items, and `repair_goal_numbering` mends what was stored before."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from projects.carry_forward import project_carry_forward
from projects.history import project_changes
from projects.models import DepartmentPlan, Project
from projects.numbering import numbered, strip_number
from projects.selectors import department_targets, project_target_table
from projects.services import department_plan_save
from reports.layout import narrative_section, target_grid
from tests.projects.forms_helpers import demo_user, post_data

NAME = "妇女之家资金"


@pytest.mark.parametrize(
    "typed",
    ["1.保障运转", "1．保障运转", "１．保障运转", "1、保障运转", " 2 . 保障运转", "(1)保障运转",
     "（1）保障运转", "（一）保障运转", "一、保障运转", "①保障运转", "⑴保障运转", "1)保障运转",
     "1）保障运转"],
)  # fmt: skip
def test_a_typed_list_number_is_taken_off(typed):
    assert strip_number(typed) == "保障运转"


@pytest.mark.parametrize(
    "text",
    ["1.5万元用于运转", "2023年完成建设", "10%以上覆盖", "1,000人次", "1:1配套", "保障1.运转",
     "1.2.3版本", "一是保障运转", "1", "（一）"],
)  # fmt: skip
def test_text_that_is_not_a_list_number_stays_as_typed(text):
    assert strip_number(text) == text


def test_numbered_applies_one_number_whatever_is_stored():
    assert numbered(["1.保障运转", "服务妇女", "（三）开展活动"]) == [
        "1.保障运转",
        "2.服务妇女",
        "3.开展活动",
    ]
    assert numbered(["1、甲", "乙"], "、") == ["1、甲", "2、乙"]


def _goal_cell(table) -> str:
    grid = target_grid(table, 1)
    return next(
        row.cells[1].text for row in grid.rows if row.cells and row.cells[0].text == "绩效目标"
    )


def test_goals_typed_with_numbers_are_stored_without_and_printed_once(clerk, seed_plan):
    project = Project.objects.get(name=NAME, fiscal_year=2023)
    table = project_target_table(project_id=project.pk)
    url = f"/projects/{project.pk}/edit/"
    response = clerk.post(url, post_data(table, goals="1.保障妇女之家运转\r\n2、服务妇女1000人次"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.goals == ["保障妇女之家运转", "服务妇女1000人次"]
    stored = project_target_table(project_id=project.pk)
    assert _goal_cell(stored) == "1.保障妇女之家运转\n2.服务妇女1000人次"
    page = clerk.get(f"/projects/{project.pk}/").content.decode()
    assert "1.保障妇女之家运转" in page and "1.1." not in page
    history = project_changes(project)
    assert any("1.保障妇女之家运转；2.服务妇女1000人次" in c.new for c in history)
    assert not any("1.1." in c.new + c.old for c in history)


def test_stored_numbers_from_before_print_once_and_carry_without_them(seed_plan):
    project = Project.objects.get(name=NAME, fiscal_year=2023)
    Project.objects.filter(pk=project.pk).update(goals=["1.保障运转", "2.服务妇女"])
    assert _goal_cell(project_target_table(project_id=project.pk)) == "1.保障运转\n2.服务妇女"
    copy = project_carry_forward(project=project, user=demo_user("clerk"))
    assert Project.objects.get(pk=copy.pk).goals == ["保障运转", "服务妇女"]


def test_department_items_typed_with_numbers_print_once(seed_plan):
    plan = department_plan_save(
        plan=seed_plan,
        overall_goal="总体目标",
        sub_goals=["1、完成甲", "（二）完成乙"],
        safeguards=["①加强管理"],
        expected_version=None,
        user=demo_user("clerk"),
    )
    assert (plan.sub_goals, plan.safeguards) == (["完成甲", "完成乙"], ["加强管理"])
    narrative = narrative_section(
        overall_goal="x", sub_goals=["1、完成甲", "完成乙"], safeguards=["1.加强管理"]
    )
    texts = [getattr(block, "text", "") for block in narrative.blocks]
    assert {"1、完成甲", "2、完成乙", "1、加强管理"} <= set(texts)


def _repair(*args) -> str:
    out = StringIO()
    call_command("repair_goal_numbering", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def doubled(seed_plan):
    project = Project.objects.get(name=NAME, fiscal_year=2023)
    Project.objects.filter(pk=project.pk).update(goals=["1.保障运转", "2.服务妇女"])
    DepartmentPlan.objects.filter(pk=seed_plan.pk).update(sub_goals=["1、完成甲", "完成乙"])
    return Project.objects.get(pk=project.pk)


def test_repair_dry_run_lists_the_changes_and_writes_nothing(doubled):
    out = _repair()
    assert f"802010 2023年 项目“{NAME}” · 绩效目标" in out
    assert "“1.保障运转” → “保障运转”" in out and "“1、完成甲” → “完成甲”" in out
    assert "共2处需要修复；这是试运行，没有修改。" in out
    assert Project.objects.get(pk=doubled.pk).goals == ["1.保障运转", "2.服务妇女"]


def test_repair_apply_writes_with_history_and_a_new_version(doubled):
    out = _repair("--apply")
    assert "已修复2处。" in out
    project = Project.objects.get(pk=doubled.pk)
    assert project.goals == ["保障运转", "服务妇女"]
    assert project.version == doubled.version + 1
    latest = project.history.first()
    assert latest.history_change_reason == "修复重复编号" and latest.goals == project.goals
    targets = department_targets(department=doubled.department, fiscal_year=2023)
    assert targets.sub_goals == ["完成甲", "完成乙"]
    assert _repair("--apply") == "没有需要修复的编号。\n"


def test_repair_leaves_submitted_or_approved_years_alone(doubled, seed_plan):
    DepartmentPlan.objects.filter(pk=seed_plan.pk).update(status="approved")
    out = _repair("--apply")
    assert "已送审或已审核，未修改" in out and "已修复0处。" in out
    assert Project.objects.get(pk=doubled.pk).goals == ["1.保障运转", "2.服务妇女"]
