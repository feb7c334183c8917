"""JSON API: departments, a department's targets for a year, its review; write targets.

django-ninja validates every request against the schemas of `api/schemas.py` before a view
runs, and generates the OpenAPI document from the same schemas (decision 013). Every call is
scoped by `projects.permissions`; writes go through the import service (the same save path and
checks as the forms and file imports), one transaction, as a draft.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path

from api import errors
from api.auth import TokenAuth
from api.schemas import (
    DepartmentList,
    DepartmentTargets,
    Error,
    FiscalYear,
    Review,
    SaveResult,
    UnitCode,
    money_value,
)
from core.errors import NotAllowed
from imports.services import ImportRefused, targets_import
from projects import permissions
from projects import targets as plain
from projects.models import DepartmentPlan
from projects.selectors import department_targets
from reviews.checks import run_department
from reviews.selectors import document_context, review_context

PREFIX = "/api/v1/"

api = NinjaAPI(
    title=_("perfbudget 预算绩效目标 API"),
    version="1",
    description=_(
        "令牌认证：请求头 Authorization: Token <密钥>（manage.py create_api_token 用户名）。"
        "权限与网页相同；写入作为草稿，整体成功或整体不保存。"
        "错误一律为 JSON：detail 为中文说明，errors 按位置（JSON 路径或项目）列出问题。"
    ),
    auth=TokenAuth(),
    parser=errors.StrictJsonParser(),
    urls_namespace="api",
    openapi_url=None,  # served by api.urls at the old address, with the path prefix fixed
    docs_url=None,  # the docs page would load scripts; the JSON document is what clients use
)
errors.install(api)

READ_ERRORS = {401: Error, 404: Error, 422: Error}
Code = Path(..., description=_("单位编码"))
Year = Path(..., description=_("预算年度"))


@api.get(
    "/departments/",
    response={200: DepartmentList, 401: Error},
    url_name="departments",
    operation_id="listDepartments",
    summary=_("可查看的预算单位"),
)
def departments(request: HttpRequest):
    """The departments the caller may read, with the years that have a plan."""
    visible = permissions.visible_departments(request.auth).order_by("code")
    years: dict[int, list[int]] = {}
    plans = DepartmentPlan.objects.filter(department__in=visible).order_by("fiscal_year")
    for department_id, year in plans.values_list("department_id", "fiscal_year"):
        years.setdefault(department_id, []).append(year)
    return {
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


def _department(request: HttpRequest, code: str):
    try:
        return permissions.department_or_404(request.auth, code)
    except Http404 as missing:
        raise errors.ApiError(404, _("预算单位不存在或您无权查看，请核对单位编码。")) from missing


def _plan_status(department, year: int) -> dict:
    plan = DepartmentPlan.objects.filter(department=department, fiscal_year=year).first()
    status = plan.status if plan else DepartmentPlan.Status.DRAFT
    return {"status": status, "status_label": str(DepartmentPlan.Status(status).label)}


def _document(department, year: int) -> dict:
    targets = department_targets(department=department, fiscal_year=year)
    data = plain.department_to_dict(targets)
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


@api.get(
    "/departments/{code}/{year}/",
    response={200: DepartmentTargets, **READ_ERRORS},
    url_name="department_year",
    operation_id="getDepartmentTargets",
    summary=_("单位某年度的绩效目标（部门整体目标、项目、指标及解析结果）"),
)
def department_year(request: HttpRequest, code: UnitCode = Code, year: FiscalYear = Year):
    """GET the department's targets for a year."""
    return _document(_department(request, code), year)


def _targets(body: DepartmentTargets, department, year: int) -> plain.DepartmentTargets:
    """The validated body as the plain dataclasses the services take; the URL gives the unit."""
    common = {
        "department_code": department.code,
        "department_name": department.name,
        "fiscal_year": year,
    }
    tables = [
        plain.TargetTable(
            **common,
            name=t.name,
            code=t.code,
            budget_total=money_value(t.budget_total),
            fiscal_funds=money_value(t.fiscal_funds),
            other_funds=money_value(t.other_funds),
            purpose=t.purpose,
            spending_plan=tuple(money_value(a) for a in t.spending_plan),
            spending_plan_kind=t.spending_plan_kind,
            goals=list(t.goals),
            indicators=[
                plain.IndicatorRow(
                    **r.model_dump(exclude={"parsed", "weight"}), weight=money_value(r.weight)
                )
                for r in t.indicators
            ],
            frame_code=t.frame_code,
        )
        for t in body.tables
    ]
    return plain.DepartmentTargets(
        **common,
        region_code=department.region_code,
        overall_goal=body.overall_goal,
        sub_goals=list(body.sub_goals),
        safeguards=list(body.safeguards),
        tables=tables,
    )


@api.put(
    "/departments/{code}/{year}/",
    response={200: SaveResult, 400: Error, 403: Error, 413: Error, **READ_ERRORS},
    url_name="department_year",
    operation_id="putDepartmentTargets",
    summary=_("新增或更新单位某年度的绩效目标（草稿）；GET 的结果可原样提交"),
)
def department_year_save(
    request: HttpRequest,
    body: DepartmentTargets,
    code: UnitCode = Code,
    year: FiscalYear = Year,
):
    """Save the department's targets for a year as a draft (all or nothing)."""
    department = _department(request, code)
    plan = DepartmentPlan.objects.filter(department=department, fiscal_year=year).first()
    refusal = permissions.edit_refusal(request.auth, department, plan)
    if refusal is not None:  # the one answer of the permission module, as every channel
        raise errors.ApiError(403, str(refusal))
    targets = _targets(body, department, year)
    try:
        summary = targets_import(departments=[targets], user=request.auth)
    except ImportRefused as refused:
        raise errors.ApiError(
            400, _("数据未保存，请按提示修改。"), errors=refused.summary.errors
        ) from refused
    except NotAllowed as refused:  # the year was locked meanwhile
        raise errors.ApiError(403, str(refused)) from refused
    findings = run_department(targets, document_context(targets, department))
    return {"summary": summary.to_dict(), "findings": [f.to_dict() for f in findings]}


@api.get(
    "/departments/{code}/{year}/review/",
    response={200: Review, **READ_ERRORS},
    url_name="department_review",
    operation_id="getDepartmentReview",
    summary=_("审核状态与自动审核发现"),
)
def department_review(request: HttpRequest, code: UnitCode = Code, year: FiscalYear = Year):
    """The year's review status and the automated findings on the stored data."""
    department = _department(request, code)
    targets = department_targets(department=department, fiscal_year=year)
    findings = run_department(targets, review_context(department=department, fiscal_year=year))
    return {**_plan_status(department, year), "findings": [f.to_dict() for f in findings]}


# The stages' operations (#18) register on the same API; imported last, they use the above.
from api import stages  # noqa: E402, F401
