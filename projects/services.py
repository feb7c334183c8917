"""Writes of departments, department plans and project target tables (one transaction each)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.years import YEAR_RANGE_MESSAGE, is_fiscal_year
from indicators.models import Indicator, IndicatorFrame
from indicators.selectors import FrameIndex, frame_for, frame_index
from projects import permissions
from projects.exceptions import ConcurrentEditError, TargetDataError
from projects.models import Department, DepartmentPlan, Project
from projects.numbering import unnumbered
from projects.table_rows import (
    INDICATOR_FIELDS,
    attributed,
    build_indicators,
    changed_fields,
    error_messages,
    history_user,
    project_values,
    row_values,
    stored_matches,
    updated_by,
    validate,
)
from projects.targets import DepartmentTargets, TargetTable


def department_upsert(*, code: str, name: str, region_code: str = "", user) -> Department:
    """Create the department or refresh its name and region code.

    `user`: the acting user, or `permissions.SYSTEM` for a system job. Creating a unit is for
    admins (and system jobs); renaming one for whoever may change its targets."""
    department = Department.objects.filter(code=code).first()
    if department is None:
        refusal = permissions.create_department_refusal(user, code)
        if refusal is not None:
            raise refusal
        department = Department(code=code, name=name, region_code=region_code)
        try:
            department.full_clean()
        except ValidationError as error:
            raise TargetDataError(
                {
                    _("预算单位%(code)s") % {"code": code}: [
                        m for msgs in error_messages(error).values() for m in msgs
                    ]
                }
            ) from error
        attributed(department, user).save()
        return department
    changed = []
    if name and department.name != name:
        department.name, changed = name, [*changed, "name"]
    if region_code and department.region_code != region_code:
        department.region_code, changed = region_code, [*changed, "region_code"]
    if changed:
        permissions.require_edit(user, department, None)
        department.full_clean()
        attributed(department, user).save(update_fields=changed)
    return department


def _find_project(department: Department, table: TargetTable) -> Project | None:
    """The stored project a table updates: by id (a form's table), else by `project_key` —
    the rule imports read in bulk — except that a code is looked up in every unit of the
    year, so that a code another unit holds is refused rather than created twice."""
    projects = Project.objects.select_for_update().select_related("frame")
    if table.project_id:
        return projects.filter(pk=table.project_id, department=department).first()
    projects = projects.filter(fiscal_year=table.fiscal_year)
    if not table.code:
        projects = projects.filter(department=department)
    return projects.filter(updated_by([table])).first()


def _store_indicators(project: Project, indicators: list[Indicator], user) -> None:
    """Update matched rows in place (history shows field changes), add new ones, delete the rest."""
    existing = list(Indicator.objects.filter(project=project).order_by("order", "id"))
    matches = stored_matches(existing, indicators)
    kept = {match.pk for match in matches if match is not None}
    for stale in existing:
        if stale.pk not in kept:
            attributed(stale, user).delete()
    added = []
    for new, current in zip(indicators, matches, strict=True):
        if current is None:
            new.project = project
            added.append(attributed(new, user))
            continue
        changed = changed_fields(current, row_values(new))
        if changed:
            attributed(current, user).save(update_fields=changed)
    # New rows in two statements (rows, then their history rows) instead of two per row: an
    # imported county sheet adds thousands. Indicator has no save() logic to bypass.
    bulk_create_with_history(added, Indicator, batch_size=500, default_user=history_user(user))


class _Indexes(dict):
    """Frame trees loaded once per frame during one save."""

    def __missing__(self, frame: IndicatorFrame) -> FrameIndex:
        self[frame] = frame_index(frame)
        return self[frame]


def _save_table(
    *,
    department: Department,
    table: TargetTable,
    display_order: int,
    frame: IndicatorFrame,
    indexes: _Indexes,
    place: str,
    errors: dict[str, list[str]],
    user,
) -> Project | None:
    project = _find_project(department, table)
    if project is None:
        project = Project(department=department, fiscal_year=table.fiscal_year, frame=frame)
    elif project.department_id != department.pk:
        errors.setdefault(place, []).append(
            _("项目编码%(code)s已被本年度其他单位的项目使用，请核对编码。") % {"code": table.code}
        )
        return None
    elif table.version is not None and project.version != table.version:
        raise ConcurrentEditError(current_version=project.version, expected_version=table.version)
    changed = changed_fields(project, project_values(table, display_order))
    before = len(errors)
    validate(project, place, errors)
    indicators = build_indicators(project, table, indexes[project.frame], place, errors)
    if len(errors) > before:
        return None
    if project.pk is None:
        attributed(project, user).save()
    elif changed or _indicators_differ(project, indicators):
        project.version += 1  # the row is locked (select_for_update), so this cannot race
        attributed(project, user).save()
    _store_indicators(project, indicators, user)
    return project


def _indicators_differ(project: Project, indicators: list[Indicator]) -> bool:
    stored = [
        tuple(getattr(i, f) for f in INDICATOR_FIELDS)
        for i in Indicator.objects.filter(project=project).order_by("order", "id")
    ]
    return stored != [tuple(getattr(i, f) for f in INDICATOR_FIELDS) for i in indicators]


def _check_unique_codes(targets: DepartmentTargets, errors: dict[str, list[str]]) -> None:
    seen: dict[str, int] = {}
    for position, table in enumerate(targets.tables, start=1):
        if not table.code:
            continue
        if table.code in seen:
            place = _("第%(position)s个项目“%(name)s”") % {"position": position, "name": table.name}
            errors.setdefault(place, []).append(
                _("项目编码%(code)s与第%(other)s个项目重复，同一年度的项目编码不能重复。")
                % {"code": table.code, "other": seen[table.code]}
            )
        seen.setdefault(table.code, position)


def _editable_plan(department: Department, fiscal_year: int, user) -> DepartmentPlan:
    """The department-year's plan, locked for update (created when missing); refused with
    the one answer of `projects.permissions.edit_refusal` (NotAllowed or LockedError)."""
    if not is_fiscal_year(fiscal_year):
        # Checked before the plan row is created: a year outside the range may never be stored.
        raise TargetDataError(
            {
                str(DepartmentPlan._meta.get_field("fiscal_year").verbose_name): [
                    str(YEAR_RANGE_MESSAGE)
                ]
            }
        )
    plan = (
        DepartmentPlan.objects.select_for_update()
        .filter(department=department, fiscal_year=fiscal_year)
        .first()
    )
    permissions.require_edit(user, department, plan)
    if plan is None:
        plan = attributed(DepartmentPlan(department=department, fiscal_year=fiscal_year), user)
        plan.save()
    return plan


@transaction.atomic
def project_save_table(
    *, department: Department, table: TargetTable, user, display_order: int | None = None
) -> Project:
    """Create or update one project from its TargetTable, indicators included; all or nothing.

    `user` is the acting user, or `projects.permissions.SYSTEM` for a system job (the seed
    loader, the demo generator, a command-line carry-forward); it is asked of the permission
    module (NotAllowed / LockedError) and recorded in the history (SYSTEM as no user).
    """
    _editable_plan(department, table.fiscal_year, user)
    frame = frame_for(region_code=department.region_code, fiscal_year=table.fiscal_year)
    if display_order is None:
        existing = _find_project(department, table) if (table.project_id or table.code) else None
        display_order = (
            existing.display_order
            if existing
            else (
                Project.objects.filter(department=department, fiscal_year=table.fiscal_year).count()
                + 1
            )
        )
    errors: dict[str, list[str]] = {}
    project = _save_table(
        department=department,
        table=table,
        display_order=display_order,
        frame=frame,
        indexes=_Indexes(),
        place=_("项目“%(name)s”") % {"name": table.name},
        errors=errors,
        user=user,
    )
    if errors or project is None:
        raise TargetDataError(errors)
    return project


@transaction.atomic
def department_targets_save(*, targets: DepartmentTargets, user) -> DepartmentPlan:
    """Save a whole department document (plan and every table) in one transaction.

    Projects are matched by code within the year (or by name when they have none), so saving
    the same document twice changes nothing. Any error rolls everything back.
    """
    department = department_upsert(
        code=targets.department_code,
        name=targets.department_name,
        region_code=targets.region_code,
        user=user,
    )
    plan = _editable_plan(department, targets.fiscal_year, user)
    plan_changed = changed_fields(
        plan,
        {
            "overall_goal": targets.overall_goal,
            "sub_goals": unnumbered(targets.sub_goals),
            "safeguards": unnumbered(targets.safeguards),
        },
    )
    errors: dict[str, list[str]] = {}
    validate(plan, _("部门整体绩效目标"), errors)
    frame = frame_for(region_code=department.region_code, fiscal_year=targets.fiscal_year)
    indexes = _Indexes()
    _check_unique_codes(targets, errors)
    for position, table in enumerate(targets.tables, start=1):
        _save_table(
            department=department,
            table=table,
            display_order=position,
            frame=frame,
            indexes=indexes,
            place=_("第%(position)s个项目“%(name)s”") % {"position": position, "name": table.name},
            errors=errors,
            user=user,
        )
    if errors:
        raise TargetDataError(errors)
    if plan_changed:
        plan.version += 1  # locked row, as above
        attributed(plan, user).save()
    return plan


@transaction.atomic
def department_plan_save(
    *,
    plan: DepartmentPlan,
    overall_goal: str,
    sub_goals: list[str],
    safeguards: list[str],
    expected_version: int | None,
    user,
) -> DepartmentPlan:
    """Save the 部门整体绩效目标 of a plan (created when `plan` is unsaved); all or nothing.

    Refuses a stale `expected_version` (someone saved after the user opened the page).
    """
    locked = _editable_plan(plan.department, plan.fiscal_year, user)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError(current_version=locked.version, expected_version=expected_version)
    changed = changed_fields(
        locked,
        {
            "overall_goal": overall_goal,
            "sub_goals": unnumbered(sub_goals),
            "safeguards": unnumbered(safeguards),
        },
    )
    errors: dict[str, list[str]] = {}
    validate(locked, _("部门整体绩效目标"), errors)
    if errors:
        raise TargetDataError(errors)
    if changed:
        locked.version += 1  # the row is locked (select_for_update), so this cannot race
        attributed(locked, user).save()
    return locked


@transaction.atomic
def project_delete(*, project: Project, user, expected_version: int | None) -> None:
    """Delete a project and its indicator rows while the year is editable by `user`.

    The deletion is kept in the history (who, when, the last content), like every change.
    Refuses a stale `expected_version` (someone saved after the user opened the page).
    """
    _editable_plan(project.department, project.fiscal_year, user)
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError(current_version=locked.version, expected_version=expected_version)
    for indicator in locked.indicators.all():
        attributed(indicator, user).delete()
    attributed(locked, user).delete()
