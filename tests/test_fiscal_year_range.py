"""A fiscal year outside 2000–2100 is refused wherever it enters and can never be stored (#14)."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.years import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR, parse_fiscal_year
from indicators.models import FrameAdoption, IndicatorFrame
from projects.exceptions import TargetDataError
from projects.models import Department, DepartmentPlan, Project
from projects.permissions import SYSTEM
from projects.services import department_targets_save, project_save_table
from projects.targets import DepartmentTargets
from tests.conftest import make_table

IMPOSSIBLE = [0, 1, 1999, 2101, 9999, 99999]


@pytest.mark.parametrize("year", IMPOSSIBLE)
def test_department_document_in_an_impossible_year_is_refused_and_nothing_stored(db, year):
    targets = DepartmentTargets(
        department_code="900001",
        department_name="测试单位",
        fiscal_year=year,
        overall_goal="x",
        tables=[make_table(year=year)],
    )
    with pytest.raises(TargetDataError) as error:
        department_targets_save(targets=targets, user=SYSTEM)
    assert "2000到2100" in str(error.value)
    assert not DepartmentPlan.objects.exists()
    assert not Project.objects.exists()


def test_one_project_in_an_impossible_year_is_refused(db):
    department = Department.objects.create(code="900001", name="测试单位")
    with pytest.raises(TargetDataError):
        project_save_table(department=department, table=make_table(year=2101), user=SYSTEM)
    assert not Project.objects.exists()
    assert not DepartmentPlan.objects.exists()


@pytest.mark.parametrize("year", [FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR])
def test_the_range_ends_are_allowed(db, year):
    plan = department_targets_save(
        targets=DepartmentTargets(
            department_code="900001",
            department_name="测试单位",
            fiscal_year=year,
            tables=[make_table(year=year)],
        ),
        user=SYSTEM,
    )
    assert plan.fiscal_year == year


def test_model_validation_names_the_range(db):
    department = Department.objects.create(code="900001", name="测试单位")
    with pytest.raises(ValidationError) as error:
        DepartmentPlan(department=department, fiscal_year=0).full_clean()
    assert error.value.message_dict["fiscal_year"] == [
        "预算年度应为2000到2100之间的四位年份，例如2024。"
    ]


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (DepartmentPlan, {}),
        (FrameAdoption, {"region_code": "130225"}),
    ],
)
def test_the_database_refuses_impossible_years_whatever_the_code_does(db, model, fields):
    if model is DepartmentPlan:
        fields = {"department": Department.objects.create(code="900001", name="测试单位")}
    else:
        fields = {**fields, "frame": IndicatorFrame.objects.first()}
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(fiscal_year=0, **fields)


def test_the_database_refuses_a_project_in_an_impossible_year(seed_plan):
    project = Project.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(fiscal_year=2101)


@pytest.mark.parametrize("year", ["0000", "1999", "2101", "9999"])
def test_pages_of_impossible_years_are_not_found(clerk, year):
    for url in (f"/departments/802010/{year}/", f"/departments/802010/{year}/edit/"):
        assert clerk.get(url).status_code == 404


def test_shared_pages_stay_up_after_refused_years(clerk):
    targets = dataclasses.replace(
        DepartmentTargets(department_code="802010", department_name="x", fiscal_year=0),
        overall_goal="x",
    )
    with pytest.raises(TargetDataError):
        department_targets_save(targets=targets, user=SYSTEM)
    for url in ("/", "/departments/", "/workflow/", "/reviews/"):
        assert clerk.get(url, follow=True).status_code == 200, url


@pytest.mark.parametrize(
    ("text", "year"), [("2023", 2023), (" 2024年 ", 2024), (2100, 2100), ("２０２３", None)]
)
def test_parse_fiscal_year(text, year):
    if year is None:
        with pytest.raises(ValueError):
            parse_fiscal_year(text)
    else:
        assert parse_fiscal_year(text) == year


@pytest.mark.parametrize("text", ["-1", "99999", "0000", "", "abcd", True, 1999])
def test_parse_fiscal_year_refuses_with_the_message(text):
    with pytest.raises(ValueError, match="2000到2100"):
        parse_fiscal_year(text)
