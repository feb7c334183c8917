"""Import pages: upload → preview (what would change, problems, findings) → confirm.

Views stay thin: the services read, stage and apply; the selectors scope by permission.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from imports import selectors, selfeval, services
from imports.forms import ConfirmForm, UploadForm
from imports.models import ImportBatch
from imports.readers.base import ImportFileError, Options
from imports.readers.template import template_bytes
from projects.exceptions import DomainError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_importer(user) -> None:
    if not selectors.may_import(user):
        raise PermissionDenied(_("只有填报员和管理员可以导入绩效目标。"))


def upload(request):
    """The upload form, the template download and the user's recent imports."""
    _require_importer(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        options = Options(data["department_code"] or "", data["fiscal_year"])
        content = data["file"].read()
        try:
            if tables := selfeval.selfeval_tables(content):
                return _self_evaluation(request, tables, options)
            batch = services.import_stage(
                user=request.user,
                file_name=data["file"].name,
                data=content,
                options=options,
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("imports:preview", pk=batch.pk)
    batches = selectors.batches_of(request.user)[:20]
    return render(request, "imports/upload.html", {"form": form, "batches": batches})


def _self_evaluation(request, tables, options: Options):
    """A 自评表 is stored as the unit's self-evaluation at once (the page then shows the
    problems beside its rows); the messages say what differed from the approved targets."""
    outcome = selfeval.selfeval_import(
        tables=tables,
        department_code=options.department_code,
        fiscal_year=options.fiscal_year,
        user=request.user,
    )
    for line in outcome.lines():
        messages.info(request, line)
    evaluation = outcome.evaluation
    return redirect(
        "evaluation:selfeval", code=evaluation.department.code, year=evaluation.fiscal_year
    )


@require_GET
def preview(request, pk: int):
    """What the file holds and what confirming would do."""
    batch = selectors.batch_or_404(request.user, pk)
    working = batch.in_worker
    # While the worker has it, the page refreshes every few seconds: no diff meanwhile.
    departments = [] if working else selectors.batch_preview(batch, request.user)
    summary = batch.summary.get("preview", {})
    # Counted from the rows the page shows, so the summary agrees with its details (#16).
    would_do = summary.get("lines", [])[:1] + selectors.preview_lines(departments)
    context = {
        "batch": batch,
        "departments": departments,
        "would_do": would_do if departments else [],
        "summary": summary,
        "result": batch.summary if batch.status == ImportBatch.Status.APPLIED else None,
        "has_errors": services.batch_has_errors(batch),
        "working": working,
        "stuck": batch.looks_stuck(),
        "form": ConfirmForm(),
    }
    return render(request, "imports/preview.html", context)


@require_POST
def confirm(request, pk: int):
    """Apply the staged import with the chosen policy (one transaction), or queue a large one."""
    batch = selectors.batch_or_404(request.user, pk)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择已存在项目的处理方式。"))
        return redirect("imports:preview", pk=batch.pk)
    try:
        summary = services.import_confirm_or_queue(
            batch=batch, user=request.user, policy=form.cleaned_data["policy"]
        )
    except services.ImportRefused as refused:
        for place, problems in refused.summary.errors.items():
            messages.error(request, f"{place}：{'；'.join(problems)}")
        messages.error(request, _("导入未执行，数据库没有任何改动。"))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        if summary is None:
            messages.info(request, _("文件较大，正在后台导入；本页会自动刷新，完成后显示结果。"))
        else:
            messages.success(request, _("导入完成。") + "；".join(summary.lines()))
    return redirect("imports:preview", pk=batch.pk)


@require_POST
def requeue(request, pk: int):
    """Queue a large import again when its worker stopped before finishing it."""
    batch = selectors.batch_or_404(request.user, pk)
    try:
        services.import_requeue(batch=batch, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.info(request, _("已重新排队；本页会自动刷新。"))
    return redirect("imports:preview", pk=batch.pk)


@require_GET
def template(request):
    """The batch template (项目, 指标 with drop-downs, 填写说明)."""
    _require_importer(request.user)
    response = FileResponse(
        io.BytesIO(template_bytes()), as_attachment=True, filename=_("绩效目标批量导入模板.xlsx")
    )
    response["Content-Type"] = XLSX
    return response
