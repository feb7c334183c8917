"""Hardening: deploy checks, login lockout, sessions, CSRF, escaping, and bad input never 500s."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from projects.models import Project
from tests.conftest import make_user

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_passes_with_production_settings():
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x7!k2-production-test-key-that-is-long-and-random-enough-9f3a1c",
        "ALLOWED_HOSTS": "perfbudget.example.gov.cn",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set only for the browser tests' live server
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_repeated_login_failures_lock_the_account(db):
    user = make_user("lockme", "auditor")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "lockme", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "lockme", "password": "pw-123456"})
    assert locked.status_code in (403, 429)
    assert "登录失败次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert user.pk  # the account itself is kept


def test_sessions_expire_after_inactivity_and_with_the_browser():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY
    assert "perfbudget.middleware.SessionActivityMiddleware" in settings.MIDDLEWARE


def test_an_active_session_is_renewed_about_once_a_minute(db):
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(make_user("active", "auditor"))
    client.get("/")
    key = client.session.session_key
    first_expiry = Session.objects.get(session_key=key).expire_date
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert not any("UPDATE" in q["sql"] and "django_session" in q["sql"] for q in queries)
    session = client.session
    session["_seen"] -= 61  # as if the last renewal was over a minute ago
    session.save()
    client.get("/")
    assert Session.objects.get(session_key=key).expire_date > first_expiry


def test_an_idle_session_expires(db):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client = Client()
    client.force_login(make_user("idle", "auditor"))
    client.get("/")
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_post_without_csrf_token_is_refused(seed_plan):
    clerk = make_user("csrfclerk", "clerk", departments=[seed_plan.department])
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    response = client.post("/workflow/802010/2023/submit/")
    assert response.status_code == 403
    seed_plan.refresh_from_db()
    assert seed_plan.status == "draft"


def test_user_text_is_escaped_in_pages(admin_client, seed_plan):
    Project.objects.filter(code="13022523P0066B010022C").update(
        name="<script>alert(1)</script>", purpose='"><img src=x onerror=alert(1)>'
    )
    html = admin_client.get("/departments/802010/2023/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/projects/abc/",
        "/projects/99999999999999999999999/",
        "/projects/0/",
        "/projects/999999999999999999/",
        "/projects/999999999999999999/history/",
        "/projects/999999999999999999/export.docx",
        "/projects/1/export.pdf",
        "/departments/802010/99999/",
        "/departments/802010/0/",
        "/departments/%00/2023/",
        "/departments/" + "9" * 300 + "/2023/",
        "/reviews/departments/802010/1/",
        "/exports/999999999999999999/",
        "/workflow/802010/2023/return/?finding=abc&finding=999999",
    ],
)
def test_malformed_ids_and_years_are_404_not_500(admin_client, seed_plan, url):
    response = admin_client.get(url)
    assert response.status_code in (200, 403, 404), url


@pytest.mark.parametrize(
    "query",
    [
        {"q": "项" * 20000},
        {"q": "'; DROP TABLE projects_project; --"},
        {"department": "abc"},
        {"department": "99999999999999999999999"},
        {"fiscal_year": "二〇二三"},
        {"sort": "password"},
        {"sort": "-" * 500},
    ],
)
def test_strange_list_queries_give_a_page_not_an_error(admin_client, seed_plan, query):
    response = admin_client.get("/projects/", query)
    assert response.status_code == 200
    assert Project.objects.count() == 11


def test_wrong_types_in_review_forms_come_back_with_messages(client, seed_plan):
    from workflow.services import plan_submit

    clerk = make_user("c1", "clerk", departments=[seed_plan.department])
    plan_submit(plan=seed_plan, user=clerk, blocking_errors=0)
    client.force_login(make_user("r1", "reviewer", region_code="130225"))
    response = client.post(
        "/workflow/802010/2023/return/",
        {
            "comment": "",
            "opinion-TOTAL_FORMS": "1",
            "opinion-INITIAL_FORMS": "0",
            "opinion-MIN_NUM_FORMS": "0",
            "opinion-MAX_NUM_FORMS": "1000",
            "opinion-0-project": "abc",
            "opinion-0-indicator_order": "-5",
            "opinion-0-code": "99",
            "opinion-0-text": "x" * 3000,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "退回时必须填写审核意见" in html
    assert "选择一个有效的选项" in html
    seed_plan.refresh_from_db()
    assert seed_plan.status == "submitted"
    broken = client.post(
        "/workflow/802010/2023/return/",
        {"comment": "改", "opinion-TOTAL_FORMS": "abc", "opinion-INITIAL_FORMS": "0"},
    )
    assert broken.status_code == 200  # a broken formset is a form error, not a crash
    # An unknown grade: the confirmation page again, the message under the grade (#17).
    approve = client.post("/workflow/802010/2023/approve/", {"grade": "Z"})
    assert approve.status_code == 200
    assert "选择一个有效的选项" in approve.content.decode()
    seed_plan.refresh_from_db()
    assert seed_plan.status == "submitted"
