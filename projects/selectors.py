"""Reads: one selector per page, each with a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet, Sum

from accounts import permissions
from indicators.models import Indicator
from projects.models import Department, DepartmentPlan, Project
from projects.targets import DepartmentTargets, IndicatorRow, TargetTable


def _indicator_rows(project: Project) -> list[IndicatorRow]:
    return [
        IndicatorRow(
            level1=ind.level1.name,
            level2=ind.level2.name,
            name=ind.name,
            description=ind.description,
            value=ind.value_raw,
            basis=ind.basis,
            weight=ind.weight,
            direction=ind.direction,
            indicator_id=ind.pk,
        )
        for ind in project.indicators.all()
    ]


def target_table_from_project(project: Project) -> TargetTable:
    """Build the TargetTable of a project whose department, frame and indicators are loaded."""
    return TargetTable(
        department_code=project.department.code,
        department_name=project.department.name,
        fiscal_year=project.fiscal_year,
        name=project.name,
        code=project.code,
        budget_total=project.budget_total,
        fiscal_funds=project.fiscal_funds,
        other_funds=project.other_funds,
        purpose=project.purpose,
        spending_plan=project.spending_plan,
        spending_plan_kind=project.spending_plan_kind,
        goals=list(project.goals),
        indicators=_indicator_rows(project),
        frame_code=project.frame.code,
        project_id=project.pk,
        version=project.version,
        position=project.display_order,
    )


def projects_with_tables() -> QuerySet[Project]:
    """Projects with everything a target table needs, in a fixed number of queries."""
    indicators = Indicator.objects.select_related("level1", "level2").order_by("order", "id")
    return Project.objects.select_related("department", "frame").prefetch_related(
        Prefetch("indicators", queryset=indicators)
    )


def project_target_table(*, project_id: int, user=None) -> TargetTable:
    """One project's table (raises Project.DoesNotExist, also when the user may not read it)."""
    projects = projects_with_tables()
    if user is not None:
        projects = projects.filter(pk__in=permissions.visible_projects(user).values("pk"))
    return target_table_from_project(projects.get(pk=project_id))


def department_targets(*, department: Department, fiscal_year: int) -> DepartmentTargets:
    """A department's whole document for a year: plan and every project table, in order."""
    plan = DepartmentPlan.objects.filter(department=department, fiscal_year=fiscal_year).first()
    projects = projects_with_tables().filter(department=department, fiscal_year=fiscal_year)
    return DepartmentTargets(
        department_code=department.code,
        department_name=department.name,
        region_code=department.region_code,
        fiscal_year=fiscal_year,
        overall_goal=plan.overall_goal if plan else "",
        sub_goals=list(plan.sub_goals) if plan else [],
        safeguards=list(plan.safeguards) if plan else [],
        tables=[target_table_from_project(p) for p in projects.order_by("display_order", "id")],
    )


def department_years(user) -> QuerySet:
    """Every (department, year) the user may read that has projects, with counts and totals."""
    return (
        permissions.visible_projects(user)
        .values("department__code", "department__name", "fiscal_year")
        .annotate(project_count=Count("id"), budget=Sum("budget_total"))
        .order_by("-fiscal_year", "department__code")
    )


def departments_with_stats(user) -> QuerySet[Department]:
    """Departments the user may read, with project count and budget total (for the list)."""
    return (
        permissions.visible_departments(user)
        .select_related("parent")
        .annotate(project_count=Count("projects"), budget=Sum("projects__budget_total"))
        .order_by("code")
    )


def projects_for_list(user) -> QuerySet[Project]:
    """Projects the user may read, for the project list, with the indicator count."""
    return (
        permissions.visible_projects(user)
        .select_related("department")
        .annotate(indicator_count=Count("indicators"))
        .order_by("-fiscal_year", "department__code", "display_order", "id")
    )


def years_by_department(user) -> dict[int, list[int]]:
    """Department id → fiscal years with projects or a plan, newest first (two queries)."""
    projects = permissions.visible_projects(user)
    pairs = set(projects.values_list("department_id", "fiscal_year").distinct())
    pairs |= set(permissions.visible_plans(user).values_list("department_id", "fiscal_year"))
    result: dict[int, list[int]] = {}
    for department_id, year in sorted(pairs, key=lambda p: -p[1]):
        result.setdefault(department_id, []).append(year)
    return result
