"""No page shows English to a user (#17 item 10): every URL of the resolver (the same walk as
tests/accounts/test_url_permissions.py, with real ids of a seeded year) is fetched as every
role, and the visible text — tags, scripts, styles and attributes stripped — may hold ASCII
words only from an allow-list (file formats, units, codes). The admin is walked too.
"""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html

from tests.accounts.test_url_permissions import EXPECTED, POST_ONLY, ROLES, _client_for, _kwargs
from tests.accounts.test_url_permissions import world as world

# Words a Chinese user reads as they are: formats, products, units, technical abbreviations.
ALLOWED = {
    "Word", "Excel", "PDF", "ID", "API", "URL", "CSV", "csv", "docx", "xlsx", "xls", "doc",
    "zip", "Ctrl", "Cookie", "IP", "JSON", "Token", "HTTP", "HTTPS", "MB", "KB", "GB",
    "km", "kg", "m", "t", "SHA",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z]{2,}")
# Machine-made values that a page shows as data, not as words: user names of the fixture
# and e-mail addresses.
DATA = re.compile(r"[\w.+-]+@[\w.-]+|(?<![A-Za-z])(?:own|other|rev|frev|aud|adm|boss)(?![A-Za-z])")


def visible_text(page: str) -> str:
    """What a reader sees: text of the body and the tab title, without scripts and styles."""
    if not page.strip():
        return ""
    document = lxml_html.document_fromstring(page)
    # <bdi> holds a password hash's algorithm and salt on the admin's user page: data.
    for element in document.xpath("//script | //style | //noscript | //bdi"):
        element.drop_tree()
    return " ".join(document.text_content().split())


def english_words(page: str) -> list[str]:
    text = DATA.sub(" ", visible_text(page))
    return sorted({word for word in WORD.findall(text) if word not in ALLOWED})


def _problems(response) -> list[str]:
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    page = response.content.decode()
    found = english_words(page)
    if "---------" in visible_text(page):
        found.append("---------")
    return found


def test_the_detector_finds_english_and_ignores_attributes_and_scripts():
    page = (
        "<html><head><title>项目 · perfbudget</title><script>var Hidden = 1;</script></head>"
        '<body><p title="Tooltip" data-rule="duplication.basis">导出 Word 与 Excel 文件</p>'
        "<p>Page not found</p><select><option>---------</option></select></body></html>"
    )
    assert english_words(page) == ["Page", "found", "not", "perfbudget"]
    assert "---------" in visible_text(page)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_for_every_role_is_chinese(client, world, role):
    client = _client_for(client, role, world)
    found: dict[str, list[str]] = {}
    for name in EXPECTED:
        if name in POST_ONLY:
            continue
        url = reverse(name, kwargs=_kwargs(name, world))
        response = client.get(url)
        if response.status_code == 302 and response["Location"].startswith("/"):
            response = client.get(response["Location"])
        if words := _problems(response):
            found[f"{url} ({response.status_code})"] = words
    for url in ("/accounts/login/", "/no-such-page/", "/projects/999999999/"):
        if words := _problems(client.get(url)):
            found[url] = words
    assert found == {}, f"{role}: English on the page: {found}"


def _admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        urls.append(reverse("admin:app_list", kwargs={"app_label": meta.app_label}))
        first = model.objects.first()
        if first is not None:
            urls.append(
                reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            )
    return list(dict.fromkeys(urls))


# In the admin: the keys Django's own Chinese help names (按住 Control 或 Mac 上的 Command),
# the indicator frames' codes, and axes' "<unknown>" user agent of a request without one.
ADMIN_ALLOWED = {"Control", "Command", "Mac", "classic", "caiyu", "unknown"}


def test_the_admin_is_chinese(world, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw-123456")
    client = Client()
    client.force_login(boss)
    found: dict[str, list[str]] = {}
    for url in _admin_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        words = [w for w in english_words(response.content.decode()) if w not in ADMIN_ALLOWED]
        if words:
            found[url] = words
    assert found == {}, f"English in the admin: {found}"


def test_the_seed_years_pages_with_findings_opinions_and_a_waiting_export(
    client, seed_plan, django_user_model
):
    """The seed department (126 findings) in the states that show the most text."""
    from projects.models import Project
    from reports.models import ExportJob
    from tests.conftest import make_user
    from workflow.services import Opinion, plan_return, plan_submit

    clerk = make_user("own", "clerk", departments=[seed_plan.department])
    reviewer = make_user("rev", "reviewer", region_code="130225")
    project = Project.objects.filter(department=seed_plan.department).first()
    plan_submit(plan=seed_plan, user=clerk, blocking_errors=0)
    reviewer_pages = [
        "/workflow/802010/2023/return/",
        "/reviews/departments/802010/2023/",
        "/reviews/2023/",
        "/departments/802010/2023/",
        "/workflow/",
    ]
    client.force_login(reviewer)
    job = ExportJob.objects.create(created_by=reviewer, fiscal_year=2023, total=1)
    found = {url: _problems(client.get(url)) for url in [*reviewer_pages, f"/exports/{job.pk}/"]}
    opinion = Opinion(code=2, text="请细化", project_id=project.pk, indicator_order=1)
    plan_return(plan=seed_plan, user=reviewer, comment="请修改", opinions=[opinion])
    client.force_login(clerk)
    for url in ("/", "/departments/802010/2023/", f"/projects/{project.pk}/edit/",
                "/departments/802010/2023/edit/", "/workflow/"):  # fmt: skip
        found[url] = _problems(client.get(url))
    assert {url: words for url, words in found.items() if words} == {}
