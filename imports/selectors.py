"""Reads for the import pages: a user's batches and the preview of one batch."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Role
from imports.diff import ROW_LABELS, TableDiff, table_diff
from imports.models import ImportBatch
from imports.services import batch_departments
from projects import permissions
from projects.models import Department
from projects.selectors import target_tables
from projects.table_rows import ProjectKey, project_key, updated_by
from projects.targets import DepartmentTargets, TargetTable
from reviews.checks import Finding, run_department
from reviews.selectors import document_context


def may_import(user) -> bool:
    """Clerks (into their units) and admins (anywhere, new units too) may import."""
    return permissions.role_of(user) in (Role.CLERK, Role.ADMIN)


def batches_of(user) -> QuerySet[ImportBatch]:
    """The batches a user may see: their own; admins see all."""
    batches = ImportBatch.objects.select_related("created_by").defer("content")
    if permissions.role_of(user) == Role.ADMIN:
        return batches
    return batches.filter(created_by=user)


def batch_or_404(user, pk: int) -> ImportBatch:
    batch = batches_of(user).filter(pk=pk).first()
    if batch is None or not may_import(user):
        raise Http404(_("导入记录不存在或您无权查看。"))
    return batch


@dataclass
class DepartmentPreview:
    targets: DepartmentTargets
    exists: bool
    rows: list[TableDiff]  # each table against the project it would update (or none)
    findings: list[Finding]


def batch_preview(batch: ImportBatch, user) -> list[DepartmentPreview]:
    """Each department of the batch: new or existing, what each table changes, review findings.

    The stored projects a file would update are read in bulk (three queries per department,
    however many projects), then compared in memory. Only projects of the file's own unit
    that `user` may read are compared (#14): a code of another unit's project shows as a new
    project (the check refuses it), never with that project's stored values.
    """
    previews = []
    for targets in batch_departments(batch):
        # A unit the user may not read counts as absent: its stored data stays unseen.
        department = _only(
            permissions.visible_departments(user).filter(code=targets.department_code)
        )
        stored = _stored_tables(user, department, targets)
        rows = [table_diff(t, stored.get(project_key(t.code, t.name))) for t in targets.tables]
        findings = run_department(targets, document_context(targets, department))
        previews.append(DepartmentPreview(targets, department is not None, rows, findings))
    return previews


def _only(departments: QuerySet[Department]) -> Department | None:
    return next(iter(departments.order_by()[:1]), None)


def _stored_tables(
    user, department: Department | None, targets: DepartmentTargets
) -> dict[ProjectKey, TargetTable]:
    if department is None:
        return {}
    projects = (
        permissions.visible_projects(user)
        .filter(updated_by(targets.tables))
        .filter(department=department, fiscal_year=targets.fiscal_year)
        .order_by("display_order", "id")
    )
    stored: dict[ProjectKey, TargetTable] = {}
    for table in target_tables(projects):
        stored.setdefault(project_key(table.code, table.name), table)  # the first, as the check
    return stored


def preview_lines(previews: list[DepartmentPreview]) -> list[str]:
    """The preview's summary counted from the same row details it shows (#16): projects by
    新增/更新/无变化 and indicator rows by 新增/修改/不变/删除, so the counts above always agree
    with the rows below (the check's summary counts every indicator of an updated project)."""
    diffs = [diff for preview in previews for diff in preview.rows]
    projects: dict[str, int] = {}
    for diff in diffs:
        projects[diff.action] = projects.get(diff.action, 0) + 1
    rows = {status: sum(d.count(status) for d in diffs) for status in ROW_LABELS}
    return [
        _("项目：") + "，".join(f"{action} {n}" for action, n in projects.items()),
        _("指标：") + "，".join(f"{ROW_LABELS[s]} {n}" for s, n in rows.items() if n),
    ]
