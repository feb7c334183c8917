"""JSON API: departments, a department's targets for a year, its review; write targets.

Every call is scoped by `accounts.permissions`; writes go through the import service (the same
save path and checks as the forms and file imports), one transaction, as a draft.
"""

from __future__ import annotations

import json
from decimal import InvalidOperation

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _

from accounts import permissions
from api.auth import api_view, error
from api.schema import openapi_schema
from imports.selectors import review_context
from imports.services import ImportRefused, targets_import
from projects.models import DepartmentPlan
from projects.selectors import department_targets
from projects.targets import department_from_dict, department_to_dict
from reviews.checks import run_department

MAX_BODY = 5 * 1024 * 1024


@login_not_required
def schema(request):
    """The OpenAPI 3 description of this API."""
    return JsonResponse(openapi_schema(), json_dumps_params={"ensure_ascii": False})


@api_view("GET")
def departments(request):
    """The departments the caller may read, with the years that have a plan."""
    visible = permissions.visible_departments(request.user).order_by("code")
    years: dict[int, list[int]] = {}
    plans = DepartmentPlan.objects.filter(department__in=visible).order_by("fiscal_year")
    for department_id, year in plans.values_list("department_id", "fiscal_year"):
        years.setdefault(department_id, []).append(year)
    return JsonResponse(
        {
            "departments": [
                {
                    "code": d.code,
                    "name": d.name,
                    "region_code": d.region_code,
                    "years": years.get(d.pk, []),
                }
                for d in visible
            ]
        }
    )


def _plan_status(department, year: int) -> dict:
    plan = DepartmentPlan.objects.filter(department=department, fiscal_year=year).first()
    status = plan.status if plan else DepartmentPlan.Status.DRAFT
    return {"status": status, "status_label": str(DepartmentPlan.Status(status).label)}


def _document(department, year: int) -> dict:
    targets = department_targets(department=department, fiscal_year=year)
    data = department_to_dict(targets)
    for table, table_data in zip(targets.tables, data["tables"], strict=True):
        for row, row_data in zip(table.indicators, table_data["indicators"], strict=True):
            parsed = row.parsed
            row_data["parsed"] = {
                "comparator": parsed.comparator,
                "number": None if parsed.number is None else f"{parsed.number:f}",
                "unit": parsed.unit,
                "text": parsed.text,
            }
    return {**data, **_plan_status(department, year)}


@api_view("GET", "PUT")
def department_year(request, code: str, year: int):
    """GET the department's targets for a year; PUT saves them as a draft (all or nothing)."""
    try:
        department = permissions.department_or_404(request.user, code)
    except Http404:
        return error(404, _("预算单位不存在或您无权查看，请核对单位编码。"))
    if request.method == "GET":
        return JsonResponse(_document(department, year))
    return _save(request, department, year)


def _save(request, department, year: int) -> JsonResponse:
    if len(request.body) > MAX_BODY:
        return error(413, _("请求体超过 5 MB，请分单位提交。"))
    try:
        data = json.loads(request.body or b"null")
        if not isinstance(data, dict):
            raise TypeError
        data = {**data, "department_code": department.code, "fiscal_year": year}
        data.setdefault("department_name", department.name)
        targets = department_from_dict(data)
    except (ValueError, TypeError, KeyError, InvalidOperation, AttributeError) as problem:
        return error(
            400,
            _(
                "请求内容不是有效的绩效目标 JSON（见 /api/v1/openapi.json 中的"
                ' DepartmentTargets）；金额请写成字符串，如 "40.00"。'
            ),
            problem=str(problem)[:200],
        )
    plan = DepartmentPlan.objects.filter(department=department, fiscal_year=year).first()
    if not permissions.can_edit_targets(request.user, department, plan):
        if plan and not plan.is_editable:
            message = _("该单位%(year)s年的绩效目标%(status)s，不能修改。") % {
                "year": year,
                "status": plan.get_status_display(),
            }
        else:
            message = _("您无权修改该单位%(year)s年的绩效目标，请使用本单位填报员的令牌。") % {
                "year": year
            }
        return error(403, message)
    try:
        summary = targets_import(departments=[targets], user=request.user)
    except ImportRefused as refused:
        return error(400, _("数据未保存，请按提示修改。"), errors=refused.summary.errors)
    except PermissionDenied as denied:
        return error(403, str(denied))
    findings = run_department(targets, review_context(targets, department))
    return JsonResponse(
        {"summary": summary.to_dict(), "findings": [f.to_dict() for f in findings]},
        json_dumps_params={"ensure_ascii": False},
    )


@api_view("GET")
def department_review(request, code: str, year: int):
    """The year's review status and the automated findings on the stored data."""
    try:
        department = permissions.department_or_404(request.user, code)
    except Http404:
        return error(404, _("预算单位不存在或您无权查看，请核对单位编码。"))
    targets = department_targets(department=department, fiscal_year=year)
    findings = run_department(targets, review_context(targets, department))
    return JsonResponse(
        {**_plan_status(department, year), "findings": [f.to_dict() for f in findings]}
    )
