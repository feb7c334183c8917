"""Review actions (送审, 取消送审, 退回, 审核通过, 取消审核) and the queue. Views stay thin."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import NotAllowed
from core.params import small_int
from projects import permissions
from projects.models import DepartmentPlan
from reviews.selectors import department_review
from workflow import selectors, services
from workflow.finding_groups import finding_groups, rule_counts
from workflow.forms import ApproveForm, OpinionFormSet, ReturnForm, UnlockForm
from workflow.models import ReviewAction
from workflow.services import Opinion, WorkflowError


def _plan_or_404(user, code: str, year: int) -> DepartmentPlan:
    department = permissions.department_or_404(user, code)
    return get_object_or_404(
        DepartmentPlan.objects.select_related("department"), department=department, fiscal_year=year
    )


def _back(plan: DepartmentPlan):
    url = reverse("projects:department_report", args=[plan.department.code, plan.fiscal_year])
    return redirect(f"{url}#review-status")


def _report(plan: DepartmentPlan):
    """Back to the department page's top, where the outcome's message is shown."""
    return redirect("projects:department_report", plan.department.code, plan.fiscal_year)


def _act(request, plan: DepartmentPlan, action, success: str, **kwargs):
    try:
        action(plan=plan, user=request.user, **kwargs)
    except NotAllowed as refused:  # the 403 page, with the service's reason
        raise PermissionDenied(str(refused)) from refused
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return _report(plan)


def _may_confirm(request, plan: DepartmentPlan, kind: str):
    """None when the confirmation page may be shown; else the answer instead of it: the 403
    page for a user who does not take this action, the department page with a message when
    the year's status no longer allows it (a page opened before someone else acted)."""
    refusal = permissions.transition_refusal(request.user, plan, kind)
    if refusal is not None:
        raise PermissionDenied(str(refusal))
    starts, _target = permissions.TRANSITIONS[kind]
    if plan.status in starts:
        return None
    messages.error(
        request,
        _("当前状态为“%(status)s”，不能%(action)s。页面可能已过期，请刷新后查看最新状态。")
        % {"status": plan.get_status_display(), "action": ReviewAction.Kind(kind).label},
    )
    return _report(plan)


def _confirm(request, plan: DepartmentPlan, kind: str, **context):
    return render(
        request,
        "workflow/confirm.html",
        {"plan": plan, "department": plan.department, "kind": kind, **context},
    )


@require_http_methods(["GET", "POST"])
def submit(request, code: str, year: int):
    """送审 after a confirmation page that says the year locks; a year with errors left gets
    the list of them instead, each linked to its row in the editor."""
    plan = _plan_or_404(request.user, code, year)
    if (answer := _may_confirm(request, plan, ReviewAction.Kind.SUBMIT)) is not None:
        return answer
    review = department_review(department=plan.department, fiscal_year=year)
    if request.method == "POST" and not review.errors:
        return _act(
            request, plan, services.plan_submit, _("已送审，等待县财政局审核。"), blocking_errors=0
        )
    blocking = selectors.blocking_findings(review) if review.errors else []
    return _confirm(
        request,
        plan,
        ReviewAction.Kind.SUBMIT,
        errors=review.errors,
        blocking=blocking,
        refused=request.method == "POST",
    )


@require_http_methods(["GET", "POST"])
def withdraw(request, code: str, year: int):
    plan = _plan_or_404(request.user, code, year)
    if request.method == "POST":
        return _act(request, plan, services.plan_withdraw, _("已取消送审，可以继续修改。"))
    if (answer := _may_confirm(request, plan, ReviewAction.Kind.WITHDRAW)) is not None:
        return answer
    return _confirm(request, plan, ReviewAction.Kind.WITHDRAW)


@require_http_methods(["GET", "POST"])
def approve(request, code: str, year: int):
    plan = _plan_or_404(request.user, code, year)
    form = ApproveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return _act(
            request,
            plan,
            services.plan_approve,
            _("已审核通过，数据已锁定。"),
            grade=form.cleaned_data["grade"],
            comment=form.cleaned_data["comment"],
        )
    if (answer := _may_confirm(request, plan, ReviewAction.Kind.APPROVE)) is not None:
        return answer
    return _confirm(request, plan, ReviewAction.Kind.APPROVE, form=form)


@require_http_methods(["GET", "POST"])
def unlock(request, code: str, year: int):
    plan = _plan_or_404(request.user, code, year)
    form = UnlockForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return _act(
            request,
            plan,
            services.plan_unlock,
            _("已取消审核，数据退回单位修改。"),
            reason=form.cleaned_data["reason"],
        )
    if (answer := _may_confirm(request, plan, ReviewAction.Kind.UNLOCK)) is not None:
        return answer
    return _confirm(request, plan, ReviewAction.Kind.UNLOCK, form=form)


def return_plan(request, code: str, year: int):
    """退回 with a comment and per-row opinions; ticking a finding of the checks adds it."""
    plan = _plan_or_404(request.user, code, year)
    if permissions.transition_refusal(request.user, plan, "return") is not None:
        return render(request, "workflow/forbidden.html", {"plan": plan}, status=403)
    review = department_review(department=plan.department, fiscal_year=year)
    tables = review.targets.tables
    projects = [(t.project_id, f"{n}.{t.name}") for n, t in enumerate(tables, start=1)]
    rows = [
        (t.project_id, order, row.name)
        for t in tables
        for order, row in enumerate(t.indicators, start=1)
    ]
    form = ReturnForm(request.POST or None)
    formset = OpinionFormSet(request.POST or None, projects=projects, rows=rows, prefix="opinion")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        chosen = _chosen_findings(request.POST.getlist("finding"), review.findings, tables)
        typed = [_opinion(f.cleaned_data) for f in formset if f.cleaned_data.get("code")]
        try:
            services.plan_return(
                plan=plan,
                user=request.user,
                comment=form.cleaned_data["comment"],
                opinions=chosen + typed,
            )
        except NotAllowed as refused:
            raise PermissionDenied(str(refused)) from refused
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已退回，单位将看到审核意见。"))
            return _back(plan)
    preselected = set(request.POST.getlist("finding") or request.GET.getlist("finding"))
    context = {
        "plan": plan,
        "form": form,
        "formset": formset,
        "review": review,
        "findings": list(enumerate(review.findings)),
        "finding_groups": finding_groups(review.findings),
        "rule_counts": rule_counts(review.findings),
        "preselected": preselected,
    }
    return render(request, "workflow/return.html", context)


def _opinion(data: dict) -> Opinion:
    return Opinion(
        code=data["code"],
        text=data.get("text", ""),
        project_id=data.get("project"),
        indicator_order=data.get("indicator_order"),
        indicator_name=data.get("indicator_name", ""),
    )


def _chosen_findings(indexes: list[str], findings, tables) -> list[Opinion]:
    """Turn the ticked automated findings into standard opinions (code 11 when none fits)."""
    chosen = []
    for raw in indexes:
        index = small_int(raw)
        if index is None or index >= len(findings):
            continue
        finding = findings[index]
        where = finding.location
        project_id = tables[where.project_index - 1].project_id if where.project_index else None
        chosen.append(
            Opinion(
                code=finding.opinion or 11,
                text=f"{finding.problem} {finding.hint}",
                project_id=project_id,
                indicator_order=where.row,
                indicator_name=where.row_name,
            )
        )
    return chosen


def queue(request):
    """Reviewers: submissions waiting for review. Clerks: their years, returned ones first."""
    plans = selectors.review_queue(request.user)
    rows = [(plan, selectors.waiting_days(plan)) for plan in plans]
    context = {
        "rows": rows,
        "counts": selectors.status_counts(request.user),
        "role": permissions.role_of(request.user),
    }
    return render(request, "workflow/queue.html", context)
