"""Exports: file names, single documents, batch zips and the background jobs that build them.

Reports never write project data; the only writes here are the ExportJob bookkeeping rows.
"""

from __future__ import annotations

import logging
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects import permissions
from projects.models import Department
from projects.selectors import department_targets
from projects.targets import DepartmentTargets, TargetTable
from reports import stages
from reports.layout import Document, department_document, project_document
from reports.models import ExportJob
from reports.render import docx, xlsx
from reports.render.county import CountySummary
from reports.selectors import BatchScope, batch_scope, departments_of_year
from reports.summary import project_summaries

logger = logging.getLogger(__name__)

FORMATS = ("docx", "xlsx")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}
_UNSAFE_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
Output = str | Path | BinaryIO
# Every renderer takes a Document layout and writes one file.
RENDERERS: dict[str, Callable[[Document, Output], None]] = {
    "docx": docx.render,
    "xlsx": xlsx.render,
}


class ExportError(Exception):
    """An export that cannot be made as asked; the message is for the user and `field` names
    the form field it belongs to (None: the whole request)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def safe_file_name(name: str) -> str:
    """Drop characters that no file system or browser accepts in a file name."""
    return _UNSAFE_IN_FILE_NAME.sub("_", name).strip(" .") or "export"


def department_file_name(targets: DepartmentTargets, fmt: str) -> str:
    """`802010乐亭县大相各庄镇人民政府-2023-绩效目标表.docx`."""
    name = _("%(unit)s-%(year)s-绩效目标表.%(ext)s") % {
        "unit": targets.department_heading,
        "year": targets.fiscal_year,
        "ext": fmt,
    }
    return safe_file_name(name)


def project_file_name(table: TargetTable, fmt: str) -> str:
    """`802010乐亭县大相各庄镇人民政府-2023-信访维稳经费-绩效目标表.xlsx`."""
    name = _("%(unit)s-%(year)s-%(project)s-绩效目标表.%(ext)s") % {
        "unit": table.department_heading,
        "year": table.fiscal_year,
        "project": table.name,
        "ext": fmt,
    }
    return safe_file_name(name)


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ExportError(
            _("不支持的导出格式“%(fmt)s”，可选：docx（Word）或 xlsx（Excel）。") % {"fmt": fmt}
        )


def department_export(*, targets: DepartmentTargets, fmt: str, output: Output) -> None:
    """Write a department's whole document for a year as Word or Excel."""
    check_format(fmt)
    RENDERERS[fmt](department_document(targets), output)


def project_export(*, table: TargetTable, fmt: str, output: Output) -> None:
    """Write one project's table as Word or Excel (the same Grid as its page)."""
    check_format(fmt)
    RENDERERS[fmt](project_document(table), output)


def batch_export(
    *,
    departments: Iterable[Department],
    fiscal_year: int,
    output: Output,
    progress: Callable[[int], None] = lambda done: None,
    skipped: Sequence[Department] = (),
    stage: str = stages.TARGETS,
) -> None:
    """Zip one .docx and one .xlsx per department plus the county summary workbook, and a
    list of the `skipped` units (asked for, without a document for the year) when there are.

    Each document goes through a temporary file straight into the archive, and the summary
    is streamed, so memory does not grow with the number of departments.
    """
    if stage != stages.TARGETS:
        _stage_batch(departments, fiscal_year, output, progress, skipped, stage)
        return
    summary = CountySummary(fiscal_year)
    with zipfile.ZipFile(output, "w") as archive, tempfile.TemporaryDirectory() as scratch:
        for done, department in enumerate(departments, start=1):
            targets = department_targets(department=department, fiscal_year=fiscal_year)
            for fmt in FORMATS:
                part = Path(scratch) / f"part.{fmt}"
                department_export(targets=targets, fmt=fmt, output=part)
                # Office files are zips already: store them, compressing again gains nothing.
                archive.write(part, department_file_name(targets, fmt), zipfile.ZIP_STORED)
            summary.add(project_summaries(targets))
            progress(done)
        part = Path(scratch) / "summary.xlsx"
        summary.save(part)
        name = _("%(year)s年-项目绩效目标汇总表.xlsx") % {"year": fiscal_year}
        archive.write(part, name, zipfile.ZIP_STORED)
        if skipped:
            text = skipped_units_text(
                fiscal_year=fiscal_year, units=[(d.code, d.name) for d in skipped]
            )
            archive.writestr(_("未导出单位.txt"), text, zipfile.ZIP_DEFLATED)


def _stage_batch(departments, fiscal_year, output, progress, skipped, stage: str) -> None:
    """A later stage's batch: each unit's documents of the stage (Word and Excel), built by
    the room that registered the stage (reports.stages), and the list of units without one."""
    builder = stages.stage_of(stage)
    if builder is None:
        raise ExportError(_("没有这种导出内容，请重新选择。"), field="stage")
    with zipfile.ZipFile(output, "w") as archive, tempfile.TemporaryDirectory() as scratch:
        for done, department in enumerate(departments, start=1):
            for stem, document in builder.documents(department, fiscal_year):
                for fmt in FORMATS:
                    part = Path(scratch) / f"part.{fmt}"
                    RENDERERS[fmt](document, part)
                    archive.write(part, f"{safe_file_name(stem)}.{fmt}", zipfile.ZIP_STORED)
            progress(done)
        if skipped:
            text = skipped_units_text(
                fiscal_year=fiscal_year,
                units=[(d.code, d.name) for d in skipped],
                what=builder.label,
            )
            archive.writestr(_("未导出单位.txt"), text, zipfile.ZIP_DEFLATED)


def skipped_units_text(
    *, fiscal_year: int, units: Sequence[tuple[str, str]], what: str = ""
) -> str:
    """The zip's list of units without a document: UTF-8 with a byte order mark and CRLF
    line ends, so Notepad on the older Windows of county offices shows the Chinese right."""
    heading = _("以下 %(count)s 个单位在%(year)s年没有%(what)s，未导出：") % {
        "count": len(units),
        "year": fiscal_year,
        "what": what or _("绩效目标"),
    }
    lines = [heading, *(Department.label(code, name) for code, name in units)]
    return "\ufeff" + "\r\n".join(lines) + "\r\n"


def batch_departments(*, fiscal_year: int, codes: list[str]) -> list[Department]:
    """The departments of a batch; raises ExportError for unknown codes or an empty year."""
    departments = departments_of_year(fiscal_year=fiscal_year, codes=codes or None)
    missing = sorted(set(codes) - {d.code for d in departments})
    if missing:
        raise ExportError(
            _("%(year)s年没有这些单位的绩效目标：%(codes)s。")
            % {"year": fiscal_year, "codes": "、".join(missing)}
        )
    if not departments:
        raise ExportError(_("%(year)s年没有任何单位的绩效目标。") % {"year": fiscal_year})
    return departments


# --- background jobs ---


def export_scope(
    *, user, fiscal_year: int, department_codes: list[str], stage: str = stages.TARGETS
) -> BatchScope:
    """What a batch export of `user` covers: the units asked for (every unit the user may
    read when none is) split into those with a document for the year and those without.

    Raises ExportError naming the field to fix when a unit is not the user's (worded as for
    a unit that does not exist) or when no unit has a document.
    """
    visible = permissions.visible_departments(user)
    if stage != stages.TARGETS:
        return _stage_scope(visible, fiscal_year, department_codes, stage)
    if department_codes:
        scope = batch_scope(
            departments=visible.filter(code__in=department_codes), fiscal_year=fiscal_year
        )
        found = {d.code for d in (*scope.exported, *scope.skipped)}
        unknown = sorted(set(department_codes) - found)
        if unknown:
            raise ExportError(
                _("没有这些单位，或您无权导出：%(codes)s。请从列表中选择单位。")
                % {"codes": "、".join(unknown)},
                field="departments",
            )
        if not scope.exported:
            raise ExportError(
                _("所选单位在%(year)s年都没有绩效目标：%(units)s。请另选单位或年度。")
                % {"year": fiscal_year, "units": "、".join(str(d) for d in scope.skipped)},
                field="departments",
            )
        return scope
    scope = batch_scope(departments=visible, fiscal_year=fiscal_year)
    if not scope.exported and not scope.skipped:
        raise ExportError(no_units_message(), field="fiscal_year")
    if not scope.exported:
        raise ExportError(year_without_documents_message(fiscal_year), field="fiscal_year")
    return scope


def _stage_scope(visible, fiscal_year: int, department_codes: list[str], stage: str) -> BatchScope:
    """The units of a later stage's batch: those asked for (or every visible unit with target
    tables that year) split by whether they have the stage."""
    builder = stages.stage_of(stage)
    if builder is None:
        raise ExportError(_("没有这种导出内容，请重新选择。"), field="stage")
    if department_codes:
        asked = list(visible.filter(code__in=department_codes).order_by("code"))
        unknown = sorted(set(department_codes) - {d.code for d in asked})
        if unknown:
            raise ExportError(
                _("没有这些单位，或您无权导出：%(codes)s。请从列表中选择单位。")
                % {"codes": "、".join(unknown)},
                field="departments",
            )
    else:
        asked = batch_scope(departments=visible, fiscal_year=fiscal_year).exported
    having = builder.units(visible.filter(pk__in=[d.pk for d in asked]), fiscal_year)
    scope = BatchScope(
        exported=[d for d in asked if d.pk in having],
        skipped=[d for d in asked if d.pk not in having],
    )
    if not scope.exported:
        raise ExportError(
            _("%(year)s年所选单位都没有%(what)s，请另选单位、年度或导出内容。")
            % {"year": fiscal_year, "what": builder.label},
            field="stage",
        )
    return scope


def no_units_message() -> str:
    return _("您没有可以导出的单位：请联系管理员为您分配角色和负责的单位。")


def year_without_documents_message(fiscal_year: int) -> str:
    return _("%(year)s年您可导出的单位都没有绩效目标，请从列表中另选年度。") % {"year": fiscal_year}


def export_job_create(
    *, user, fiscal_year: int, department_codes: list[str], stage: str = stages.TARGETS
) -> ExportJob:
    """Record a batch export and queue it for the worker once the row is committed."""
    scope = export_scope(
        user=user, fiscal_year=fiscal_year, department_codes=department_codes, stage=stage
    )
    with transaction.atomic():
        job = ExportJob.objects.create(
            created_by=user,
            fiscal_year=fiscal_year,
            department_codes=sorted(department_codes),
            stage=stage,
            total=len(scope.exported),
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from reports.tasks import run_export_job

    run_export_job.enqueue(job_id)


def export_job_path(job: ExportJob) -> Path:
    return Path(settings.EXPORTS_DIR) / f"export-job-{job.pk}.zip"


def export_job_download_name(job: ExportJob) -> str:
    scope = (
        _("%(count)s个单位") % {"count": len(job.department_codes)}
        if job.department_codes
        else _("全部单位")
    )
    return _("%(year)s年-%(scope)s-%(what)s.zip") % {
        "year": job.fiscal_year,
        "scope": scope,
        "what": stages.stage_label(job.stage),
    }


def export_job_run(*, job_id: int) -> None:
    """Build a job's zip, recording progress after each department; failures are recorded.

    The units are read again (with the creator's access now): a unit whose document was
    removed since the job was asked for is listed as skipped, not a failure.
    """
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    if job.finished:
        return
    _job_update(job, status=ExportJob.Status.RUNNING, done=0)
    path = export_job_path(job)
    partial = path.with_suffix(".part")
    try:
        scope = export_scope(
            user=job.created_by,
            fiscal_year=job.fiscal_year,
            department_codes=job.department_codes,
            stage=job.stage,
        )
        _job_update(
            job,
            total=len(scope.exported),
            exported=[d.code for d in scope.exported],
            skipped=[[d.code, d.name] for d in scope.skipped],
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        batch_export(
            departments=scope.exported,
            fiscal_year=job.fiscal_year,
            output=partial,
            progress=lambda done: _job_update(job, done=done),
            skipped=scope.skipped,
            stage=job.stage,
        )
        partial.replace(path)  # a finished file appears at once, never half-written
    except Exception as error:
        logger.exception("export job %s failed", job_id)
        partial.unlink(missing_ok=True)
        message = (
            str(error)
            if isinstance(error, ExportError)
            else _("导出失败：%(error)s") % {"error": error}
        )
        _job_update(job, status=ExportJob.Status.FAILED, error=message, finished_at=timezone.now())
        return
    _job_update(
        job,
        status=ExportJob.Status.DONE,
        file_name=export_job_download_name(job),
        finished_at=timezone.now(),
    )


def _job_update(job: ExportJob, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    ExportJob.objects.filter(pk=job.pk).update(**fields)


def export_files_cleanup(*, keep_days: int, now: datetime | None = None) -> int:
    """Delete batch zips (and `.part` files a stopped worker left) older than `keep_days`.

    The job rows stay as the record of who exported what; their download page then says the
    file was cleaned up and asks for a new export. Returns the number of files removed.
    """
    cutoff = (now or timezone.now()) - timedelta(days=keep_days)
    folder = Path(settings.EXPORTS_DIR)
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.glob("export-job-*"):
        if path.suffix not in (".zip", ".part") or not path.is_file():
            continue
        modified = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
        if modified < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
