"""`selectors.department_years`: the home list's rows, each with its year's review status read
through a join on the year's plan (#15)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from projects import selectors
from projects.models import Department, DepartmentPlan, Project
from tests.conftest import make_user


def _copy(project: Project, **changes) -> Project:
    project.pk = None
    project.id = None
    project._state.adding = True
    for name, value in changes.items():
        setattr(project, name, value)
    project.save()
    return project


def test_each_unit_year_has_its_own_years_status_and_unchanged_totals(seed_plan):
    seed = Department.objects.get(code="802010")
    DepartmentPlan.objects.filter(pk=seed_plan.pk).update(status="returned")
    # A plan of a year without projects and another unit's plan of the same year must not
    # change the seed year's row nor add rows; a year without a plan is a draft (None).
    DepartmentPlan.objects.create(department=seed, fiscal_year=2022, status="approved")
    other = Department.objects.create(code="802011", name="另一单位")
    DepartmentPlan.objects.create(department=other, fiscal_year=2023, status="submitted")
    seed_first = Project.objects.filter(department=seed, fiscal_year=2023).order_by("pk")
    _copy(seed_first.first(), department=other, code="")
    _copy(seed_first.first(), fiscal_year=2024, code="")
    seed_2023 = Project.objects.filter(department=seed, fiscal_year=2023)

    rows = list(selectors.department_years(make_user("boss", "admin")))

    assert [(r["fiscal_year"], r["department__code"], r["status"]) for r in rows] == [
        (2024, "802010", None),
        (2023, "802010", "returned"),
        (2023, "802011", "submitted"),
    ]
    assert rows[1]["project_count"] == seed_2023.count() > 1
    assert rows[1]["budget"] == seed_2023.aggregate(s=Sum("budget_total"))["s"]
    assert rows[2]["project_count"] == 1
    assert isinstance(rows[2]["budget"], Decimal)


def test_a_clerk_reads_only_the_years_of_his_unit(seed_plan):
    seed = Department.objects.get(code="802010")
    other = Department.objects.create(code="802011", name="另一单位")
    DepartmentPlan.objects.create(department=other, fiscal_year=2023, status="submitted")
    _copy(Project.objects.filter(department=seed).first(), department=other, code="")

    rows = selectors.department_years(make_user("c", "clerk", departments=[other]))

    assert [(r["department__code"], r["status"]) for r in rows] == [("802011", "submitted")]
    assert list(selectors.department_years(make_user("nobody", "clerk"))) == []
