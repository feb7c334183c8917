"""With DEBUG off (as in production) every error page is the project's Chinese one: 400, the
CSRF failure 403, 403, 404 and 500 — never Django's English defaults (#17 item 10)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client
from django.urls import path

from perfbudget import urls as root_urls

ENGLISH = ("Not Found", "Forbidden", "Bad Request", "Server Error", "CSRF", "DEBUG")


@login_not_required
def _bad(request):
    raise SuspiciousOperation("bad input")


@login_not_required
def _denied(request):
    raise PermissionDenied


@login_not_required
def _boom(request):
    raise RuntimeError("boom")


# The app's own URLs too: the error pages link to them (`{% url 'home' %}`).
urlpatterns = [
    path("bad/", _bad),
    path("denied/", _denied),
    path("boom/", _boom),
    *root_urls.urlpatterns,
]


def _visible(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def _assert_chinese(response, status: int, heading: str) -> None:
    assert response.status_code == status
    text = _visible(response.content.decode())
    assert heading in text and "返回首页" in text
    assert not [word for word in ENGLISH if word in text]


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]


@pytest.mark.urls("tests.test_error_pages_chinese")
def test_400_403_404_500_are_chinese_with_debug_off(db, production):
    client = Client(raise_request_exception=False)
    _assert_chinese(client.get("/bad/"), 400, "请求有误（400）")
    _assert_chinese(client.get("/denied/"), 403, "无权操作（403）")
    _assert_chinese(client.get("/nowhere/"), 404, "页面不存在（404）")
    _assert_chinese(client.get("/boom/"), 500, "系统出现错误（500）")


def test_a_disallowed_host_gets_the_chinese_400(db, production):
    response = Client().get("/accounts/login/", HTTP_HOST="evil.example")
    _assert_chinese(response, 400, "请求有误（400）")


def test_a_post_without_csrf_token_gets_the_chinese_403(db, production, django_user_model):
    user = django_user_model.objects.create_user("csrfuser", password="pw-123456")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/accounts/logout/")
    _assert_chinese(response, 403, "页面已过期，提交没有完成（403）")
    assert "刷新页面后重新提交" in response.content.decode()


def test_the_login_form_without_csrf_cookie_gets_the_chinese_403(db, production):
    response = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"username": "x", "password": "y"}
    )
    _assert_chinese(response, 403, "页面已过期，提交没有完成（403）")
