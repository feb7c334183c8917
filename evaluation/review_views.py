"""The 退回 page of a monitoring round and of a self-evaluation (#18): the reviewer's comment,
the checks' findings grouped by project and field (ticking one turns it into an opinion at its
project, row and field) and typed opinions picked from the stage's projects and rows.

Reads: the stage and its sheet through `evaluation.selectors` (a fixed number of queries);
writes: `evaluation.services.stage_return`. The page follows the targets' 退回 page
(workflow) and shares its script (static/js/return-page.js).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import DomainError, NotAllowed
from core.params import small_int
from evaluation import checks, selectors, services
from evaluation.models import MonitoringRound, StageAction, opinion_field_label
from evaluation.review_forms import OpinionChoices, ReturnForm, StageOpinionFormSet
from projects import permissions

RETURN = StageAction.Kind.RETURN


@dataclass
class FieldGroup:
    """The findings about one field (栏目) of a project, or about its rows."""

    key: str
    title: str
    items: list[tuple[int, checks.Finding, str]] = field(default_factory=list)  # + the row


@dataclass
class ProjectGroup:
    key: str  # "p<entry id>"
    label: str
    fields: list[FieldGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(f.items) for f in self.fields)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.fields for _i, found, _row in f.items if found.blocking)


def finding_groups(stage_kind: str, sheet, findings: list[checks.Finding]) -> list[ProjectGroup]:
    """The findings by project in the sheet's order, and within a project by field in the
    order the fields first appear; each item keeps its index (the checkbox's value) and says
    which row it is about (`第2行“受益人数”`; the checks' messages do not)."""
    labels = {p.entry_id: f"{n}.{p.name}" for n, p in enumerate(sheet.projects, start=1)}
    row_label = _("第%(n)s行")
    rows = {
        r.row_id: f"{row_label % {'n': n}}“{r.name}”"
        for p in sheet.projects
        for n, r in enumerate(p.rows, start=1)
    }
    groups: dict[int | None, ProjectGroup] = {
        p.entry_id: ProjectGroup(f"p{p.entry_id}", labels[p.entry_id]) for p in sheet.projects
    }
    for index, finding in enumerate(findings):
        group = groups.get(finding.entry_id)
        if group is None:  # a finding of a project the sheet no longer has: not offered
            continue
        row = finding.row_id is not None
        key = f"{'r' if row else 'p'}:{finding.field}"
        found = next((f for f in group.fields if f.key == key), None)
        if found is None:
            found = FieldGroup(key, opinion_field_label(stage_kind, finding.field, row=row))
            group.fields.append(found)
        found.items.append((index, finding, rows.get(finding.row_id, "")))
    return [g for g in groups.values() if g.fields]


def field_counts(groups: list[ProjectGroup]) -> list[tuple[str, str, int]]:
    """(field key, label, how many) for the field filter, most frequent first."""
    counts: dict[str, list] = {}
    for group in groups:
        for found in group.fields:
            counts.setdefault(found.key, [found.title, 0])[1] += len(found.items)
    ranked = sorted(counts.items(), key=lambda item: -item[1][1])
    return [(key, title, n) for key, (title, n) in ranked]


def _chosen(indexes: list[str], findings: list[checks.Finding], entries: set) -> list:
    """The ticked findings as opinions at their project, row and field (their message is the
    text; no standard opinion fits the stages' checks better than the message itself)."""
    chosen, seen = [], set()
    for raw in indexes:
        index = small_int(raw)
        if index is None or index >= len(findings) or index in seen:
            continue
        seen.add(index)
        finding = findings[index]
        if finding.entry_id not in entries:
            continue
        chosen.append(
            services.Opinion(
                entry_id=finding.entry_id,
                row_id=finding.row_id,
                field=finding.field,
                text=finding.message,
            )
        )
    return chosen


def _return_page(request, *, department, stage, sheet, findings, stage_url, title):
    if not permissions.can_review(request.user, department):
        raise PermissionDenied(_("只有本县的审核员可以退回。"))
    if not services.status_allows(stage, RETURN):
        messages.error(
            request,
            _("当前状态为“%(status)s”，不能退回。页面可能已过期，请刷新后查看最新状态。")
            % {"status": stage.get_status_display()},
        )
        return redirect(stage_url)
    stage_kind = "monitoring" if isinstance(stage, MonitoringRound) else "evaluation"
    projects = [(p.entry_id, f"{n}.{p.name}") for n, p in enumerate(sheet.projects, start=1)]
    rows = [
        (p.entry_id, r.row_id, n, r.name)
        for p in sheet.projects
        for n, r in enumerate(p.rows, start=1)
    ]
    data = request.POST if request.method == "POST" else None
    form = ReturnForm(data)
    choices = OpinionChoices.of(projects, rows, stage_kind)
    formset = StageOpinionFormSet(data, choices=choices, prefix="opinion")
    problem = ""
    if data is not None and form.is_valid() and formset.is_valid():
        entries = {p.entry_id for p in sheet.projects}
        chosen = _chosen(request.POST.getlist("finding"), findings, entries)
        typed = [
            services.Opinion(
                entry_id=f.cleaned_data["entry_id"],
                row_id=f.cleaned_data["row_id"],
                field=f.cleaned_data["field_name"],
                code=f.cleaned_data.get("code"),
                text=f.cleaned_data.get("text", ""),
            )
            for f in formset
            if f.cleaned_data.get("filled")
        ]
        comment = form.cleaned_data["comment"]
        if not comment.strip() and not chosen and not typed:
            form.add_error(
                "comment",
                _(
                    "请填写退回意见，或勾选下面智能审核发现的问题，或添加一条具体意见"
                    "（选择项目和指标行，写明需要修改的内容）。"
                ),
            )
        else:
            try:
                services.stage_return(
                    stage=stage, user=request.user, comment=comment, opinions=chosen + typed
                )
            except NotAllowed as refused:
                raise PermissionDenied(str(refused)) from refused
            except DomainError as error:
                problem = str(error)
            else:
                messages.success(request, _("已退回，单位将看到审核意见。"))
                return redirect(f"{stage_url}#stage-panel")
    groups = finding_groups(stage_kind, sheet, findings)
    preselected = set(request.POST.getlist("finding") or request.GET.getlist("finding"))
    return render(
        request,
        "evaluation/return.html",
        {
            "department": department,
            "year": stage.fiscal_year,
            "stage": stage,
            "title": title,
            "stage_url": stage_url,
            "form": form,
            "formset": formset,
            "problem": problem,
            "finding_count": sum(g.count for g in groups),
            "finding_groups": groups,
            "field_counts": field_counts(groups),
            "preselected": preselected,
        },
    )


@require_http_methods(["GET", "POST"])
def monitoring_return(request: HttpRequest, code: str, year: int, month: int) -> HttpResponse:
    department, stage = selectors.round_or_404(request.user, code, year, month)
    sheet = selectors.monitoring_sheet(stage)
    return _return_page(
        request,
        department=department,
        stage=stage,
        sheet=sheet,
        findings=checks.monitoring_findings(sheet),
        stage_url=reverse("evaluation:monitoring", args=[code, year, month]),
        title=_("%(period)s运行监控") % {"period": stage.period_label},
    )


@require_http_methods(["GET", "POST"])
def selfeval_return(request: HttpRequest, code: str, year: int) -> HttpResponse:
    department = permissions.department_or_404(request.user, code)
    stage = selectors.evaluation_of(department, year)
    if stage is None:
        raise Http404(_("本年度的绩效自评尚未开始。"))
    sheet = selectors.evaluation_sheet(stage)
    return _return_page(
        request,
        department=department,
        stage=stage,
        sheet=sheet,
        findings=checks.evaluation_findings(sheet),
        stage_url=reverse("evaluation:selfeval", args=[code, year]),
        title=_("绩效自评"),
    )
