"""Per-role home pages and the 编辑 buttons on report pages (shown only to those who may edit)."""

from __future__ import annotations

import pytest

from projects.models import DepartmentPlan, Project
from tests.projects.forms_helpers import demo_user

PLAN_EDIT = 'href="/departments/802010/2023/edit/"'


def _page(client, username: str, url: str) -> str:
    client.force_login(demo_user(username))
    return client.get(url).content.decode()


def test_clerk_home_explains_the_job_and_links_to_the_editor(client, seed_plan):
    html = _page(client, "clerk", "/")
    assert "填报员：" in html and PLAN_EDIT in html


@pytest.mark.parametrize(("username", "text"), [("reviewer", "审核员："), ("auditor", "审计：")])
def test_readers_home_has_no_edit_links(client, seed_plan, username, text):
    html = _page(client, username, "/")
    assert text in html and PLAN_EDIT not in html


def test_department_report_offers_edit_only_while_editable(client, seed_plan):
    assert 'id="edit-plan"' in _page(client, "clerk", "/departments/802010/2023/")
    DepartmentPlan.objects.filter(pk=seed_plan.pk).update(status="submitted")
    assert 'id="edit-plan"' not in _page(client, "clerk", "/departments/802010/2023/")


@pytest.mark.parametrize("username", ["reviewer", "auditor"])
def test_readers_see_no_edit_button_on_reports(client, seed_plan, username):
    project = Project.objects.first()
    assert 'id="edit-plan"' not in _page(client, username, "/departments/802010/2023/")
    assert 'id="edit-project"' not in _page(client, username, f"/projects/{project.pk}/")


def test_clerk_sees_edit_on_the_project_report(client, seed_plan):
    project = Project.objects.first()
    html = _page(client, "clerk", f"/projects/{project.pk}/")
    assert f'id="edit-project" href="/projects/{project.pk}/edit/"' in html


def test_home_lists_the_newest_documents_and_points_to_the_list_for_the_rest(
    client, seed_plan, monkeypatch
):
    from pages import views
    from tests.builders import bulk_department

    monkeypatch.setattr(views, "HOME_DOCUMENTS", 2)
    bulk_department(code="990001", year=2024, projects=1, indicators=1)
    html = _page(client, "auditor", "/")
    assert 'id="more-documents"' not in html  # two documents: all shown
    bulk_department(code="990002", year=2024, projects=1, indicators=1)
    html = _page(client, "auditor", "/")
    assert html.count("查看绩效目标表") == 2 and "/departments/802010/2023/" not in html
    assert 'id="more-documents"' in html and 'href="/departments/"' in html


def test_home_rows_show_escaped_names_totals_and_links(client, seed_plan):
    from projects.models import Department

    Department.objects.filter(code="802010").update(name='大相<b>各庄</b> & "镇"')
    html = _page(client, "clerk", "/")
    row = html[html.index("<td>2023</td>") : html.index("</tr>", html.index("<td>2023</td>"))]
    assert '<td class="font-monospace d-none d-md-table-cell">802010</td>' in row
    assert "<td>大相&lt;b&gt;各庄&lt;/b&gt; &amp; &quot;镇&quot;</td>" in row
    total = sum(p.budget_total for p in Project.objects.filter(fiscal_year=2023))
    assert f'<td class="text-end d-none d-md-table-cell">{Project.objects.count()}</td>' in row
    assert f'<td class="text-end font-monospace">{total:.2f}</td>' in row
    assert 'href="/departments/802010/2023/">查看绩效目标表</a>' in row
    assert f"{PLAN_EDIT}>编辑</a>" in row
