"""Old batch-export files are removed; recent ones and other files stay."""

from __future__ import annotations

import os
import time

import pytest
from django.core.management import CommandError, call_command

from reports.services import export_files_cleanup

DAY = 24 * 3600


def _file(folder, name: str, age_days: float):
    path = folder / name
    path.write_bytes(b"PK")
    stamp = time.time() - age_days * DAY
    os.utime(path, (stamp, stamp))
    return path


def test_cleanup_removes_old_zips_and_partial_files_only(settings, tmp_path):
    settings.EXPORTS_DIR = tmp_path
    old_zip = _file(tmp_path, "export-job-1.zip", 8)
    old_part = _file(tmp_path, "export-job-2.part", 9)
    recent = _file(tmp_path, "export-job-3.zip", 2)
    unrelated = _file(tmp_path, "notes.zip", 30)
    assert export_files_cleanup(keep_days=7) == 2
    assert not old_zip.exists() and not old_part.exists()
    assert recent.exists() and unrelated.exists()


def test_cleanup_without_a_folder_does_nothing(settings, tmp_path):
    settings.EXPORTS_DIR = tmp_path / "missing"
    assert export_files_cleanup(keep_days=7) == 0


def test_cleanup_command_reports_and_refuses_negative_days(settings, tmp_path, capsys):
    settings.EXPORTS_DIR = tmp_path
    _file(tmp_path, "export-job-1.zip", 3)
    call_command("cleanup_exports", "--days", "1")
    assert "已删除 1 个" in capsys.readouterr().out
    with pytest.raises(CommandError, match="不能为负数"):
        call_command("cleanup_exports", "--days", "-1")


@pytest.mark.django_db
def test_download_of_a_cleaned_up_job_explains_itself(admin_client, settings, tmp_path):
    from django.contrib.auth import get_user_model

    from reports.models import ExportJob

    settings.EXPORTS_DIR = tmp_path
    admin = get_user_model().objects.get(username="boss")
    job = ExportJob.objects.create(
        created_by=admin, fiscal_year=2023, status=ExportJob.Status.DONE, file_name="a.zip"
    )
    _file(tmp_path, f"export-job-{job.pk}.zip", 10)
    export_files_cleanup(keep_days=7)
    response = admin_client.get(f"/exports/{job.pk}/download/")
    assert response.status_code == 404
    assert "已被清理，请重新导出" in response.content.decode()
