"""Import pages over HTTP: upload → preview → confirm; damaged files; permissions; queries."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import ImportBatch
from imports.readers.sheets import open_workbook
from projects.models import DepartmentPlan, Project
from tests.conftest import make_user, seed_targets
from tests.imports.files import export_xlsx, seed_like_docx, sichuan_flat_rows, workbook_bytes

pytestmark = pytest.mark.django_db


def _upload(client, data: bytes, name: str = "表.docx", **extra):
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(reverse("imports:upload"), {"file": file, **extra})


def test_upload_preview_confirm_imports_the_seed_document(admin_client):
    response = _upload(admin_client, seed_like_docx(), fiscal_year=2023)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/imports/{batch.pk}/")
    page = admin_client.get(response["Location"]).content.decode()
    assert "新建单位" in page and page.count("<td>新增</td>") == 11
    assert "自动审核发现" in page  # the placeholders 目标内容1 are flagged
    assert Project.objects.count() == 0  # nothing written before confirming
    response = admin_client.post(reverse("imports:confirm", args=[batch.pk]), {"policy": "update"})
    assert Project.objects.count() == 11
    batch.refresh_from_db()
    assert batch.status == "applied" and batch.summary["counts"]["created"] == 11
    page = admin_client.get(response["Location"]).content.decode()
    assert "导入完成" in page
    again = admin_client.post(reverse("imports:confirm", args=[batch.pk]), {"policy": "update"})
    assert "不能再次确认" in admin_client.get(again["Location"]).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件"),  # Django refuses an empty upload before our reader does
        (seed_like_docx()[:3000], "已损坏"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "密码"),
        (workbook_bytes([["甲", "乙"]], title="其他"), "批量导入模板"),
        (workbook_bytes([["金额单位：元"], ["单位名称", "预算数"]]), "模板"),
    ],
)
def test_damaged_or_wrong_files_get_a_message_and_change_nothing(admin_client, data, message):
    response = _upload(admin_client, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ImportBatch.objects.count() == 0 and Project.objects.count() == 0


def test_parse_errors_block_confirmation(admin_client):
    rows = sichuan_flat_rows()
    rows[8][2] = "1,260,000"
    _upload(admin_client, workbook_bytes(rows), name="四川.xlsx")
    batch = ImportBatch.objects.get()
    page = admin_client.get(reverse("imports:preview", args=[batch.pk])).content.decode()
    assert "工作表“Sheet1” 第9行 C列（预算数）" in page and "confirm-form" not in page
    admin_client.post(reverse("imports:confirm", args=[batch.pk]), {"policy": "update"})
    assert Project.objects.count() == 0


def test_locked_year_is_refused_at_confirmation(client, seed_plan):
    admin = make_user("adm", "admin")
    client.force_login(admin)
    _upload(client, export_xlsx(seed_targets()), name="导出.xlsx")
    batch = ImportBatch.objects.get()
    DepartmentPlan.objects.filter(pk=seed_plan.pk).update(status="approved")
    response = client.post(reverse("imports:confirm", args=[batch.pk]), {"policy": "update"})
    page = client.get(response["Location"]).content.decode()
    assert "已审核" in page and "没有任何改动" in page
    batch.refresh_from_db()
    assert batch.status == "staged"


def test_clerk_sees_only_own_batches(client, seed_plan):
    own = make_user("own", "clerk", departments=[seed_plan.department])
    other = make_user("other", "clerk")
    client.force_login(own)
    _upload(client, export_xlsx(seed_targets()), name="导出.xlsx")
    batch = ImportBatch.objects.get()
    client.force_login(other)
    assert client.get(reverse("imports:preview", args=[batch.pk])).status_code == 404
    assert client.post(reverse("imports:confirm", args=[batch.pk])).status_code == 404
    assert client.post(reverse("imports:requeue", args=[batch.pk])).status_code == 404


def test_template_download_is_an_xlsx_with_three_visible_sheets(admin_client):
    response = admin_client.get(reverse("imports:template"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = open_workbook(b"".join(response.streaming_content))
    assert workbook.sheetnames == ["填写说明", "项目", "指标", "选项"]
    assert workbook["选项"].sheet_state == "hidden"
    assert len(workbook["指标"].data_validations.dataValidation) == 5


@pytest.mark.parametrize("tables", [[1], list(range(1, 12))])
def test_preview_query_count_does_not_grow_with_tables(
    admin_client, django_assert_max_num_queries, tables
):
    _upload(admin_client, seed_like_docx(tables=tables), fiscal_year=2023)
    batch = ImportBatch.objects.get()
    with django_assert_max_num_queries(16):
        admin_client.get(reverse("imports:preview", args=[batch.pk]))
