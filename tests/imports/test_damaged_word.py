"""Word tables with damaged merges: a clear problem with its place, and nothing written."""

from __future__ import annotations

import io
from decimal import Decimal

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from imports.models import ImportBatch
from imports.readers.base import ERROR, WARNING, Options
from imports.reading import read_upload
from projects.models import Project
from projects.targets import DepartmentTargets
from tests.conftest import make_table
from tests.imports.files import export_docx

HEADER, INDICATORS = 0, 1  # the two Word tables of one project: header part, indicator part


def _targets() -> DepartmentTargets:
    table = make_table(indicators=4)
    return DepartmentTargets("900001", "测试单位", 2023, tables=[table])


def _damaged(edit) -> bytes:
    document = docx.Document(io.BytesIO(export_docx(_targets())))
    edit(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _tc(document, table: int, row: int, cell: int):
    return document.tables[table]._tbl.tr_lst[row].tc_lst[cell]


def _set_vmerge(tc, value: str | None) -> None:
    properties = tc.get_or_add_tcPr()
    for old in properties.findall(qn("w:vMerge")):
        properties.remove(old)
    merge = OxmlElement("w:vMerge")
    if value:
        merge.set(qn("w:val"), value)
    properties.insert(1, merge)  # after w:tcW, before w:vAlign (schema order)


def _set_span(tc, span: int) -> None:
    tc.grid_span = span


def _grid_before(tr, columns: int) -> None:
    before = OxmlElement("w:gridBefore")
    before.set(qn("w:val"), str(columns))
    tr.get_or_add_trPr().insert(0, before)


def orphan_in_first_indicator_row(document):
    """The first 一级 cell says 'continue the merge above' — above is the heading row."""
    _set_vmerge(_tc(document, INDICATORS, 1, 0), None)


def orphan_in_header(document):
    """The 项目编码 value continues a merge, but no cell starts above it in that column."""
    _set_vmerge(_tc(document, HEADER, 1, 1), None)


def orphan_below_a_plain_cell(document):
    """The 二级 cell of the third indicator row continues a cell that was never merged."""
    _set_vmerge(_tc(document, INDICATORS, 3, 1), "continue")


def missing_first_level1_cell(document):
    tr = document.tables[INDICATORS]._tbl.tr_lst[1]
    tr.remove(tr.tc_lst[0])


def missing_first_level1_cell_with_grid_before(document):
    tr = document.tables[INDICATORS]._tbl.tr_lst[1]
    tr.remove(tr.tc_lst[0])
    _grid_before(tr, 1)


DAMAGED = {
    "orphan continuation in the first indicator row": (
        orphan_in_first_indicator_row,
        "第2个表格 第2行 第1格",
        "第1列的这个格子标记为“与上方格子合并”，但上方没有可合并的格子",
    ),
    "orphan continuation in the header table": (
        orphan_in_header,
        "第1个表格 第2行 第2格",
        "第2列的这个格子标记为“与上方格子合并”",
    ),
    "continuation below a cell that is not merged": (
        orphan_below_a_plain_cell,
        "第2个表格 第4行 第2格",
        "上方没有可合并的格子",
    ),
    "first indicator row without its 一级 cell": (
        missing_first_level1_cell,
        "第2个表格 第2行 第1格",
        "这一行有5个格子，与指标表头的6栏（一级指标、二级指标、三级指标、绩效指标描述、指标值、"
        "指标值确定依据）对不上，可能缺少第1列的“一级指标”格子",
    ),
    "first indicator row without its 一级 cell, columns kept (gridBefore)": (
        missing_first_level1_cell_with_grid_before,
        "第2个表格 第2行 第1格",
        "第一行指标没有一级指标，上方也没有可沿用的一级指标",
    ),
}


@pytest.mark.parametrize("case", list(DAMAGED))
def test_damaged_merges_are_errors_with_table_row_and_cell(case):
    edit, place, message = DAMAGED[case]
    result = read_upload(_damaged(edit), Options())
    errors = [(p.place, p.message) for p in result.errors]
    assert any(where == place and message in text for where, text in errors), errors


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(DAMAGED))
def test_a_damaged_table_blocks_the_import_and_writes_nothing(admin_client, case):
    edit, place, message = DAMAGED[case]
    upload = SimpleUploadedFile(
        "损坏.docx", _damaged(edit), content_type="application/octet-stream"
    )
    response = admin_client.post(reverse("imports:upload"), {"file": upload})
    batch = ImportBatch.objects.get()
    page = admin_client.get(response["Location"]).content.decode()
    assert place in page and message in page and "confirm-form" not in page
    admin_client.post(reverse("imports:confirm", args=[batch.pk]), {"policy": "update"})
    assert Project.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.STAGED


def test_a_later_row_without_its_1st_level_cell_continues_the_one_above_with_a_warning():
    def edit(document):
        tr = document.tables[INDICATORS]._tbl.tr_lst[2]  # continues 产出指标 of row 1
        tr.remove(tr.tc_lst[0])
        _grid_before(tr, 1)

    result = read_upload(_damaged(edit), Options())
    assert result.errors == []
    (table,) = result.departments[0].tables
    assert table.indicators == _targets().tables[0].indicators
    (warning,) = [p for p in result.problems if p.level == WARNING]
    assert (
        warning.place == "第2个表格 第3行 第1格" and "已沿用上一行的“产出指标”" in warning.message
    )


@pytest.mark.parametrize(
    ("cell", "span", "total", "first_outside"), [(5, 9, 20, 6), (1, 12, 23, 3)]
)
def test_a_cell_spanning_past_the_grid_is_read_in_order_with_a_warning(
    cell, span, total, first_outside
):
    """The last cell (指标值确定依据) or a middle one (二级指标) wider than the table."""
    result = read_upload(
        _damaged(lambda d: _set_span(_tc(d, INDICATORS, 1, cell), span)), Options()
    )
    assert result.errors == []
    (table,) = result.departments[0].tables
    expected = _targets().tables[0]
    assert table.indicators == expected.indicators
    assert table.budget_total == Decimal("40.00")
    (warning,) = [p for p in result.problems if p.level == WARNING]
    assert warning.place == f"第2个表格 第2行 第{first_outside}格"
    assert f"共横跨{total}列，超出了表格的13列" in warning.message
    assert all(p.level != ERROR for p in result.problems)
