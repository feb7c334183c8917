"""The import service: all or nothing, policies for existing projects, locks and permissions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from imports.readers.base import Options
from imports.reading import read_upload
from imports.services import ImportRefused, targets_import
from indicators.models import Indicator
from projects.models import Department, DepartmentPlan, Project
from projects.permissions import SYSTEM
from projects.selectors import department_targets
from tests.conftest import make_user, seed_targets
from tests.imports.files import seed_like_docx, sichuan_flat_rows, workbook_bytes

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return (
        Department.objects.count(),
        DepartmentPlan.objects.count(),
        Project.objects.count(),
        Indicator.objects.count(),
    )


def _seed_docx_departments():
    return read_upload(seed_like_docx(), Options(fiscal_year=2023)).departments


def test_importing_the_seed_like_word_document_stores_the_seed_department():
    summary = targets_import(departments=_seed_docx_departments(), user=SYSTEM)
    assert summary.count("created") == 11 and summary.indicators("created") == 40
    department = Department.objects.get(code="802010")
    assert department.region_code == "130225"  # from the project codes' prefix
    stored = department_targets(department=department, fiscal_year=2023)
    expected = seed_targets()
    assert stored.overall_goal == expected.overall_goal
    assert [t.name for t in stored.tables] == [t.name for t in expected.tables]
    assert [r.value for t in stored.tables for r in t.indicators] == [
        r.value for t in expected.tables for r in t.indicators
    ]


def test_importing_the_same_file_twice_changes_nothing(seed_plan):
    before = _counts()
    summary = targets_import(departments=_seed_docx_departments(), user=SYSTEM)
    assert summary.count("unchanged") == 11
    assert _counts() == before


def test_skip_policy_keeps_existing_projects_and_adds_new_ones(seed_plan):
    departments = _seed_docx_departments()
    departments[0].tables[0].indicators[0].value = "27"
    departments[0].tables[1].name = "新项目"
    departments[0].tables[1].code = ""
    summary = targets_import(departments=departments, user=SYSTEM, policy="skip")
    assert summary.count("skipped") == 10 and summary.count("created") == 1
    assert Indicator.objects.filter(value_raw="27").count() == 0
    assert Project.objects.filter(name="新项目", code="").exists()


def test_abort_policy_refuses_the_whole_file_when_a_project_exists(seed_plan):
    before = _counts()
    with pytest.raises(ImportRefused) as refused:
        targets_import(departments=_seed_docx_departments(), user=SYSTEM, policy="abort")
    assert "已存在" in str(refused.value)
    assert _counts() == before


def test_one_bad_table_rolls_back_every_department():
    flat = read_upload(workbook_bytes(sichuan_flat_rows()), Options()).departments
    departments = [*_seed_docx_departments(), *flat]
    departments[-1].tables[-1].indicators[0].level1 = "不存在的一级"
    with pytest.raises(ImportRefused) as refused:
        targets_import(departments=departments, user=SYSTEM)
    (place,) = refused.value.summary.errors
    assert "村级组织运转经费" in place and "第1行指标" in place
    assert _counts() == (0, 0, 0, 0)


def test_flat_sheet_in_yuan_is_stored_exactly_without_codes():
    departments = read_upload(workbook_bytes(sichuan_flat_rows()), Options()).departments
    targets_import(departments=departments, user=SYSTEM)
    project = Project.objects.get(name="乡村道路维护")
    assert project.code == "" and project.budget_total == Decimal("330.984")
    assert project.department.name == "井研县马踏镇人民政府"
    values = list(project.indicators.order_by("order").values_list("value_raw", "weight"))
    assert values[0] == ("≥30公里", Decimal("20"))


def test_approved_year_refuses_imports(seed_plan):
    DepartmentPlan.objects.filter(pk=seed_plan.pk).update(status="approved")
    before = _counts()
    with pytest.raises(ImportRefused, match="已审核"):
        targets_import(departments=_seed_docx_departments(), user=SYSTEM)
    assert _counts() == before


def test_clerk_imports_only_into_assigned_departments(seed_plan):
    own = make_user("own", "clerk", departments=[seed_plan.department])
    other = make_user("other", "clerk")
    assert targets_import(departments=_seed_docx_departments(), user=own).count("unchanged") == 11
    with pytest.raises(ImportRefused, match="无权"):
        targets_import(departments=_seed_docx_departments(), user=other)


def test_only_admins_create_departments_from_an_import():
    clerk = make_user("clerk", "clerk")
    flat = read_upload(workbook_bytes(sichuan_flat_rows()), Options()).departments
    with pytest.raises(ImportRefused, match="只有管理员"):
        targets_import(departments=flat, user=clerk)
    assert _counts() == (0, 0, 0, 0)
    admin = make_user("admin", "admin")
    assert targets_import(departments=flat, user=admin).count("created") == 2


def test_dry_run_reports_but_writes_nothing():
    summary = targets_import(departments=_seed_docx_departments(), user=SYSTEM, dry_run=True)
    assert summary.count("created") == 11
    assert _counts() == (0, 0, 0, 0)
