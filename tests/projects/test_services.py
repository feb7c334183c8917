"""Services save whole documents atomically, idempotently, and refuse stale or bad data."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from core.errors import NotAllowed
from indicators.models import FrameAdoption, Indicator, IndicatorFrame
from projects.exceptions import ConcurrentEditError, LockedError, TargetDataError
from projects.models import Department, DepartmentPlan, Project
from projects.permissions import SYSTEM
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
    ids = set(Indicator.objects.values_list("pk", flat=True))
    plan = department_targets_save(targets=seed_targets(), user=SYSTEM)
    assert _counts() == before
    assert plan.version == seed_plan.version  # nothing changed, nothing written
    assert set(Indicator.objects.values_list("pk", flat=True)) == ids
    assert Project.history.count() == 11


def test_a_changed_value_updates_the_row_in_place_and_bumps_versions(seed_plan):
    targets = seed_targets()
    first = Project.objects.get(code="13022523P0066B010022C")
    satisfaction = first.indicators.get(name="人员满意度")
    targets.tables[0].indicators[-1].value = "≥96%"
    targets.overall_goal += "（修订）"
    plan = department_targets_save(targets=targets, user=SYSTEM)
    satisfaction.refresh_from_db()
    assert (satisfaction.value_raw, satisfaction.value_number) == ("≥96%", Decimal(96))
    assert plan.version == seed_plan.version + 1
    assert Project.objects.get(pk=first.pk).version == first.version + 1
    assert Project.objects.get(code="13022522P00476X100150").version == 1
    change = satisfaction.history.first().diff_against(satisfaction.history.last())
    assert {c.field for c in change.changes} == {"value_raw", "value_number", "value_unit"}


def test_one_bad_table_leaves_the_database_unchanged(db):
    targets = seed_targets()
    broken = targets.tables[5]
    broken.indicators[0] = dataclasses.replace(broken.indicators[0], level2="社会效益指标")
    with pytest.raises(TargetDataError) as error:
        department_targets_save(targets=targets, user=SYSTEM)
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
        department_targets_save(targets=targets, user=SYSTEM)
    assert "预算数（41.00）应等于财政资金与其他资金之和（40.00）" in str(error.value)
    assert DepartmentPlan.objects.get().overall_goal != "新的总体目标"
    assert Project.objects.get(code="13022523P0066B010022C").budget_total == Decimal(40)


def test_unknown_level1_names_the_allowed_choices(db):
    # The classic frame (2023 uses the 2021 frame for a region that adopted none).
    FrameAdoption.objects.create(
        region_code="", fiscal_year=2023, frame=IndicatorFrame.objects.get(code="classic")
    )
    table = make_table()
    table.indicators[0].level1 = "成本指标"
    targets = DepartmentTargets("900001", "测试单位", 2023, tables=[table])
    with pytest.raises(TargetDataError) as error:
        department_targets_save(targets=targets, user=SYSTEM)
    assert "一级指标“成本指标”不在“传统指标体系" in str(error.value)
    assert "请改为：产出指标、效益指标、满意度指标" in str(error.value)
    # The advice names the frame applied and the year rule, not "成本 belongs under 产出".
    assert "本表按本地区该年度采用的“传统指标体系" in str(error.value)
    assert "2022年起多数省份采用财预〔2021〕101号体系，成本指标为一级指标" in str(error.value)


def test_duplicate_codes_in_one_document_are_refused(db):
    code = "13022523P0066B010022C"
    targets = DepartmentTargets(
        "900001",
        "测试单位",
        2023,
        tables=[make_table(name="甲", code=code), make_table(name="乙", code=code)],
    )
    with pytest.raises(TargetDataError) as error:
        department_targets_save(targets=targets, user=SYSTEM)
    assert "与第1个项目重复" in str(error.value)
    assert Project.objects.count() == 0


def test_projects_without_code_are_matched_by_name_on_reload(db):
    targets = DepartmentTargets("900001", "测试单位", 2023, tables=[make_table(name="无编码项目")])
    department_targets_save(targets=targets, user=SYSTEM)
    department_targets_save(targets=targets, user=SYSTEM)
    assert Project.objects.filter(code="", name="无编码项目").count() == 1


def test_stale_version_is_refused_and_nothing_is_overwritten(seed_plan):
    project = Project.objects.get(code="13022523P0066B010022C")
    mine = project_target_table(project_id=project.pk)
    theirs = project_target_table(project_id=project.pk)
    theirs.purpose = "他人修改的用途"
    project_save_table(department=project.department, table=theirs, user=SYSTEM)
    mine.purpose = "我的修改"
    with pytest.raises(ConcurrentEditError) as error:
        project_save_table(department=project.department, table=mine, user=SYSTEM)
    assert "已被他人修改" in str(error.value)
    project.refresh_from_db()
    assert project.purpose == "他人修改的用途"
    assert project.version == mine.version + 1


def test_indicator_rows_keep_order_and_verbatim_values(db):
    table = make_table(indicators=3)
    table.indicators[1] = IndicatorRow("产出指标", "质量指标", "资金数", value="40万元 ")
    department = Department.objects.create(code="900001", name="测试单位")
    project = project_save_table(department=department, table=table, user=SYSTEM)
    stored = list(project.indicators.order_by("order"))
    assert [i.order for i in stored] == [1, 2, 3]
    assert stored[1].value_raw == "40万元 "
    assert (stored[1].value_number, stored[1].value_unit) == (Decimal(40), "万元")


def test_amounts_from_yuan_survive_unrounded(db):
    table = make_table(budget="330.984")
    department = Department.objects.create(code="900001", name="测试单位")
    project = project_save_table(department=department, table=table, user=SYSTEM)
    reread = project_target_table(project_id=project.pk)
    assert reread.budget_total == Decimal("330.984")
    assert reread.spending_plan == (None, Decimal("165.492"), None, Decimal("330.984"))


def test_removed_rows_are_deleted_and_added_rows_created(seed_plan):
    kept = dict(
        Indicator.objects.filter(project__code="13022523P0066B010022C").values_list("name", "pk")
    )
    targets = seed_targets()
    rows = targets.tables[0].indicators
    rows.insert(2, IndicatorRow("产出指标", "时效指标", "及时支付", value="≤30天"))
    del rows[-1]
    department_targets_save(targets=targets, user=SYSTEM)
    project = Project.objects.get(code="13022523P0066B010022C")
    assert list(project.indicators.order_by("order").values_list("name", flat=True)) == [
        "保障行政村数",
        "项目资金数",
        "及时支付",
        "及时化解信访事件",
    ]
    # Rows are matched by identity (names here), so unchanged rows keep their id and history.
    after = dict(project.indicators.values_list("name", "pk"))
    assert after["及时化解信访事件"] == kept["及时化解信访事件"]
    assert after["项目资金数"] == kept["项目资金数"]
    assert "人员满意度" not in after


def test_a_code_of_another_departments_project_is_refused(seed_plan):
    stranger = make_table(name="冒用编码", code="13022523P0066B010022C", department_code="900001")
    targets = DepartmentTargets("900001", "测试单位", 2023, tables=[stranger])
    with pytest.raises(TargetDataError) as error:
        department_targets_save(targets=targets, user=SYSTEM)
    assert "已被本年度其他单位的项目使用" in str(error.value)
    assert Project.objects.get(code="13022523P0066B010022C").name == "信访维稳经费"
    assert not Department.objects.filter(code="900001").exists()


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_submitted_or_approved_years_refuse_every_save(seed_plan, status):
    DepartmentPlan.objects.update(status=status)
    targets = seed_targets()
    targets.overall_goal = "改动"
    with pytest.raises(LockedError) as error:
        department_targets_save(targets=targets, user=SYSTEM)
    assert "不能修改" in str(error.value)
    project = Project.objects.get(code="13022523P0066B010022C")
    table = project_target_table(project_id=project.pk)
    table.purpose = "改动"
    with pytest.raises(LockedError):
        project_save_table(department=project.department, table=table, user=SYSTEM)
    assert Project.objects.get(pk=project.pk).purpose == "解决信访事件，维持社会稳定"


def test_returned_year_is_editable_again(seed_plan):
    DepartmentPlan.objects.update(status="returned")
    targets = seed_targets()
    targets.overall_goal = "按退回意见修改"
    assert department_targets_save(targets=targets, user=SYSTEM).overall_goal == "按退回意见修改"


def test_only_assigned_clerks_may_save(seed_plan, django_user_model):
    from accounts.models import UserProfile

    clerk = django_user_model.objects.create_user("clerk")
    profile = UserProfile.objects.create(user=clerk, role="clerk")
    project = Project.objects.get(code="13022523P0066B010022C")
    table = project_target_table(project_id=project.pk)
    table.purpose = "填报员修改"
    with pytest.raises(NotAllowed):
        project_save_table(department=project.department, table=table, user=clerk)
    profile.departments.add(project.department)
    project_save_table(department=project.department, table=table, user=clerk)
    latest = Project.history.filter(id=project.pk).first()
    assert latest.history_user == clerk
    assert latest.purpose == "填报员修改"


def test_new_department_with_bad_code_is_refused(db):
    targets = DepartmentTargets("80-2010", "坏编码单位", 2023, tables=[make_table()])
    with pytest.raises(TargetDataError) as error:
        department_targets_save(targets=targets, user=SYSTEM)
    assert "单位编码只能包含数字和字母" in str(error.value)
    assert Department.objects.count() == 0


def test_weight_and_direction_round_trip_and_count_as_changes(seed_plan):
    project = Project.objects.get(code="13022523P0066B010022C")
    table = project_target_table(project_id=project.pk)
    table.indicators[0].weight = Decimal("12.5")
    table.indicators[0].direction = Indicator.Direction.NEGATIVE
    saved = project_save_table(department=project.department, table=table, user=SYSTEM)
    assert saved.version == project.version + 1
    again = project_target_table(project_id=project.pk)
    assert (again.indicators[0].weight, again.indicators[0].direction) == (
        Decimal("12.5"),
        "negative",
    )
    # Saving what was read back changes nothing: 12.50 stored equals 12.5 read.
    assert (
        project_save_table(department=project.department, table=again, user=SYSTEM).version
        == saved.version
    )
    again.indicators[0].weight = Decimal("-1")
    with pytest.raises(TargetDataError) as refused:
        project_save_table(department=project.department, table=again, user=SYSTEM)
    assert "权重" in str(refused.value.errors)


def test_added_rows_get_a_creation_history_row_by_the_acting_user(seed_plan, django_user_model):
    """New rows are inserted in bulk; each still has its own 新增 history row and author."""
    from tests.projects.forms_helpers import demo_user

    clerk = demo_user("clerk")
    table = project_target_table(project_id=Project.objects.get(code="13022523P0066B010022C").pk)
    added = [IndicatorRow("产出指标", "时效指标", f"及时支付{n}", value="≤30天") for n in (1, 2)]
    table = dataclasses.replace(table, indicators=[*table.indicators, *added])
    project_save_table(department=seed_plan.department, table=table, user=clerk)
    for name in ("及时支付1", "及时支付2"):
        row = Indicator.objects.get(name=name)
        records = list(row.history.all())
        assert [r.history_type for r in records] == ["+"]
        assert records[0].history_user == clerk and records[0].value_raw == "≤30天"


def test_the_save_and_the_import_find_the_same_stored_project(db):
    """'Find this table's project' has one rule (`projects.table_rows.project_key`): the
    form's save and the import's check pick the same project, never another unit's."""
    from imports.services import import_check

    def unit(code: str, tables) -> DepartmentTargets:
        return DepartmentTargets(code, f"单位{code}", 2023, tables=tables)

    same_name = [make_table(name="无编码项目", department_code=c) for c in ("900001", "900002")]
    coded = make_table(name="有编码项目", code="13022523P900000000001")
    department_targets_save(targets=unit("900001", [same_name[0], coded]), user=SYSTEM)
    department_targets_save(targets=unit("900002", [same_name[1]]), user=SYSTEM)
    mine = Project.objects.get(department__code="900001", name="无编码项目")
    # Both read the 900001 project without code by its name, and the coded one by its code.
    again = [
        dataclasses.replace(same_name[0], purpose="改"),
        dataclasses.replace(coded, name="改名", purpose="改"),
    ]
    check = import_check(departments=[unit("900001", again)], user=SYSTEM, policy="update")
    assert sorted(w.project.pk for w in check.writes) == sorted(
        [mine.pk, Project.objects.get(code=coded.code).pk]
    )
    department = Department.objects.get(code="900001")
    saved = project_save_table(department=department, table=again[0], user=SYSTEM)
    assert saved.pk == mine.pk
    # A code another unit holds: both refuse, neither creates a second project.
    other = Department.objects.get(code="900002")
    theirs = dataclasses.replace(coded, department_code="900002")
    with pytest.raises(TargetDataError, match="其他单位"):
        project_save_table(department=other, table=theirs, user=SYSTEM)
    check = import_check(departments=[unit("900002", [theirs])], user=SYSTEM, policy="update")
    assert any("其他单位" in m for msgs in check.summary.errors.values() for m in msgs)
    assert Project.objects.filter(code=coded.code).count() == 1
