"""Writes of imports: stage an upload, then apply it whole or not at all.

An import is checked first and written second (#14). The check reads the stored data in bulk,
outside any transaction, and validates every project and indicator as the models do; the
preview is the check. The apply is one short transaction: it locks the plans and the projects
the check read, refuses the whole file if any changed since, and writes in bulk (with history).
Units and narratives go through `projects.services`, as the forms' saves do; project rows use
that module's row building and matching, so forms and imports store alike.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports import safety
from imports.models import ImportBatch
from imports.readers.base import ImportFileError, Options, ReadResult
from imports.reading import read_upload
from indicators.models import Indicator, IndicatorFrame
from indicators.selectors import FrameIndex, frame_for, frame_index
from projects import permissions
from projects.exceptions import DomainError, TargetDataError
from projects.models import Department, DepartmentPlan, Project
from projects.services import department_plan_save, department_upsert
from projects.table_rows import (
    add_messages,
    attributed,
    build_indicators,
    changed_fields,
    project_key,
    project_values,
    row_values,
    stored_matches,
    updated_by,
)
from projects.targets import DepartmentTargets, department_from_dict, department_to_dict
from reviews.services import plan_form_record

logger = logging.getLogger(__name__)

UPDATE, SKIP, ABORT = "update", "skip", "abort"
POLICIES = (UPDATE, SKIP, ABORT)
ACTION_LABELS = {
    "created": gettext_lazy("新增"),
    "updated": gettext_lazy("更新"),
    "unchanged": gettext_lazy("无变化"),
    "skipped": gettext_lazy("跳过"),
}


class ImportRefused(DomainError):
    """An import that cannot be applied; `summary.errors` says where and why."""

    def __init__(self, summary: ImportSummary):
        self.summary = summary
        super().__init__("；".join(f"{p}：{'；'.join(m)}" for p, m in summary.errors.items()))


@dataclass
class ProjectOutcome:
    department_code: str
    name: str
    code: str
    action: str  # created / updated / unchanged / skipped
    indicators: int  # the table's rows; of an updated project, the rows changed/added/removed

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS[self.action])


@dataclass
class ImportSummary:
    """What an import did (or would do): counts by action, and errors by place."""

    departments_created: list[str] = field(default_factory=list)
    departments_updated: list[str] = field(default_factory=list)
    projects: list[ProjectOutcome] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def count(self, action: str) -> int:
        return sum(1 for p in self.projects if p.action == action)

    def indicators(self, action: str) -> int:
        """Indicator rows of the projects with `action`: of an updated project only the rows
        changed, added or removed (as the preview's row details count them)."""
        return sum(p.indicators for p in self.projects if p.action == action)

    @property
    def imported(self) -> int:
        return sum(1 for p in self.projects if p.action != "skipped")

    def to_dict(self) -> dict:
        data = asdict(self)
        data["counts"] = {a: self.count(a) for a in ACTION_LABELS}
        data["indicator_counts"] = {a: self.indicators(a) for a in ACTION_LABELS}
        data["lines"] = self.lines()
        return data

    def lines(self) -> list[str]:
        """The summary in Chinese, one line per figure (CLI and messages)."""
        return [
            _("单位：新增 %(created)s，更新 %(updated)s")
            % {"created": len(self.departments_created), "updated": len(self.departments_updated)},
            _("项目：")
            + "，".join(f"{label} {self.count(a)}" for a, label in ACTION_LABELS.items()),
            _("指标：")
            + "，".join(f"{label} {self.indicators(a)}" for a, label in ACTION_LABELS.items()),
        ]


def targets_import(
    *,
    departments: list[DepartmentTargets],
    user,
    policy: str = UPDATE,
    dry_run: bool = False,
) -> ImportSummary:
    """Check every department of a file, then save them all in one short transaction.

    `policy` decides what happens to projects whose code (or, without code, whose name in the
    department) already exists in the year: update them, skip them, or abort the import.
    `user`: the acting user (permissions are checked per department), or
    `projects.permissions.SYSTEM` for a command-line import run without --user.
    Raises ImportRefused (nothing saved) when any department or project is refused. A dry run
    is the check alone: it reads, never writes.
    """
    check = import_check(departments=departments, user=user, policy=policy)
    if check.summary.errors:
        raise ImportRefused(check.summary)
    if not dry_run:
        with transaction.atomic():
            import_apply(check=check, user=user)
    return check.summary


# --- the check: parse results against stored data, reading only ---


@dataclass
class _Write:
    """One table's save, decided by the check: the project with the file's values set (a new
    one, or the stored row read by the check) and its indicator rows, built and validated."""

    department_code: str
    project: Project
    version: int | None  # the stored version the check read (None: a new project)
    fields: list[str]  # the project's changed fields (stored projects)
    indicators: list[Indicator]
    updates: list[tuple[Indicator, list[str]]] = field(default_factory=list)  # stored rows
    stale: list[Indicator] = field(default_factory=list)  # stored rows the file no longer has


@dataclass
class ImportCheck:
    """What confirming writes: everything the check decided, nothing written yet."""

    summary: ImportSummary
    departments: list[DepartmentTargets]
    stored: dict[str, Department]  # by code; the others are created by the apply
    writes: list[_Write] = field(default_factory=list)
    # Parent units (主管部门) named by the file that are not among its units: stored rows, or
    # unsaved ones the apply creates.
    parents: dict[str, Department] = field(default_factory=dict)
    source: str = ""  # the file's name, recorded with the form it shows (reviews.PlanForm)


def import_check(*, departments: list[DepartmentTargets], user, policy: str) -> ImportCheck:
    """Validate a file against the stored data without writing (and without any transaction):
    permissions, locked years, taken codes, model validation of every project and indicator,
    and what each table changes. Reads a fixed number of queries however many projects."""
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}")
    codes = {d.department_code for d in departments}
    parent_codes = {d.parent_code for d in departments if d.parent_code} - codes
    units = {d.code: d for d in Department.objects.filter(code__in=codes | parent_codes)}
    stored = {code: unit for code, unit in units.items() if code in codes}
    check = ImportCheck(ImportSummary(), departments, stored)
    check.parents = {code: unit for code, unit in units.items() if code in parent_codes}
    lookup = _Lookup(departments, stored, user)
    for targets in departments:
        _check_department(check, lookup, targets, user, policy)
        if targets.parent_code in parent_codes and targets.parent_code not in check.parents:
            _check_parent(check, targets, user)
    return check


class _Lookup:
    """The stored data a file touches, read in bulk: plans, codes taken in each year, the
    projects the file would update (with their indicators), and project counts."""

    def __init__(self, departments: list[DepartmentTargets], stored, user) -> None:
        years = {d.fiscal_year for d in departments}
        self.plans = {
            (p.department_id, p.fiscal_year): p
            for p in DepartmentPlan.objects.filter(
                department__in=list(stored.values()), fiscal_year__in=years
            )
        }
        codes = {(d.fiscal_year, t.code) for d in departments for t in d.tables if t.code}
        # Which unit holds each code: only the unit id is read, never the project's data.
        self.taken: dict[tuple[int, str], int] = {}
        for year in years:
            wanted = [code for y, code in codes if y == year]
            for chunk in _chunks(wanted):
                self.taken.update(
                    ((year, code), department)
                    for code, department in Project.objects.filter(
                        fiscal_year=year, code__in=chunk
                    ).values_list("code", "department_id")
                )
        self.projects = self._own_projects(departments, stored, user)
        counts = (
            Project.objects.filter(department__in=list(stored.values()), fiscal_year__in=years)
            .values("department_id", "fiscal_year")
            .annotate(n=Count("id"))
            .values_list("department_id", "fiscal_year", "n")
            .order_by()
        )
        self.counts = {(department, year): n for department, year, n in counts}
        self.frames: dict[tuple[str, int], IndicatorFrame] = {}
        self.coded: dict[str, IndicatorFrame] = {}
        self.indexes: dict[int, FrameIndex] = {}

    @staticmethod
    def _own_projects(departments, stored, user) -> dict[tuple, Project]:
        """Stored projects of the file's own units that its tables would update, scoped by
        the permission module; keyed (unit id, year, `project_key`)."""
        matches = Q(pk__in=[])
        for targets in departments:
            department = stored.get(targets.department_code)
            if department is None:
                continue
            matches |= Q(department=department, fiscal_year=targets.fiscal_year) & updated_by(
                targets.tables
            )
        scope = permissions.visible_projects(user)
        found = list(scope.filter(matches).select_related("frame").order_by("display_order", "id"))
        rows: dict[int, list[Indicator]] = {p.pk: [] for p in found}
        for chunk in _chunks(list(rows)):
            for row in Indicator.objects.filter(project_id__in=chunk).order_by("order", "id"):
                rows[row.project_id].append(row)
        projects: dict[tuple, Project] = {}
        for project in found:
            project.stored_indicators = rows[project.pk]
            key = (
                project.department_id,
                project.fiscal_year,
                project_key(project.code, project.name),
            )
            projects.setdefault(key, project)  # the first, as a lookup by name picks
        return projects

    def frame(self, region_code: str, fiscal_year: int) -> IndicatorFrame:
        key = (region_code, fiscal_year)
        if key not in self.frames:
            self.frames[key] = frame_for(region_code=region_code, fiscal_year=fiscal_year)
        return self.frames[key]

    def frame_of(self, table, region_frame: IndicatorFrame) -> IndicatorFrame:
        """The frame a new project is created in: the one its file shows (成本指标 as a 一级 or
        as a 二级, `TargetTable.frame_code`), read once per import; else the region's."""
        code = table.frame_code
        if not code or code == region_frame.code:
            return region_frame
        if code not in self.coded:
            # A code no frame has (an API payload's) leaves the region's frame, which then
            # names the rows it cannot hold.
            self.coded[code] = IndicatorFrame.objects.filter(code=code).first() or region_frame
        return self.coded[code]

    def index(self, frame: IndicatorFrame) -> FrameIndex:
        if frame.pk not in self.indexes:
            self.indexes[frame.pk] = frame_index(frame)
        return self.indexes[frame.pk]


def _chunks(items: list, size: int = 2000):
    """Pieces small enough for one IN (…) list on every database."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _place(targets: DepartmentTargets) -> str:
    return _("单位%(code)s%(name)s") % {
        "code": targets.department_code,
        "name": targets.department_name,
    }


def _check_department(check: ImportCheck, lookup: _Lookup, targets, user, policy) -> None:
    summary, place = check.summary, _place(targets)
    department = check.stored.get(targets.department_code)
    plan = None
    try:
        if department is None:
            department = _new_department(
                targets.department_code, targets.department_name, _region(targets, user), user
            )
            summary.departments_created.append(targets.department_code)
        else:
            summary.departments_updated.append(targets.department_code)
            plan = lookup.plans.get((department.pk, targets.fiscal_year))
            # The one answer; it names a unit the user may not read by its code only.
            permissions.require_edit(user, department, plan)
        if targets.overall_goal or targets.sub_goals or targets.safeguards:
            _check_plan(department, plan, targets)
    except DomainError as error:
        _add_error(summary, place, error)
        return
    frame = lookup.frame(department.region_code, targets.fiscal_year)
    order = lookup.counts.get((department.pk, targets.fiscal_year), 0)
    for position, table in enumerate(targets.tables, start=1):
        write = _check_table(check, lookup, department, table, position, frame, order, policy)
        if write is not None and write.version is None:
            order += 1


def _region(targets: DepartmentTargets, user) -> str:
    """The region of a unit a file creates: the file's, else the importing user's county, so
    that the county's reviewers see it."""
    if targets.region_code:
        return targets.region_code
    profile = getattr(user, "profile", None)  # none for SYSTEM and profile-less users
    return getattr(profile, "region_code", "") or ""


def _check_parent(check: ImportCheck, targets: DepartmentTargets, user) -> None:
    """The parent unit a file names that is not stored: created by the apply, if the user may
    create units (a clerk may not create one they could not edit)."""
    try:
        parent = _new_department(
            targets.parent_code, targets.parent_name or targets.parent_code,
            _region(targets, user), user,
        )  # fmt: skip
    except DomainError as error:
        place = _("主管部门%(code)s%(name)s") % {
            "code": targets.parent_code,
            "name": targets.parent_name,
        }
        _add_error(check.summary, place, error)
        return
    check.parents[parent.code] = parent
    check.summary.departments_created.append(parent.code)


def _new_department(code: str, name: str, region_code: str, user) -> Department:
    """A unit a file would create (admins only), validated; saved by the apply."""
    refusal = permissions.create_department_refusal(user, code)
    if refusal is not None:
        raise refusal
    department = Department(code=code, name=name, region_code=region_code)
    try:
        department.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise TargetDataError({"": error.messages}) from error
    return department


def _check_plan(department, plan: DepartmentPlan | None, targets: DepartmentTargets) -> None:
    """The narrative (部门整体绩效目标) as the plan service will validate it."""
    plan = plan or DepartmentPlan(department=department, fiscal_year=targets.fiscal_year)
    plan.overall_goal = targets.overall_goal
    plan.sub_goals, plan.safeguards = list(targets.sub_goals), list(targets.safeguards)
    try:  # the unit is a row just read, or the one the apply creates first
        plan.full_clean(exclude=["department"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise TargetDataError({_("部门整体绩效目标"): error.messages}) from error


def _check_table(check, lookup, department, table, position, frame, order, policy):
    summary = check.summary
    place = _("%(unit)s · 第%(position)s个项目“%(name)s”") % {
        "unit": _place_of(department),
        "position": position,
        "name": table.name,
    }
    outcome = ProjectOutcome(
        department.code, table.name, table.code, "created", len(table.indicators)
    )
    holder = lookup.taken.get((table.fiscal_year, table.code)) if table.code else None
    if holder is not None and holder != department.pk:
        # The code is another unit's: say so without showing anything of that project.
        summary.errors.setdefault(place, []).append(
            _(
                "项目编码%(code)s已被本年度其他单位的项目使用，本单位的导入不能修改该项目；"
                "同一年度的项目编码不能重复，请核对编码。"
            )
            % {"code": table.code}
        )
        return None
    existing = lookup.projects.get(
        (department.pk, table.fiscal_year, project_key(table.code, table.name))
    )
    if existing is not None and policy == SKIP:
        outcome.action = "skipped"
        summary.projects.append(outcome)
        return None
    if existing is not None and policy == ABORT:
        summary.errors.setdefault(place, []).append(
            (
                _("项目编码%(code)s已存在，") % {"code": table.code}
                if table.code
                else _("项目“%(name)s”已存在，") % {"name": table.name}
            )
            + _("按“已存在则中止”的选择，整个导入不执行。可改选“更新”或“跳过”后再确认。")
        )
        return None
    if existing is None:
        project = Project(
            department=department,
            fiscal_year=table.fiscal_year,
            frame=lookup.frame_of(table, frame),
        )
        display_order, version = order + 1, None
    else:
        project, display_order, version = existing, existing.display_order, existing.version
    fields = changed_fields(project, project_values(table, display_order))
    errors: dict[str, list[str]] = {}
    try:
        # Code uniqueness is checked above in bulk (the database constraint is the last guard);
        # the unit and frame are rows just read, or the unit the apply creates first.
        project.full_clean(
            exclude=["department", "frame"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        add_messages(error, Project, place, errors)
    indicators = build_indicators(project, table, lookup.index(project.frame), place, errors)
    if errors:
        for where, messages in errors.items():
            summary.errors.setdefault(where, []).extend(messages)
        return None
    write = _Write(department.code, project, version, fields, indicators)
    if existing is not None:
        _match_stored(write, existing.stored_indicators)
        rows = len(write.updates) + len(write.indicators) + len(write.stale)
        outcome.action = "updated" if fields or rows else "unchanged"
        if outcome.action == "updated":
            outcome.indicators = rows  # not the rows it keeps as they are
    summary.projects.append(outcome)
    if outcome.action != "unchanged":
        check.writes.append(write)
    return write


def _match_stored(write: _Write, stored: list[Indicator]) -> None:
    """Split the file's rows into updates of stored rows (matched as the save service
    matches them) and new rows; stored rows left over are stale."""
    matches = stored_matches(stored, write.indicators)
    kept = {match.pk for match in matches if match is not None}
    write.stale = [row for row in stored if row.pk not in kept]
    added = []
    for new, current in zip(write.indicators, matches, strict=True):
        if current is None:
            added.append(new)
        elif changed := changed_fields(current, row_values(new)):
            write.updates.append((current, changed))
    write.indicators = added


# --- the apply: one short transaction of bulk writes ---


def import_apply(*, check: ImportCheck, user) -> None:
    """Write what the check decided. Call inside transaction.atomic(): it locks the plans and
    the stored projects, refuses (ImportRefused) when any changed since the check, then
    writes in bulk — a few statements per 500 rows, not per project."""
    departments = dict(check.stored)
    for code, parent in check.parents.items():
        if parent.pk is None:
            check.parents[code] = department_upsert(
                code=code, name=parent.name, region_code=parent.region_code, user=user
            )
    for targets in check.departments:
        if targets.department_code not in departments:
            departments[targets.department_code] = department_upsert(
                code=targets.department_code, name=targets.department_name,
                region_code=_region(targets, user), user=user,
            )  # fmt: skip
    _attach_parents(check, departments, user)
    _lock_plans(check, departments, user)
    _recheck_versions(check)
    for write in check.writes:
        write.project.department = departments[write.department_code]
    now = timezone.now()
    new = [w.project for w in check.writes if w.version is None]
    changed = [w for w in check.writes if w.version is not None]
    for write in changed:
        write.project.version += 1  # the row is locked (select_for_update)
        write.project.updated_at = now  # bulk_update skips auto_now; caches key on it
    Project.objects.bulk_create(new, batch_size=500)
    _copy_history(Project, [p.pk for p in new], "+", user)
    fields = sorted({f for w in changed for f in w.fields} | {"version", "updated_at"})
    if changed:
        Project.objects.bulk_update([w.project for w in changed], fields, batch_size=500)
        _copy_history(Project, [w.project.pk for w in changed], "~", user)
    _write_indicators(check.writes, user)


def _attach_parents(check: ImportCheck, departments: dict[str, Department], user) -> None:
    """Set the parent (主管部门) the file names on its units that have none yet; a unit
    already placed under a parent keeps it."""
    units = {**check.parents, **departments}
    for targets in check.departments:
        department = departments[targets.department_code]
        parent = units.get(targets.parent_code)
        if parent is None or department.parent_id is not None or parent.pk == department.pk:
            continue
        department.parent = parent
        attributed(department, user).save(update_fields=["parent"])


def _lock_plans(check: ImportCheck, departments: dict[str, Department], user) -> None:
    """Lock (or create) each unit-year's plan, refuse a year locked since the check, and
    save the narratives through the plan service."""
    for targets in check.departments:
        department = departments[targets.department_code]
        plan = (
            DepartmentPlan.objects.select_for_update()
            .filter(department=department, fiscal_year=targets.fiscal_year)
            .first()
        )
        refusal = permissions.edit_refusal(user, department, plan)
        if refusal is not None:  # locked (or the role changed) since the check
            check.summary.errors[_place(targets)] = [str(refusal)]
            raise ImportRefused(check.summary)
        if plan is None:
            plan = attributed(
                DepartmentPlan(department=department, fiscal_year=targets.fiscal_year), user
            )
            plan.save()
        if targets.overall_goal or targets.sub_goals or targets.safeguards:
            department_plan_save(
                plan=plan, overall_goal=targets.overall_goal, sub_goals=targets.sub_goals,
                safeguards=targets.safeguards, expected_version=None, user=user,
            )  # fmt: skip
        if targets.form:  # the file showed its form: the year is reviewed by it (#16)
            source = check.source or _("导入的文件")
            plan_form_record(plan=plan, traits=targets.form, source=source, user=user)


def _recheck_versions(check: ImportCheck) -> None:
    """Refuse the whole import when a project the check read was saved since, or a code the
    file creates was taken meanwhile: the preview no longer says what would happen."""
    expected = {w.project.pk: w for w in check.writes if w.version is not None}
    current: dict[int, int] = {}
    for chunk in _chunks(list(expected)):
        current.update(
            Project.objects.select_for_update().filter(pk__in=chunk).values_list("pk", "version")
        )
    errors = check.summary.errors
    for pk, write in expected.items():
        if current.get(pk) != write.version:
            errors.setdefault(_("项目“%(name)s”") % {"name": write.project.name}, []).append(
                _("该项目在检查之后被修改（或删除），导入未执行；请重新上传文件再检查一次。")
            )
    codes: dict[int, list[str]] = {}
    for write in check.writes:
        if write.version is None and write.project.code:
            codes.setdefault(write.project.fiscal_year, []).append(write.project.code)
    for year, wanted in codes.items():
        for chunk in _chunks(wanted):
            for code in Project.objects.filter(fiscal_year=year, code__in=chunk).values_list(
                "code", flat=True
            ):
                errors.setdefault(_("项目编码%(code)s") % {"code": code}, []).append(
                    _("该编码在检查之后被其他项目使用，导入未执行；请核对编码后重新上传。")
                )
    if errors:
        raise ImportRefused(check.summary)


def _write_indicators(writes: list[_Write], user) -> None:
    """Indicator rows of every written project: stale rows deleted, matched rows updated, new
    rows added — in bulk, each with its history rows."""
    stale = [row.pk for w in writes for row in w.stale]
    _copy_history(Indicator, stale, "-", user)
    for chunk in _chunks(stale):
        # Their history is copied above; a plain delete would write it again row by row.
        Indicator.objects.filter(pk__in=chunk)._raw_delete(Indicator.objects.db)
    updates = [(row, fields) for w in writes for row, fields in w.updates]
    if updates:
        fields = sorted({f for _row, changed in updates for f in changed})
        Indicator.objects.bulk_update([row for row, _f in updates], fields, batch_size=500)
        _copy_history(Indicator, [row.pk for row, _f in updates], "~", user)
    added = []
    for write in writes:
        for row in write.indicators:
            row.project = write.project  # sets project_id now that new projects have one
            added.append(row)
    Indicator.objects.bulk_create(added, batch_size=500)
    _copy_history(Indicator, [row.pk for row in added], "+", user)


def _copy_history(model, pks: list[int], history_type: str, user) -> None:
    """The django-simple-history rows of rows just written (or about to be deleted), copied by
    the database (INSERT … SELECT) rather than built as objects: for a county's import that
    is 100,000 objects fewer, and the write transaction is a third shorter. The columns are
    the history model's own list of tracked fields, as simple-history's bulk helpers use."""
    history = model.history.model
    quote = connection.ops.quote_name
    tracked = ", ".join(quote(f.column) for f in history.tracked_fields)
    extra = ", ".join(
        quote(history._meta.get_field(name).column)
        for name in ("history_date", "history_type", "history_user", "history_change_reason")
    )
    values = [
        connection.ops.adapt_datetimefield_value(timezone.now()),
        history_type,
        getattr(user, "pk", None),
        "",
    ]
    with connection.cursor() as cursor:
        for chunk in _chunks(pks):
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({tracked}, {extra}) "
                f"SELECT {tracked}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))})",
                [*values, *chunk],
            )


def _place_of(department: Department) -> str:
    return _("单位%(unit)s") % {"unit": department.heading}


def _add_error(summary: ImportSummary, place: str, error: Exception) -> None:
    if isinstance(error, TargetDataError):
        for where, messages in error.errors.items():
            summary.errors.setdefault(f"{place} · {where}" if where else place, []).extend(
                str(m) for m in messages
            )
        return
    summary.errors.setdefault(place, []).append(str(error))


# --- staged imports (upload → preview → confirm) ---


# A larger upload is read by the worker: reading a county's 4 MB sheet takes 20–30 s, too long
# to hold a web request (GUNICORN_TIMEOUT). Its size, type and package are checked here still.
READ_INLINE_BYTES = 1024 * 1024


def import_stage(*, user, file_name: str, data: bytes, options: Options) -> ImportBatch:
    """Read an upload and keep it with what it holds; raises ImportFileError for bad files.

    The check that shows what confirming would do runs here for a file of up to
    `IMPORT_INLINE_PROJECTS` projects, otherwise in the worker (the batch is 检查中 until then);
    a file over READ_INLINE_BYTES is also read there.
    """
    if len(data) > READ_INLINE_BYTES:
        safety.sniff(data)
        return _stage(user, file_name, data, options, ReadResult(), background=True)
    result = read_upload(data, options)
    in_background = not result.errors and _is_large(sum(len(d.tables) for d in result.departments))
    preview = None
    if not result.errors and not in_background:
        preview = import_preview(departments=result.departments, user=user)
    return _stage(user, file_name, data, options, result, in_background, preview)


def _stage(user, file_name, data, options, result, background, preview=None) -> ImportBatch:
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            created_by=user,
            file_name=file_name[:255],
            content=data,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            kind=result.kind,  # blank until the worker has read a large upload
            department_code=options.department_code,
            fiscal_year=options.fiscal_year,
            data=[department_to_dict(d) for d in result.departments],
            problems=[p.to_dict() for p in result.problems],
            status=ImportBatch.Status.CHECKING if background else ImportBatch.Status.STAGED,
            summary={} if background else {"preview": (preview or ImportSummary()).to_dict()},
            queued_at=timezone.now() if background else None,
        )
        if background:
            transaction.on_commit(lambda: _enqueue("check_import", batch.pk))
    return batch


def _is_large(project_count: int) -> bool:
    """Whether checking and saving this many projects belongs in the worker."""
    return project_count > settings.IMPORT_INLINE_PROJECTS


def _enqueue(name: str, *args) -> None:
    from imports import tasks

    getattr(tasks, name).enqueue(*args)


def import_preview(*, departments: list[DepartmentTargets], user, policy: str = UPDATE):
    """What confirming would do: the check of the save path, which reads only."""
    try:
        return targets_import(departments=departments, user=user, policy=policy, dry_run=True)
    except ImportRefused as refused:
        return refused.summary


def batch_departments(batch: ImportBatch) -> list[DepartmentTargets]:
    return [department_from_dict(d) for d in batch.data]


def batch_has_errors(batch: ImportBatch) -> bool:
    return any(p["level"] == "error" for p in batch.problems)


def import_confirm(*, batch: ImportBatch, user, policy: str) -> ImportSummary:
    """Apply a staged import with the chosen policy: the check first (reading only), then one
    short transaction that writes everything and marks the batch applied."""
    _confirmable(batch, policy, lock=False)
    return _check_and_apply(batch, user, policy, ImportBatch.Status.STAGED)


def _check_and_apply(batch: ImportBatch, user, policy: str, status: str) -> ImportSummary:
    """Check outside any transaction, then write and mark the batch applied in one; a batch
    no longer in `status` (confirmed twice, discarded) is refused."""
    check = import_check(departments=batch_departments(batch), user=user, policy=policy)
    if check.summary.errors:
        raise ImportRefused(check.summary)
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != status:
            raise DomainError(
                _("该导入已%(status)s，不能再次确认。") % {"status": locked.get_status_display()}
            )
        check.source = batch.file_name
        import_apply(check=check, user=user)
        _mark_applied(locked, policy, check.summary)
    return check.summary


def import_confirm_or_queue(*, batch: ImportBatch, user, policy: str) -> ImportSummary | None:
    """Apply a staged import now, or for a large file hand it to the worker (returns None;
    the batch is 导入中 until the worker has saved it whole or refused it whole)."""
    # Counted on the stored data: the departments are rebuilt only by whoever imports them.
    if not _is_large(sum(len(d["tables"]) for d in batch.data)):
        return import_confirm(batch=batch, user=user, policy=policy)
    with transaction.atomic():
        batch = _confirmable(batch, policy)
        batch.status = ImportBatch.Status.APPLYING
        batch.policy = policy
        batch.summary = {"preview": batch.summary.get("preview", {})}  # drop an earlier refusal
        batch.queued_at = timezone.now()
        batch.save(update_fields=["status", "policy", "summary", "queued_at"])
        transaction.on_commit(lambda: _enqueue("apply_import", batch.pk, user.pk))
    return None


def import_requeue(*, batch: ImportBatch, user) -> None:
    """Hand a batch that looks stuck in the worker (stopped mid-way: nothing was saved, the
    transaction rolled back) to the worker again."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if not batch.looks_stuck():
            raise DomainError(
                _("该导入不需要重新排队（状态：%(status)s）。")
                % {"status": batch.get_status_display()}
            )
        batch.queued_at = timezone.now()
        batch.save(update_fields=["queued_at"])
        if batch.status == ImportBatch.Status.CHECKING:
            transaction.on_commit(lambda: _enqueue("check_import", batch.pk))
        else:
            transaction.on_commit(lambda: _enqueue("apply_import", batch.pk, user.pk))


def _confirmable(batch: ImportBatch, policy: str, lock: bool = True) -> ImportBatch:
    """The batch (locked for update unless `lock` is False), if it may be confirmed (raises
    DomainError otherwise)."""
    if policy not in POLICIES:
        raise DomainError(_("请选择已存在项目的处理方式。"))
    batches = ImportBatch.objects.select_for_update() if lock else ImportBatch.objects
    batch = batches.get(pk=batch.pk)
    if batch.status != ImportBatch.Status.STAGED:
        raise DomainError(
            _("该导入已%(status)s，不能再次确认。") % {"status": batch.get_status_display()}
        )
    if batch_has_errors(batch):
        raise DomainError(_("文件中还有错误（见“读取问题”），请改正文件后重新上传。"))
    return batch


def _mark_applied(batch: ImportBatch, policy: str, summary: ImportSummary) -> None:
    batch.status = ImportBatch.Status.APPLIED
    batch.policy = policy
    batch.summary = summary.to_dict()
    batch.applied_at = timezone.now()
    batch.save(update_fields=["status", "policy", "summary", "applied_at"])


# --- the worker's side of large imports ---


def import_check_run(*, batch_id: int) -> None:
    """Read a large upload if the request left it unread, then the check (what confirming
    would do); then it is 待确认 (or 已放弃 with the reason when the file cannot be read)."""
    batch = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.CHECKING).first()
    if batch is None:
        return  # already checked, or discarded meanwhile
    changes: dict = {}
    try:
        if not batch.kind:
            changes = _read_in_worker(batch)
        preview = ImportSummary()
        if not batch_has_errors(batch):
            preview = import_preview(departments=batch_departments(batch), user=batch.created_by)
        summary = {"preview": preview.to_dict()}
    except ImportFileError as error:
        summary = {"preview": {}, "failure": str(error)}
    except Exception as error:  # recorded on the batch, which can then not be confirmed
        logger.exception("import batch %s: check failed", batch_id)
        summary = {"preview": {}, "failure": _("检查失败：%(error)s") % {"error": error}}
    ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.CHECKING).update(
        status=ImportBatch.Status.STAGED
        if "failure" not in summary
        else ImportBatch.Status.DISCARDED,
        summary=summary,
        **changes,
    )


def _read_in_worker(batch: ImportBatch) -> dict:
    """Read a large upload's stored bytes; sets what it holds on `batch`, returns the same as
    the fields to save."""
    options = Options(batch.department_code, batch.fiscal_year)
    result = read_upload(bytes(batch.content), options)
    batch.kind = result.kind
    batch.data = [department_to_dict(d) for d in result.departments]
    batch.problems = [p.to_dict() for p in result.problems]
    return {"kind": batch.kind, "data": batch.data, "problems": batch.problems}


def import_apply_run(*, batch_id: int, user_id: int) -> None:
    """Save a large import whole, or leave it 待确认 with the reasons.

    The check runs outside any transaction; only the writes hold one. Whatever fails, the
    outcome is recorded in a transaction of its own, so the batch never stays 导入中 because
    the failed transaction took the status update down with it (a stopped worker leaves it
    导入中 until IMPORT_STALE_MINUTES, when it can be queued again).
    """
    user = get_user_model().objects.get(pk=user_id)
    batch = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.APPLYING).first()
    if batch is None:
        return
    try:
        _check_and_apply(batch, user, batch.policy, ImportBatch.Status.APPLYING)
        return
    except ImportRefused as refused:
        outcome = {"refused": refused.summary.errors}
    except DomainError as error:
        outcome = {"failure": str(error)}
    except Exception as error:
        logger.exception("import batch %s: import failed", batch_id)
        outcome = {"failure": _("导入失败：%(error)s") % {"error": error}}
    # Nothing was saved: back to 待确认 with the reasons, so it can be confirmed again.
    ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.APPLYING).update(
        status=ImportBatch.Status.STAGED,
        summary={"preview": batch.summary.get("preview", {}), **outcome},
    )


def import_discard(*, batch: ImportBatch) -> None:
    """Drop a staged upload's bytes; the batch row stays as a record."""
    if batch.status == ImportBatch.Status.STAGED:
        batch.status = ImportBatch.Status.DISCARDED
        batch.content = b""
        batch.save(update_fields=["status", "content"])
