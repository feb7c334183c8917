"""Issue #17 item 3: a batch of "all units" exports every unit with a document for the year
and lists the ones without (on the job page and in 未导出单位.txt inside the zip)."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from projects.models import Department, DepartmentPlan, Project
from reports.models import ExportJob
from reports.selectors import batch_scope
from reports.services import FORMATS, export_job_create, export_job_run
from tests.builders import bulk_department
from tests.conftest import make_user

PARENT, WITH_PROJECTS, GOAL_ONLY, OTHER_YEAR, EMPTY_PLAN, FOREIGN = (
    "800000", "800001", "800002", "800003", "800004", "900001",
)  # fmt: skip
SKIPPED = [
    f"{PARENT} 乐亭县教育局",
    f"{OTHER_YEAR} 批量单位{OTHER_YEAR}",
    f"{EMPTY_PLAN} 空计划单位",
]


@pytest.fixture
def county(db, settings, tmp_path):
    """A county (130225) as it is: a parent unit with no document of its own, a child with
    projects, one with only its overall goal, one with a document of 2022 only, one with a
    plan row but nothing written; and a unit of another county that has a document."""
    settings.EXPORTS_DIR = tmp_path / "exports"
    parent = Department.objects.create(code=PARENT, name="乐亭县教育局", region_code="130225")
    child = bulk_department(code=WITH_PROJECTS, projects=2, indicators=3)
    goal_only = Department.objects.create(
        code=GOAL_ONLY, name="只有总体目标的单位", region_code="130225", parent=parent
    )
    DepartmentPlan.objects.create(department=goal_only, fiscal_year=2023, overall_goal="总体目标")
    bulk_department(code=OTHER_YEAR, year=2022, projects=1, indicators=3)
    empty = Department.objects.create(code=EMPTY_PLAN, name="空计划单位", region_code="130225")
    DepartmentPlan.objects.create(department=empty, fiscal_year=2023)
    Department.objects.filter(pk=child.pk).update(parent=parent)
    foreign = bulk_department(code=FOREIGN, projects=1, indicators=3)
    Department.objects.filter(pk=foreign.pk).update(name="外县单位", region_code="511124")
    return parent


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def _names(page: str) -> list[str]:
    match = re.search(r'<div[^>]*id="skipped-units".*?</div>', page, re.S)
    assert match, "the job page lists no skipped units"
    return re.findall(r"<li>(.*?)</li>", match.group(0))


# Transactional: the worker commits and closes its connection, as a real worker does.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ["reviewer", "admin"])
def test_all_units_exports_those_with_a_document_and_lists_the_rest(client, county, role):
    user = make_user("u", role, region_code="130225" if role == "reviewer" else "")
    client.force_login(user)

    response = client.post(reverse("reports:export_new"), {"fiscal_year": 2023})

    assert response.status_code == 302, response.content.decode()[:2000]
    job = ExportJob.objects.get()
    run_worker()
    job.refresh_from_db()
    exported = [WITH_PROJECTS, GOAL_ONLY] + ([FOREIGN] if role == "admin" else [])
    assert (job.status, job.done, job.total) == ("done", len(exported), len(exported))
    assert job.exported == exported

    page = client.get(reverse("reports:export_job", args=[job.pk])).text
    assert _names(page) == SKIPPED
    assert "以下 3 个单位在2023年没有绩效目标，未导出" in page
    if role == "reviewer":
        assert "外县单位" not in page

    download = client.get(reverse("reports:export_download", args=[job.pk]))
    with zipfile.ZipFile(io.BytesIO(body(download))) as archive:
        names = archive.namelist()
        text = archive.read("未导出单位.txt")
        summary = openpyxl.load_workbook(io.BytesIO(archive.read("2023年-项目绩效目标汇总表.xlsx")))
    units = Department.objects.filter(code__in=exported).order_by("code")
    assert names == [
        *(f"{unit.code}{unit.name}-2023-绩效目标表.{fmt}" for unit in units for fmt in FORMATS),
        "2023年-项目绩效目标汇总表.xlsx",
        "未导出单位.txt",
    ]
    assert text.startswith("\ufeff".encode())  # Notepad on old Windows reads it as UTF-8
    lines = text.decode("utf-8-sig").split("\r\n")
    assert lines == ["以下 3 个单位在2023年没有绩效目标，未导出：", *SKIPPED, ""]
    summary_units = {row[0] for row in summary.worksheets[0].iter_rows(min_row=3, values_only=True)}
    assert {WITH_PROJECTS} <= summary_units and PARENT not in summary_units


def test_chosen_units_without_a_document_are_listed_not_refused(county, admin_user):
    job = export_job_create(
        user=admin_user, fiscal_year=2023, department_codes=[PARENT, WITH_PROJECTS]
    )
    assert job.total == 1
    export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.exported, job.skipped) == (
        "done",
        [WITH_PROJECTS],
        [[PARENT, "乐亭县教育局"]],
    )


def test_chosen_units_none_with_a_document_are_refused_near_the_units(client, county):
    client.force_login(make_user("rev", "reviewer", region_code="130225"))
    response = client.post(
        reverse("reports:export_new"), {"fiscal_year": 2023, "departments": [PARENT, EMPTY_PLAN]}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["departments"]
    assert errors["departments"] == [
        f"所选单位在2023年都没有绩效目标：{PARENT} 乐亭县教育局、{EMPTY_PLAN} 空计划单位。"
        "请另选单位或年度。"
    ]
    assert errors["departments"][0] in response.text
    assert not ExportJob.objects.exists()


def test_a_year_none_of_the_users_units_has_is_refused_near_the_year(client, county):
    client.force_login(make_user("clerk", "clerk", departments=[county]))  # the parent only
    page = client.get(reverse("reports:export_new"))
    assert page.context["form"].years == []
    response = client.post(reverse("reports:export_new"), {"fiscal_year": 2023})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "fiscal_year": ["2023年您可导出的单位都没有绩效目标，请从列表中另选年度。"]
    }
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("year", ["", "abc", "1999", "2023.5"])
def test_a_bad_year_is_refused_near_the_year(admin_client, county, year):
    response = admin_client.post(reverse("reports:export_new"), {"fiscal_year": year})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["fiscal_year"]
    assert not ExportJob.objects.exists()


def test_a_document_removed_before_the_worker_runs_is_listed(county, admin_user):
    job = export_job_create(user=admin_user, fiscal_year=2023, department_codes=[])
    DepartmentPlan.objects.filter(department__code=GOAL_ONLY).delete()
    export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "done"
    assert job.exported == [WITH_PROJECTS, FOREIGN]
    assert [code for code, _name in job.skipped] == [PARENT, GOAL_ONLY, OTHER_YEAR, EMPTY_PLAN]


def test_every_document_removed_before_the_worker_runs_fails_clearly(county, admin_user):
    job = export_job_create(user=admin_user, fiscal_year=2023, department_codes=[WITH_PROJECTS])
    Project.objects.filter(department__code=WITH_PROJECTS).delete()
    DepartmentPlan.objects.filter(department__code=WITH_PROJECTS).delete()
    export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error.startswith("所选单位在2023年都没有绩效目标")


def test_the_split_reads_the_units_in_one_query(county, django_assert_num_queries):
    with django_assert_num_queries(1):
        scope = batch_scope(departments=Department.objects.all(), fiscal_year=2023)
    assert [d.code for d in scope.exported] == [WITH_PROJECTS, GOAL_ONLY, FOREIGN]
    assert [d.code for d in scope.skipped] == [PARENT, OTHER_YEAR, EMPTY_PLAN]
