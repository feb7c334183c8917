"""Edit pages: the project editor (header + indicator rows), the plan editor, copy-forward.

Views stay thin: forms validate, services write (one transaction), selectors read. Every
object comes through `projects.permissions`; users who may read but not edit get a read-only
page that says why.
"""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.core import signing
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.params import small_int
from evaluation.selectors import (
    IndicatorResult,
    ProjectResult,
    last_year_results,
    project_key,
    project_result,
)
from indicators.models import IndicatorFrame
from indicators.selectors import FrameIndex, frame_index, library_suggestions, year_frame_index
from indicators.values import format_number
from projects import carry_forward, form_tables, forms, permissions, selectors
from projects.exceptions import ConcurrentEditError, NotAllowed, TargetDataError
from projects.models import Department, DepartmentPlan, Project
from projects.post_parsing import preview_table
from projects.services import department_plan_save, project_save_table
from projects.table_diff import table_changes
from projects.targets import TargetTable, table_from_dict, table_to_dict
from reports.layout import target_grid
from reports.render.html import render as render_table_html
from reviews.selectors import table_review
from workflow.selectors import editor_opinions

OPENED_SALT = "projects.edit.opened"


def _plan(department: Department, year: int) -> DepartmentPlan | None:
    return DepartmentPlan.objects.filter(department=department, fiscal_year=year).first()


def _read_only_reason(user, department: Department, plan: DepartmentPlan | None) -> str:
    """Why this user may not edit here ("" when they may): the permission module's answer."""
    refusal = permissions.edit_refusal(user, department, plan)
    return "" if refusal is None else str(refusal)


def _sealed(table: TargetTable) -> str:
    """The table as the user opened it, signed, to say later what others changed since."""
    return signing.dumps(table_to_dict(table), salt=OPENED_SALT, compress=True)


def _unsealed(token: str, base: TargetTable) -> TargetTable | None:
    try:
        data = signing.loads(token, salt=OPENED_SALT)
    except signing.BadSignature:
        return None
    return table_from_dict(
        data,
        department_code=base.department_code,
        department_name=base.department_name,
        fiscal_year=base.fiscal_year,
    )


def _frames(department: Department, table: TargetTable) -> tuple[FrameIndex, FrameIndex]:
    """The frame the table's rows are chosen from (the one it was saved with, else the
    year's) and the frame the region uses that year, which the review judges by: almost
    always one frame, loaded once (in one query)."""
    year_frame = year_frame_index(region_code=department.region_code, fiscal_year=table.fiscal_year)
    if table.frame_code and table.frame_code != year_frame.frame.code:
        return frame_index(IndicatorFrame.objects.get(code=table.frame_code)), year_frame
    return year_frame, year_frame


def _blank_table(department: Department, year: int) -> TargetTable:
    return TargetTable(
        department_code=department.code,
        department_name=department.name,
        fiscal_year=year,
        name="",
    )


def project_edit(request, pk: int):
    """Edit one project's whole 绩效目标表 on one page."""
    project, plan = permissions.project_and_plan_or_404(request.user, pk)
    return _table_editor(request, project.department, selectors.project_table(project), plan)


def project_new(request, code: str, year: int):
    """Enter a new project's 绩效目标表 for a department-year."""
    department, plan = permissions.department_and_plan_or_404(request.user, code, year)
    return _table_editor(request, department, _blank_table(department, year), plan)


def _table_editor(request, department: Department, table: TargetTable, plan: DepartmentPlan | None):
    reason = _read_only_reason(request.user, department, plan)
    frame, year_frame = _frames(department, table)
    data = request.POST if request.method == "POST" and not reason else None
    form = forms.ProjectForm(
        data,
        initial=form_tables.project_initial(table)
        if table.project_id
        else {"spending_plan_kind": "amount"},
        fiscal_year=table.fiscal_year,
        project_id=table.project_id,
    )
    formset = form_tables.indicator_formset(data, frame=frame, table=table)
    context = {"conflict": None, "opened": _sealed(table)}
    if data is not None and form.is_valid() and formset.is_valid():
        try:
            saved = project_save_table(
                department=department,
                table=form_tables.build_table(form, formset, table),
                user=request.user,
            )
        except ConcurrentEditError as error:
            form, context = _conflict(request, table, frame, error)
        except TargetDataError as error:
            form.add_error(None, [f"{p}：{'；'.join(m)}" for p, m in error.errors.items()])
        except NotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, gettext("已保存“%(name)s”。") % {"name": saved.name})
            if formset.regrouped:
                messages.info(
                    request,
                    gettext(
                        "一级指标“%(names)s”的各行原来没有排在一起，已自动移到一起"
                        "（组内顺序不变），请核对行的顺序。"
                    )
                    % {"names": "”“".join(formset.regrouped)},
                )
            return redirect("projects:project_edit", pk=saved.pk)
    shown = preview_table(data, table) if data is not None else table
    last = carry_forward.last_year_table(department=department, table=table)
    # 结果应用 (#18): last year's self-evaluation of that project (one query whenever last
    # year has the project, whether or not it was self-evaluated).
    result = project_result(last.project_id) if last is not None else None
    # The page's reads happen here, not in template tags: the stored table's automated review
    # (a new, unsaved table has nothing to judge yet) and a return's opinions on its rows.
    review = (
        table_review(
            department=department,
            table=table,
            position=table.position or 1,
            year_frame=year_frame,
            stored=True,
        )
        if table.project_id
        else None
    )
    notes = _last_year_notes(last, form, formset, result)
    return_opinions = editor_opinions(
        plan=plan,
        project_id=table.project_id,
        row_names=[row["name"].value() or "" for row in formset.forms],
    )
    return render(
        request,
        "projects/project_edit.html",
        {
            **context,
            "department": department,
            "plan": plan,
            "table": table,
            "review": review,
            "return_opinions": return_opinions,
            "form": form,
            "formset": formset,
            "read_only": reason,
            "grid": target_grid(shown, table.position or 1),
            "frame_json": {l1: frame.level2_names(l1) for l1 in frame.level1_names()},
            "units": forms.UNIT_SUGGESTIONS,
            "last_year": notes,
            # Every field the header shows a note under, so the template finds each name
            # (a name missing from a dict sends Django's lookup through its fallbacks).
            "last_header": {name: notes.get("header", {}).get(name, "") for name in _NOTED},
            "last_same": {name: notes.get("same", {}).get(name, False) for name in _NOTED},
            "last_year_no": notes.get("year", ""),
            "last_result": result,
            "next_year": table.fiscal_year + 1,
        },
    )


def _conflict(request, table: TargetTable, frame, error: ConcurrentEditError):
    """Keep what the user typed, list what the other save changed, allow a deliberate retry."""
    current = selectors.project_target_table(project_id=table.project_id, user=request.user)
    opened = _unsealed(request.POST.get("opened", ""), table) or table
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = forms.ProjectForm(data, fiscal_year=table.fiscal_year, project_id=table.project_id)
    form.is_valid()
    latest = Project.history.filter(id=table.project_id).select_related("history_user").first()
    return form, {
        "conflict": {
            "message": str(error),
            "changes": table_changes(opened, current),
            "by": latest.history_user if latest else None,
            "at": latest.history_date if latest else None,
        },
        "opened": _sealed(current),
    }


# The header fields that show last year's value under them (project_edit.html).
_NOTED = (*form_tables.HEADER_LABELS, *forms.CHECKPOINT_FIELDS, "goals")


def _last_year_notes(
    last: TargetTable | None, form, formset, result: ProjectResult | None = None
) -> dict:
    """Last year's value of each header field, and per indicator row (by 一级/二级/三级);
    with last year's self-evaluation `result`, each row's target, actual and score too."""
    # Every row carries both notes (None, "": none), so the row template never asks a form
    # for an attribute it lacks (Form.__getitem__ then formats a KeyError naming its fields).
    for row_form in formset.forms:
        row_form.last_value, row_form.last_score = None, ""
    if last is None:
        return {}
    values = form_tables.project_initial(last)
    header = {name: values[name] for name in form_tables.HEADER_LABELS if values.get(name)}
    header |= {f: values[f] for f in forms.CHECKPOINT_FIELDS if values[f]}
    if last.goals:
        header["goals"] = values["goals"]  # one per line, exactly as the goals field shows them
    rows = {(r.level1, r.level2, r.name): r.value for r in last.indicators}
    for row_form in formset.forms:
        key = tuple(row_form[f].value() for f in ("level1", "level2", "name"))
        row_form.last_value = rows.get(key)
        if result is not None:
            row_form.last_score = _score_note(result, key[2])
    same = {}
    for name, bound in ((n, form[n]) for n in header):
        bound.field.widget.attrs["aria-describedby"] = f"last-{name}"
        same[name] = form_tables.same_as_last(name, bound.value(), header[name])
    return {
        "year": last.fiscal_year,
        "header": header,
        "same": same,
        "project_id": last.project_id,
    }


def _score_note(result: ProjectResult, name: str | None) -> str:
    """One row's line of last year's self-evaluation ("" when the 三级 was not evaluated)."""
    found = result.indicators.get(name or "")
    if found is None:
        return ""
    return score_line(found, result.fiscal_year, with_year=True)


def score_line(found: IndicatorResult, year: int | None, *, with_year: bool) -> str:
    """指标值, 实际完成, 得分 and 分值 of one indicator as last year's self-evaluation gave them."""
    values = {
        "target": found.target or "—",
        "actual": found.actual or "—",
        "score": format_number(found.score) if found.score is not None else "—",
        "points": format_number(found.points),
    }
    text = gettext("指标值%(target)s，实际完成%(actual)s，得分%(score)s（分值%(points)s）") % values
    return gettext("%(year)s年自评：") % {"year": year} + text if with_year else text


@require_POST
def project_preview(request, code: str, year: int):
    """The Grid of the table as typed so far (nothing is saved), for the live preview."""
    department = permissions.department_or_404(request.user, code)
    position = request.GET.get("position", "")
    base = replace(_blank_table(department, year), position=small_int(position) or 1)
    grid = target_grid(preview_table(request.POST, base), base.position)
    return HttpResponse(render_table_html(grid))


@require_GET
def library_suggest(request):
    """Common 三级 indicators for a row's 一级/二级 (JSON for the name field's suggestions)."""
    items = library_suggestions(
        level1=request.GET.get("level1", ""),
        level2=request.GET.get("level2", ""),
        query=request.GET.get("q", "")[:50],
    )
    return JsonResponse({"items": items})


def plan_edit(request, code: str, year: int):
    """Edit 部门整体绩效目标: the overall goal and the ordered sub-goals and safeguards."""
    department = permissions.department_or_404(request.user, code)
    plan = _plan(department, year) or DepartmentPlan(department=department, fiscal_year=year)
    reason = _read_only_reason(request.user, department, plan if plan.pk else None)
    data = request.POST if request.method == "POST" and not reason else None
    initial = {"overall_goal": plan.overall_goal, "version": plan.version}
    form = forms.DepartmentPlanForm(data, initial=initial)
    conflict = None
    if data is not None and form.is_valid():
        try:
            department_plan_save(
                plan=plan,
                overall_goal=form.cleaned_data["overall_goal"].strip(),
                sub_goals=form.cleaned_data["sub_goals"],
                safeguards=form.cleaned_data["safeguards"],
                expected_version=form.cleaned_data.get("version"),
                user=request.user,
            )
        except ConcurrentEditError as error:
            conflict = _plan_conflict(department, year, error)
        except TargetDataError as error:
            form.add_error(None, [f"{p}：{'；'.join(m)}" for p, m in error.errors.items()])
        except NotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, gettext("已保存部门整体绩效目标。"))
            return redirect("projects:plan_edit", code=code, year=year)
    items = (
        form.items
        if data is not None
        else {"sub_goals": plan.sub_goals, "safeguards": plan.safeguards}
    )
    return render(
        request,
        "projects/plan_edit.html",
        {
            "department": department,
            "year": year,
            "plan": plan,
            "form": form,
            "items": items,
            "read_only": reason,
            "conflict": conflict,
            "projects": Project.objects.filter(department=department, fiscal_year=year).order_by(
                "display_order", "id"
            ),
        },
    )


def _plan_conflict(department: Department, year: int, error: ConcurrentEditError) -> dict:
    current = _plan(department, year)
    return {
        "message": str(error),
        "current": current,
        "version": current.version if current else None,
    }


@require_http_methods(["GET", "POST"])
def project_carry(request, pk: int):
    """Copy one project into the next year as a draft: GET asks to confirm (what is copied,
    or why it cannot be), POST carries. The project's own year may be in any state."""
    project = permissions.project_or_404(request.user, pk)
    back = redirect("projects:project_edit", pk=pk)
    if request.method == "GET":
        plan = carry_forward.project_carry_plan(project=project, user=request.user)
        return _carry_confirm(request, plan, subject=project.name, back=back.url)
    try:
        copy = carry_forward.project_carry_forward(project=project, user=request.user)
    except (TargetDataError, NotAllowed) as error:
        messages.error(request, _error_text(error))
        return back
    messages.success(
        request,
        gettext("已将“%(name)s”结转到%(year)d年（草稿），金额和指标值沿用上年，请逐项确认。")
        % {"name": copy.name, "year": copy.fiscal_year},
    )
    return redirect("projects:project_edit", pk=copy.pk)


@require_http_methods(["GET", "POST"])
def department_carry(request, code: str, year: int):
    """Carry a department-year into the next year as drafts: the department goals when the
    next year has none and every project it does not have yet. GET asks to confirm."""
    department = permissions.department_or_404(request.user, code)
    back = redirect("projects:plan_edit", code=code, year=year)
    if request.method == "GET":
        plan = carry_forward.department_carry_plan(
            department=department, from_year=year, user=request.user
        )
        return _carry_confirm(request, plan, subject="", back=back.url)
    try:
        done = carry_forward.department_carry_forward(
            department=department, from_year=year, user=request.user
        )
    except (TargetDataError, NotAllowed) as error:
        messages.error(request, _error_text(error))
        return back
    messages.success(request, done.summary())
    return redirect("projects:plan_edit", code=code, year=year + 1)


def _carry_confirm(request, plan: carry_forward.CarryPlan, *, subject: str, back: str):
    # 结果应用 (#18): each project with its self-evaluation of the year carried, if any.
    results = last_year_results(plan.department, plan.to_year) if plan.tables else {}
    carried = []
    for table in plan.tables:
        result = results.get(project_key(table.code, table.name))
        rows = []
        if result is not None:
            rows = [
                (name, score_line(r, None, with_year=False))
                for name, r in result.indicators.items()
            ]
        carried.append({"table": table, "result": result, "rows": rows})
    return render(
        request,
        "projects/carry_confirm.html",
        {
            "carry": plan,
            "carried": carried,
            "subject": subject,
            "back": back,
            "department": plan.department,
        },
    )


def _error_text(error: Exception) -> str:
    if isinstance(error, TargetDataError):
        return "；".join(m for msgs in error.errors.values() for m in msgs)
    return str(error) or gettext("您无权执行该操作。")
