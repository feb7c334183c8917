"""The automated findings appear on the edit page next to the fields, and follow each save."""

from __future__ import annotations

import re

from projects.models import Project
from projects.permissions import SYSTEM
from projects.selectors import project_target_table
from projects.services import project_save_table
from tests.conftest import make_user


def _edit_page(client, seed_plan, code="13022523P00H60410032U"):
    client.force_login(make_user("clerk", "clerk", departments=[seed_plan.department]))
    project = Project.objects.get(code=code)
    return project, client.get(f"/projects/{project.pk}/edit/").content.decode()


def _field_block(html: str, field_id: str) -> str:
    start = html.index(f'id="{field_id}"')
    return html[start : html.index('<div class="field', start)]


def test_edit_page_summarises_and_places_findings(client, seed_plan):
    _project, html = _edit_page(client, seed_plan)
    assert re.search(r"本表共发现 \d+ 个问题，其中错误 3 个", html)
    goals = _field_block(html, "id_goals")
    assert "“目标内容1”是模板默认内容" in goals and "finding-error" in goals
    # 文字描述 is the value of the third row (人员满意度), shown under that row's value input.
    value = _field_block(html, "id_rows-2-value")
    assert "文字描述" in value and "finding-error" in value
    assert "finding-" not in _field_block(html, "id_rows-0-level1")


def test_findings_are_updated_after_a_save(client, seed_plan):
    project, _html = _edit_page(client, seed_plan)
    table = project_target_table(project_id=project.pk)
    table.goals = ["保障15名村“两委”正职按时参加养老保险"]
    table.indicators[2].value = "≥95%"
    table.indicators[2].basis = "计划标准"  # the seed has the placeholder 文字描述 here too
    project_save_table(department=project.department, table=table, user=SYSTEM)
    html = client.get(f"/projects/{project.pk}/edit/").content.decode()
    assert "其中错误 0 个" in html
    assert "模板默认内容" not in html


def test_a_new_project_page_has_no_findings_yet(client, seed_plan):
    client.force_login(make_user("clerk", "clerk", departments=[seed_plan.department]))
    html = client.get("/departments/802010/2023/projects/new/").content.decode()
    assert 'id="review-summary"' not in html
