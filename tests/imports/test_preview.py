"""The import preview: per project, which indicator rows are 新增 / 修改 / 不变 / 删除."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from imports.diff import ADDED, CHANGED, REMOVED, UNCHANGED, table_diff
from imports.models import ImportBatch
from projects.models import Project
from projects.targets import IndicatorRow
from tests.conftest import make_table, seed_targets
from tests.imports.files import export_xlsx


def _upload(client, data: bytes) -> str:
    file = SimpleUploadedFile("导入.xlsx", data, content_type="application/octet-stream")
    client.post(reverse("imports:upload"), {"file": file})
    batch = ImportBatch.objects.latest("id")
    return reverse("imports:preview", args=[batch.pk])


def _edited_seed():
    targets = seed_targets()
    first = targets.tables[0]
    first.purpose = "新的资金用途"
    first.indicators[0].value = "≥99%"
    removed = first.indicators.pop(1)
    first.indicators.append(
        IndicatorRow("满意度指标", "服务对象满意度指标", "新加的满意度指标", value="≥95%")
    )
    return targets, first, removed


def _details(page: str, project: str) -> str:
    """The <details> block that follows the project's row."""
    start = page.index(f"<td>{project}</td>")
    return page[page.index("<details>", start) : page.index("</details>", start)]


def test_diff_of_a_new_project_marks_every_row_added():
    diff = table_diff(make_table(indicators=3), None)
    assert diff.action == "新增" and [r.status for r in diff.rows] == [ADDED] * 3
    assert diff.header == []


def test_diff_shows_old_and_new_values_of_changed_rows_and_header_fields():
    stored = make_table(indicators=3)
    imported = make_table(indicators=3)
    imported.budget_total = imported.fiscal_funds = Decimal("330.984")
    imported.indicators[0].weight, imported.indicators[0].direction = Decimal(20), "positive"
    imported.indicators[2].name = "改名的指标"
    diff = table_diff(imported, stored)
    assert diff.action == "更新"
    header = {c.label: (c.old, c.new) for c in diff.header}
    assert header["预算数"] == ("40.00", "330.984")
    assert header["其中：财政资金"] == ("40.00", "330.984")
    assert [r.status for r in diff.rows] == [CHANGED, UNCHANGED, ADDED, REMOVED]
    changes = {c.label: (c.old, c.new) for c in diff.rows[0].changes}
    assert changes == {"权重": ("", "20.00"), "指标方向": ("", "正向")}
    assert diff.rows[3].row.name == "指标3"  # the stored row the file no longer has
    assert table_diff(make_table(indicators=3), stored).action == "无变化"


@pytest.mark.django_db
def test_preview_lists_each_projects_indicator_rows_with_their_changes(admin_client, seed_plan):
    targets, first, removed = _edited_seed()
    page = admin_client.get(_upload(admin_client, export_xlsx(targets))).content.decode()
    assert page.count("<td>更新</td>") == 1 and page.count("<td>无变化</td>") == 10
    details = _details(page, first.name)
    assert "资金用途：" in details and "新的资金用途" in details
    assert re.search(r"指标值：<del>[^<]+</del> → <ins>≥99%</ins>", details)
    assert '<span class="badge bg-success">新增</span>' in details
    assert "新加的满意度指标" in details
    assert '<span class="badge bg-danger">删除</span>' in details and removed.name in details
    unchanged = len(first.indicators) - 2
    assert details.count('<span class="badge bg-light text-dark">不变</span>') == unchanged
    assert Project.objects.get(name=first.name).purpose != "新的资金用途"  # nothing written


@pytest.mark.django_db
def test_preview_of_a_new_department_marks_every_indicator_new(admin_client):
    targets = seed_targets()
    page = admin_client.get(_upload(admin_client, export_xlsx(targets))).content.decode()
    rows = sum(len(t.indicators) for t in targets.tables)
    assert page.count('<span class="badge bg-success">新增</span>') == rows
    assert page.count("<details>") == len(targets.tables) + 1  # + the review findings


@pytest.mark.django_db
def test_preview_queries_do_not_grow_with_the_number_of_stored_projects(admin_client, seed_plan):
    counts = []
    for size in (1, 11):
        targets = seed_targets()
        targets.tables = targets.tables[:size]
        url = _upload(admin_client, export_xlsx(targets))
        with CaptureQueriesContext(connection) as queries:
            page = admin_client.get(url).content.decode()
        assert page.count("<details>") >= size
        counts.append(len(queries))
    assert counts[0] == counts[1]
