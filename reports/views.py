"""Downloads of Word/Excel exports and the batch export jobs. Views stay thin.

Access is decided by `accounts.permissions`: a department or project the user may not read
is missing (404), worded as one that does not exist. Export jobs are visible to their creator
and to admins, and only while the user may read every unit the job holds or lists
(`reports.selectors.export_job_or_404`).
"""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from projects import permissions
from projects import selectors as project_selectors
from projects.models import Project
from projects.targets import DepartmentTargets
from reports import selectors, services
from reports.forms import BatchExportForm
from reports.models import ExportJob


def _department_targets(user, code: str, year: int) -> DepartmentTargets:
    department = permissions.department_or_404(user, code)
    targets = project_selectors.department_targets(department=department, fiscal_year=year)
    if not targets.tables and not targets.overall_goal:
        raise Http404(_("该单位在该年度没有绩效目标。"))
    return targets


def _attachment(write, file_name: str, fmt: str) -> FileResponse:
    """Write through a temporary file and stream it; the file name may be Chinese (RFC 5987)."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it when sent
    write(spool)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=file_name, content_type=services.CONTENT_TYPES[fmt]
    )


@require_GET
def department_export(request, code: str, year: int, fmt: str):
    """The department's whole document for a year as .docx or .xlsx."""
    targets = _department_targets(request.user, code, year)
    return _attachment(
        lambda out: services.department_export(targets=targets, fmt=fmt, output=out),
        services.department_file_name(targets, fmt),
        fmt,
    )


@require_GET
def project_export(request, pk: int, fmt: str):
    """One project's 绩效目标表 as .docx or .xlsx."""
    try:
        table = project_selectors.project_target_table(project_id=pk, user=request.user)
    except Project.DoesNotExist as missing:
        raise Http404(_("项目不存在。")) from missing
    return _attachment(
        lambda out: services.project_export(table=table, fmt=fmt, output=out),
        services.project_file_name(table, fmt),
        fmt,
    )


def export_job_new(request):
    """Ask for a batch export (several or all departments of a year) as a background job."""
    form = BatchExportForm(request.POST or None, initial=request.GET.dict(), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.export_job_create(
                user=request.user,
                fiscal_year=form.cleaned_data["fiscal_year"],
                department_codes=form.department_codes(),
                stage=form.cleaned_data["stage"],
            )
        except services.ExportError as error:
            form.add_error(error.field, str(error))
        else:
            messages.info(request, _("导出任务已提交，完成后可在本页下载。"))
            return redirect("reports:export_job", pk=job.pk)
    jobs = selectors.recent_export_jobs(request.user)
    return render(request, "reports/export_new.html", {"form": form, "jobs": jobs})


@require_GET
def export_job(request, pk: int):
    """Progress of a batch export; the page refreshes itself until the job has finished."""
    job = selectors.export_job_or_404(request.user, pk)
    return render(request, "reports/export_job.html", {"job": job})


@require_GET
def export_job_download(request, pk: int):
    job = selectors.export_job_or_404(request.user, pk)
    path = services.export_job_path(job)
    if job.status != ExportJob.Status.DONE or not path.exists():
        raise Http404(_("导出文件尚未生成或已被清理，请重新导出。"))
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=job.file_name,
        content_type=services.CONTENT_TYPES["zip"],
    )
