"""Hostile or broken input to every form: a page with a message (or a 4xx), never a 500, and
nothing saved. URLs and the API have their own tests (test_security.py, tests/api/)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from projects.models import DepartmentPlan, Project
from projects.selectors import project_target_table
from tests.projects.forms_helpers import post_data

HUGE = "测" * 200_000
NAME = "妇女之家资金"


@pytest.fixture
def project(seed_plan):
    return Project.objects.get(name=NAME, fiscal_year=2023)


def _snapshot(project) -> tuple:
    project.refresh_from_db()
    table = project_target_table(project_id=project.pk)
    return project.version, table


@pytest.mark.parametrize(
    "overrides",
    [
        {"name": HUGE},
        {"code": "13022523P004191100\x0020"},
        {"budget_total": "abc"},
        {"budget_total": "1e400"},
        {"budget_total": "NaN"},
        {"fiscal_funds": "Infinity"},
        {"budget_total": "9" * 40},
        {"plan_dec": "-8.5"},
        {"spending_plan_kind": "<script>"},
        {"rows-0-level1": "不存在的一级"},
        {"rows-0-level2": "9" * 500},
        {"rows-0-value": HUGE},
        {"rows-0-weight": "百分之十"},
        {"rows-0-ORDER": "first"},
        {"rows-TOTAL_FORMS": "abc"},
        {"rows-TOTAL_FORMS": "100000"},
        {"rows-INITIAL_FORMS": "-3"},
        {"version": "not-a-number"},
        {"opened": "tampered-signature"},
    ],
    ids=lambda o: next(iter(o)),
)
def test_project_editor_rejects_bad_input_with_a_message(clerk, project, overrides):
    before = _snapshot(project)
    data = post_data(before[1], **overrides)
    response = clerk.post(f"/projects/{project.pk}/edit/", data)
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code == 200:
        html = response.content.decode()
        assert "invalid-feedback" in html or "alert-danger" in html
    # A redirect means a save went through: only acceptable when it changed nothing.
    assert _snapshot(project) == before


@pytest.mark.parametrize(
    "fields",
    [
        {"overall_goal": HUGE},
        {"version": "x"},
        {"sub_goals": ["甲"] * 5000},
        {"safeguards": [HUGE]},
        {"overall_goal": "\x00"},
    ],
    ids=["huge-goal", "bad-version", "many-items", "huge-item", "nul"],
)
def test_plan_editor_rejects_bad_input_and_keeps_the_plan(clerk, seed_plan, fields):
    before = DepartmentPlan.objects.values().get(pk=seed_plan.pk)
    data = {"overall_goal": "总体目标", "version": str(seed_plan.version), "sub_goals": ["甲"]}
    data.update(fields)
    response = clerk.post("/departments/802010/2023/edit/", data)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert "invalid-feedback" in response.content.decode() or "alert-danger" in (
            response.content.decode()
        )
    assert DepartmentPlan.objects.values().get(pk=seed_plan.pk) == before


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (SimpleUploadedFile("../../etc/passwd.docx", b"not a zip"), ""),
        (SimpleUploadedFile("空.xlsx", b""), ""),
        (SimpleUploadedFile("x" * 300 + ".docx", b"PK\x03\x04broken"), ""),
        (SimpleUploadedFile("图片.png", b"\x89PNG\r\n\x1a\n"), ""),
    ],
    ids=["path-name", "empty", "long-name", "wrong-type"],
)
def test_import_upload_rejects_bad_files_with_a_message(clerk, upload, expected):
    from imports.models import ImportBatch

    response = clerk.post("/imports/", {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "invalid-feedback" in html or "alert-danger" in html
    assert expected in html
    assert not ImportBatch.objects.exists()
