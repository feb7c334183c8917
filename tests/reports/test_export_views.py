"""Downloads, the CLI, batch zips and background export jobs."""

from __future__ import annotations

import io
import zipfile
from urllib.parse import quote

import docx
import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from projects.models import Department, Project
from reports.models import ExportJob
from reports.services import ExportError, export_job_create, safe_file_name

DEPARTMENT = "802010乐亭县大相各庄镇人民政府"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_department_download_has_the_chinese_file_name(admin_client, seed_plan, fmt):
    url = reverse("reports:department_export", args=["802010", 2023, fmt])
    response = admin_client.get(url)

    assert response.status_code == 200
    name = f"{DEPARTMENT}-2023-绩效目标表.{fmt}"
    assert f"filename*=utf-8''{quote(name)}" in response["Content-Disposition"]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    data = body(response)
    if fmt == "docx":
        assert len(docx.Document(io.BytesIO(data)).tables) == 22
    else:
        assert len(openpyxl.load_workbook(io.BytesIO(data)).sheetnames) == 13


def test_project_download_is_the_project_table(admin_client, seed_plan):
    project = Project.objects.get(code="13022523P0066B010022C")
    response = admin_client.get(reverse("reports:project_export", args=[project.pk, "xlsx"]))

    assert response.status_code == 200
    assert (
        quote(f"{DEPARTMENT}-2023-信访维稳经费-绩效目标表.xlsx") in response["Content-Disposition"]
    )
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).worksheets[0]
    assert sheet["A1"].value == "1.信访维稳经费绩效目标表"


def test_report_pages_offer_word_and_excel_buttons(admin_client, seed_plan):
    page = admin_client.get(reverse("projects:department_report", args=["802010", 2023]))
    assert reverse("reports:department_export", args=["802010", 2023, "docx"]) in page.text
    assert reverse("reports:department_export", args=["802010", 2023, "xlsx"]) in page.text
    project = Project.objects.first()
    page = admin_client.get(reverse("projects:project_report", args=[project.pk]))
    assert reverse("reports:project_export", args=[project.pk, "docx"]) in page.text


def test_unknown_department_year_or_project_is_not_found(admin_client, seed_plan):
    assert admin_client.get("/departments/999999/2023/export.docx").status_code == 404
    assert admin_client.get("/departments/802010/1999/export.xlsx").status_code == 404
    assert admin_client.get("/projects/987654/export.docx").status_code == 404
    assert admin_client.get("/departments/802010/2023/export.pdf").status_code == 404


def test_downloads_need_a_login(client, seed_plan):
    response = client.get(reverse("reports:department_export", args=["802010", 2023, "docx"]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_file_names_lose_characters_browsers_reject():
    assert safe_file_name('a/b\\c:d*e?f"g<h>i|j.docx') == "a_b_c_d_e_f_g_h_i_j.docx"


# --- CLI ---


def test_cli_exports_a_department_to_the_given_file(seed_plan, tmp_path):
    output = tmp_path / "out.xlsx"
    call_command(
        "export_targets", "--department", "802010", "--year", "2023", "--format", "xlsx",
        "--output", str(output),
    )  # fmt: skip
    assert openpyxl.load_workbook(output).sheetnames[0] == "目录"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--department", "999999", "--year", "2023"], "没有编码为 999999 的单位"),
        (["--department", "802010", "--year", "1999"], "在 1999 年没有绩效目标"),
        (["--all", "--year", "1999"], "1999年没有任何单位的绩效目标"),
        (["--year", "2023"], "二选一"),
    ],
)
def test_cli_fails_clearly_for_unknown_department_or_year(seed_plan, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_targets", *args, "--output", str(tmp_path / "x"))


def test_cli_all_writes_a_zip_per_department_with_the_county_summary(seed_plan, tmp_path):
    output = tmp_path / "all.zip"
    call_command("export_targets", "--all", "--year", "2023", "--output", str(output))
    with zipfile.ZipFile(output) as archive:
        names = archive.namelist()
        summary = openpyxl.load_workbook(io.BytesIO(archive.read(names[-1])))
    assert names == [
        f"{DEPARTMENT}-2023-绩效目标表.docx",
        f"{DEPARTMENT}-2023-绩效目标表.xlsx",
        "2023年-项目绩效目标汇总表.xlsx",
    ]
    rows = list(summary.worksheets[0].iter_rows(min_row=3, values_only=True))
    assert len(rows) == 11 + 1
    assert rows[0][:4] == (
        "802010",
        "乐亭县大相各庄镇人民政府",
        "13022523P0066B010022C",
        "信访维稳经费",
    )
    assert rows[-1][3] == "11个项目"


# --- background jobs ---


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay")


@pytest.fixture
def exports_dir(settings, tmp_path):
    settings.EXPORTS_DIR = tmp_path / "exports"
    return settings.EXPORTS_DIR


# Transactional: the worker commits and closes its connection, as a real worker does.
@pytest.mark.django_db(transaction=True)
def test_batch_job_runs_in_the_worker_and_offers_the_zip(admin_client, seed_plan, exports_dir):
    response = admin_client.post(reverse("reports:export_new"), {"fiscal_year": 2023})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:export_job", args=[job.pk])
    page = admin_client.get(response["Location"])
    assert 'http-equiv="refresh"' in page.text and "排队中" in page.text

    run_worker()

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (ExportJob.Status.DONE, 1, 1)
    page = admin_client.get(reverse("reports:export_job", args=[job.pk]))
    assert 'http-equiv="refresh"' not in page.text
    download = admin_client.get(reverse("reports:export_download", args=[job.pk]))
    assert quote("2023年-全部单位-绩效目标表.zip") in download["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(body(download))) as archive:
        assert len(archive.namelist()) == 3


def test_job_for_a_department_without_targets_is_refused(admin_user, seed_plan):
    Department.objects.create(code="900009", name="空单位")
    with pytest.raises(ExportError, match="900009"):
        export_job_create(user=admin_user, fiscal_year=2023, department_codes=["900009"])
    assert not ExportJob.objects.exists()


def test_job_failure_is_recorded_with_a_message(admin_user, seed_plan, exports_dir, monkeypatch):
    job = ExportJob.objects.create(created_by=admin_user, fiscal_year=2023, total=1)

    def broken(**kwargs):
        raise OSError("磁盘已满")

    monkeypatch.setattr("reports.services.batch_export", broken)
    from reports.services import export_job_run

    export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert "磁盘已满" in job.error
    assert not list(exports_dir.glob("*"))


def test_someone_elses_job_is_not_visible(reader_client, admin_user, seed_plan):
    job = ExportJob.objects.create(created_by=admin_user, fiscal_year=2023, total=1)
    assert reader_client.get(reverse("reports:export_job", args=[job.pk])).status_code == 404
    assert reader_client.get(reverse("reports:export_download", args=[job.pk])).status_code == 404


def test_unfinished_job_has_nothing_to_download(admin_client, admin_user, seed_plan):
    job = ExportJob.objects.create(
        created_by=admin_user, fiscal_year=2023, total=1, status=ExportJob.Status.RUNNING
    )
    assert admin_client.get(reverse("reports:export_download", args=[job.pk])).status_code == 404
