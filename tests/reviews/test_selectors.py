"""Selectors: settings resolution, a fixed query count at two data sizes, the county overview."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from projects.models import Department
from projects.permissions import SYSTEM
from projects.services import department_targets_save
from reviews.models import ReviewSettings
from reviews.selectors import config_for, county_overview, department_review
from tests.reviews.helpers import clean_table, department


def _save_department(code: str, projects: int, *, region: str = "130225"):
    tables = []
    for n in range(projects):
        table = clean_table(name=f"项目{n}", department_code=code)
        table.code = f"{region}23P{code}{n:06d}"
        tables.append(table)
    targets = department(*tables)
    targets.department_code, targets.region_code = code, region
    department_targets_save(targets=targets, user=SYSTEM)
    return Department.objects.get(code=code)


@pytest.mark.parametrize("projects", [3, 30])
def test_department_review_query_count_does_not_grow(db, django_assert_max_num_queries, projects):
    unit = _save_department("900001", projects)
    with django_assert_max_num_queries(7):
        review = department_review(department=unit, fiscal_year=2023)
    assert len(review.targets.tables) == projects
    assert review.findings == []


@pytest.mark.parametrize("departments", [1, 6])
def test_county_overview_query_count_does_not_grow(db, django_assert_max_num_queries, departments):
    for n in range(departments):
        _save_department(f"90000{n}", 3)
    with django_assert_max_num_queries(8):
        overview = county_overview(fiscal_year=2023)
    assert [d.project_count for d in overview.departments] == [3] * departments


def test_county_overview_totals_and_counts(seed_plan):
    clean = _save_department("900001", 2)
    overview = county_overview(fiscal_year=2023, region_code="130225")
    rows = {d.department.code: d for d in overview.departments}
    seed = rows["802010"]
    assert (seed.project_count, seed.errors, seed.warnings) == (11, 19, 107)
    assert seed.budget_total == Decimal("301.03")
    assert seed.fiscal_funds == Decimal("301.03")
    assert (rows[clean.code].errors, rows[clean.code].warnings) == (0, 0)
    assert overview.findings_by_rule[0][0] == "duplication.description"
    assert seed.status == "待送审"
    assert county_overview(fiscal_year=2023, region_code="110101").departments == []


def test_settings_most_specific_scope_wins(db):
    parent = Department.objects.create(code="800000", name="主管部门", region_code="130225")
    unit = Department.objects.create(
        code="800001", name="下属单位", parent=parent, region_code="130225"
    )
    assert config_for(unit).satisfaction_threshold == Decimal(90)  # built-in default
    ReviewSettings.objects.create(name="默认", satisfaction_threshold=Decimal(80))
    assert config_for(unit).satisfaction_threshold == Decimal(80)
    ReviewSettings.objects.create(
        name="乐亭县", region_code="130225", satisfaction_threshold=Decimal(85)
    )
    assert config_for(unit).satisfaction_threshold == Decimal(85)
    ReviewSettings.objects.create(
        name="主管部门", department=parent, satisfaction_threshold=Decimal(95)
    )
    assert config_for(unit).satisfaction_threshold == Decimal(95)


def test_disabled_rules_apply_to_the_department_review(seed_plan):
    ReviewSettings.objects.create(
        name="乐亭县",
        region_code="130225",
        disabled_rules=["duplication.description", "duplication.basis"],
    )
    review = department_review(department=Department.objects.get(code="802010"), fiscal_year=2023)
    assert (review.errors, review.warnings) == (19, 28)


def test_settings_reject_unknown_rules_and_two_scopes(db):
    unit = Department.objects.create(code="800001", name="单位", region_code="130225")
    bad = ReviewSettings(name="x", disabled_rules=["no.such.rule"])
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert "no.such.rule" in str(error.value)
    both = ReviewSettings(name="y", region_code="130225", department=unit)
    with pytest.raises(ValidationError):
        both.full_clean()
    ReviewSettings.objects.create(name="默认")
    with pytest.raises(ValidationError):
        ReviewSettings(name="又一个默认").full_clean()


def test_county_overview_shows_each_departments_workflow_status(seed_plan):
    from projects.models import DepartmentPlan
    from reviews.selectors import county_overview

    DepartmentPlan.objects.update(status=DepartmentPlan.Status.SUBMITTED)
    overview = county_overview(fiscal_year=2023)
    assert [d.status for d in overview.departments] == ["已送审"]


def test_cached_overview_is_reused_until_the_data_changes(seed_plan, django_assert_max_num_queries):
    from django.core.cache import cache

    from projects.models import Project
    from projects.selectors import project_target_table
    from projects.services import project_save_table
    from reviews.selectors import county_overview_cached

    cache.clear()
    first = county_overview_cached(fiscal_year=2023)
    # only the fingerprint (with the year's recorded forms, #16): no tables, no rules
    with django_assert_max_num_queries(8):
        again = county_overview_cached(fiscal_year=2023)
    assert [d.errors for d in again.departments] == [d.errors for d in first.departments]
    project = Project.objects.get(code="13022523P00H60410032U")
    table = project_target_table(project_id=project.pk)
    table.indicators[2].value = "≥95%"  # fixes the 文字描述 placeholder value
    project_save_table(department=project.department, table=table, user=SYSTEM)
    changed = county_overview_cached(fiscal_year=2023)
    assert changed.departments[0].errors == first.departments[0].errors - 1


def _errors(overview) -> int:
    return sum(d.errors for d in overview.departments)


def _state(overview) -> tuple:
    return [(d.errors, d.warnings) for d in overview.departments], overview.findings_by_rule


def test_cached_overview_sees_an_indicator_edited_outside_the_services(seed_plan):
    """The admin saves an indicator without touching its project's `updated_at`."""
    from indicators.models import Indicator
    from projects.models import Project
    from reviews.selectors import county_overview_cached

    first = county_overview_cached(fiscal_year=2023)
    project = Project.objects.get(code="13022523P00H60410032U")
    updated_at = project.updated_at
    indicator = project.indicators.order_by("order")[2]
    indicator.set_value("≥95%")  # what IndicatorAdmin.save_model does
    indicator.save()
    assert Project.objects.get(pk=project.pk).updated_at == updated_at  # the old blind spot
    edited = county_overview_cached(fiscal_year=2023)
    assert _errors(edited) == _errors(first) - 1
    Indicator.objects.filter(project=project).delete()  # rows removed, project untouched
    fresh = county_overview(fiscal_year=2023)
    assert _state(fresh) != _state(edited)
    assert _state(county_overview_cached(fiscal_year=2023)) == _state(fresh)


def test_cached_overview_sees_an_indicator_changed_without_its_project(seed_plan):
    """A row changed outside the services (a data fix in the shell; the admin is read-only
    for targets since #15) touches neither the project nor the plan: its history row counts."""
    from projects.models import Project
    from reviews.selectors import county_overview_cached

    first = county_overview_cached(fiscal_year=2023)
    project = Project.objects.get(code="13022523P00H60410032U")
    indicator = project.indicators.order_by("order")[2]
    indicator.set_value("≥95%")
    indicator.save()
    assert _errors(county_overview_cached(fiscal_year=2023)) == _errors(first) - 1


def test_cached_overview_sees_a_frame_level_renamed_in_place(seed_plan):
    from indicators.models import FrameLevel1
    from projects.models import Project
    from reviews.selectors import county_overview_cached

    first = county_overview_cached(fiscal_year=2023)
    frame = Project.objects.filter(fiscal_year=2023).first().frame
    satisfaction = FrameLevel1.objects.get(frame=frame, name="满意度指标")
    satisfaction.name = "满意度"  # the satisfaction rules look for 满意度指标
    satisfaction.save()
    fresh = county_overview(fiscal_year=2023)
    assert _errors(fresh) > _errors(first)
    assert _errors(county_overview_cached(fiscal_year=2023)) == _errors(fresh)


def test_cached_overview_sees_a_frame_adoption_changed_in_place(seed_plan):
    from indicators.models import FrameAdoption, FrameLevel1, FrameLevel2, IndicatorFrame
    from reviews.selectors import county_overview_cached

    narrow = IndicatorFrame.objects.create(code="narrow", name="只有产出指标的体系")
    level1 = FrameLevel1.objects.create(frame=narrow, name="产出指标")
    FrameLevel2.objects.create(level1=level1, name="数量指标")
    first = county_overview_cached(fiscal_year=2023)
    adoption = FrameAdoption.objects.get(region_code="130225", fiscal_year=2023)
    adoption.frame = narrow
    adoption.save()  # same id, same count: only the contents changed
    fresh = county_overview(fiscal_year=2023)
    assert _state(fresh) != _state(first)
    assert _state(county_overview_cached(fiscal_year=2023)) == _state(fresh)


def test_cached_overview_sees_a_unit_renamed_in_the_admin(seed_plan, admin_client):
    from projects.models import Department
    from reviews.selectors import county_overview_cached

    first = county_overview_cached(fiscal_year=2023)
    assert [d.department.name for d in first.departments] == ["乐亭县大相各庄镇人民政府"]
    unit = Department.objects.get(code="802010")
    unit.name = "乐亭县大相各庄镇"
    unit.save()
    assert [d.department.name for d in county_overview_cached(fiscal_year=2023).departments] == [
        "乐亭县大相各庄镇"
    ]


@pytest.mark.parametrize("departments", [1, 6])
def test_overview_fingerprint_costs_the_same_queries_at_any_size(
    db, django_assert_num_queries, departments
):
    from reviews.selectors import county_overview_cached

    for n in range(departments):
        _save_department(f"90000{n}", 3)
    county_overview_cached(fiscal_year=2023)
    with django_assert_num_queries(8):  # 7 + the year's recorded forms (#16)
        county_overview_cached(fiscal_year=2023)


def test_a_code_taken_by_another_unit_is_found_when_one_table_is_judged(db):
    from projects.selectors import department_targets
    from reviews.selectors import table_review

    other = _save_department("700001", 2)
    own = _save_department("700002", 1)
    taken = department_targets(department=other, fiscal_year=2023).tables[1].code
    mine = department_targets(department=own, fiscal_year=2023).tables[0]

    def duplicate_findings(table):
        review = table_review(department=own, table=table)
        return [f for f in review.for_field("code") if f.rule == "codes.duplicate"]

    assert duplicate_findings(mine) == []  # its own stored code is not "taken"
    for typed in (taken, f"  {taken} "):
        findings = duplicate_findings(replace(mine, code=typed))
        assert len(findings) == 1 and "已被其他单位" in findings[0].problem
    unsaved = replace(mine, code=taken, project_id=None)
    assert len(duplicate_findings(unsaved)) == 1
    assert duplicate_findings(replace(mine, code="")) == []
    # Another project of the same unit is the department review's concern (重复), not "taken".
    sibling = _save_department("700002", 2)
    first, second = department_targets(department=sibling, fiscal_year=2023).tables
    assert duplicate_findings(replace(second, code=first.code)) == []


def test_a_stored_table_is_judged_without_looking_its_code_up(db, django_assert_num_queries):
    """The editor judges the table as stored: its code is unique in the year (a constraint),
    so `stored=True` skips the taken-codes query and finds the same."""
    from projects.selectors import department_targets
    from reviews.selectors import table_review

    own = _save_department("700002", 2)
    stored = department_targets(department=own, fiscal_year=2023).tables[0]
    assert stored.code
    with django_assert_num_queries(4):  # settings, recorded form, frame tree, taken codes
        looked_up = table_review(department=own, table=stored)
    with django_assert_num_queries(3):
        skipped = table_review(department=own, table=stored, stored=True)
    assert skipped.findings == looked_up.findings
