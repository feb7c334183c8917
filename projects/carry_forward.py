"""年度结转: copy a project, or a department's whole year, into the next year as drafts.

Codes, names, amounts, goals and indicator trees are copied unchanged. Nothing is stored to
mark them: a copied value *is* last year's value as long as it equals the value of the
project with the same code (or name) one year earlier, and the edit page says so next to the
field until the clerk changes it (see docs/decisions/006-data-entry-forms.md).
"""

from __future__ import annotations

from dataclasses import replace

from django.db import transaction
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext as _

from projects.exceptions import TargetDataError
from projects.models import Department, DepartmentPlan, Project
from projects.selectors import department_targets, first_target_table, target_tables
from projects.services import department_targets_save, project_save_table
from projects.targets import TargetTable


def _counterparts(department: Department, fiscal_year: int, code: str, name: str):
    """The department's projects of `fiscal_year` that are the same project: by code first,
    then (a code changed, or none) by name; the best match comes first."""
    projects = Project.objects.filter(department=department, fiscal_year=fiscal_year)
    if not code:
        return projects.filter(name=name)
    by_code_first = Case(When(code=code, then=Value(0)), default=Value(1))
    return projects.filter(Q(code=code) | Q(name=name)).order_by(
        by_code_first, *Project._meta.ordering
    )


def last_year_table(*, department: Department, table: TargetTable) -> TargetTable | None:
    """Last year's table of the same project, if there is one (two queries)."""
    if not table.name and not table.code:
        return None
    return first_target_table(
        _counterparts(department, table.fiscal_year - 1, table.code, table.name)
    )


def _next_year_copy(table: TargetTable, to_year: int) -> TargetTable:
    return replace(table, fiscal_year=to_year, project_id=None, version=None, position=None)


def _refuse_existing(department: Department, table: TargetTable, to_year: int) -> None:
    existing = Project.objects.filter(fiscal_year=to_year)
    if table.code:
        existing = existing.filter(code=table.code)
    else:
        existing = existing.filter(department=department, code="", name=table.name)
    if existing.exists():
        raise TargetDataError(
            {
                _("项目“%(name)s”") % {"name": table.name}: [
                    _(
                        "%(year)s年已有该项目（编码或名称相同），不能重复结转；"
                        "请直接编辑%(year)s年的项目。"
                    )
                    % {"year": to_year}
                ]
            }
        )


@transaction.atomic
def project_carry_forward(*, project: Project, user, to_year: int | None = None) -> Project:
    """Copy one project into `to_year` (default: the next year) as a draft of that year."""
    to_year = to_year or project.fiscal_year + 1
    table = target_tables(Project.objects.filter(pk=project.pk))[0]
    _refuse_existing(project.department, table, to_year)
    return project_save_table(
        department=project.department, table=_next_year_copy(table, to_year), user=user
    )


@transaction.atomic
def department_carry_forward(
    *, department: Department, from_year: int, user, to_year: int | None = None
) -> DepartmentPlan:
    """Copy a department's plan and all its projects of `from_year` into the next year."""
    to_year = to_year or from_year + 1
    source = department_targets(department=department, fiscal_year=from_year)
    place = _("%(department)s%(year)s年") % {"department": department, "year": to_year}
    if not source.tables and not source.overall_goal:
        raise TargetDataError(
            {place: [_("%(year)s年没有可结转的绩效目标。") % {"year": from_year}]}
        )
    plan = DepartmentPlan.objects.filter(department=department, fiscal_year=to_year).first()
    has_projects = Project.objects.filter(department=department, fiscal_year=to_year).exists()
    if has_projects or (plan is not None and plan.overall_goal):
        raise TargetDataError(
            {
                place: [
                    _("%(year)s年已有绩效目标，不能整体结转；请在项目页面逐个结转项目。")
                    % {"year": to_year}
                ]
            }
        )
    targets = replace(
        source,
        fiscal_year=to_year,
        tables=[_next_year_copy(t, to_year) for t in source.tables],
    )
    return department_targets_save(targets=targets, user=user)
