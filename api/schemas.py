"""The API's JSON shapes as typed schemas: they validate requests and generate the OpenAPI
document, so the two cannot drift apart (decision 013).

One model serves a GET body and the PUT that sends it back: read-only parts (`parsed`,
`status`, the unit and year, which the URL gives) are accepted and ignored on input. Input
checks (text policy, amounts) are skipped when django-ninja validates a response — a response
is what is stored, and stored text from before #14 must still be readable.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from django.utils.translation import gettext as _
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    ValidationInfo,
    WithJsonSchema,
)

from core.text import forbidden_message, normalize_line_breaks
from core.years import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR, parse_fiscal_year

CODE_PATTERN = "^[0-9A-Za-z]{1,20}$"


def _is_response(info: ValidationInfo) -> bool:
    # django-ninja validates a view's result with `response_status` in the context.
    return bool(info.context) and "response_status" in info.context


def _text(value: str, info: ValidationInfo) -> str:
    """The text policy of core/text.py for a program: line breaks normalised, controls refused."""
    if _is_response(info):
        return value
    if message := forbidden_message(value):
        raise ValueError(message)
    return normalize_line_breaks(value)


# The same policy as a pattern, so that clients (and schemathesis) know what is refused: C0/C1
# controls other than line breaks, and the noncharacters of the first plane. (Lone surrogates,
# also refused, cannot be written in a pattern that every regex dialect reads.)
TEXT_PATTERN = "^[^\\x00-\\x08\\x0e-\\x1f\\x7f-\\x84\\x86-\\x9f\\ufdd0-\\ufdef\\ufffe\\uffff]*$"
Text = Annotated[
    str, AfterValidator(_text), WithJsonSchema({"type": "string", "pattern": TEXT_PATTERN})
]
TextList = Annotated[list[Text], Field(description=_("文字列表，每项一段"))]


def _money_type(max_digits: int, places: int, description: str) -> Any:
    """An exact amount as a decimal string (integers accepted), never a float."""
    whole = max_digits - places
    pattern = rf"^([0-9]{{1,{whole}}}(\.[0-9]{{1,{places}}})?)?$"
    matches = re.compile(pattern).fullmatch
    limit = 10**whole - 1

    def check(value: object, info: ValidationInfo) -> object:
        if _is_response(info) or value is None:
            return value
        if isinstance(value, float) and value.is_integer() and abs(value) <= limit:
            value = int(value)  # JSON has one number type: 40.0 is the integer 40
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise ValueError(_('金额应写成字符串，如 "40.00"（不能用小数形式的数字或其他类型）。'))
        if isinstance(value, int):
            value = str(value) if 0 <= value <= limit else "x"
        if not matches(value):
            raise ValueError(
                _(
                    "金额应为不带单位和千分位的非负数，整数部分最多%(whole)d位、"
                    '小数最多%(places)d位，如 "40.00"。'
                )
                % {"whole": whole, "places": places}
            )
        return value or None

    schema = {
        "anyOf": [
            {"type": "string", "pattern": pattern},
            {"type": "integer", "minimum": 0, "maximum": limit},
            {"type": "null"},
        ],
        "description": description,
    }
    return Annotated[str | None, BeforeValidator(check), WithJsonSchema(schema)]


Money = _money_type(16, 6, _("金额（万元），精确小数的字符串，如 330.984；从不使用浮点数"))
Weight = _money_type(7, 2, _("权重，字符串形式的小数，如 10.00"))


def money_value(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


FiscalYear = Annotated[
    int,
    BeforeValidator(parse_fiscal_year),  # ValueError: the Chinese range message
    WithJsonSchema(
        {
            "type": "integer",
            "minimum": FIRST_FISCAL_YEAR,
            "maximum": LAST_FISCAL_YEAR,
            "description": _("预算年度"),
            "example": 2023,
        }
    ),
]


def _unit_code(value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(CODE_PATTERN, value):
        raise ValueError(_("单位编码应为1到20位字母或数字，如 802010。"))
    return value


UnitCode = Annotated[
    str,
    BeforeValidator(_unit_code),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": CODE_PATTERN,
            "description": _("单位编码"),
            "example": "802010",
        }
    ),
]


def read_only(description: str = "", **kwargs: Any) -> Any:
    """A field a GET returns and a PUT may send back; the server ignores it."""
    extra = {"readOnly": True}
    return Field(description=description or None, json_schema_extra=extra, **kwargs)


class ParsedValue(BaseModel):
    comparator: str = Field(description=_("计算符号：ge、gt、eq、lt、le、qual 或空"))
    number: str | None = Field(description=_("数值，精确小数字符串"))
    unit: str
    text: str


class Indicator(BaseModel):
    level1: Text = Field(description=_("一级指标"))
    level2: Text = Field(description=_("二级指标"))
    name: Text = Field(description=_("三级指标"))
    description: Text = ""
    value: Text = Field("", description=_("指标值，按填报原样，如 ≥95%"))
    basis: Text = ""
    weight: Weight = None
    direction: Literal["", "positive", "negative", "neutral"] = ""
    parsed: ParsedValue | None = read_only(_("从指标值解析出的各部分（只读）"), default=None)


class TargetTable(BaseModel):
    name: Text = Field(description=_("项目名称"))
    code: Text = Field("", description=_("项目编码（21位，没有时留空）"))
    budget_total: Money = None
    fiscal_funds: Money = None
    other_funds: Money = None
    purpose: Text = ""
    spending_plan: list[Money] = Field(
        default_factory=lambda: [None] * 4,
        min_length=4,
        max_length=4,
        description=_("3月底、6月底、10月底、12月底的累计支出计划，空白为 null"),
    )
    spending_plan_kind: Literal["amount", "percent"] = "amount"
    goals: TextList = []
    indicators: list[Indicator] = []
    frame_code: Text = ""


class DepartmentTargets(BaseModel):
    # A valid body, shown in the document (and sent by schemathesis' example phase).
    model_config = {
        "json_schema_extra": {
            "examples": [json.loads((Path(__file__).parent / "example.json").read_text("utf-8"))]
        }
    }

    department_code: str | None = read_only(_("单位编码（以网址为准）"), default=None)
    department_name: str | None = read_only(_("单位名称"), default=None)
    region_code: str | None = read_only(_("行政区划代码"), default=None)
    fiscal_year: int | None = read_only(_("预算年度（以网址为准）"), default=None)
    overall_goal: Text = Field("", description=_("部门整体绩效目标"))
    sub_goals: TextList = []
    safeguards: TextList = []
    tables: list[TargetTable] = []
    status: Literal["draft", "submitted", "approved", "returned"] | None = read_only(
        _("审核状态"), default=None
    )
    status_label: str | None = read_only(_("审核状态（中文）"), default=None)


class Finding(BaseModel):
    rule: str
    level: str
    project_index: int | None
    project_code: str
    project_name: str
    row: int | None
    field: str
    item: int | None
    message: str
    hint: str
    opinion: int | None


class Review(BaseModel):
    status: Literal["draft", "submitted", "approved", "returned"]
    status_label: str
    findings: list[Finding]


class ProjectOutcome(BaseModel):
    department_code: str
    name: str
    code: str
    action: Literal["created", "updated", "unchanged", "skipped"]
    indicators: int


class ImportSummary(BaseModel):
    departments_created: list[str]
    departments_updated: list[str]
    projects: list[ProjectOutcome]
    errors: dict[str, list[str]]
    counts: dict[str, int]
    indicator_counts: dict[str, int]
    lines: list[str]


class SaveResult(BaseModel):
    summary: ImportSummary
    findings: list[Finding]


class DepartmentEntry(BaseModel):
    code: str
    name: str
    region_code: str
    years: list[int]


class DepartmentList(BaseModel):
    departments: list[DepartmentEntry]


class Error(BaseModel):
    detail: str = Field(description=_("中文说明"))
    errors: dict[str, list[str]] | None = Field(
        None, description=_("按位置（JSON 路径或项目名称）列出的问题")
    )
    allowed: list[str] | None = Field(None, description=_("允许的方法（405 时）"))
