"""The API's URLs: django-ninja's operations, its generated OpenAPI document at the old address,
and JSON answers for unknown paths and wrong methods."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, URLPattern, include, path, re_path, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from api.errors import error_response
from api.views import PREFIX, api

app_name = "api"


@login_not_required
def schema(request: HttpRequest) -> JsonResponse:
    """The OpenAPI document, generated from the schemas that validate the requests."""
    if request.method not in ("GET", "HEAD"):
        return _method_not_allowed(request, ["GET"])
    return JsonResponse(
        api.get_openapi_schema(path_prefix=PREFIX), json_dumps_params={"ensure_ascii": False}
    )


def _method_not_allowed(request: HttpRequest, allowed: list[str]) -> HttpResponse:
    response = error_response(
        405,
        _("不支持 %(method)s 方法，请使用 %(allowed)s。")
        % {"method": request.method, "allowed": "、".join(allowed)},
        allowed=allowed,
    )
    response["Allow"] = ", ".join(allowed)
    return response


def _public_json(view):
    """Open the view to the API's own authentication (no login redirect) and answer a wrong
    method in JSON, as every other API error."""

    @login_not_required
    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and response.has_header("Allow"):
            allowed = sorted(m.strip() for m in response["Allow"].split(",") if m.strip())
            return _method_not_allowed(request, allowed)
        return response

    return wrapper


def _operations() -> list[URLPattern]:
    patterns, _app, _namespace = api.urls
    return [
        URLPattern(p.pattern, _public_json(p.callback), p.default_args, p.name)
        for p in patterns
        if p.name != "api-root"  # django-ninja's placeholder for PREFIX itself
    ]


@login_not_required
@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under /api/: JSON 404 (a missing final slash redirects, as Django does)."""
    if not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "not_found":
            if request.method in ("GET", "HEAD"):
                response = HttpResponse(status=301)
                response["Location"] = request.get_full_path(force_append_slash=True)
                return response
            return error_response(404, _("接口地址应以 / 结尾：%(path)s/") % {"path": request.path})
    return error_response(
        404,
        _("接口地址不存在：%(path)s。可用的地址见 %(schema)sopenapi.json。")
        % {"path": request.path, "schema": PREFIX},
    )


urlpatterns = [
    path(PREFIX.lstrip("/") + "openapi.json", schema, name="schema"),
    path(PREFIX.lstrip("/"), include(_operations())),
    re_path(r"^api/(?P<rest>.*)$", not_found, name="not_found"),
]
