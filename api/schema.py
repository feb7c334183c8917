"""The OpenAPI 3.0 description of the JSON API, written by hand (no code generation)."""

from __future__ import annotations

from typing import Any

MONEY = {
    "type": "string",
    "nullable": True,
    "pattern": r"^-?\d+(\.\d+)?$",
    "description": "金额（万元），字符串形式的精确小数，如 330.984；从不使用浮点数",
}
TEXT_LIST = {"type": "array", "items": {"type": "string", "minLength": 1}}
INDICATOR = {
    "type": "object",
    "required": ["level1", "level2", "name"],
    "properties": {
        "level1": {"type": "string", "description": "一级指标"},
        "level2": {"type": "string", "description": "二级指标"},
        "name": {"type": "string", "description": "三级指标"},
        "description": {"type": "string"},
        "value": {"type": "string", "description": "指标值，按填报原样，如 ≥95%"},
        "basis": {"type": "string"},
        "weight": MONEY,
        "direction": {"type": "string", "enum": ["", "positive", "negative", "neutral"]},
        "parsed": {
            "type": "object",
            "readOnly": True,
            "properties": {
                "comparator": {"type": "string"},
                "number": {"type": "string", "nullable": True},
                "unit": {"type": "string"},
                "text": {"type": "string"},
            },
        },
    },
}
TABLE = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string", "description": "项目名称"},
        "code": {"type": "string", "description": "项目编码（21位，没有时留空）"},
        "budget_total": MONEY,
        "fiscal_funds": MONEY,
        "other_funds": MONEY,
        "purpose": {"type": "string"},
        "spending_plan": {"type": "array", "items": MONEY, "minItems": 4, "maxItems": 4},
        "spending_plan_kind": {"type": "string", "enum": ["amount", "percent"]},
        "goals": TEXT_LIST,
        "indicators": {"type": "array", "items": {"$ref": "#/components/schemas/Indicator"}},
        "frame_code": {"type": "string"},
    },
}
DEPARTMENT = {
    "type": "object",
    "properties": {
        "department_code": {"type": "string"},
        "department_name": {"type": "string"},
        "region_code": {"type": "string"},
        "fiscal_year": {"type": "integer"},
        "overall_goal": {"type": "string"},
        "sub_goals": TEXT_LIST,
        "safeguards": TEXT_LIST,
        "tables": {"type": "array", "items": {"$ref": "#/components/schemas/TargetTable"}},
        "status": {
            "type": "string",
            "readOnly": True,
            "enum": ["draft", "submitted", "approved", "returned"],
        },
        "status_label": {"type": "string", "readOnly": True},
    },
}
FINDING = {
    "type": "object",
    "properties": {
        "rule": {"type": "string"},
        "level": {"type": "string"},
        "project_index": {"type": "integer", "nullable": True},
        "project_code": {"type": "string"},
        "project_name": {"type": "string"},
        "row": {"type": "integer", "nullable": True},
        "field": {"type": "string"},
        "item": {"type": "integer", "nullable": True},
        "message": {"type": "string"},
        "hint": {"type": "string"},
        "opinion": {"type": "integer", "nullable": True},
    },
}
ERROR = {
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": TEXT_LIST},
    },
}


def _json(ref: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


def _response(description: str, ref: str) -> dict[str, Any]:
    return {"description": description, **_json(ref)}


ERRORS = {
    "401": _response("未认证", "Error"),
    "404": _response("单位不存在或无权查看", "Error"),
}
PATH_PARAMETERS = [
    {
        "name": "code",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "pattern": "^[0-9A-Za-z]{1,20}$"},
        "description": "单位编码",
    },
    {
        "name": "year",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1900, "maximum": 2999},
        "description": "预算年度",
    },
]


def openapi_schema() -> dict[str, Any]:
    """The whole document (served at /api/v1/openapi.json)."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "perfbudget 预算绩效目标 API",
            "version": "1",
            "description": "令牌认证：请求头 Authorization: Token <密钥>"
            "（manage.py create_api_token 用户名）。权限与网页相同；"
            "写入作为草稿，整体成功或整体不保存。",
        },
        "security": [{"token": []}],
        "paths": {
            "/api/v1/departments/": {
                "get": {
                    "summary": "可查看的预算单位",
                    "operationId": "listDepartments",
                    "responses": {
                        "200": _response("单位列表", "DepartmentList"),
                        "401": ERRORS["401"],
                    },
                }
            },
            "/api/v1/departments/{code}/{year}/": {
                "parameters": PATH_PARAMETERS,
                "get": {
                    "summary": "单位某年度的绩效目标（部门整体目标、项目、指标及解析结果）",
                    "operationId": "getDepartmentTargets",
                    "responses": {"200": _response("绩效目标", "DepartmentTargets"), **ERRORS},
                },
                "put": {
                    "summary": "新增或更新单位某年度的绩效目标（草稿）",
                    "operationId": "putDepartmentTargets",
                    "requestBody": {"required": True, **_json("DepartmentTargets")},
                    "responses": {
                        "200": _response("保存结果与自动审核发现", "SaveResult"),
                        "400": _response("数据有误，未保存", "Error"),
                        "403": _response("无权修改或年度已锁定", "Error"),
                        **ERRORS,
                    },
                },
            },
            "/api/v1/departments/{code}/{year}/review/": {
                "parameters": PATH_PARAMETERS,
                "get": {
                    "summary": "审核状态与自动审核发现",
                    "operationId": "getDepartmentReview",
                    "responses": {"200": _response("审核", "Review"), **ERRORS},
                },
            },
        },
        "components": {
            "securitySchemes": {
                "token": {"type": "apiKey", "in": "header", "name": "Authorization"}
            },
            "schemas": {
                "Indicator": INDICATOR,
                "TargetTable": TABLE,
                "DepartmentTargets": DEPARTMENT,
                "Finding": FINDING,
                "Error": ERROR,
                "DepartmentList": {
                    "type": "object",
                    "required": ["departments"],
                    "properties": {
                        "departments": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["code", "name"],
                                "properties": {
                                    "code": {"type": "string"},
                                    "name": {"type": "string"},
                                    "region_code": {"type": "string"},
                                    "years": {"type": "array", "items": {"type": "integer"}},
                                },
                            },
                        }
                    },
                },
                "Review": {
                    "type": "object",
                    "required": ["status", "findings"],
                    "properties": {
                        "status": {"type": "string"},
                        "status_label": {"type": "string"},
                        "findings": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Finding"},
                        },
                    },
                },
                "SaveResult": {
                    "type": "object",
                    "required": ["summary", "findings"],
                    "properties": {
                        "summary": {"type": "object"},
                        "findings": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Finding"},
                        },
                    },
                },
            },
        },
    }
