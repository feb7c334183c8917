"""A clerk deletes a project of an editable year; everyone else is told why; history keeps it."""

from __future__ import annotations

import pytest

from projects.exceptions import ConcurrentEditError, LockedError, NotAllowed
from projects.models import DepartmentPlan, Project
from projects.permissions import SYSTEM
from projects.services import project_delete
from tests.conftest import make_user
from tests.projects.forms_helpers import demo_user

NAME = "妇女之家资金"


@pytest.fixture
def project(seed_plan):
    return Project.objects.get(name=NAME, fiscal_year=2023)


def test_clerk_deletes_a_project_after_confirming(clerk, project):
    page = clerk.get(f"/projects/{project.pk}/edit/").content.decode()
    assert f'href="/projects/{project.pk}/delete/"' in page
    confirm = clerk.get(f"/projects/{project.pk}/delete/")
    assert "确认删除" in confirm.content.decode()
    assert Project.objects.filter(pk=project.pk).exists()  # GET deletes nothing
    response = clerk.post(
        f"/projects/{project.pk}/delete/", {"version": project.version}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/departments/802010/2023/edit/"
    assert "已删除项目“妇女之家资金”" in response.content.decode()
    assert not Project.objects.filter(pk=project.pk).exists()
    deleted = Project.history.filter(id=project.pk, history_type="-").get()
    assert deleted.history_user.username == "clerk"
    assert deleted.name == NAME


def test_a_locked_year_refuses_deletion_with_the_reason(clerk, project):
    DepartmentPlan.objects.update(status=DepartmentPlan.Status.SUBMITTED)
    page = clerk.get(f"/projects/{project.pk}/delete/").content.decode()
    assert "确认删除" not in page
    assert clerk.post(f"/projects/{project.pk}/delete/", {"version": 1}).status_code == 403
    assert Project.objects.filter(pk=project.pk).exists()
    with pytest.raises(LockedError):
        project_delete(project=project, user=demo_user("clerk"), expected_version=None)


def test_a_reader_cannot_delete(client, project):
    client.force_login(make_user("auditor1", "auditor"))
    assert client.post(f"/projects/{project.pk}/delete/", {"version": 1}).status_code == 403
    assert Project.objects.filter(pk=project.pk).exists()
    with pytest.raises(NotAllowed):
        project_delete(project=project, user=make_user("rev", "reviewer", region_code="130225"),
                       expected_version=None)  # fmt: skip


def test_a_stale_page_does_not_delete_a_project_changed_since(project):
    Project.objects.filter(pk=project.pk).update(version=project.version + 1)
    with pytest.raises(ConcurrentEditError):
        project_delete(project=project, user=SYSTEM, expected_version=project.version)
    assert Project.objects.filter(pk=project.pk).exists()


def test_another_units_clerk_gets_not_found(client, project):
    client.force_login(make_user("stranger", "clerk"))
    assert client.get(f"/projects/{project.pk}/delete/").status_code == 404
