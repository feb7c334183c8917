"""JSON API of the two stages after approval (#18): GET and PUT a unit-year's monitoring round
and self-evaluation.

A GET returns the stage as the page shows it (the approved targets read-only, the unit's
values, computed rates and proposed scores read-only, `version`); a PUT sends it back with the
values changed. Rows are matched by `id`; read-only parts are ignored. The save goes through
`evaluation.services` (same permission, validation and version check as the page): a stale
`version` is 409, a value the models refuse is 422 at its JSON path, in Chinese.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path
from pydantic import BaseModel, Field

from api import errors
from api.schemas import (
    Error,
    FiscalYear,
    Money,
    Text,
    UnitCode,
    _money_type,
    money_value,
    read_only,
)
from api.views import READ_ERRORS, Code, Year, _department, api
from core.errors import DomainError, NotAllowed
from evaluation import selectors, services
from evaluation.models import MonitoringRound, SelfEvaluation
from evaluation.scoring import format_rate
from projects.exceptions import ConcurrentEditError

Score = _money_type(6, 2, _("得分，字符串形式的小数，如 9.50；空为采用建议得分"))
Month = Annotated[int, Field(ge=1, le=12, description=_("监控截止月份（1—12）"))]
Likelihood = Literal["", "certain", "possible", "impossible"]
Cause = Literal["", "funds", "rules", "staff", "facilities", "other"]
Achievement = Literal["", "achieved", "partly", "not_achieved"]
WRITE_ERRORS = {400: Error, 403: Error, 409: Error, **READ_ERRORS}


class MonitoringIndicator(BaseModel):
    id: int = Field(description=_("行号（GET 所得，原样提交）"))
    level1: str = read_only(_("一级指标（只读）"), default="")
    level2: str = read_only(_("二级指标（只读）"), default="")
    name: str = read_only(_("三级指标（只读）"), default="")
    target: str = read_only(_("年度指标值（审核通过，只读）"), default="")
    progress: Text = Field("", description=_("1—N月完成情况"))
    projected: Text = Field("", description=_("全年预计完成情况"))
    likelihood: Likelihood = Field("", description=_("完成目标可能性"))
    cause: Cause = Field("", description=_("偏差原因"))
    cause_text: Text = Field("", description=_("偏差原因说明"))
    measures: Text = Field("", description=_("纠偏措施"))


class MonitoringProject(BaseModel):
    id: int = Field(description=_("项目行号（GET 所得，原样提交）"))
    name: str = read_only(_("项目名称（只读）"), default="")
    code: str = read_only(_("项目编码（只读）"), default="")
    budget: str | None = read_only(_("年初预算数（万元，只读）"), default=None)
    adjusted_budget: Money = None
    executed: Money = None
    projected: Money = None
    rate: str = read_only(_("执行率（只读）"), default="")
    goal_progress: Text = ""
    lag_reason: Text = ""
    remainder_plan: Text = ""
    indicators: list[MonitoringIndicator] = []


class ReturnOpinion(BaseModel):
    """One opinion of the stage's latest 退回 (read-only; written on the 退回 page)."""

    project: str = Field(description=_("项目名称"))
    entry_id: int | None = Field(
        description=_("项目行号（与 projects[].id 相同；项目已删除时为空）")
    )
    row_id: int | None = Field(description=_("指标行号（与 indicators[].id 相同；针对项目时为空）"))
    row_number: int | None = Field(description=_("第几行指标"))
    row_name: str = Field(description=_("三级指标名称"))
    field: str = Field(description=_("栏目（字段名，可为空）"))
    field_label: str = Field(description=_("栏目名称"))
    code: int | None = Field(description=_("标准意见编号（1—11，可为空）"))
    code_label: str = Field(description=_("标准意见"))
    text: str = Field(description=_("具体意见"))


def _return_opinions(stage: MonitoringRound | SelfEvaluation) -> list[dict]:
    return [asdict(o) for o in selectors.latest_return_opinions(stage)]


class Monitoring(BaseModel):
    department_code: str = read_only(_("单位编码（只读）"), default="")
    fiscal_year: int | None = read_only(_("预算年度（只读）"), default=None)
    period_end_month: int | None = read_only(_("监控截止月份（只读）"), default=None)
    status: str = read_only(_("审核状态（只读）"), default="")
    version: int = Field(description=_("版本：GET 所得，原样提交；他人已保存时返回 409"))
    return_opinions: list[ReturnOpinion] = read_only(
        _("最近一次退回的具体意见（只读）"), default=[]
    )
    projects: list[MonitoringProject] = []


class EvaluationIndicator(BaseModel):
    id: int = Field(description=_("行号（GET 所得，原样提交）"))
    level1: str = read_only(_("一级指标（只读）"), default="")
    level2: str = read_only(_("二级指标（只读）"), default="")
    name: str = read_only(_("三级指标（只读）"), default="")
    target: str = read_only(_("年度指标值（审核通过，只读）"), default="")
    points: str = read_only(_("分值（只读）"), default="")
    proposed_score: str | None = read_only(_("建议得分（只读）"), default=None)
    actual: Text = Field("", description=_("实际完成值"))
    achievement: Achievement = Field("", description=_("定性指标的达成情况"))
    score: Score = None
    score_reason: Text = Field("", description=_("得分与建议不同时的理由"))
    deviation: Text = Field("", description=_("偏差原因分析及改进措施"))


class EvaluationProject(BaseModel):
    id: int = Field(description=_("项目行号（GET 所得，原样提交）"))
    name: str = read_only(_("项目名称（只读）"), default="")
    code: str = read_only(_("项目编码（只读）"), default="")
    budget: str | None = read_only(_("年初预算数（万元，只读）"), default=None)
    annual_budget: Money = None
    executed: Money = None
    funds_score: Score = None
    funds_score_reason: Text = ""
    actual_summary: Text = ""
    total: str | None = read_only(_("项目得分（只读）"), default=None)
    indicators: list[EvaluationIndicator] = []


class Evaluation(BaseModel):
    department_code: str = read_only(_("单位编码（只读）"), default="")
    fiscal_year: int | None = read_only(_("预算年度（只读）"), default=None)
    scheme: str = read_only(_("评分方案（只读）"), default="")
    status: str = read_only(_("审核状态（只读）"), default="")
    version: int = Field(description=_("版本：GET 所得，原样提交；他人已保存时返回 409"))
    return_opinions: list[ReturnOpinion] = read_only(
        _("最近一次退回的具体意见（只读）"), default=[]
    )
    projects: list[EvaluationProject] = []


class Saved(BaseModel):
    version: int


def _text(amount) -> str | None:
    return None if amount is None else f"{amount:f}"


def _round(request: HttpRequest, code: str, year: int, month: int) -> MonitoringRound:
    _department(request, code)  # an unknown unit says so
    try:
        return selectors.round_or_404(request.auth, code, year, month)[1]
    except Http404 as missing:
        raise errors.ApiError(404, _("该时段的运行监控不存在，请先在页面上开始监控。")) from missing


def _evaluation(request: HttpRequest, code: str, year: int) -> SelfEvaluation:
    department = _department(request, code)
    found = selectors.evaluation_of(department, year)
    if found is None:
        raise errors.ApiError(404, _("本年度的绩效自评尚未开始，请先在页面上开始自评。"))
    found.department = department
    return found


def _monitoring_body(monitoring: MonitoringRound) -> dict:
    sheet = selectors.monitoring_sheet(monitoring)
    return {
        "department_code": sheet.department_code,
        "fiscal_year": sheet.fiscal_year,
        "period_end_month": sheet.period_end_month,
        "status": sheet.status,
        "version": sheet.version,
        "return_opinions": _return_opinions(monitoring),
        "projects": [
            {
                "id": p.entry_id,
                "name": p.name,
                "code": p.code,
                "budget": _text(p.budget),
                "adjusted_budget": _text(p.adjusted_budget),
                "executed": _text(p.executed),
                "projected": _text(p.projected),
                "rate": format_rate(p.rate),
                "goal_progress": p.goal_progress,
                "lag_reason": p.lag_reason,
                "remainder_plan": p.remainder_plan,
                "indicators": [
                    {
                        "id": r.row_id,
                        "level1": r.level1,
                        "level2": r.level2,
                        "name": r.name,
                        "target": r.target,
                        "progress": r.progress,
                        "projected": r.projected,
                        "likelihood": r.likelihood,
                        "cause": r.cause,
                        "cause_text": r.cause_text,
                        "measures": r.measures,
                    }
                    for r in p.rows
                ],
            }
            for p in sheet.projects
        ],
    }


def _evaluation_body(evaluation: SelfEvaluation) -> dict:
    sheet = selectors.evaluation_sheet(evaluation)
    return {
        "department_code": sheet.department_code,
        "fiscal_year": sheet.fiscal_year,
        "scheme": sheet.scheme,
        "status": sheet.status,
        "version": sheet.version,
        "return_opinions": _return_opinions(evaluation),
        "projects": [
            {
                "id": p.entry_id,
                "name": p.name,
                "code": p.code,
                "budget": _text(p.budget),
                "annual_budget": _text(p.annual_budget),
                "executed": _text(p.executed),
                "funds_score": _text(p.funds_score),
                "funds_score_reason": p.funds_score_reason,
                "actual_summary": p.actual_summary,
                "total": _text(p.total),
                "indicators": [
                    {
                        "id": r.row_id,
                        "level1": r.level1,
                        "level2": r.level2,
                        "name": r.name,
                        "target": r.target,
                        "points": _text(r.points),
                        "proposed_score": _text(r.proposal.score),
                        "actual": r.actual,
                        "achievement": r.achievement,
                        "score": _text(r.score),
                        "score_reason": r.score_reason,
                        "deviation": r.deviation,
                    }
                    for r in p.rows
                ],
            }
            for p in sheet.projects
        ],
    }


def _merge(sheet, body, project_fields, row_fields, convert) -> dict:
    """Put the body's values on the stored sheet by id; return place → JSON path. An id the
    stage does not have is a 422 at its path."""
    projects = {p.entry_id: p for p in sheet.projects}
    paths: dict = {}
    unknown: dict[str, list[str]] = {}
    for i, sent in enumerate(body.projects):
        project = projects.get(sent.id)
        if project is None:
            unknown[f"$.projects[{i}].id"] = [_("没有这个项目行，请先 GET 取得最新数据。")]
            continue
        paths[(project.entry_id, None)] = f"$.projects[{i}]"
        for name in project_fields:
            setattr(project, name, convert(name, getattr(sent, name), PROJECT_MONEY))
        rows = {r.row_id: r for r in project.rows}
        for j, sent_row in enumerate(sent.indicators):
            row = rows.get(sent_row.id)
            if row is None:
                unknown[f"$.projects[{i}].indicators[{j}].id"] = [
                    _("没有这个指标行，请先 GET 取得最新数据。")
                ]
                continue
            paths[(project.entry_id, row.row_id)] = f"$.projects[{i}].indicators[{j}]"
            for name in row_fields:
                setattr(row, name, convert(name, getattr(sent_row, name), ROW_MONEY))
    if unknown:
        _invalid(unknown)
    sheet.version = body.version
    return paths


def _invalid(located: dict[str, list[str]]):
    place, messages = next(iter(located.items()))
    raise errors.ApiError(
        422,
        _("数据有误，未保存：%(place)s：%(message)s") % {"place": place, "message": messages[0]},
        errors=located,
    )


def _save(save, paths: dict, **kwargs) -> dict:
    try:
        return {"version": save(**kwargs)}
    except services.EvaluationDataError as refused:
        located: dict[str, list[str]] = {}
        for (entry, row, name), messages in refused.errors.items():
            base = paths.get((entry, row), "$")
            located.setdefault(f"{base}.{name}" if name else base, []).extend(messages)
        _invalid(located)
    except ConcurrentEditError as stale:
        raise errors.ApiError(409, str(stale) + _("请重新 GET 取得最新数据后再提交。")) from stale
    except NotAllowed as refused:
        raise errors.ApiError(403, str(refused)) from refused
    except DomainError as refused:
        raise errors.ApiError(400, str(refused)) from refused


PROJECT_MONEY = {"adjusted_budget", "executed", "projected", "annual_budget", "funds_score"}
ROW_MONEY = {"score"}  # a row's `projected` is text (全年预计完成情况)


def _convert(name: str, value, money: set[str]):
    if name in money:
        return money_value(value) if value != "" else None
    return value


MonthPath = Path(..., description=_("监控截止月份（1—12）"))


@api.get(
    "/departments/{code}/{year}/monitoring/{month}/",
    response={200: Monitoring, **READ_ERRORS},
    url_name="monitoring",
    operation_id="getMonitoring",
    summary=_("单位某年度1—N月的运行监控"),
)
def monitoring_get(
    request: HttpRequest, code: UnitCode = Code, year: FiscalYear = Year, month: Month = MonthPath
):
    return _monitoring_body(_round(request, code, year, month))


@api.put(
    "/departments/{code}/{year}/monitoring/{month}/",
    response={200: Saved, **WRITE_ERRORS},
    url_name="monitoring",
    operation_id="putMonitoring",
    summary=_("保存运行监控的填报值（带版本检查）"),
)
def monitoring_put(
    request: HttpRequest,
    body: Monitoring,
    code: UnitCode = Code,
    year: FiscalYear = Year,
    month: Month = MonthPath,
):
    monitoring = _round(request, code, year, month)
    sheet = selectors.monitoring_sheet(monitoring)
    paths = _merge(
        sheet,
        body,
        ("adjusted_budget", "executed", "projected", "goal_progress", "lag_reason",
         "remainder_plan"),
        ("progress", "projected", "likelihood", "cause", "cause_text", "measures"),
        _convert,
    )  # fmt: skip
    return _save(
        services.monitoring_save, paths, monitoring=monitoring, sheet=sheet, user=request.auth
    )


@api.get(
    "/departments/{code}/{year}/selfeval/",
    response={200: Evaluation, **READ_ERRORS},
    url_name="selfeval",
    operation_id="getSelfEvaluation",
    summary=_("单位某年度的绩效自评（建议得分、分值只读）"),
)
def selfeval_get(request: HttpRequest, code: UnitCode = Code, year: FiscalYear = Year):
    return _evaluation_body(_evaluation(request, code, year))


@api.put(
    "/departments/{code}/{year}/selfeval/",
    response={200: Saved, **WRITE_ERRORS},
    url_name="selfeval",
    operation_id="putSelfEvaluation",
    summary=_("保存绩效自评的实际完成值和确认得分（带版本检查）"),
)
def selfeval_put(
    request: HttpRequest, body: Evaluation, code: UnitCode = Code, year: FiscalYear = Year
):
    evaluation = _evaluation(request, code, year)
    sheet = selectors.evaluation_sheet(evaluation)
    paths = _merge(
        sheet,
        body,
        ("annual_budget", "executed", "funds_score", "funds_score_reason", "actual_summary"),
        ("actual", "achievement", "score", "score_reason", "deviation"),
        _convert,
    )
    return _save(
        services.evaluation_save, paths, evaluation=evaluation, sheet=sheet, user=request.auth
    )


# The downloads (#18) register on the same API; imported last, they use the above.
from api import exports  # noqa: E402, F401
