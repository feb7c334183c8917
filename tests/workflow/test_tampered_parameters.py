"""Tampered numbers in query strings and hidden fields are ignored or refused, never a 500 (#14)."""

from __future__ import annotations

import pytest

from core.params import record_id, small_int
from projects.models import DepartmentPlan, Project
from projects.selectors import project_target_table
from tests.projects.forms_helpers import post_data
from workflow.models import ReviewAction

TAMPERED = ["²", "٣", "1²", "9" * 5000, "-1", "１"]


@pytest.mark.parametrize("text", TAMPERED)
def test_small_int_refuses_what_int_cannot_read_or_the_database_cannot_hold(text):
    assert small_int(text) is None
    assert record_id(text) is None


def test_small_int_reads_plain_numbers():
    assert small_int(" 12 ") == 12
    assert record_id("9" * 18) == int("9" * 18)
    assert record_id("9" * 19) is None


@pytest.mark.parametrize("position", TAMPERED)
def test_new_project_editor_ignores_a_tampered_position(clerk, position):
    response = clerk.get(f"/departments/802010/2023/projects/new/?position={position}")
    assert response.status_code == 200


@pytest.mark.parametrize("year", ["²０２３", "2023²", "9" * 5000])
def test_lists_ignore_a_tampered_year(clerk, year):
    for url in ("/projects/", "/departments/"):
        assert clerk.get(url, {"fiscal_year": year}).status_code == 200


def test_editor_treats_a_huge_indicator_id_as_a_new_row(clerk, seed_plan):
    project = Project.objects.get(name="妇女之家资金", fiscal_year=2023)
    table = project_target_table(project_id=project.pk)
    data = post_data(table, **{"rows-0-indicator_id": "9" * 5000})
    response = clerk.post(f"/projects/{project.pk}/edit/", data)
    assert response.status_code in (200, 302)
    assert project.indicators.count() == len(table.indicators)


@pytest.mark.parametrize("finding", ["²", "9" * 5000, "-1"])
def test_a_reviewer_tampering_with_a_finding_index_gets_no_server_error(client, people, finding):
    DepartmentPlan.objects.update(status="submitted")
    client.force_login(people["reviewer"])
    assert client.get("/workflow/802010/2023/return/", {"finding": finding}).status_code == 200
    response = client.post(
        "/workflow/802010/2023/return/",
        {
            "comment": "请修改",
            "finding": [finding],
            "opinion-TOTAL_FORMS": "0",
            "opinion-INITIAL_FORMS": "0",
            "opinion-MIN_NUM_FORMS": "0",
            "opinion-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    assert not ReviewAction.objects.get(kind="return").opinions.exists()


def test_the_findings_filter_ignores_a_tampered_project_number(client, people, seed_plan):
    client.force_login(people["reviewer"])
    url = "/reviews/departments/802010/2023/"
    assert client.get(url, {"project": "²"}).status_code == 200
