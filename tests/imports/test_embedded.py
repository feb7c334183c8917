"""Exact data embedded in our exports: used where it agrees with the visible table, else not."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.table import _Cell
from openpyxl import load_workbook

from imports.readers.base import ERROR, NOTE, WARNING, Options
from imports.reading import read_upload
from projects.targets import DepartmentTargets
from reports.render.docx import EXACT_PART
from reports.render.xlsx import EXACT_SHEET
from tests.conftest import make_table
from tests.imports.files import export_docx, export_xlsx


def _department(**changes) -> DepartmentTargets:
    table = make_table(budget="330.984", code="", indicators=4)
    table.other_funds = Decimal("0.004")
    table.budget_total = Decimal("330.988")
    table.indicators[0].weight = Decimal("20.5")
    table.indicators[1].direction = "negative"
    table.indicators[3].weight, table.indicators[3].direction = Decimal("30"), "positive"
    for key, value in changes.items():
        setattr(table, key, value)
    return DepartmentTargets("900001", "测试单位", 2023, tables=[table])


def _read(data: bytes):
    result = read_upload(data, Options())
    assert result.errors == []
    (department,) = result.departments
    return department.tables[0], result.problems


def _docx_edited(data: bytes, edit) -> bytes:
    """Open the export in python-docx (as Word would), change it, save it."""
    document = docx.Document(io.BytesIO(data))
    edit(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_text(cell, text: str) -> None:
    cell.paragraphs[0].runs[0].text = text


def _warnings(problems) -> list[str]:
    return [f"{p.place}：{p.message}" for p in problems if p.level == WARNING]


@pytest.mark.parametrize("export", [export_docx, export_xlsx])
def test_amounts_weights_and_directions_come_back_exactly(export):
    targets = _department()
    table, problems = _read(export(targets))
    assert table == targets.tables[0]
    assert table.budget_total == Decimal("330.988") and table.spending_plan[1] == Decimal("165.492")
    assert [r.weight for r in table.indicators] == [Decimal("20.5"), None, None, Decimal(30)]
    assert [r.direction for r in table.indicators] == ["", "negative", "", "positive"]
    assert _warnings(problems) == []


def test_word_note_says_which_amounts_came_from_the_embedded_data():
    _table, problems = _read(export_docx(_department()))
    (note,) = [p for p in problems if p.level == NOTE]
    assert "按文件内嵌的精确值导入" in note.message and "330.99 万元按 330.988 万元" in note.message


def test_word_export_shows_two_decimals_and_carries_the_exact_part():
    data = export_docx(_department())
    document = docx.Document(io.BytesIO(data))
    budget_row = [c.text for c in document.tables[0].rows[2].cells]
    assert "330.99" in budget_row and "330.988" not in budget_row
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        part = package.read(EXACT_PART).decode()
        assert 'k="budget_total">330.988<' in part and 'k="direction">negative<' in part
        assert "customXml/itemProps90.xml" in package.read("[Content_Types].xml").decode()


def test_a_visible_amount_edited_in_word_wins_and_the_preview_says_so():
    def edit(document):
        _set_text(document.tables[0].rows[2].cells[3], "331.00")  # 预算数

    table, problems = _read(_docx_edited(export_docx(_department()), edit))
    assert table.budget_total == Decimal("331.00")  # what the document shows
    assert table.other_funds == Decimal("0.004")  # untouched cells keep their exact value
    (warning,) = _warnings(problems)
    assert "第1个表格 第3行" in warning
    assert "331.00" in warning and "330.988" in warning and "内嵌数据未使用" in warning


def test_an_edited_indicator_name_drops_only_that_rows_hidden_weight():
    def edit(document):
        _set_text(document.tables[1].rows[1].cells[3], "改过的指标")  # 三级指标 of row 1

    table, problems = _read(_docx_edited(export_docx(_department()), edit))
    assert table.indicators[0].name == "改过的指标" and table.indicators[0].weight is None
    assert table.indicators[3].weight == Decimal(30)  # later rows still agree
    (warning,) = _warnings(problems)
    assert "第2个表格 第2行" in warning and "权重“20.5”未使用" in warning


def test_a_deleted_indicator_row_drops_the_hidden_data_of_every_row_that_moved():
    def edit(document):
        table = document.tables[1]._tbl
        table.remove(table.tr_lst[2])  # the second indicator row (no hidden data)

    table, problems = _read(_docx_edited(export_docx(_department()), edit))
    assert [r.name for r in table.indicators] == ["指标1", "指标3", "指标4"]
    assert [r.weight for r in table.indicators] == [Decimal("20.5"), None, None]
    assert [r.direction for r in table.indicators] == ["", "", ""]
    second, fourth = _warnings(problems)
    assert "第2行指标与文件内嵌数据（“指标2”）不一致" in second and "指标方向“反向”" in second
    assert "第4行指标" in fourth and "权重“30”、指标方向“正向”未使用" in fourth


def test_a_renamed_project_ignores_all_embedded_data_of_its_table():
    def edit(document):
        _set_text(document.tables[0].rows[1].cells[-1], "新名称")

    table, problems = _read(_docx_edited(export_docx(_department()), edit))
    assert table.name == "新名称"
    assert table.budget_total == Decimal("330.99") and table.indicators[0].weight is None
    (warning,) = _warnings(problems)
    assert "项目名称或编码" in warning and "均未使用" in warning


def _with_exact_part(data: bytes, old_text: bytes, new_text: bytes) -> bytes:
    """The .docx with one replacement made in its embedded exact-data part."""
    source, target = io.BytesIO(data), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            content = old.read(item)
            if item.filename == EXACT_PART:
                content = content.replace(old_text, new_text)
            new.writestr(item, content)
    return target.getvalue()


def test_a_damaged_embedded_part_is_ignored_with_a_warning():
    truncated = _with_exact_part(export_docx(_department()), b"</exact>", b"")
    table, problems = _read(truncated)
    assert table.budget_total == Decimal("330.99")
    assert table.indicators[0].weight is None
    assert any("已损坏" in w for w in _warnings(problems))


def test_invalid_embedded_values_never_reach_the_table():
    invalid = _with_exact_part(export_docx(_department()), b">negative<", b">sideways<")
    table, problems = _read(invalid)
    assert {r.direction for r in table.indicators} <= {"", "positive"}
    assert any("已损坏" in w for w in _warnings(problems))
    assert all(p.level != ERROR for p in problems)


def test_excel_hidden_sheet_only_when_the_layout_would_lose_something():
    plain = load_workbook(io.BytesIO(export_xlsx(_department(indicators=[]))))
    assert EXACT_SHEET not in plain.sheetnames
    workbook = load_workbook(io.BytesIO(export_xlsx(_department())))
    assert workbook.sheetnames[-1] == EXACT_SHEET
    assert workbook[EXACT_SHEET].sheet_state == "hidden"


def test_an_indicator_edited_in_excel_keeps_the_visible_text_and_drops_its_weight():
    workbook = load_workbook(io.BytesIO(export_xlsx(_department())))
    sheet = workbook.worksheets[2]
    row = next(r for r in sheet.iter_rows() if r[3].value == "指标1")
    row[3].value = "改过的指标"
    buffer = io.BytesIO()
    workbook.save(buffer)
    table, problems = _read(buffer.getvalue())
    assert table.indicators[0].name == "改过的指标" and table.indicators[0].weight is None
    assert table.indicators[3].weight == Decimal(30)
    (warning,) = _warnings(problems)
    assert "权重“20.5”未使用" in warning


def test_visible_weight_and_direction_columns_win_over_embedded_data():
    """A document that shows 权重/指标方向 itself: the visible cells are the truth."""

    def edit(document):
        table = document.tables[1]
        texts = [("权重", "指标方向"), ("25", "正向"), ("", ""), ("", ""), ("30", "")]
        for tr, (weight, direction) in zip(table._tbl.tr_lst, texts, strict=True):
            _Cell(tr.tc_lst[-2], table).text = weight  # was 指标值
            _Cell(tr.tc_lst[-1], table).text = direction  # was 指标值确定依据

    table, problems = _read(_docx_edited(export_docx(_department()), edit))
    first = table.indicators[0]
    assert (first.weight, first.direction) == (Decimal(25), "positive")
    assert table.indicators[3].direction == ""  # blank visible cell: not filled from hidden data
    warnings = _warnings(problems)
    assert any("权重：表格中是“25”，文件内嵌数据是“20.5”" in w for w in warnings)
    assert any("指标方向：表格中是“空白”，文件内嵌数据是“正向”" in w for w in warnings)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_embedded_data_survives_a_save_in_libreoffice(tmp_path):
    source = tmp_path / "export.docx"
    source.write_bytes(export_docx(_department()))
    out = tmp_path / "out"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [shutil.which("soffice"), f"-env:UserInstallation=file://{profile}", "--headless",
             "--norestore", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out),
             str(source)],
            check=True, capture_output=True, timeout=240,
        )  # fmt: skip
    table, _problems = _read((Path(out) / "export.docx").read_bytes())
    assert table == _department().tables[0]


@pytest.mark.django_db
def test_the_preview_page_says_which_embedded_value_was_ignored(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    def edit(document):
        _set_text(document.tables[0].rows[2].cells[3], "331.00")

    data = _docx_edited(export_docx(_department()), edit)
    upload = SimpleUploadedFile("改过.docx", data, content_type="application/octet-stream")
    response = admin_client.post(reverse("imports:upload"), {"file": upload})
    page = admin_client.get(response["Location"]).content.decode()
    assert "第1个表格 第3行 第3格" in page  # the third cell of the 预算数 row
    assert "已按表格中显示的 331.00 导入，内嵌数据未使用" in page
    assert "confirm-form" in page  # a warning, not an error: the user may still import


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_the_exports_users_download_carry_the_exact_data(fmt):
    from reports.services import department_export, project_export

    targets = _department()
    for export in (
        lambda out: department_export(targets=targets, fmt=fmt, output=out),
        lambda out: project_export(table=targets.tables[0], fmt=fmt, output=out),
    ):
        buffer = io.BytesIO()
        export(buffer)
        # A lone project's file names no year: chosen at upload, as a user would.
        result = read_upload(buffer.getvalue(), Options(fiscal_year=2023))
        assert result.errors == []
        assert result.departments[0].tables == targets.tables
