"""load_seed keeps an existing department-year (edits and review status survive `make run`)."""

from __future__ import annotations

import contextlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.models import Indicator
from projects.models import DepartmentPlan, Project
from projects.permissions import SYSTEM
from projects.selectors import project_target_table
from projects.services import project_save_table

CODE = "13022523P0066B010022C"  # 信访维稳经费 in the seed


def _load(*args: str) -> str:
    out = StringIO()
    call_command("load_seed", *args, stdout=out)
    return out.getvalue()


def _clerk_renames_the_project() -> Project:
    project = Project.objects.get(code=CODE)
    table = project_target_table(project_id=project.pk)
    table.name = "信访维稳工作经费（填报员修改）"
    table.indicators[0].value = "≥3次"
    project_save_table(department=project.department, table=table, user=SYSTEM)
    return project


def _counts() -> tuple[int, int, int]:
    return (
        DepartmentPlan.objects.count(),
        Project.objects.count(),
        Indicator.objects.count(),
    )


def test_loading_twice_creates_nothing_twice_and_says_the_year_was_kept(db):
    first = _load()
    counts = _counts()
    second = _load()
    assert counts[:2] == (1, 11)
    assert _counts() == counts
    assert "已导入" in first
    assert "已保留" in second and "--reset" in second


def test_a_clerks_edit_survives_a_second_load(db):
    _load()
    _clerk_renames_the_project()
    _load()
    project = Project.objects.get(code=CODE)
    assert project.name == "信访维稳工作经费（填报员修改）"
    assert project.indicators.order_by("order").first().value_raw == "≥3次"


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_a_locked_year_is_kept_without_a_traceback(db, status):
    _load()
    DepartmentPlan.objects.update(status=status)
    counts = _counts()
    output = _load()
    assert "已保留" in output
    assert _counts() == counts
    assert DepartmentPlan.objects.get().status == status


def test_reset_restores_the_seed_values_of_a_draft_year(db):
    _load()
    _clerk_renames_the_project()
    version = Project.objects.get(code=CODE).version
    output = _load("--reset")
    project = Project.objects.get(code=CODE)
    assert "已恢复" in output
    assert project.name == "信访维稳经费"
    assert project.indicators.order_by("order").first().value_raw != "≥3次"
    assert project.version == version + 1  # a real save, so open edit pages see it is stale
    assert Project.objects.count() == 11


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_reset_refuses_a_locked_year_with_a_message(db, status):
    _load()
    _clerk_renames_the_project()
    DepartmentPlan.objects.update(status=status)
    with pytest.raises(CommandError, match="不能用种子数据覆盖") as refused:
        _load("--reset")
    assert "取消" in str(refused.value)  # says how to unlock the year
    assert Project.objects.get(code=CODE).name == "信访维稳工作经费（填报员修改）"


def test_reset_refusal_exits_non_zero(db):
    """On the command line the refusal is an exit status, not a traceback."""
    from django.core.management import ManagementUtility

    _load()
    DepartmentPlan.objects.update(status="approved")
    stderr = StringIO()
    with pytest.raises(SystemExit) as exited, contextlib.redirect_stderr(stderr):
        ManagementUtility(["manage.py", "load_seed", "--reset"]).execute()
    assert exited.value.code != 0
    assert "不能用种子数据覆盖" in stderr.getvalue()
    assert "Traceback" not in stderr.getvalue()


def test_the_make_run_chain_runs_twice(db):
    for _ in range(2):
        _load()
        call_command("create_demo_accounts", stdout=StringIO())
    assert _counts()[:2] == (1, 11)
