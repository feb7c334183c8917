"""结果应用 in next year's editor and carry-forward: each indicator shows last year's target,
actual and score, the project last year's total and grade (#18)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluation import services
from projects.carry_forward import project_carry_forward
from projects.models import Project
from tests.evaluation.conftest import fill_evaluation, read_evaluation

pytestmark = pytest.mark.django_db


def _evaluated(evaluation, unit_clerk):
    sheet = fill_evaluation(read_evaluation(evaluation))
    first = sheet.projects[0]
    village = next(r for r in first.rows if r.name == "保障行政村数")
    village.actual = "20"  # 20 of 26: 19.23 of 25
    services.evaluation_save(evaluation=evaluation, sheet=sheet, user=unit_clerk)
    return Project.objects.get(fiscal_year=2023, name=first.name, code=first.code)


def _editor(client, pk: int) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/projects/{pk}/edit/")
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_next_years_editor_shows_last_years_results_per_row_at_a_fixed_cost(
    client, evaluation, unit_clerk
):
    project = _evaluated(evaluation, unit_clerk)
    copy = project_carry_forward(project=project, user=unit_clerk)
    client.force_login(unit_clerk)
    client.get(f"/projects/{copy.pk}/edit/")  # warm the process-wide caches
    html, with_results = _editor(client, copy.pk)
    head = _text(html.split('id="last-year-result"')[1].split("</p>")[0])
    assert "2023年自评：94.23分 · 优（待送审）" in head
    notes = re.findall(r'class="form-text last-year-score">([^<]*)<', html)
    assert len(notes) == project.indicators.count()
    assert "2023年自评：指标值26，实际完成20，得分19.23（分值25）" in notes
    # Without last year's self-evaluation the page is as before, for the same queries (the
    # one read is asked whenever last year has the project).
    evaluation.delete()
    plain, without = _editor(client, copy.pk)
    assert "last-year-score" not in plain and 'id="last-year-result"' not in plain
    assert with_results == without


def test_a_row_that_is_new_this_year_has_no_result_line(client, evaluation, unit_clerk):
    project = _evaluated(evaluation, unit_clerk)
    copy = project_carry_forward(project=project, user=unit_clerk)
    copy.indicators.filter(name="保障行政村数").update(name="新增的指标")
    client.force_login(unit_clerk)
    html, _count = _editor(client, copy.pk)
    notes = re.findall(r'class="form-text last-year-score">([^<]*)<', html)
    assert len(notes) == project.indicators.count() - 1
    assert not any("19.23" in n for n in notes)


def test_carry_confirm_page_shows_last_years_results(client, evaluation, unit_clerk):
    project = _evaluated(evaluation, unit_clerk)
    client.force_login(unit_clerk)
    page = client.get("/departments/802010/2023/carry-forward/").content.decode()
    items = _text(page.split('id="carry-items"')[1].split("</ul>\n  <p")[0])
    assert "2023年自评：94.23分 · 优（待送审）" in items
    assert "保障行政村数：指标值26，实际完成20，得分19.23（分值25）" in items
    one = client.get(f"/projects/{project.pk}/carry-forward/").content.decode()
    assert "2023年自评：94.23分 · 优（待送审）" in _text(one)
    evaluation.delete()
    assert "年自评" not in _text(
        client.get("/departments/802010/2023/carry-forward/").content.decode()
    )
