"""Every API error as JSON, never HTML, never 500: `{"detail": 中文说明, "errors": {位置: [问题]}}`.

Validation errors name the JSON path of the bad value (`$.tables[0].indicators[2].name`) or
the URL part (`year`); the body is read by a strict parser before any of it is used.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

# Deeper than any document of this API (department → tables → indicators → parsed) needs.
MAX_DEPTH = 32


class ApiError(Exception):
    """An answer other than 2xx, raised by a view and rendered by `ApiError`'s handler."""

    def __init__(self, status: int, detail: str, **extra: Any):
        super().__init__(detail)
        self.status, self.detail, self.extra = status, detail, extra


def error_response(status: int, detail: str, **extra: Any) -> JsonResponse:
    response = JsonResponse({"detail": detail, **extra}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = "Token"
    return response


def not_json(reason: str) -> ApiError:
    return ApiError(
        400,
        _("请求内容不是有效的 JSON（%(reason)s），数据未保存。请按 /api/v1/openapi.json 发送。")
        % {"reason": reason},
    )


class StrictJsonParser(Parser):
    """JSON as RFC 8259 has it: no NaN/Infinity, bounded nesting, UTF-8, an object at the top."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        try:
            data = json.loads(request.body, parse_constant=_refuse_constant)
        except RecursionError as error:
            raise not_json(_("嵌套层数过多")) from error
        except (ValueError, TypeError) as error:  # includes UnicodeDecodeError
            raise not_json(_("无法解析")) from error
        if _depth(data) > MAX_DEPTH:
            raise not_json(_("嵌套层数过多"))
        if not isinstance(data, dict):
            raise not_json(_("最外层应为对象 {…}"))
        return data


def _refuse_constant(name: str) -> None:
    # Python's json reads NaN and Infinity, which JSON does not have.
    raise not_json(_("%(name)s 不是 JSON 的数值") % {"name": name})


def _depth(data: object) -> int:
    """Nesting depth without recursion (the parser already refused what Python cannot nest)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return deepest


def json_path(loc: tuple) -> str:
    """`("body", "payload", "tables", 0, "name")` → `$.tables[0].name`; `("path", "year")` →
    `year` (the part of the URL)."""
    source, *rest = loc
    if source != "body":
        return ".".join(str(part) for part in rest)
    path = "$"
    for part in rest[1:]:  # rest[0] is the view's argument name
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _message(error: dict[str, Any]) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", "")).removeprefix("Value error, ")
    if kind in ("too_short", "too_long"):
        expected = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        return _("应有%(expected)s项，现有%(actual)s项。") % {
            "expected": expected,
            "actual": ctx.get("actual_length"),
        }
    if kind == "literal_error":
        return _("只能是以下之一：%(expected)s。") % {"expected": ctx.get("expected", "")}
    messages = {
        "missing": _("缺少此项，请补上。"),
        "string_type": _("应为文字（字符串）。"),
        "list_type": _("应为列表 […]。"),
        "model_type": _("应为对象 {…}。"),
        "model_attributes_type": _("应为对象 {…}。"),
        "dict_type": _("应为对象 {…}。"),
        "int_type": _("应为整数。"),
        "int_parsing": _("应为整数。"),
        "int_from_float": _("应为整数。"),
    }
    return messages.get(kind, _("取值不符合要求，请对照 /api/v1/openapi.json 修改。"))


def validation_errors(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    located: dict[str, list[str]] = {}
    for error in errors:
        located.setdefault(json_path(tuple(error["loc"])), []).append(_message(error))
    return located


def install(api) -> None:
    """Replace django-ninja's English error answers with ours."""

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError) -> HttpResponse:
        return error_response(exc.status, exc.detail, **exc.extra)

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError) -> HttpResponse:
        errors = validation_errors(exc.errors)
        place, messages = next(iter(errors.items()))
        detail = _("数据有误，未保存：%(place)s：%(message)s") % {
            "place": place,
            "message": messages[0],
        }
        return error_response(422, detail, errors=errors)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc) -> HttpResponse:
        message = _("需要身份认证：请在请求头中提供 Authorization: Token <密钥>。")
        return error_response(401, message)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, ApiError):  # the body parser's own message
            return api_error(request, exc.__cause__)
        return error_response(exc.status_code, _("请求有误，数据未保存。"))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc) -> HttpResponse:
        return error_response(413, _("请求体超过 5 MB，请分单位提交。"))

    @api.exception_handler(Http404)
    def not_found(request, exc) -> HttpResponse:
        return error_response(404, _("预算单位不存在或您无权查看，请核对单位编码。"))
