"""Writes of departments, department plans and project target tables (one transaction each)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts import permissions
from core.years import YEAR_RANGE_MESSAGE, is_fiscal_year
from indicators.models import Indicator, IndicatorFrame
from indicators.selectors import FrameIndex, frame_for, frame_index
from projects.exceptions import ConcurrentEditError, LockedError, TargetDataError
from projects.models import Department, DepartmentPlan, Project
from projects.targets import DepartmentTargets, TargetTable

INDICATOR_FIELDS = (
    "order",
    "level1_id",
    "level2_id",
    "name",
    "description",
    "value_raw",
    "comparator",
    "value_number",
    "value_unit",
    "value_text",
    "basis",
    "weight",
    "direction",
)
PROJECT_FIELDS = (
    "code",
    "name",
    "budget_total",
    "fiscal_funds",
    "other_funds",
    "purpose",
    "spending_plan_kind",
    "goals",
)


def _messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            field: [str(m) for e in errs for m in e.messages]
            for field, errs in error.error_dict.items()
        }
    return {"__all__": [str(m) for m in error.messages]}


def _field_label(model, field: str) -> str:
    if field == "__all__":
        return ""
    try:
        return str(model._meta.get_field(field).verbose_name)
    except Exception:
        return field


def _validate(obj, place: str, errors: dict[str, list[str]], exclude=None) -> None:
    """Run model validation and collect Chinese messages under a readable place name."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=True, validate_constraints=True)
    except ValidationError as error:
        for field, msgs in _messages(error).items():
            label = _field_label(type(obj), field)
            key = f"{place} · {label}" if label else place
            errors.setdefault(key, []).extend(msgs)


def _as(obj, user):
    """Attribute the history row of the next save or delete of `obj` to `user`."""
    if user is not None:
        obj._history_user = user
    return obj


def department_upsert(*, code: str, name: str, region_code: str = "", user=None) -> Department:
    """Create the department or refresh its name and region code."""
    department = Department.objects.filter(code=code).first()
    if department is None:
        department = Department(code=code, name=name, region_code=region_code)
        try:
            department.full_clean()
        except ValidationError as error:
            raise TargetDataError(
                {
                    _("预算单位%(code)s") % {"code": code}: [
                        m for msgs in _messages(error).values() for m in msgs
                    ]
                }
            ) from error
        _as(department, user).save()
        return department
    changed = []
    if name and department.name != name:
        department.name, changed = name, [*changed, "name"]
    if region_code and department.region_code != region_code:
        department.region_code, changed = region_code, [*changed, "region_code"]
    if changed:
        department.full_clean()
        _as(department, user).save(update_fields=changed)
    return department


def _build_indicators(
    project: Project,
    table: TargetTable,
    index: FrameIndex,
    place: str,
    errors: dict[str, list[str]],
) -> list[Indicator]:
    rows = []
    for number, row in enumerate(table.indicators, start=1):
        row_place = _("%(place)s · 第%(number)s行指标（%(name)s）") % {
            "place": place,
            "number": number,
            "name": row.name or _("未命名"),
        }
        level1 = index.level1s.get(row.level1)
        level2 = index.level2s.get((row.level1, row.level2))
        if level1 is None:
            errors.setdefault(row_place, []).append(
                _("一级指标“%(level1)s”不在“%(frame)s”中，请改为：%(names)s。")
                % {
                    "level1": row.level1,
                    "frame": index.frame.name,
                    "names": "、".join(index.level1_names()),
                }
            )
            continue
        if level2 is None:
            errors.setdefault(row_place, []).append(
                _("二级指标“%(level2)s”不属于一级指标“%(level1)s”，请改为：%(names)s。")
                % {
                    "level2": row.level2,
                    "level1": row.level1,
                    "names": "、".join(index.level2_names(row.level1)),
                }
            )
            continue
        indicator = Indicator(
            project=project,
            order=number,
            level1=level1,
            level2=level2,
            name=row.name,
            description=row.description,
            basis=row.basis,
            weight=row.weight,
            direction=row.direction,
        )
        indicator.set_value(row.value)
        indicator.source_id = row.indicator_id  # which stored row this one continues, if any
        # The levels are rows of the frame index just read: skip the existence query per
        # foreign key (two per indicator); clean() still checks that they belong together.
        _validate(indicator, row_place, errors, exclude=["project", "level1", "level2"])
        rows.append(indicator)
    return rows


def _find_project(department: Department, table: TargetTable) -> Project | None:
    """The stored project a table updates: by id, by code within the year, else by name."""
    projects = Project.objects.select_for_update().select_related("frame")
    if table.project_id:
        return projects.filter(pk=table.project_id, department=department).first()
    projects = projects.filter(fiscal_year=table.fiscal_year)
    if table.code:
        return projects.filter(code=table.code).first()
    return projects.filter(department=department, code="", name=table.name).first()


def _changed(obj, values: dict) -> list[str]:
    """Set `values` on `obj` and return the names of the fields that really changed."""
    changed = []
    for field, value in values.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed.append(field)
    return changed


def _project_values(table: TargetTable, display_order: int) -> dict:
    values = {field: getattr(table, field) for field in PROJECT_FIELDS}
    values.update(
        zip(("plan_mar", "plan_jun", "plan_oct", "plan_dec"), table.spending_plan, strict=True)
    )
    values["display_order"] = display_order
    return values


def _match_rows(existing: list[Indicator], indicators: list[Indicator]) -> list[Indicator | None]:
    """For each new row, the stored row it continues: same id, else same 一级/二级/三级 name.

    Matching by identity rather than position keeps the history readable when a row is
    inserted or removed in the middle (imports carry no ids, so names decide there).
    """
    by_id = {row.pk: row for row in existing}
    free = list(existing)
    matches: list[Indicator | None] = []
    for new in indicators:
        match = by_id.get(new.source_id) if new.source_id else None
        if match is None or match not in free:
            key = (new.level1_id, new.level2_id, new.name)
            match = next((r for r in free if (r.level1_id, r.level2_id, r.name) == key), None)
        if match is not None:
            free.remove(match)
        matches.append(match)
    return matches


def _store_indicators(project: Project, indicators: list[Indicator], user) -> None:
    """Update matched rows in place (history shows field changes), add new ones, delete the rest."""
    existing = list(Indicator.objects.filter(project=project).order_by("order", "id"))
    matches = _match_rows(existing, indicators)
    kept = {match.pk for match in matches if match is not None}
    for stale in existing:
        if stale.pk not in kept:
            _as(stale, user).delete()
    added = []
    for new, current in zip(indicators, matches, strict=True):
        if current is None:
            new.project = project
            added.append(_as(new, user))
            continue
        changed = _changed(current, {f: getattr(new, f) for f in INDICATOR_FIELDS})
        if changed:
            _as(current, user).save(update_fields=changed)
    # New rows in two statements (rows, then their history rows) instead of two per row: an
    # imported county sheet adds thousands. Indicator has no save() logic to bypass.
    bulk_create_with_history(added, Indicator, batch_size=500, default_user=user)


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
    user=None,
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
    changed = _changed(project, _project_values(table, display_order))
    before = len(errors)
    _validate(project, place, errors)
    indicators = _build_indicators(project, table, indexes[project.frame], place, errors)
    if len(errors) > before:
        return None
    if project.pk is None:
        _as(project, user).save()
    elif changed or _indicators_differ(project, indicators):
        project.version += 1  # the row is locked (select_for_update), so this cannot race
        _as(project, user).save()
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
    """The department-year's plan, locked for update; refuse when it is not editable."""
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
    if plan is None:
        plan = _as(DepartmentPlan(department=department, fiscal_year=fiscal_year), user)
        plan.save()
    if not plan.is_editable:
        raise LockedError(plan)
    if user is not None and not permissions.can_edit_targets(user, department, plan):
        raise PermissionDenied(_("您无权修改该单位的绩效目标。"))
    return plan


@transaction.atomic
def project_save_table(
    *, department: Department, table: TargetTable, display_order: int | None = None, user=None
) -> Project:
    """Create or update one project from its TargetTable, indicators included; all or nothing.

    `user` is the acting user (None for system jobs such as the seed loader); it is checked
    against the permission module and recorded in the history.
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
def department_targets_save(*, targets: DepartmentTargets, user=None) -> DepartmentPlan:
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
    plan_changed = _changed(
        plan,
        {
            "overall_goal": targets.overall_goal,
            "sub_goals": list(targets.sub_goals),
            "safeguards": list(targets.safeguards),
        },
    )
    errors: dict[str, list[str]] = {}
    _validate(plan, _("部门整体绩效目标"), errors)
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
        _as(plan, user).save()
    return plan


@transaction.atomic
def department_plan_save(
    *,
    plan: DepartmentPlan,
    overall_goal: str,
    sub_goals: list[str],
    safeguards: list[str],
    expected_version: int | None,
    user=None,
) -> DepartmentPlan:
    """Save the 部门整体绩效目标 of a plan (created when `plan` is unsaved); all or nothing.

    Refuses a stale `expected_version` (someone saved after the user opened the page).
    """
    locked = _editable_plan(plan.department, plan.fiscal_year, user)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError(current_version=locked.version, expected_version=expected_version)
    changed = _changed(
        locked,
        {
            "overall_goal": overall_goal,
            "sub_goals": list(sub_goals),
            "safeguards": list(safeguards),
        },
    )
    errors: dict[str, list[str]] = {}
    _validate(locked, _("部门整体绩效目标"), errors)
    if errors:
        raise TargetDataError(errors)
    if changed:
        locked.version += 1  # the row is locked (select_for_update), so this cannot race
        _as(locked, user).save()
    return locked
