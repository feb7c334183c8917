"""The three ways one project's table is read give the same TargetTable."""

from __future__ import annotations

from dataclasses import replace

import pytest

from projects.carry_forward import last_year_table
from projects.models import Project
from projects.permissions import project_and_plan_or_404
from projects.selectors import first_target_table, project_table, project_target_table
from tests.projects.forms_helpers import demo_user


@pytest.mark.django_db
def test_from_the_editors_lookup_by_id_and_as_first_of_a_queryset(seed_plan):
    for project in Project.objects.filter(department__code="802010", fiscal_year=2023):
        by_id = project_target_table(project_id=project.pk)
        found, _plan = project_and_plan_or_404(demo_user("clerk"), project.pk)
        assert project_table(found) == by_id
        assert first_target_table(Project.objects.filter(pk=project.pk)) == by_id
    assert first_target_table(Project.objects.none()) is None


@pytest.mark.django_db
def test_last_year_is_found_by_code_first_then_by_name(seed_plan):
    table = project_target_table(
        project_id=Project.objects.get(department__code="802010", name="信访维稳经费").pk
    )
    department = Project.objects.get(pk=table.project_id).department
    this_year = replace(table, fiscal_year=2024)
    assert last_year_table(department=department, table=this_year) == table
    renamed = replace(this_year, name="改名后的项目")
    assert last_year_table(department=department, table=renamed) == table  # same code
    if table.code:
        recoded = replace(this_year, code="X-NEW")
        assert last_year_table(department=department, table=recoded) == table  # same name
    stranger = replace(this_year, code="X-NEW", name="无此项目")
    assert last_year_table(department=department, table=stranger) is None


@pytest.mark.django_db
def test_last_years_project_of_the_same_code_wins_over_an_earlier_one_of_the_same_name(seed_plan):
    projects = list(Project.objects.filter(department__code="802010", fiscal_year=2023))
    coded = [p for p in projects[1:] if p.code]
    assert coded, "the seed has coded projects after the first"
    first, wanted = projects[0], coded[-1]
    table = project_target_table(project_id=wanted.pk)
    # Same code as a later project, same name as the first one in the list's order.
    this_year = replace(table, fiscal_year=2024, name=first.name)
    assert last_year_table(department=wanted.department, table=this_year) == table
    # Without a matching code the name decides.
    recoded = replace(this_year, code="X-NEW")
    assert last_year_table(department=wanted.department, table=recoded) == (
        project_target_table(project_id=first.pk)
    )
