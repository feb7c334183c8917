"""Reads for the import pages: a user's batches and the preview of one batch."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from accounts import permissions
from accounts.models import Role
from imports.models import ImportBatch
from imports.services import batch_departments
from indicators.selectors import frame_for, frame_index
from projects.models import Department, Project
from projects.targets import DepartmentTargets, TargetTable
from reviews.checks import Finding, ReviewConfig, ReviewContext, run_department
from reviews.selectors import config_for


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
        raise Http404("导入记录不存在或您无权查看。")
    return batch


@dataclass
class DepartmentPreview:
    targets: DepartmentTargets
    exists: bool
    rows: list[tuple[TargetTable, str]]  # each table with 新增 or 更新
    findings: list[Finding]


def review_context(targets: DepartmentTargets, department: Department | None) -> ReviewContext:
    """The same context the stored document would be judged in (frame, settings, region)."""
    region = department.region_code if department else targets.region_code
    index = frame_index(frame_for(region_code=region, fiscal_year=targets.fiscal_year))
    tree = {l1: tuple(index.level2_names(l1)) for l1 in index.level1_names()}
    config = config_for(department) if department else ReviewConfig()
    codes = [t.code for t in targets.tables if t.code]
    taken = Project.objects.filter(fiscal_year=targets.fiscal_year, code__in=codes)
    if department is not None:
        taken = taken.exclude(department=department)
    return ReviewContext(
        config=config,
        frame=tree,
        region_code=region,
        taken_codes=frozenset(taken.values_list("code", flat=True)),
    )


def batch_preview(batch: ImportBatch) -> list[DepartmentPreview]:
    """Each department of the batch: new or existing, each table's action, review findings."""
    previews = []
    for targets in batch_departments(batch):
        department = Department.objects.filter(code=targets.department_code).first()
        existing = _existing_keys(department, targets)
        rows = [
            (t, "更新" if (t.code or ("", t.name)) in existing else "新增") for t in targets.tables
        ]
        findings = run_department(targets, review_context(targets, department))
        previews.append(DepartmentPreview(targets, department is not None, rows, findings))
    return previews


def _existing_keys(department: Department | None, targets: DepartmentTargets) -> set:
    codes = [t.code for t in targets.tables if t.code]
    keys: set = set(
        Project.objects.filter(fiscal_year=targets.fiscal_year, code__in=codes).values_list(
            "code", flat=True
        )
    )
    if department is not None:
        names = Project.objects.filter(
            department=department, fiscal_year=targets.fiscal_year, code=""
        ).values_list("name", flat=True)
        keys |= {("", name) for name in names}
    return keys
