"""Writes of departments, department plans and project target tables (one transaction each)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from indicators.models import Indicator, IndicatorFrame
from indicators.selectors import FrameIndex, frame_for, frame_index
from projects.exceptions import ConcurrentEditError, TargetDataError
from projects.models import Department, DepartmentPlan, Project
from projects.targets import DepartmentTargets, TargetTable

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


def department_upsert(*, code: str, name: str, region_code: str = "") -> Department:
    """Create the department or refresh its name and region code."""
    department = Department.objects.filter(code=code).first()
    if department is None:
        department = Department(code=code, name=name, region_code=region_code)
        try:
            department.full_clean()
        except ValidationError as error:
            raise TargetDataError(
                {f"预算单位{code}": [m for msgs in _messages(error).values() for m in msgs]}
            ) from error
        department.save()
        return department
    changed = []
    if name and department.name != name:
        department.name, changed = name, [*changed, "name"]
    if region_code and department.region_code != region_code:
        department.region_code, changed = region_code, [*changed, "region_code"]
    if changed:
        department.full_clean()
        department.save(update_fields=changed)
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
        row_place = f"{place} · 第{number}行指标（{row.name or '未命名'}）"
        level1 = index.level1s.get(row.level1)
        level2 = index.level2s.get((row.level1, row.level2))
        if level1 is None:
            errors.setdefault(row_place, []).append(
                f"一级指标“{row.level1}”不在“{index.frame.name}”中，"
                f"请改为：{'、'.join(index.level1_names())}。"
            )
            continue
        if level2 is None:
            errors.setdefault(row_place, []).append(
                f"二级指标“{row.level2}”不属于一级指标“{row.level1}”，"
                f"请改为：{'、'.join(index.level2_names(row.level1))}。"
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
        _validate(indicator, row_place, errors, exclude=["project"])
        rows.append(indicator)
    return rows


def _find_project(department: Department, table: TargetTable) -> Project | None:
    """The stored project a table updates: by code within the year, else by unit, year, name."""
    if table.project_id:
        return Project.objects.select_for_update().filter(pk=table.project_id).first()
    projects = Project.objects.select_for_update().filter(fiscal_year=table.fiscal_year)
    if table.code:
        return projects.filter(code=table.code).first()
    return projects.filter(department=department, code="", name=table.name).first()


def _save_table(
    *,
    department: Department,
    table: TargetTable,
    display_order: int,
    frame: IndicatorFrame,
    index: FrameIndex,
    place: str,
    errors: dict[str, list[str]],
) -> Project | None:
    project = _find_project(department, table)
    if project is None:
        project = Project(department=department, fiscal_year=table.fiscal_year, frame=frame)
    elif table.version is not None and project.version != table.version:
        raise ConcurrentEditError(current_version=project.version, expected_version=table.version)
    for field in PROJECT_FIELDS:
        setattr(project, field, getattr(table, field))
    project.plan_mar, project.plan_jun, project.plan_oct, project.plan_dec = table.spending_plan
    project.display_order = display_order
    before = len(errors)
    _validate(project, place, errors)
    indicators = _build_indicators(project, table, index, place, errors)
    if len(errors) > before:
        return None
    if project.pk:
        project.version = F("version") + 1
    project.save()
    project.refresh_from_db(fields=["version"])
    Indicator.objects.filter(project=project).delete()
    for indicator in indicators:
        indicator.project = project
    Indicator.objects.bulk_create(indicators)
    return project


def _check_unique_codes(targets: DepartmentTargets, errors: dict[str, list[str]]) -> None:
    seen: dict[str, int] = {}
    for position, table in enumerate(targets.tables, start=1):
        if not table.code:
            continue
        if table.code in seen:
            errors.setdefault(f"第{position}个项目“{table.name}”", []).append(
                f"项目编码{table.code}与第{seen[table.code]}个项目重复，同一年度的项目编码不能重复。"
            )
        seen.setdefault(table.code, position)


@transaction.atomic
def project_save_table(
    *, department: Department, table: TargetTable, display_order: int | None = None
) -> Project:
    """Create or update one project from its TargetTable, indicators included; all or nothing."""
    frame = frame_for(region_code=department.region_code, fiscal_year=table.fiscal_year)
    if display_order is None:
        display_order = (
            Project.objects.filter(department=department, fiscal_year=table.fiscal_year).count() + 1
        )
    errors: dict[str, list[str]] = {}
    project = _save_table(
        department=department,
        table=table,
        display_order=display_order,
        frame=frame,
        index=frame_index(frame),
        place=f"项目“{table.name}”",
        errors=errors,
    )
    if errors or project is None:
        raise TargetDataError(errors)
    return project


@transaction.atomic
def department_targets_save(*, targets: DepartmentTargets) -> DepartmentPlan:
    """Save a whole department document (plan and every table) in one transaction.

    Projects are matched by code within the year (or by name when they have none), so saving
    the same document twice updates rather than duplicates. Any error rolls everything back.
    """
    department = department_upsert(
        code=targets.department_code,
        name=targets.department_name,
        region_code=targets.region_code,
    )
    plan, _created = DepartmentPlan.objects.select_for_update().get_or_create(
        department=department, fiscal_year=targets.fiscal_year
    )
    plan.overall_goal = targets.overall_goal
    plan.sub_goals = list(targets.sub_goals)
    plan.safeguards = list(targets.safeguards)
    errors: dict[str, list[str]] = {}
    _validate(plan, "部门整体绩效目标", errors)
    frame = frame_for(region_code=department.region_code, fiscal_year=targets.fiscal_year)
    index = frame_index(frame)
    _check_unique_codes(targets, errors)
    for position, table in enumerate(targets.tables, start=1):
        _save_table(
            department=department,
            table=table,
            display_order=position,
            frame=frame,
            index=index,
            place=f"第{position}个项目“{table.name}”",
            errors=errors,
        )
    if errors:
        raise TargetDataError(errors)
    if not _created:
        plan.version = F("version") + 1
    plan.save()
    plan.refresh_from_db(fields=["version"])
    return plan
