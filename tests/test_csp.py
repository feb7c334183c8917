"""Content-Security-Policy (#14): every page sends a strict policy and needs no exception to it.

The app serves all its own assets, so the policy allows scripts and styles from the site
only; a page with an inline <script>, <style>, style="…" or on…= handler would be broken by
it. Every page of the URL walk (tests/accounts/test_url_permissions.py) is fetched as every
role, plus pages in the states that show more (errors, a conflict, a return's opinions, a
running export, the live preview, the admin).
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html

from reports.models import ExportJob
from tests.accounts.test_url_permissions import EXPECTED, POST_ONLY, ROLES, _client_for, _kwargs
from tests.accounts.test_url_permissions import world as world
from tests.browser.conftest import (  # the browser tests' launch settings and CSP listener
    CHROMIUM,
    _no_csp_violations,  # noqa: F401
    browser_type_launch_args,  # noqa: F401
)
from tests.conftest import make_user

EVENT_HANDLER = re.compile(r"^on[a-z]+$")
URL_ATTRIBUTES = {"href", "src", "action", "formaction"}
# Script types a browser does not run (data blocks such as json_script) need no permission.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


def assert_strict_policy(response, where: str) -> None:
    directives = policy(response)
    assert directives, f"{where}: no Content-Security-Policy header"
    assert directives["default-src"] == ["'none'"], where
    assert directives["script-src"] == ["'self'"], where
    assert directives["style-src"] == ["'self'"], where
    assert directives["frame-ancestors"] == ["'none'"], where
    assert directives["form-action"] == ["'self'"], where
    assert directives["base-uri"] == ["'none'"], where
    for values in directives.values():
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"} & set(values)


def inline_code(page: str) -> list[str]:
    """Everything in `page` that a strict policy blocks: inline scripts and styles,
    style attributes, event-handler attributes and javascript: URLs."""
    found: list[str] = []
    if not page.strip():
        return found
    for element in lxml_html.document_fromstring(page).iter():
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        line = f"line {element.sourceline} <{element.tag}>"
        runs = element.get("type", "").lower() not in DATA_SCRIPT_TYPES
        if element.tag == "script" and not element.get("src") and runs:
            found.append(f"{line} inline script")
        if element.tag == "style":
            found.append(f"{line} <style> element")
        for name, value in element.attrib.items():
            if name == "style":
                found.append(f"{line} style={value!r}")
            elif EVENT_HANDLER.match(name) or (
                name in URL_ATTRIBUTES and value.strip().lower().startswith("javascript:")
            ):
                found.append(f"{line} {name}={value!r}")
    return found


def assert_no_inline_code(response, where: str) -> None:
    assert_strict_policy(response, where)
    if response.get("Content-Type", "").startswith("text/html"):
        found = inline_code(response.content.decode())
        assert found == [], f"{where}: {sorted(set(found))}"


def test_inline_code_is_found():
    """The detector itself: each kind of inline code is reported, external code is not."""
    page = (
        "<html><head><style>p{}</style><script>alert(1)</script>"
        '<script src="/static/a.js"></script><script type="application/json">{}</script>'
        '</head><body><p style="color:red" onclick="x()">a</p>'
        '<a href="javascript:void(0)">b</a><a href="/x">c</a></body></html>'
    )
    assert [item.split("> ", 1)[1] for item in inline_code(page)] == [
        "<style> element",
        "inline script",
        "style='color:red'",
        "onclick='x()'",
        "href='javascript:void(0)'",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_for_every_role_has_the_policy_and_no_inline_code(client, world, role):
    client = _client_for(client, role, world)
    for name in EXPECTED:
        if name in POST_ONLY:
            continue
        url = reverse(name, kwargs=_kwargs(name, world))
        response = client.get(url)
        assert_no_inline_code(response, f"{role} {url} ({response.status_code})")
        if response.status_code == 302:
            followed = client.get(response["Location"])
            assert_no_inline_code(followed, f"{role} {url} → {response['Location']}")


def test_public_and_error_pages(client, world):
    for url in ("/accounts/login/", "/healthz/", "/no-such-page/"):
        assert_no_inline_code(client.get(url), url)
    clerk = _client_for(Client(), "own_clerk", world)
    assert_no_inline_code(clerk.get("/projects/999999999/"), "404 of a logged-in user")
    other = _client_for(Client(), "other_clerk", world)
    project = world["project"]
    response = other.post(reverse("projects:project_edit", kwargs={"pk": project.pk}), {})
    assert_no_inline_code(response, "another unit's editor (refused)")


def test_the_locked_out_page(db, settings):
    make_user("lockme", "clerk")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post("/accounts/login/", {"username": "lockme", "password": "wrong"})
    assert response.status_code in (403, 429)
    assert_no_inline_code(response, "locked out")


def test_the_server_error_page(client, world):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    page = render_to_string("500.html", request=RequestFactory().get("/"))
    assert inline_code(page) == []


def test_editor_states_and_the_live_preview(world):
    """The editors with errors and with a conflict, and the preview fragment the editor's
    script inserts into the page (the policy applies to inserted markup too)."""
    from projects import selectors
    from tests.projects.forms_helpers import post_data

    clerk = _client_for(Client(), "own_clerk", world)
    project = world["project"]
    edit = reverse("projects:project_edit", kwargs={"pk": project.pk})
    table = selectors.project_table(project)
    invalid = clerk.post(edit, post_data(table, budget_total="abc"))
    assert invalid.status_code == 200
    assert_no_inline_code(invalid, "editor with errors")

    stale = post_data(table, purpose="改过")
    assert clerk.post(edit, post_data(table, purpose="先保存")).status_code == 302
    conflict = clerk.post(edit, stale)
    assert conflict.status_code == 200 and conflict.context["conflict"]
    assert_no_inline_code(conflict, "editor with a conflict")

    preview_url = reverse("projects:project_preview", kwargs={"code": "802010", "year": 2023})
    preview = clerk.post(preview_url, post_data(table))
    assert preview.status_code == 200 and b"target-table" in preview.content
    assert inline_code(f"<html><body>{preview.content.decode()}</body></html>") == []
    assert_strict_policy(preview, "preview")

    new = clerk.get(reverse("projects:project_new", kwargs={"code": "802010", "year": 2023}))
    assert_no_inline_code(new, "new project")


def test_a_returned_year_with_opinions(world):
    from projects.models import DepartmentPlan
    from workflow.services import Opinion, plan_return, plan_submit

    plan = DepartmentPlan.objects.get(department__code="802010", fiscal_year=2023)
    users = world["users"]
    plan_submit(plan=plan, user=users["own_clerk"], blocking_errors=0)
    opinion = Opinion(code=3, text="请细化指标", project_id=world["project"].pk, indicator_order=1)
    plan_return(plan=plan, user=users["reviewer"], comment="请修改", opinions=[opinion])
    clerk = _client_for(Client(), "own_clerk", world)
    for name in ("projects:department_report", "projects:plan_edit", "workflow:queue"):
        url = reverse(name, kwargs=_kwargs(name, world))
        assert_no_inline_code(clerk.get(url), f"returned year: {url}")
    edit = reverse("projects:project_edit", kwargs={"pk": world["project"].pk})
    assert_no_inline_code(clerk.get(edit), "editor with a return's opinions")
    reviewer = _client_for(Client(), "reviewer", world)
    for name in ("projects:department_report", "workflow:queue", "reviews:department_review"):
        url = reverse(name, kwargs=_kwargs(name, world))
        assert_no_inline_code(reviewer.get(url), f"returned year, reviewer: {url}")


def test_a_running_export_job(world):
    users = world["users"]
    job = ExportJob.objects.create(
        created_by=users["admin"], fiscal_year=2023, status=ExportJob.Status.RUNNING, total=4,
        done=1,
    )  # fmt: skip
    admin = _client_for(Client(), "admin", world)
    response = admin.get(reverse("reports:export_job", kwargs={"pk": job.pk}))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="25"' in page  # the progress shows without a style attribute
    assert_no_inline_code(response, "running export")


def test_admin_pages_have_the_policy_and_no_inline_code(world):
    """Django's admin runs under the same policy: every change list and add form (where
    adding is allowed), and a project's change form and history."""
    from django.contrib import admin as django_admin

    admin = _client_for(Client(), "admin", world)
    project = world["project"].pk
    pages = {"/admin/": 200, f"/admin/projects/project/{project}/change/": 200}
    pages[f"/admin/projects/project/{project}/history/"] = 200
    for model in django_admin.site._registry:
        meta = model._meta
        pages[reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")] = 200
        pages[reverse(f"admin:{meta.app_label}_{meta.model_name}_add")] = 403
    for url, refused in pages.items():
        response = admin.get(url)
        assert response.status_code in {200, refused}, url
        assert_no_inline_code(response, url)


def test_the_stylesheet_gives_the_target_tables_their_column_widths():
    """The widths the tables once carried in style attributes, now in the stylesheet, still
    follow reports.layout.COLUMN_WIDTHS (the label column, then twelve narrow ones)."""
    from django.conf import settings

    from reports.layout import Grid

    css = (settings.BASE_DIR / "static" / "css" / "perfbudget.css").read_text()
    narrow = re.search(r"\.target-table col \{ width: ([\d.]+%); \}", css).group(1)
    label = re.search(r"\.target-table col:first-child \{ width: ([\d.]+%); \}", css).group(1)
    assert Grid(title="", rows=()).column_percentages() == [label] + [narrow] * 12


# In Chromium: the policy is enforced, the pages need no exception, and the behaviour that
# moved out of inline handlers still works. Launch settings and the console listener that
# fails on any refused script or style are those of every browser test (tests/browser).


@pytest.fixture
def seeded_for_browser(transactional_db):
    from django.core.management import call_command

    call_command("load_seed", verbosity=0)
    call_command("create_demo_accounts", verbosity=0)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not found at {CHROMIUM}")
def test_chromium_enforces_the_policy_and_the_pages_need_no_exception(
    page, browser, live_server, seeded_for_browser
):
    page.goto(f"{live_server.url}/departments/802010/2023/")
    page.fill("#id_username", "auditor")
    page.fill("#id_password", "auditor-demo-2023")
    page.click("button[type=submit]")
    page.wait_for_url("**/departments/802010/2023/")
    # 打印 is bound by static/js/perfbudget.js instead of an onclick attribute.
    page.evaluate("window.print = () => { window.printed = true; }")
    page.click("[data-action='print']")
    assert page.evaluate("window.printed === true")
    # The target tables keep their column widths from the stylesheet: 一级 wider than the rest.
    widths = page.evaluate(
        "[...document.querySelectorAll('#table-1 .target-table-indicators col')]"
        ".map(c => c.getBoundingClientRect().width)"
    )
    assert len(widths) == 13 and widths[0] > 2 * widths[1] > 0
    page.goto(f"{live_server.url}/projects/")
    page.goto(f"{live_server.url}/workflow/")
    # …while markup that would need an exception is refused, and the console says so (which
    # is what fails every browser test on a page that needs one).
    other = browser.new_page()
    refused: list[str] = []
    other.on("console", lambda message: refused.append(message.text))
    other.goto(f"{live_server.url}/accounts/login/")
    other.evaluate(
        "document.body.insertAdjacentHTML('beforeend',"
        ' \'<p id="x" style="color: red">x</p><img src="/nothing.png" onerror="window.ran = 1">\')'
    )
    other.wait_for_timeout(300)
    assert other.evaluate("window.ran === undefined")  # the handler never ran
    assert (
        other.evaluate("getComputedStyle(document.getElementById('x')).color") != "rgb(255, 0, 0)"
    )
    assert sum("Content Security Policy" in text for text in refused) >= 2, refused
    other.close()
