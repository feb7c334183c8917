"""Token (or, for reads, session) authentication of API calls; JSON errors, never redirects."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from api.models import ApiToken, hash_key

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def error(status: int, message: str, **extra) -> JsonResponse:
    response = JsonResponse({"detail": message, **extra}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = "Token"
    return response


def token_user(request: HttpRequest):
    """The active user of a valid `Authorization: Token <key>` header, else None."""
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "token" or not key.strip():
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_key(key.strip()), revoked=False)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def api_view(*methods: str) -> Callable:
    """Allow `methods`; authenticate by token (any method) or session (reads only).

    Writes need a token, so a browser session cannot be tricked into writing (no CSRF).
    """

    def decorate(view: Callable) -> Callable:
        @login_not_required
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if request.method not in methods:
                return error(
                    405,
                    _("不支持 %(method)s 方法，请使用 %(allowed)s。")
                    % {"method": request.method, "allowed": "、".join(methods)},
                    allowed=list(methods),
                )
            user = token_user(request)
            if user is None and request.method in SAFE_METHODS and request.user.is_authenticated:
                user = request.user
            if user is None:
                return error(401, _("需要身份认证：请在请求头中提供 Authorization: Token <密钥>。"))
            request.user = user
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
