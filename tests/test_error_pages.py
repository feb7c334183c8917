"""Error pages speak Chinese and say what to do; they never show Django's English defaults."""

from __future__ import annotations

import pytest
from django.contrib.auth.decorators import login_not_required
from django.template.loader import render_to_string
from django.test import Client
from django.urls import path

from projects.models import Project


def test_unknown_url_gets_the_chinese_404_page(admin_client):
    response = admin_client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'id="error-page"' in html and "页面不存在（404）" in html and "返回首页" in html
    assert "Resolver404" not in html and "Not Found" not in html


def test_404_page_shows_the_reason_given(admin_client, seed_plan):
    missing = Project.objects.order_by("-pk").first().pk + 1000
    html = admin_client.get(f"/projects/{missing}/").content.decode()
    assert "项目不存在。" in html


def test_other_units_page_is_404_without_saying_it_exists(client, seed_plan, django_user_model):
    from tests.conftest import make_user

    make_user("outsider", "clerk", departments=[])
    client.force_login(django_user_model.objects.get(username="outsider"))
    response = client.get("/departments/802010/2023/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_500_page_renders_without_a_request_and_in_chinese():
    html = render_to_string("500.html")
    assert 'lang="zh-hans"' in html and "系统出现错误（500）" in html
    assert "/static/vendor/bootstrap/" in html  # served locally, no CDN


@login_not_required
def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom)]


@pytest.mark.urls("tests.test_error_pages")
def test_a_crash_shows_the_chinese_500_page(db, caplog):
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    crashes = [r for r in caplog.records if r.exc_info and r.exc_info[0] is RuntimeError]
    assert crashes, "the view's own crash, not a routing error"
    assert "系统出现错误（500）" in response.content.decode()
