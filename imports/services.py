"""Writes of imports: stage an upload, then apply it whole or not at all.

The saving itself goes through `projects.services` (the same path as the forms), inside one
outer transaction; any error rolls back every department of the file. A dry run takes the same
path and rolls back at the end, so the preview shows exactly what confirming would do.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import permissions
from accounts.models import Role
from imports.models import ImportBatch
from imports.readers.base import Options
from imports.reading import read_upload
from projects.exceptions import DomainError, TargetDataError
from projects.models import Department, DepartmentPlan, Project
from projects.services import department_plan_save, department_upsert, project_save_table
from projects.targets import (
    DepartmentTargets,
    TargetTable,
    department_from_dict,
    department_to_dict,
)

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
    indicators: int

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


class _DryRun(Exception):
    """Raised at the end of a dry run to roll the transaction back."""


def targets_import(
    *,
    departments: list[DepartmentTargets],
    user=None,
    policy: str = UPDATE,
    dry_run: bool = False,
) -> ImportSummary:
    """Save every department of a file in one transaction; all or nothing.

    `policy` decides what happens to projects whose code (or, without code, whose name in the
    department) already exists in the year: update them, skip them, or abort the import.
    `user` None is a system job (CLI); otherwise permissions are checked per department.
    Raises ImportRefused (nothing saved) when any department or project is refused.
    """
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}")
    summary = ImportSummary()
    try:
        with transaction.atomic():
            for department in departments:
                _import_department(department, user, policy, summary)
            if summary.errors:
                raise ImportRefused(summary)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return summary


def _place(targets: DepartmentTargets) -> str:
    return _("单位%(code)s%(name)s") % {
        "code": targets.department_code,
        "name": targets.department_name,
    }


def _import_department(targets: DepartmentTargets, user, policy: str, summary) -> None:
    place = _place(targets)
    try:
        department = _department(targets, user, summary)
        _check_editable(department, targets.fiscal_year, user)
        if targets.overall_goal or targets.sub_goals or targets.safeguards:
            _save_plan(department, targets, user)
    except (DomainError, PermissionDenied) as error:
        _add_error(summary, place, error)
        return
    for position, table in enumerate(targets.tables, start=1):
        _import_table(department, table, position, user, policy, summary)


def _department(targets: DepartmentTargets, user, summary: ImportSummary) -> Department:
    department = Department.objects.filter(code=targets.department_code).first()
    if department is not None:
        summary.departments_updated.append(targets.department_code)
        return department
    if user is not None and permissions.role_of(user) != Role.ADMIN:
        raise PermissionDenied(
            _(
                "预算单位%(code)s尚不存在；只有管理员可以通过导入新建预算单位，"
                "请联系管理员先建立该单位，或改为导入到您负责的单位。"
            )
            % {"code": targets.department_code}
        )
    with transaction.atomic():
        department = department_upsert(
            code=targets.department_code,
            name=targets.department_name,
            region_code=targets.region_code,
            user=user,
        )
    summary.departments_created.append(targets.department_code)
    return department


def _check_editable(department: Department, fiscal_year: int, user) -> None:
    plan = DepartmentPlan.objects.filter(department=department, fiscal_year=fiscal_year).first()
    if plan is not None and not plan.is_editable:
        from projects.exceptions import LockedError

        raise LockedError(plan)
    if user is not None and not permissions.can_edit_targets(user, department, plan):
        raise PermissionDenied(
            _("您无权修改预算单位%(unit)s的绩效目标。") % {"unit": department.heading}
        )


def _save_plan(department: Department, targets: DepartmentTargets, user) -> None:
    plan = DepartmentPlan.objects.filter(
        department=department, fiscal_year=targets.fiscal_year
    ).first() or DepartmentPlan(department=department, fiscal_year=targets.fiscal_year)
    department_plan_save(
        plan=plan,
        overall_goal=targets.overall_goal,
        sub_goals=targets.sub_goals,
        safeguards=targets.safeguards,
        expected_version=None,
        user=user,
    )


def existing_project(department: Department, table: TargetTable) -> Project | None:
    """The stored project an imported table would update (same rule as the save service)."""
    projects = Project.objects.filter(fiscal_year=table.fiscal_year)
    if table.code:
        return projects.filter(code=table.code).first()
    return projects.filter(department=department, code="", name=table.name).first()


def _import_table(department, table: TargetTable, position: int, user, policy, summary) -> None:
    place = _("%(unit)s · 第%(position)s个项目“%(name)s”") % {
        "unit": _place_of(department),
        "position": position,
        "name": table.name,
    }
    existing = existing_project(department, table)
    outcome = ProjectOutcome(
        department.code, table.name, table.code, "created", len(table.indicators)
    )
    if existing is not None and policy == SKIP and existing.department_id == department.pk:
        outcome.action = "skipped"
        summary.projects.append(outcome)
        return
    if existing is not None and policy == ABORT:
        summary.errors.setdefault(place, []).append(
            (
                _("项目编码%(code)s已存在，") % {"code": table.code}
                if table.code
                else _("项目“%(name)s”已存在，") % {"name": table.name}
            )
            + _("按“已存在则中止”的选择，整个导入不执行。可改选“更新”或“跳过”后再确认。")
        )
        return
    table.project_id = table.version = None
    try:
        project = project_save_table(department=department, table=table, user=user)
    except TargetDataError as error:
        for where, messages in error.errors.items():
            summary.errors.setdefault(f"{place} · {where}", []).extend(messages)
        return
    except (DomainError, PermissionDenied) as error:
        _add_error(summary, place, error)
        return
    if existing is not None:
        outcome.action = "updated" if project.version != existing.version else "unchanged"
    summary.projects.append(outcome)


def _place_of(department: Department) -> str:
    return _("单位%(unit)s") % {"unit": department.heading}


def _add_error(summary: ImportSummary, place: str, error: Exception) -> None:
    message = error.args[0] if isinstance(error, PermissionDenied) and error.args else str(error)
    summary.errors.setdefault(place, []).append(str(message))


# --- staged imports (upload → preview → confirm) ---


def import_stage(*, user, file_name: str, data: bytes, options: Options) -> ImportBatch:
    """Read an upload and keep it with what it holds; raises ImportFileError for bad files.

    The dry run that shows what confirming would do runs here for a file of up to
    `IMPORT_INLINE_PROJECTS` projects, otherwise in the worker (the batch is 检查中 until then).
    """
    result = read_upload(data, options)
    departments = result.departments
    preview = ImportSummary()
    in_background = not result.errors and _is_large(sum(len(d.tables) for d in departments))
    if not result.errors and not in_background:
        preview = import_preview(departments=departments, user=user)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            created_by=user,
            file_name=file_name[:255],
            content=data,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            kind=result.kind,
            department_code=options.department_code,
            fiscal_year=options.fiscal_year,
            data=[department_to_dict(d) for d in result.departments],
            problems=[p.to_dict() for p in result.problems],
            status=ImportBatch.Status.CHECKING if in_background else ImportBatch.Status.STAGED,
            summary={} if in_background else {"preview": preview.to_dict()},
            queued_at=timezone.now() if in_background else None,
        )
        if in_background:
            transaction.on_commit(lambda: _enqueue("check_import", batch.pk))
    return batch


def _is_large(project_count: int) -> bool:
    """Whether checking and saving this many projects belongs in the worker."""
    return project_count > settings.IMPORT_INLINE_PROJECTS


def _enqueue(name: str, *args) -> None:
    from imports import tasks

    getattr(tasks, name).enqueue(*args)


def import_preview(*, departments: list[DepartmentTargets], user, policy: str = UPDATE):
    """What confirming would do: the real save path, rolled back (nothing stays written)."""
    try:
        return targets_import(departments=departments, user=user, policy=policy, dry_run=True)
    except ImportRefused as refused:
        return refused.summary


def batch_departments(batch: ImportBatch) -> list[DepartmentTargets]:
    return [department_from_dict(d) for d in batch.data]


def batch_has_errors(batch: ImportBatch) -> bool:
    return any(p["level"] == "error" for p in batch.problems)


@transaction.atomic
def import_confirm(*, batch: ImportBatch, user, policy: str) -> ImportSummary:
    """Apply a staged import with the chosen policy, in one transaction; mark it applied."""
    batch = _confirmable(batch, policy)
    summary = targets_import(departments=batch_departments(batch), user=user, policy=policy)
    _mark_applied(batch, policy, summary)
    return summary


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


def _confirmable(batch: ImportBatch, policy: str) -> ImportBatch:
    """The batch locked for update, if it may be confirmed (raises DomainError otherwise)."""
    if policy not in POLICIES:
        raise DomainError(_("请选择已存在项目的处理方式。"))
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
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
    """The dry run of a large upload (what confirming would do); then it is 待确认."""
    batch = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.CHECKING).first()
    if batch is None:
        return  # already checked, or discarded meanwhile
    try:
        preview = import_preview(departments=batch_departments(batch), user=batch.created_by)
        summary = {"preview": preview.to_dict()}
    except Exception as error:  # recorded on the batch, which can then not be confirmed
        logger.exception("import batch %s: check failed", batch_id)
        summary = {"preview": {}, "failure": _("检查失败：%(error)s") % {"error": error}}
    ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.CHECKING).update(
        status=ImportBatch.Status.STAGED
        if "failure" not in summary
        else ImportBatch.Status.DISCARDED,
        summary=summary,
    )


def import_apply_run(*, batch_id: int, user_id: int) -> None:
    """Save a large import whole (one transaction), or leave it 待确认 with the reasons."""
    user = get_user_model().objects.get(pk=user_id)
    with transaction.atomic():
        batch = (
            ImportBatch.objects.select_for_update()
            .filter(pk=batch_id, status=ImportBatch.Status.APPLYING)
            .first()
        )
        if batch is None:
            return
        try:
            with transaction.atomic():
                summary = targets_import(
                    departments=batch_departments(batch), user=user, policy=batch.policy
                )
        except ImportRefused as refused:
            outcome = {"refused": refused.summary.errors}
        except DomainError as error:
            outcome = {"failure": str(error)}
        except Exception as error:
            logger.exception("import batch %s: import failed", batch_id)
            outcome = {"failure": _("导入失败：%(error)s") % {"error": error}}
        else:
            _mark_applied(batch, batch.policy, summary)
            return
        # Nothing was saved: back to 待确认 with the reasons, so it can be confirmed again.
        batch.status = ImportBatch.Status.STAGED
        batch.summary = {"preview": batch.summary.get("preview", {}), **outcome}
        batch.save(update_fields=["status", "summary"])


def import_discard(*, batch: ImportBatch) -> None:
    """Drop a staged upload's bytes; the batch row stays as a record."""
    if batch.status == ImportBatch.Status.STAGED:
        batch.status = ImportBatch.Status.DISCARDED
        batch.content = b""
        batch.save(update_fields=["status", "content"])
