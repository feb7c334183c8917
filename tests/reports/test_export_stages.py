"""Batch export per stage (#18): one zip of the monitoring tables or the self-evaluations of
the units, built by the documents evaluation registers in reports.stages; units without the
stage listed; a stage no unit has is refused at its field."""

from __future__ import annotations

import zipfile

import pytest
from django.urls import reverse

from reports import services, stages
from reports.models import ExportJob
from tests.builders import bulk_department
from tests.evaluation import conftest as evaluation_fixtures

pytestmark = pytest.mark.django_db
approved, unit = evaluation_fixtures.approved, evaluation_fixtures.unit
unit_clerk, reviewer = evaluation_fixtures.unit_clerk, evaluation_fixtures.reviewer
monitoring, evaluation = evaluation_fixtures.monitoring, evaluation_fixtures.evaluation


@pytest.fixture
def exports_dir(settings, tmp_path):
    settings.EXPORTS_DIR = tmp_path / "exports"
    return settings.EXPORTS_DIR


def _run(job: ExportJob) -> zipfile.ZipFile:
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    return zipfile.ZipFile(services.export_job_path(job))


def test_the_stages_are_registered_by_evaluation():
    assert [code for code, _label in stages.stage_choices()] == [
        "targets",
        "monitoring",
        "selfeval",
    ]


def test_a_self_evaluation_zip_lists_the_units_without_one(evaluation, reviewer, exports_dir):
    bulk_department(code="802011", projects=1, indicators=2)  # targets, no self-evaluation
    job = services.export_job_create(
        user=reviewer, fiscal_year=2023, department_codes=[], stage="selfeval"
    )
    archive = _run(job)
    tables = sorted(n for n in archive.namelist() if n != "未导出单位.txt")
    assert len(archive.namelist()) == 3 and [n.rsplit(".", 1)[1] for n in tables] == [
        "docx",
        "xlsx",
    ]
    assert all(n.startswith("802010") and "2023年度项目支出绩效自评表" in n for n in tables)
    skipped = archive.read("未导出单位.txt").decode("utf-8-sig")
    assert "在2023年没有绩效自评表" in skipped and "802011" in skipped
    assert services.export_job_download_name(job) == "2023年-全部单位-绩效自评表.zip"


def test_a_monitoring_zip_has_the_latest_round(monitoring, unit_clerk, exports_dir):
    job = services.export_job_create(
        user=unit_clerk, fiscal_year=2023, department_codes=["802010"], stage="monitoring"
    )
    names = sorted(_run(job).namelist())
    assert [n.rsplit(".", 1)[1] for n in names] == ["docx", "xlsx"]
    assert all(
        n.startswith("802010") and "2023年1–7月项目支出绩效目标执行监控表" in n for n in names
    )


def test_a_stage_no_unit_has_is_refused_at_its_field(approved, unit_clerk):
    with pytest.raises(services.ExportError) as refused:
        services.export_job_create(
            user=unit_clerk, fiscal_year=2023, department_codes=[], stage="monitoring"
        )
    assert refused.value.field == "stage" and "没有运行监控表" in str(refused.value)


def test_the_page_offers_the_stages_and_queues_the_choice(client, evaluation, unit_clerk):
    client.force_login(unit_clerk)
    page = client.get(reverse("reports:export_new")).content.decode()
    assert '<option value="selfeval">绩效自评表</option>' in page
    response = client.post(
        reverse("reports:export_new"), {"fiscal_year": 2023, "stage": "selfeval"}
    )
    assert response.status_code == 302
    assert ExportJob.objects.get().stage == "selfeval"
    bad = client.post(reverse("reports:export_new"), {"fiscal_year": 2023, "stage": "x"})
    assert "没有这种导出内容" in bad.content.decode()
