"""Reads: one selector per page, each with a fixed number of queries."""

from __future__ import annotations

from django.db.models import (
    Count,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from indicators.models import Indicator
from projects import permissions
from projects.models import Department, DepartmentPlan, Project
from projects.targets import DepartmentTargets, IndicatorRow, TargetTable

# Plain values, not model instances: a county page reads thousands of rows, and building a
# model object per row (three per indicator with its levels) cost more than the queries.
PROJECT_COLUMNS = (
    "id", "version", "display_order", "fiscal_year", "code", "name", "budget_total",
    "fiscal_funds", "other_funds", "purpose", "plan_mar", "plan_jun", "plan_oct", "plan_dec",
    "spending_plan_kind", "goals", "frame__code", "department__code", "department__name",
)  # fmt: skip
INDICATOR_COLUMNS = (
    "project_id", "id", "level1__name", "level2__name", "name", "description", "value_raw",
    "basis", "weight", "direction",
)  # fmt: skip


def _indicator_rows(indicators: QuerySet[Indicator]) -> dict[int, list[IndicatorRow]]:
    """Project id → its indicator rows in order (one query)."""
    rows: dict[int, list[IndicatorRow]] = {}
    values = indicators.order_by("project_id", "order", "id").values_list(*INDICATOR_COLUMNS)
    for (
        project_id,
        pk,
        level1,
        level2,
        name,
        description,
        value,
        basis,
        weight,
        direction,
    ) in values:
        rows.setdefault(project_id, []).append(
            IndicatorRow(
                level1=level1,
                level2=level2,
                name=name,
                description=description,
                value=value,
                basis=basis,
                weight=weight,
                direction=direction,
                indicator_id=pk,
            )
        )
    return rows


def _table(row: dict, indicators: list[IndicatorRow]) -> TargetTable:
    return TargetTable(
        department_code=row["department__code"],
        department_name=row["department__name"],
        fiscal_year=row["fiscal_year"],
        name=row["name"],
        code=row["code"],
        budget_total=row["budget_total"],
        fiscal_funds=row["fiscal_funds"],
        other_funds=row["other_funds"],
        purpose=row["purpose"],
        spending_plan=(row["plan_mar"], row["plan_jun"], row["plan_oct"], row["plan_dec"]),
        spending_plan_kind=row["spending_plan_kind"],
        goals=list(row["goals"]),
        indicators=indicators,
        frame_code=row["frame__code"],
        project_id=row["id"],
        version=row["version"],
        position=row["display_order"],
    )


def target_tables(projects: QuerySet[Project]) -> list[TargetTable]:
    """The TargetTables of `projects`, in the queryset's order, in two queries."""
    rows = list(projects.values(*PROJECT_COLUMNS))
    indicators = _indicator_rows(Indicator.objects.filter(project__in=projects.values("id")))
    return [_table(row, indicators.get(row["id"], [])) for row in rows]


def first_target_table(projects: QuerySet[Project], *, code_first: str = "") -> TargetTable | None:
    """The TargetTable of the first of `projects` (None when there is none), in two plain
    queries: no subquery for PostgreSQL to plan when one table is wanted.

    `code_first`: the one of `projects` with this code if there is one (codes are unique in a
    year), else the first; picked in Python among the few rows `projects` holds, since an
    ORDER BY CASE cost Django more to build than the rows cost to read."""
    if code_first:
        rows = list(projects.values(*PROJECT_COLUMNS))
        row = next((r for r in rows if r["code"] == code_first), rows[0] if rows else None)
    else:
        row = projects.values(*PROJECT_COLUMNS).first()
    if row is None:
        return None
    indicators = _indicator_rows(Indicator.objects.filter(project_id=row["id"]))
    return _table(row, indicators.get(row["id"], []))


def project_table(project: Project) -> TargetTable:
    """The TargetTable of a project already read with its department and frame
    (`permissions.project_and_plan_or_404`): one query, for its indicators."""
    row = {column: getattr(project, column) for column in PROJECT_COLUMNS if "__" not in column}
    row |= {
        "frame__code": project.frame.code if project.frame_id else None,
        "department__code": project.department.code,
        "department__name": project.department.name,
    }
    indicators = _indicator_rows(Indicator.objects.filter(project_id=project.pk))
    return _table(row, indicators.get(project.pk, []))


def project_target_table(*, project_id: int, user=None) -> TargetTable:
    """One project's table (raises Project.DoesNotExist, also when the user may not read it)."""
    projects = Project.objects.filter(pk=project_id)
    if user is not None:
        projects = permissions.visible_projects(user).filter(pk=project_id)
    table = first_target_table(projects)
    if table is None:
        raise Project.DoesNotExist(f"no project {project_id}")
    return table


def department_targets(*, department: Department, fiscal_year: int) -> DepartmentTargets:
    """A department's whole document for a year: plan and every project table, in order."""
    plan = DepartmentPlan.objects.filter(department=department, fiscal_year=fiscal_year).first()
    projects = Project.objects.filter(department=department, fiscal_year=fiscal_year)
    return DepartmentTargets(
        department_code=department.code,
        department_name=department.name,
        region_code=department.region_code,
        fiscal_year=fiscal_year,
        overall_goal=plan.overall_goal if plan else "",
        sub_goals=list(plan.sub_goals) if plan else [],
        safeguards=list(plan.safeguards) if plan else [],
        tables=target_tables(projects.order_by("display_order", "id")),
    )


def department_years(user) -> QuerySet:
    """Every (department, year) the user may read that has projects, with counts, totals and
    the year's review status (None: the year has no plan yet, a draft).

    The status comes through a join on the year's plan (at most one per department and year,
    so the counts and totals stay as they are), not a correlated subquery: PostgreSQL groups by
    such a subquery and so ran it once a project, not once a row."""
    year_plan = FilteredRelation(
        "department__plans", condition=Q(department__plans__fiscal_year=F("fiscal_year"))
    )
    return (
        permissions.visible_projects(user)
        .annotate(year_plan=year_plan)
        .values("department__code", "department__name", "fiscal_year")
        .annotate(
            project_count=Count("id"), budget=Sum("budget_total"), status=Max("year_plan__status")
        )
        .order_by("-fiscal_year", "department__code")
    )


def departments_with_stats(user, fiscal_year: int | None = None) -> QuerySet[Department]:
    """Departments the user may read, with project count and budget total (for the list):
    of every year, or of `fiscal_year` when the list is filtered by year."""
    in_year = Q(projects__fiscal_year=fiscal_year) if fiscal_year else None
    return (
        permissions.visible_departments(user)
        .select_related("parent")
        .annotate(
            project_count=Count("projects", filter=in_year),
            budget=Sum("projects__budget_total", filter=in_year),
        )
        .order_by("code")
    )


def projects_for_list(user) -> QuerySet[Project]:
    """Projects the user may read, for the project list, with the indicator count."""
    # A correlated count rather than a join with GROUP BY: the page's COUNT(*) then needs no
    # grouped subquery, and sorting by 指标数 still works.
    per_project = (
        Indicator.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        permissions.visible_projects(user)
        .select_related("department")
        .annotate(indicator_count=Coalesce(Subquery(per_project, output_field=IntegerField()), 0))
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
