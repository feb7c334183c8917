"""Large imports: the dry run and the save run in the worker (db_worker), whole or not at all.

A file of more than IMPORT_INLINE_PROJECTS projects is 检查中 until the worker has run the
dry run, then 待确认; confirming makes it 导入中 until the worker has saved it in one
transaction, or refused it (back to 待确认, with the reasons, nothing written).
Transactional tests: the worker commits and closes its connection, as a real worker does.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from imports.models import ImportBatch
from imports.services import import_apply_run, import_check_run
from projects.models import DepartmentPlan, Project
from tests.imports.files import seed_like_docx

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.IMPORT_INLINE_PROJECTS = 5  # the seed's 11 projects count as a large file
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay")


def _upload(client) -> ImportBatch:
    file = SimpleUploadedFile("表.docx", seed_like_docx(), content_type="application/octet-stream")
    response = client.post(reverse("imports:upload"), {"file": file, "fiscal_year": 2023})
    assert response.status_code == 302
    return ImportBatch.objects.get()


def _page(client, batch) -> str:
    return client.get(reverse("imports:preview", args=[batch.pk])).content.decode()


def test_a_large_file_is_checked_and_saved_by_the_worker(admin_client):
    batch = _upload(admin_client)
    assert batch.status == "checking" and batch.summary == {}
    page = _page(admin_client, batch)
    assert 'http-equiv="refresh"' in page and "正在后台检查" in page
    assert "confirm-form" not in page

    run_worker()
    batch.refresh_from_db()
    assert batch.status == "staged" and batch.summary["preview"]["counts"]["created"] == 11
    page = _page(admin_client, batch)
    assert 'http-equiv="refresh"' not in page and "confirm-form" in page
    assert page.count("<td>新增</td>") == 11
    assert Project.objects.count() == 0  # the dry run wrote nothing

    response = admin_client.post(reverse("imports:confirm", args=[batch.pk]), {"policy": "update"})
    batch.refresh_from_db()
    assert batch.status == "applying" and Project.objects.count() == 0
    page = admin_client.get(response["Location"]).content.decode()
    assert "正在后台导入" in page and 'http-equiv="refresh"' in page
    again = admin_client.post(reverse("imports:confirm", args=[batch.pk]), {"policy": "update"})
    assert "不能再次确认" in admin_client.get(again["Location"]).content.decode()

    run_worker()
    batch.refresh_from_db()
    assert batch.status == "applied" and batch.summary["counts"]["created"] == 11
    assert Project.objects.count() == 11
    page = _page(admin_client, batch)
    assert 'id="result"' in page and 'http-equiv="refresh"' not in page


def test_a_refused_large_import_writes_nothing_and_says_why(admin_client, seed_plan):
    batch = _upload(admin_client)
    run_worker()
    admin_client.post(reverse("imports:confirm", args=[batch.pk]), {"policy": "update"})
    # The year is approved (locked) after the preview and before the worker saves.
    DepartmentPlan.objects.filter(pk=seed_plan.pk).update(status="approved")
    before = sorted(Project.objects.values_list("name", "budget_total"))

    run_worker()
    batch.refresh_from_db()
    assert batch.status == "staged" and batch.summary["refused"]
    assert sorted(Project.objects.values_list("name", "budget_total")) == before
    page = _page(admin_client, batch)
    assert 'id="refused"' in page and "没有任何改动" in page and "已审核" in page
    assert "confirm-form" in page  # it may be confirmed again once the year is open

    DepartmentPlan.objects.filter(pk=seed_plan.pk).update(status="draft")
    admin_client.post(reverse("imports:confirm", args=[batch.pk]), {"policy": "skip"})
    run_worker()
    batch.refresh_from_db()
    assert batch.status == "applied" and "refused" not in batch.summary


def test_a_failing_check_is_recorded_and_cannot_be_confirmed(admin_client, monkeypatch):
    batch = _upload(admin_client)

    def broken(**kwargs):
        raise OSError("磁盘已满")

    monkeypatch.setattr("imports.services.import_preview", broken)
    import_check_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == "discarded" and "磁盘已满" in batch.summary["failure"]
    page = _page(admin_client, batch)
    assert 'id="failure"' in page and "重新上传" in page and "confirm-form" not in page


def test_the_worker_ignores_a_batch_no_longer_waiting_for_it(admin_user, admin_client):
    batch = _upload(admin_client)
    ImportBatch.objects.filter(pk=batch.pk).update(status="discarded")
    import_check_run(batch_id=batch.pk)
    import_apply_run(batch_id=batch.pk, user_id=admin_user.pk)
    batch.refresh_from_db()
    assert batch.status == "discarded" and batch.summary == {}
    assert Project.objects.count() == 0


def test_a_small_file_stays_in_the_request(admin_client, settings):
    settings.IMPORT_INLINE_PROJECTS = 200
    batch = _upload(admin_client)
    assert batch.status == "staged" and batch.summary["preview"]["counts"]["created"] == 11
    admin_client.post(reverse("imports:confirm", args=[batch.pk]), {"policy": "update"})
    batch.refresh_from_db()
    assert batch.status == "applied" and Project.objects.count() == 11


def test_a_batch_stuck_in_a_stopped_worker_can_be_queued_again(admin_client, settings):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    batch = _upload(admin_client)
    run_worker()
    admin_client.post(reverse("imports:confirm", args=[batch.pk]), {"policy": "update"})
    # The worker was stopped before it took the task: the queue lost it, the batch waits.
    DBTaskResult.objects.all().delete()
    requeue = reverse("imports:requeue", args=[batch.pk])
    too_early = admin_client.post(requeue)
    assert "不需要重新排队" in admin_client.get(too_early["Location"]).content.decode()
    assert 'id="requeue-form"' not in _page(admin_client, batch)

    stopped = timezone.now() - timedelta(minutes=settings.IMPORT_STALE_MINUTES + 1)
    ImportBatch.objects.filter(pk=batch.pk).update(queued_at=stopped)
    page = _page(admin_client, batch)
    assert 'id="requeue-form"' in page and "可能已中断" in page
    admin_client.post(requeue)
    batch.refresh_from_db()
    assert batch.status == "applying" and batch.queued_at > stopped
    run_worker()
    batch.refresh_from_db()
    assert batch.status == "applied" and Project.objects.count() == 11
    again = admin_client.post(requeue)
    assert "不需要重新排队" in admin_client.get(again["Location"]).content.decode()


def test_a_stuck_check_is_queued_again_too(admin_client, settings):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    batch = _upload(admin_client)
    DBTaskResult.objects.all().delete()
    stopped = timezone.now() - timedelta(minutes=settings.IMPORT_STALE_MINUTES + 1)
    ImportBatch.objects.filter(pk=batch.pk).update(queued_at=stopped)
    admin_client.post(reverse("imports:requeue", args=[batch.pk]))
    run_worker()
    batch.refresh_from_db()
    assert batch.status == "staged" and batch.summary["preview"]["counts"]["created"] == 11


def test_a_failed_write_in_the_worker_leaves_the_batch_waiting_with_the_reason(
    admin_client, monkeypatch
):
    from django.db import OperationalError

    batch = _upload(admin_client)
    run_worker()
    admin_client.post(reverse("imports:confirm", args=[batch.pk]), {"policy": "update"})

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr("imports.services._write_indicators", locked)
    run_worker()
    batch.refresh_from_db()
    assert batch.status == "staged" and "database is locked" in batch.summary["failure"]
    assert Project.objects.count() == 0  # the projects written before the failure rolled back
    assert "confirm-form" in _page(admin_client, batch)


def test_a_large_upload_is_read_by_the_worker_not_in_the_request(admin_client, monkeypatch):
    monkeypatch.setattr("imports.services.READ_INLINE_BYTES", 1000)
    batch = _upload(admin_client)
    assert batch.status == "checking" and batch.kind == "" and batch.data == []
    assert 'http-equiv="refresh"' in _page(admin_client, batch)
    run_worker()
    batch.refresh_from_db()
    assert batch.status == "staged" and batch.kind == "docx" and len(batch.data[0]["tables"]) == 11
    assert batch.summary["preview"]["counts"]["created"] == 11
    admin_client.post(reverse("imports:confirm", args=[batch.pk]), {"policy": "update"})
    run_worker()
    assert Project.objects.count() == 11


def test_a_large_upload_the_worker_cannot_read_is_discarded_with_the_reason(
    admin_client, monkeypatch
):
    monkeypatch.setattr("imports.services.READ_INLINE_BYTES", 10)
    data = "项目名称,单位\n" + "甲,乙\n" * 20  # no 三级指标 column: not a flat sheet
    file = SimpleUploadedFile("表.csv", data.encode(), content_type="text/csv")
    admin_client.post(reverse("imports:upload"), {"file": file})
    batch = ImportBatch.objects.get()
    assert batch.status == "checking"
    run_worker()
    batch.refresh_from_db()
    assert batch.status == "discarded" and "表头" in batch.summary["failure"]
    page = _page(admin_client, batch)
    assert 'id="failure"' in page and "confirm-form" not in page
