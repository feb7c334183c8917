"""Services save whole documents atomically, idempotently, and refuse stale or bad data."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from indicators.models import Indicator
from projects.exceptions import ConcurrentEditError, TargetDataError
from projects.models import Department, DepartmentPlan, Project
from projects.selectors import project_target_table
from projects.services import department_targets_save, project_save_table
from projects.targets import DepartmentTargets, IndicatorRow
from tests.conftest import make_table, seed_targets


def _counts():
    return (
        Department.objects.count(),
        DepartmentPlan.objects.count(),
        Project.objects.count(),
        Indicator.objects.count(),
    )


def test_saving_the_seed_twice_updates_instead_of_duplicating(seed_plan):
    before = _counts()
    assert before == (1, 1, 11, 40)
    plan = department_targets_save(targets=seed_targets())
    assert _counts() == before
    assert plan.version == seed_plan.version + 1


def test_one_bad_table_leaves_the_database_unchanged(db):
    targets = seed_targets()
    broken = targets.tables[5]
    broken.indicators[0] = dataclasses.replace(broken.indicators[0], level2="社会效益指标")
    with pytest.raises(TargetDataError) as error:
        department_targets_save(targets=targets)
    assert _counts() == (0, 0, 0, 0)
    place, messages = next(iter(error.value.errors.items()))
    assert place == "第6个项目“服务群众专项经费” · 第1行指标（保障行政村数）"
    assert "二级指标“社会效益指标”不属于一级指标“产出指标”" in messages[0]
    assert "请改为：数量指标、质量指标、时效指标、成本指标" in messages[0]


def test_a_failed_update_keeps_the_previous_data(seed_plan):
    targets = seed_targets()
    targets.overall_goal = "新的总体目标"
    targets.tables[0].budget_total = Decimal("41")  # no longer equals its funds
    with pytest.raises(TargetDataError) as error:
        department_targets_save(targets=targets)
    assert "预算数（41.00）应等于财政资金与其他资金之和（40.00）" in str(error.value)
    assert DepartmentPlan.objects.get().overall_goal != "新的总体目标"
    assert Project.objects.get(code="13022523P0066B010022C").budget_total == Decimal(40)


def test_unknown_level1_names_the_allowed_choices(db):
    table = make_table()
    table.indicators[0].level1 = "成本指标"
    targets = DepartmentTargets("900001", "测试单位", 2023, tables=[table])
    with pytest.raises(TargetDataError) as error:
        department_targets_save(targets=targets)
    assert "一级指标“成本指标”不在“传统指标体系" in str(error.value)
    assert "请改为：产出指标、效益指标、满意度指标" in str(error.value)


def test_duplicate_codes_in_one_document_are_refused(db):
    code = "13022523P0066B010022C"
    targets = DepartmentTargets(
        "900001",
        "测试单位",
        2023,
        tables=[make_table(name="甲", code=code), make_table(name="乙", code=code)],
    )
    with pytest.raises(TargetDataError) as error:
        department_targets_save(targets=targets)
    assert "与第1个项目重复" in str(error.value)
    assert Project.objects.count() == 0


def test_projects_without_code_are_matched_by_name_on_reload(db):
    targets = DepartmentTargets("900001", "测试单位", 2023, tables=[make_table(name="无编码项目")])
    department_targets_save(targets=targets)
    department_targets_save(targets=targets)
    assert Project.objects.filter(code="", name="无编码项目").count() == 1


def test_stale_version_is_refused_and_nothing_is_overwritten(seed_plan):
    project = Project.objects.get(code="13022523P0066B010022C")
    mine = project_target_table(project_id=project.pk)
    theirs = project_target_table(project_id=project.pk)
    theirs.purpose = "他人修改的用途"
    project_save_table(department=project.department, table=theirs)
    mine.purpose = "我的修改"
    with pytest.raises(ConcurrentEditError) as error:
        project_save_table(department=project.department, table=mine)
    assert "已被他人修改" in str(error.value)
    project.refresh_from_db()
    assert project.purpose == "他人修改的用途"
    assert project.version == mine.version + 1


def test_indicator_rows_keep_order_and_verbatim_values(db):
    table = make_table(indicators=3)
    table.indicators[1] = IndicatorRow("产出指标", "质量指标", "资金数", value="40万元 ")
    department = Department.objects.create(code="900001", name="测试单位")
    project = project_save_table(department=department, table=table)
    stored = list(project.indicators.order_by("order"))
    assert [i.order for i in stored] == [1, 2, 3]
    assert stored[1].value_raw == "40万元 "
    assert (stored[1].value_number, stored[1].value_unit) == (Decimal(40), "万元")


def test_amounts_from_yuan_survive_unrounded(db):
    table = make_table(budget="330.984")
    department = Department.objects.create(code="900001", name="测试单位")
    project = project_save_table(department=department, table=table)
    reread = project_target_table(project_id=project.pk)
    assert reread.budget_total == Decimal("330.984")
    assert reread.spending_plan == (None, Decimal("165.492"), None, Decimal("330.984"))


def test_new_department_with_bad_code_is_refused(db):
    targets = DepartmentTargets("80-2010", "坏编码单位", 2023, tables=[make_table()])
    with pytest.raises(TargetDataError) as error:
        department_targets_save(targets=targets)
    assert "单位编码只能包含数字和字母" in str(error.value)
    assert Department.objects.count() == 0
