"""Reads for reports: the department page's document (cached), the units of a batch."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache as cache_result
from pathlib import Path

from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from indicators.models import FrameLevel1, FrameLevel2, Indicator
from projects import money, permissions
from projects import targets as targets_module
from projects.models import Department, DepartmentPlan, Project
from projects.selectors import department_targets
from projects.targets import TargetTable
from reports import layout as layout_module
from reports.layout import HTML, Entry, Grid, Narrative
from reports.models import ExportJob
from reports.render import html, placement


def _has_document(fiscal_year: int) -> dict:
    """Annotations saying whether a unit has a document for the year: a project, or a plan
    with its overall goal — what the single download asks before it answers 404."""
    return {
        "has_projects": Exists(
            Project.objects.filter(department=OuterRef("pk"), fiscal_year=fiscal_year)
        ),
        "has_goal": Exists(
            DepartmentPlan.objects.filter(
                department=OuterRef("pk"), fiscal_year=fiscal_year
            ).exclude(overall_goal="")
        ),
    }


def export_years(user) -> list[int]:
    """Years in which a unit the user may read has a document, newest first (two queries)."""
    projects = permissions.visible_projects(user).order_by().values_list("fiscal_year")
    plans = permissions.visible_plans(user).exclude(overall_goal="").order_by()
    years = set(projects.distinct()) | set(plans.values_list("fiscal_year").distinct())
    return sorted((year for (year,) in years), reverse=True)


def departments_of_year(*, fiscal_year: int, codes: list[str] | None = None) -> list[Department]:
    """Units with a document in the year (optionally only these codes), by code."""
    departments = Department.objects.annotate(**_has_document(fiscal_year)).filter(
        Q(has_projects=True) | Q(has_goal=True)
    )
    if codes:
        departments = departments.filter(code__in=codes)
    return list(departments.order_by("code"))


@dataclass(frozen=True)
class BatchScope:
    """The units of a batch export split by whether they have a document for the year."""

    exported: list[Department]
    skipped: list[Department]


def batch_scope(*, departments: QuerySet[Department], fiscal_year: int) -> BatchScope:
    """Split `departments` into units with and without a document for the year (one query)."""
    exported, skipped = [], []
    for department in departments.annotate(**_has_document(fiscal_year)).order_by("code"):
        has_document = department.has_projects or department.has_goal
        (exported if has_document else skipped).append(department)
    return BatchScope(exported=exported, skipped=skipped)


def readable_export_jobs(user, jobs: Iterable[ExportJob]) -> list[ExportJob]:
    """The jobs among `jobs` the user may see (one query): their own, or anyone's for an
    admin, and only while the user may read every unit the job holds or lists, so a clerk
    who has lost a unit has lost its zip too."""
    administers = permissions.can_administer(user)
    jobs = [job for job in jobs if administers or job.created_by_id == user.pk]
    codes = set().union(*(job.unit_codes for job in jobs))
    readable = set()
    if codes:
        visible = permissions.visible_departments(user).filter(code__in=codes)
        readable = set(visible.values_list("code", flat=True))
    return [job for job in jobs if job.unit_codes <= readable]


def recent_export_jobs(user, limit: int = 10) -> list[ExportJob]:
    return readable_export_jobs(user, ExportJob.objects.filter(created_by=user)[:limit])


def export_job_or_404(user, pk: int) -> ExportJob:
    """The job if the user may see it, else 404 (never 403: a job of others leaks nothing)."""
    for job in readable_export_jobs(user, ExportJob.objects.filter(pk=pk)):
        return job
    raise Http404(_("没有这个导出任务。"))


# --- the department page's document, cached under a fingerprint of its data ---

DOCUMENT_CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class RenderedTable:
    """One project's 绩效目标表 on the department page, already rendered to HTML."""

    project_id: int | None
    anchor: str
    title: str
    html: SafeString
    # Only when the page adds review opinions to the table (the uncached path).
    grid: Grid | None = None
    table: TargetTable | None = None


@dataclass(frozen=True)
class DepartmentDocument:
    """What the department page prints of `reports.layout.department_document`: the title,
    the contents (HTML's outline), the narrative parts (第一部分) and every table, in order."""

    heading: str
    fiscal_year: int
    title: str
    contents: tuple[Entry, ...]
    narratives: tuple[Narrative, ...]
    tables: tuple[RenderedTable, ...]
    has_overall_goal: bool

    @property
    def is_empty(self) -> bool:
        return not self.tables and not self.has_overall_goal


def department_document(
    *, department: Department, fiscal_year: int, with_grids: bool = False
) -> DepartmentDocument:
    """The department's document for a year, rendered once per version of its data.

    The fingerprint (one query) changes with every write that can change what is printed, so
    a cached document is never stale. `with_grids` keeps each table's Grid and TargetTable for
    a page that writes review opinions into the tables; that page is built fresh.
    """
    if with_grids:
        return _build_document(department, fiscal_year, with_grids=True)
    version = document_version(department_id=department.pk, fiscal_year=fiscal_year)
    key = f"reports:document:{department.pk}:{fiscal_year}:{version}"
    document = cache.get(key)
    if document is None:
        document = _build_document(department, fiscal_year, with_grids=False)
        cache.set(key, document, DOCUMENT_CACHE_SECONDS)
    return document


def _build_document(
    department: Department, fiscal_year: int, *, with_grids: bool
) -> DepartmentDocument:
    """The page's parts from the layout the Word and Excel files are written from: the
    sections shown in HTML, each table rendered as it is laid out (reports.layout.TableGrids)."""
    targets = department_targets(department=department, fiscal_year=fiscal_year)
    document = layout_module.department_document(targets)
    tables = iter(targets.tables)  # the document's Grids, in the same order
    narratives, rendered = [], []
    for section in document.sections_in(HTML):
        if isinstance(section, Narrative):
            narratives.append(section)
            continue
        table = next(tables)
        rendered.append(
            RenderedTable(
                project_id=table.project_id,
                anchor=section.anchor,
                title=section.title,
                html=html.render(section),
                grid=section if with_grids else None,
                table=table if with_grids else None,
            )
        )
    return DepartmentDocument(
        heading=targets.department_heading,
        fiscal_year=targets.fiscal_year,
        title=document.title,
        contents=tuple(document.outline(HTML)),
        narratives=tuple(narratives),
        tables=tuple(rendered),
        has_overall_goal=bool(targets.overall_goal),
    )


def _source_digest(*modules) -> str:
    """A digest of the code that lays out and renders tables and of this module (the cached
    DepartmentDocument's shape): a deploy that changes it must not be served documents
    rendered by the old code from a shared (Redis) cache."""
    digest = hashlib.sha256()
    for module in modules:
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


_RENDER_CODE = _source_digest(
    layout_module, html, placement, targets_module, money, sys.modules[__name__]
)


@cache_result
def _fingerprint_sql() -> str:
    # Built once: `Model.history` makes a new manager class on every access (decision 010).
    project = Project._meta.db_table
    in_year = "department_id = %s AND fiscal_year = %s"
    # Every save and delete of these models adds a history row (services, imports and the
    # admin alike), so the newest history id moves with any change; the frame levels have
    # no history, but their `updated_at` does. All lookups use indexes.
    return " ".join(
        [
            f"SELECT (SELECT MAX(history_id) FROM {Project.history.model._meta.db_table}",
            f"WHERE {in_year}),",
            f"(SELECT MAX(history_id) FROM {Indicator.history.model._meta.db_table}",
            f"WHERE project_id IN (SELECT id FROM {project} WHERE {in_year})),",
            f"(SELECT MAX(history_id) FROM {DepartmentPlan.history.model._meta.db_table}",
            f"WHERE {in_year}),",
            f"(SELECT MAX(history_id) FROM {Department.history.model._meta.db_table}",
            "WHERE id = %s),",
            f"(SELECT MAX(updated_at) FROM {FrameLevel1._meta.db_table}),",
            f"(SELECT MAX(updated_at) FROM {FrameLevel2._meta.db_table})",
        ]
    )


def document_version(*, department_id: int, fiscal_year: int) -> str:
    """A fingerprint of everything the department's document prints (one query)."""
    params = [department_id, fiscal_year] * 3 + [department_id]
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql(), params)
        row = cursor.fetchone()
    raw = f"{_RENDER_CODE}|{department_id}|{fiscal_year}|{row}"
    return hashlib.sha256(raw.encode()).hexdigest()
