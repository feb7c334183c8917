"""Chinese is the only language: a browser asking for English still gets Chinese pages."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

from projects.models import DepartmentPlan
from tests.conftest import make_user

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def _lang(html: str) -> str:
    return re.search(r'<html lang="([^"]*)"', html).group(1)


def test_zh_hans_is_the_only_language_offered():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _name in settings.LANGUAGES] == ["zh-hans"]


def test_login_page_and_its_error_stay_chinese_for_an_english_browser(db, client):
    make_user("clerk", "clerk")
    html = client.get("/accounts/login/", **ENGLISH).content.decode()
    assert _lang(html) == "zh-hans"
    assert "登录" in html and "Log in" not in html
    response = client.post(
        "/accounts/login/", {"username": "clerk", "password": "wrong"}, **ENGLISH
    )
    html = response.content.decode()
    assert _lang(html) == "zh-hans"
    # Django's own message, from its zh_Hans catalog, not "Please enter a correct username".
    assert "请输入一个正确的" in html and "Please enter" not in html


def test_a_django_form_error_stays_chinese_for_an_english_browser(client, seed_plan):
    """The language cookie cannot switch the site to English either."""
    DepartmentPlan.objects.update(status="submitted")
    client.force_login(make_user("reviewer", "reviewer", region_code="130225"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        "/workflow/802010/2023/return/",
        {
            "comment": "",
            "opinion-TOTAL_FORMS": "1",
            "opinion-INITIAL_FORMS": "0",
            "opinion-0-indicator_order": "0",
            "opinion-0-code": "2",
        },
        **ENGLISH,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert _lang(html) == "zh-hans"
    assert "确保该值大于或等于1。" in html  # Django's validator message
    assert "退回时必须填写审核意见" in html  # ours
    assert "Ensure this value" not in html and "This field is required" not in html


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_admin_is_chinese_whatever_the_browser_asks(admin_client, language):
    html = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert _lang(html) == "zh-hans"
    assert "Site administration" not in html


# Modules whose user-facing text must all go through gettext. Docstrings are exempt; so are
# the API's OpenAPI description (api/schema.py, documentation for programmers) and argparse
# help of management commands (argparse cannot take lazy strings).
WRAPPED_MODULES = [
    "workflow/views.py", "workflow/services.py", "workflow/forms.py", "workflow/models.py",
    "workflow/selectors.py", "workflow/templatetags/workflow_tags.py", "api/views.py",
    "api/auth.py", "api/models.py", "reports/views.py", "projects/history.py",
]  # fmt: skip
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext", "gettext_noop"}


def _unwrapped_chinese(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    wrapped: set[int] = set()
    docstrings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in GETTEXT_NAMES:
            wrapped.update(id(inner) for arg in node.args for inner in ast.walk(arg))
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            docstrings.add(id(body[0].value))
    return [
        f"{path}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and re.search(r"[\u4e00-\u9fff]", node.value)
        and id(node) not in wrapped | docstrings
    ]


@pytest.mark.parametrize("module", WRAPPED_MODULES)
def test_user_facing_chinese_text_goes_through_gettext(module):
    path = Path(settings.BASE_DIR) / module
    assert _unwrapped_chinese(path) == []
