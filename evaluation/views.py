"""Pages of the two stages after approval: a unit-year's overview, the monitoring round and the
self-evaluation (form, checks beside their fields, the official table as preview, the review
actions) and their Word/Excel exports.

Each page reads its stage and its sheet through `evaluation.selectors` (a fixed number of
queries) and writes through `evaluation.services`; access is asked of `projects.permissions`.
"""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import DomainError
from evaluation import checks, layout, queue, selectors, services
from evaluation import results as results_rules
from evaluation.forms import (
    EvaluatedProjectForm,
    EvaluatedRowForm,
    MonitoredProjectForm,
    MonitoredRowForm,
    OpenMonitoringForm,
    ReviewForm,
    apply,
)
from evaluation.models import SelfEvaluation, StageAction, Status
from evaluation.scoring import SCHEMES, format_rate
from evaluation.sheets import EvaluationSheet, MonitoringSheet
from evaluation.templatetags.stage_fields import SheetFields
from projects import permissions
from projects import selectors as project_selectors
from projects.exceptions import ConcurrentEditError
from reports import services as exports
from reports.render import html

Kind = StageAction.Kind


@require_http_methods(["GET", "POST"])
def overview(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """A unit-year after approval: its monitoring rounds and self-evaluation, and opening them."""
    department, plan = permissions.department_and_plan_or_404(request.user, code, year)
    may_fill = services.fill_refusal(request.user, department) is None
    open_form = OpenMonitoringForm(request.POST if "open_monitoring" in request.POST else None)
    if request.method == "POST":
        try:
            if "open_monitoring" in request.POST and open_form.is_valid():
                month = open_form.cleaned_data["period_end_month"]
                services.monitoring_open(
                    department=department,
                    fiscal_year=year,
                    period_end_month=month,
                    user=request.user,
                )
                return redirect("evaluation:monitoring", code, year, month)
            if "open_evaluation" in request.POST:
                scheme = request.POST.get("scheme", "")
                services.evaluation_open(
                    department=department, fiscal_year=year, scheme=scheme, user=request.user
                )
                return redirect("evaluation:selfeval", code, year)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("evaluation:overview", code, year)
    rounds = list(selectors.rounds_of(department, year).order_by("period_end_month"))
    results = selectors.last_year_results(department, year)
    cross_year = (
        results_rules.cross_year_findings(
            project_selectors.department_targets(department=department, fiscal_year=year).tables,
            results,
        )
        if results
        else None
    )
    return render(
        request,
        "evaluation/overview.html",
        {
            "department": department,
            "year": year,
            "plan": plan,
            "approved": plan is not None and plan.is_locked,
            "may_fill": may_fill,
            "rounds": rounds,
            "evaluation": selectors.evaluation_of(department, year),
            "open_form": open_form,
            "schemes": [(code, scheme.label) for code, scheme in SCHEMES.items()],
            "cross_year": cross_year,
        },
    )


def _findings_at(findings: list[checks.Finding]) -> dict:
    at: dict = {}
    for finding in findings:
        at.setdefault((finding.entry_id, finding.row_id), {}).setdefault(finding.field, []).append(
            finding
        )
    return at


def _fields(form, found: dict) -> dict:
    """Each field of the form with the findings of the checks about it (shown beside it)."""
    return {name: {"field": form[name], "found": found.get(name, [])} for name in form.fields}


_NO_FINDINGS: dict = {}


def _returned_opinions(stage, history: list) -> list:
    """The opinions of the 退回 that returned the stage, while it is 被退回 (none otherwise):
    the trail's, read with it (StageAction's manager prefetches them), so no query."""
    if stage.status != Status.RETURNED or not history or history[-1].kind != Kind.RETURN:
        return []
    return list(history[-1].opinions.all())


def _blocks(sheet, project_form, row_form, data, findings, errors, *, forms=None, opinions=()):
    """Per project: its form, its findings by field, and its rows with theirs; and the
    `opinions` of a 退回 about it (a project's own, each row's), shown in place.

    When nothing was posted (`data` None) no form is built (`forms` False): each form's
    fields are `SheetFields` showing the sheet's values, written as the unbound form writes
    them (about 1,000 small forms a page otherwise, #18). Forms are built for a post: they
    validate it and carry its errors (`forms` True builds them anyway: the tests compare)."""
    if forms is None:
        forms = data is not None or bool(errors)
    at = _findings_at(findings)
    said: dict = {}  # (entry id, row id or None) → the opinions there
    for opinion in opinions:
        said.setdefault((opinion.entry_id, opinion.row_id), []).append(opinion)
    blocks = []
    for project in sheet.projects:
        found = at.get((project.entry_id, None), _NO_FINDINGS)
        if forms:
            form = project_form.of(project, data)
            f = _fields(form, found)
        else:
            form, f = None, SheetFields(project_form, f"p{project.entry_id}", project, found)
        rows = []
        for row in project.rows:
            found = at.get((project.entry_id, row.row_id), _NO_FINDINGS)
            if forms:
                row_form_ = row_form.of(row, data)
                f_ = _fields(row_form_, found)
            else:
                row_form_, f_ = None, SheetFields(row_form, f"r{row.row_id}", row, found)
            rows.append(
                {
                    "row": row,
                    "form": row_form_,
                    "f": f_,
                    "opinions": said.get((project.entry_id, row.row_id), ()),
                }
            )
        block = {
            "project": project,
            "form": form,
            "f": f,
            "rows": rows,
            "opinions": said.get((project.entry_id, None), ()),
        }
        if isinstance(sheet, MonitoringSheet):
            block["checkpoint"] = project.checkpoint(sheet.period_end_month)
            block["rate"] = format_rate(project.rate)
            block["plan_rate"] = format_rate(block["checkpoint"] and block["checkpoint"].rate)
        blocks.append(block)
    for (entry, row, field), messages_ in errors.items():
        for block in blocks:
            if block["project"].entry_id != entry:
                continue
            if row is None:
                form = block["form"]
            else:
                form = next((r["form"] for r in block["rows"] if r["row"].row_id == row), None)
            if form is not None:
                name = field if field in form.fields else None
                for message in messages_:
                    form.add_error(name, message)
    return blocks


def _preview(sheet, project_form, row_form, data, document_of) -> HttpResponse:
    """The official table as typed, not saved (the page's live preview); 400 while a field
    cannot be read (the preview stays as it was until it can)."""
    blocks = _blocks(sheet, project_form, row_form, data, [], {})
    forms_ = [b["form"] for b in blocks] + [r["form"] for b in blocks for r in b["rows"]]
    if not all(f.is_valid() for f in forms_):
        return HttpResponse(status=400)
    for block in blocks:
        apply(block["form"], block["project"])
        for row in block["rows"]:
            apply(row["form"], row["row"])
    if isinstance(sheet, EvaluationSheet):
        sheet.spread()
    return HttpResponse(html.render_document(document_of(sheet)))


def _stage_page(
    request,
    *,
    department,
    stage,
    read_sheet,
    project_form,
    row_form,
    save,
    findings_of,
    document_of,
    template,
    url_args,
    extra=None,
):
    sheet = read_sheet(stage)
    may_fill = services.fill_refusal(request.user, department, stage) is None
    actions = services.allowed_actions(request.user, stage)
    review_form = ReviewForm(request.POST or None)
    conflict = ""
    errors: dict = {}
    data = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "preview" and may_fill:
            return _preview(sheet, project_form, row_form, request.POST, document_of)
        if action == "save" and may_fill:
            data = request.POST
            blocks = _blocks(sheet, project_form, row_form, data, [], {})
            forms_ = [b["form"] for b in blocks] + [r["form"] for b in blocks for r in b["rows"]]
            if all(f.is_valid() for f in forms_):
                for block in blocks:
                    apply(block["form"], block["project"])
                    for row in block["rows"]:
                        apply(row["form"], row["row"])
                try:
                    sheet.version = int(request.POST.get("version", "0"))
                except ValueError:
                    sheet.version = 0
                if hasattr(sheet, "spread"):
                    sheet.spread()
                try:
                    save(stage, sheet, request.user)
                    messages.success(request, _("已保存。"))
                    return redirect(template[1], *url_args)
                except ConcurrentEditError as error:
                    conflict = str(error)
                except services.EvaluationDataError as error:
                    errors = error.errors
                except DomainError as error:
                    messages.error(request, str(error))
                    return redirect(template[1], *url_args)
        elif action in actions and review_form.is_valid():
            try:
                if action == Kind.SUBMIT:
                    services.stage_submit(stage=stage, user=request.user)
                    messages.success(request, _("已送审。"))
                elif action == Kind.RETURN:
                    services.stage_return(
                        stage=stage, user=request.user, comment=review_form.cleaned_data["comment"]
                    )
                    messages.success(request, _("已退回。"))
                else:
                    services.stage_approve(
                        stage=stage,
                        user=request.user,
                        comment=review_form.cleaned_data["comment"],
                        reviewed_total=review_form.cleaned_data.get("reviewed_total"),
                    )
                    messages.success(request, _("已审核通过。"))
            except DomainError as error:
                messages.error(request, str(error))
            return redirect(template[1], *url_args)
        elif action:
            messages.error(request, _("当前不能进行这项操作，页面可能已过期，请刷新后再试。"))
            return redirect(template[1], *url_args)
    findings = findings_of(sheet)
    history = list(stage.actions.select_related("actor").order_by("at", "id"))
    opinions = _returned_opinions(stage, history)
    blocks = _blocks(sheet, project_form, row_form, data, findings, errors, opinions=opinions)
    context = {
        "department": department,
        "year": stage.fiscal_year,
        "stage": stage,
        "sheet": sheet,
        "blocks": blocks,
        "may_fill": may_fill,
        "actions": actions,
        "review_form": review_form,
        "conflict": conflict,
        "blocking_count": len(checks.blocking(findings)),
        "preview": html.render_document(document_of(sheet)),
        "history": history,
        "review_fields": _fields(review_form, {}),
        "show_reviewed_total": isinstance(stage, SelfEvaluation),
        **(extra or {}),
    }
    return render(request, template[0], context)


@require_http_methods(["GET", "POST"])
def monitoring(request: HttpRequest, code: str, year: int, month: int) -> HttpResponse:
    department, stage = selectors.round_or_404(request.user, code, year, month)
    return _stage_page(
        request,
        department=department,
        stage=stage,
        read_sheet=selectors.monitoring_sheet,
        project_form=MonitoredProjectForm,
        row_form=MonitoredRowForm,
        save=lambda s, sheet, user: services.monitoring_save(monitoring=s, sheet=sheet, user=user),
        findings_of=checks.monitoring_findings,
        document_of=layout.monitoring_document,
        template=("evaluation/monitoring.html", "evaluation:monitoring"),
        url_args=(code, year, month),
    )


@require_http_methods(["GET", "POST"])
def selfeval(request: HttpRequest, code: str, year: int) -> HttpResponse:
    department = permissions.department_or_404(request.user, code)
    stage = selectors.evaluation_of(department, year)
    if stage is None:
        raise Http404(_("本年度的绩效自评尚未开始。"))
    return _stage_page(
        request,
        department=department,
        stage=stage,
        read_sheet=selectors.evaluation_sheet,
        project_form=EvaluatedProjectForm,
        row_form=EvaluatedRowForm,
        save=lambda s, sheet, user: services.evaluation_save(evaluation=s, sheet=sheet, user=user),
        findings_of=checks.evaluation_findings,
        document_of=layout.evaluation_document,
        template=("evaluation/selfeval.html", "evaluation:selfeval"),
        url_args=(code, year),
    )


def _attachment(document, name: str, fmt: str) -> FileResponse:
    if fmt not in exports.FORMATS:
        raise Http404(_("不支持的导出格式。"))
    spool = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it when sent
    exports.RENDERERS[fmt](document, spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=exports.safe_file_name(f"{name}.{fmt}"),
        content_type=exports.CONTENT_TYPES[fmt],
    )


@require_GET
def monitoring_export(request: HttpRequest, code: str, year: int, month: int, fmt: str):
    _department, stage = selectors.round_or_404(request.user, code, year, month)
    sheet = selectors.monitoring_sheet(stage)
    return _attachment(layout.monitoring_document(sheet), layout.monitoring_title(sheet), fmt)


@require_GET
def selfeval_export(request: HttpRequest, code: str, year: int, fmt: str):
    department = permissions.department_or_404(request.user, code)
    stage = selectors.evaluation_of(department, year)
    if stage is None:
        raise Http404(_("本年度的绩效自评尚未开始。"))
    sheet = selectors.evaluation_sheet(stage)
    return _attachment(layout.evaluation_document(sheet), layout.evaluation_title(sheet), fmt)


@require_GET
def county(request: HttpRequest, year: int) -> HttpResponse:
    """The county's view of a year: monitoring progress and execution rates, self-evaluation
    scores and grades, per unit the user may read."""
    return render(
        request,
        "evaluation/county.html",
        {"year": year, "units": selectors.county_progress(request.user, year)},
    )


@require_GET
def stage_queue(request: HttpRequest) -> HttpResponse:
    """Monitoring rounds and self-evaluations waiting for review, with their age."""
    return render(request, "evaluation/queue.html", {"rows": queue.stage_queue(request.user)})
