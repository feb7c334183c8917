"""Token (or, for reads, session) authentication of API calls.

Writes need a token, so a browser session cannot be tricked into writing (no CSRF exposure).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyHeader

from api.models import ApiToken, hash_key

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


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


class TokenAuth(APIKeyHeader):
    """`Authorization: Token <密钥>` (manage.py create_api_token); reads also by session."""

    param_name = "Authorization"

    def __call__(self, request: HttpRequest):
        user = token_user(request)
        if user is None and request.method in SAFE_METHODS and request.user.is_authenticated:
            user = request.user
        # django-ninja keeps the result as `request.auth`. `request.user` stays the session's:
        # a token call must not look logged in to the session middleware (no session rows).
        return user

    def authenticate(self, request: HttpRequest, key: str | None):  # pragma: no cover
        raise NotImplementedError("__call__ reads the header itself")
