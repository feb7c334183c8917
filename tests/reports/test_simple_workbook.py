"""Lists, history and findings downloads: the same .xlsx writer as the exports (#15 item 5)."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from reports.render.xlsxml import Workbook
from reports.xlsx import simple_workbook


def _workbook(**changes) -> bytes:
    arguments = {
        "sheet_title": "项目列表",
        "title": "=标题\x07",
        "headers": ["年度", "金额", "-说明"],
        "rows": [(2023, Decimal("330.984"), "=SUM(A1)"), (None, Decimal(0), "两行\n文字")],
        "widths": (8, 14, 30),
        "number_format": {2: "0.00"},
    } | changes
    return simple_workbook(**arguments)


def test_title_header_rows_widths_and_frozen_header_as_before():
    sheet = openpyxl.load_workbook(io.BytesIO(_workbook())).active
    assert sheet.title == "项目列表" and sheet.freeze_panes == "A3"
    assert [sheet.column_dimensions[c].width for c in "ABC"] == [8, 14, 30]
    assert sheet["A1"].value == "=标题" and sheet["A1"].font.b and sheet["A1"].font.sz == 14
    assert [c.value for c in sheet[2]] == ["年度", "金额", "-说明"] and sheet["C2"].font.b
    assert sheet["B3"].value == pytest.approx(330.984) and sheet["B3"].number_format == "0.00"
    assert sheet["A3"].number_format == "General"  # only the column asked for
    assert sheet["C4"].value == "两行\n文字" and sheet["C4"].alignment.wrap_text
    assert sheet["C4"].alignment.vertical == "top"


def test_user_text_that_looks_like_a_formula_stays_text():
    sheet = openpyxl.load_workbook(io.BytesIO(_workbook())).active
    for ref in ("A1", "C2", "C3"):
        assert sheet[ref].data_type == "s" and sheet[ref].quotePrefix, ref
    with zipfile.ZipFile(io.BytesIO(_workbook())) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<v>330.984</v>" in xml  # exact, not through float


def test_a_value_the_writer_cannot_hold_is_refused_naming_the_cell():
    with pytest.raises(TypeError, match="B3"):
        _workbook(rows=[(1, object(), "")])


def test_frozen_rows_are_checked():
    with Workbook(io.BytesIO()) as book, pytest.raises(ValueError, match="frozen"):
        book.add_sheet("表", frozen_rows=-1)
