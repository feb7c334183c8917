"""Readers: Word like the seed, our own exports, flat sheets from other provinces."""

from __future__ import annotations

from decimal import Decimal

import pytest

from imports.readers.base import ImportFileError, Options
from imports.reading import read_upload
from tests.conftest import seed_targets
from tests.imports.files import (
    export_docx,
    export_xlsx,
    seed_like_docx,
    sichuan_flat_rows,
    workbook_bytes,
)


def _plain(targets):
    """Comparable form: tables without ids, versions, positions or frame."""
    for table in targets.tables:
        table.project_id = table.version = table.position = None
        table.frame_code = ""
        for row in table.indicators:
            row.indicator_id = None
    return targets


def test_word_document_built_like_the_seed_reads_as_the_seed_department():
    result = read_upload(seed_like_docx(), Options(fiscal_year=2023))
    assert result.errors == []
    assert result.kind == "docx"
    (department,) = result.departments
    # The Hebei form, as the file shows it (#16): the review asks for everything.
    assert department.form == {
        "basis_column": "required",
        "spending_plan_in_form": True,
        "department_goals_in_form": True,
    }
    department.form = {}
    assert _plain(department) == _plain(seed_targets())


def test_single_table_word_document_reads_one_project():
    result = read_upload(seed_like_docx(tables=[7], narrative=False), Options(fiscal_year=2023))
    (department,) = result.departments
    assert department.department_code == "802010"
    assert department.overall_goal == ""
    (table,) = department.tables
    assert table.name == "妇女之家资金"
    assert table.spending_plan == tuple(Decimal(v) for v in ("2.00", "4.25", "6.25", "8.50"))


@pytest.mark.parametrize("export", [export_docx, export_xlsx])
def test_our_exports_read_back_to_the_same_data(export):
    result = read_upload(export(seed_targets()), Options())
    assert result.errors == []
    (department,) = result.departments
    assert department.fiscal_year == 2023  # from the document title
    assert _plain(department) == _plain(seed_targets())


def test_flat_sheet_in_yuan_converts_exactly_and_reports_what_it_assumed():
    result = read_upload(workbook_bytes(sichuan_flat_rows()), Options())
    assert result.kind == "flat"
    assert result.errors == []
    (department,) = result.departments
    assert (department.department_code, department.department_name) == (
        "820001",
        "井研县马踏镇人民政府",
    )
    assert department.fiscal_year == 2024
    roads, villages = department.tables
    assert roads.code == "" and villages.code == ""  # never invented
    assert roads.budget_total == Decimal("330.984")
    assert roads.fiscal_funds == Decimal("330.984")
    assert villages.budget_total == Decimal("125")
    assert roads.goals == ["维护道路30公里", "保障通行安全"]
    assert [r.value for r in roads.indicators] == ["≥30公里", "≥95%", "明显改善", "≥90%"]
    assert [r.weight for r in roads.indicators] == [Decimal(20), Decimal(20), Decimal(30),
                                                   Decimal(20)]  # fmt: skip
    assert {r.direction for r in roads.indicators} == {"positive"}
    assert len(villages.indicators) == 2
    notes = " ".join(p.message for p in result.problems)
    assert "按万元精确换算" in notes and "没有项目编码" in notes and "合成" in notes


def test_flat_sheet_synonyms_and_csv_in_gb18030():
    rows = [
        ["单位名称", "项目名称", "预算数（万元）", "一级指标", "二级指标", "指标名称", "计算符号",
         "目标值", "计量单位", "分值"],
        ["820001-井研县马踏镇人民政府", "文化活动", "12.5", "产出指标", "数量指标", "活动场次",
         "≥", "10", "次", "100"],
    ]  # fmt: skip
    text = "\n".join(",".join(map(str, r)) for r in rows)
    result = read_upload(text.encode("gb18030"), Options(fiscal_year=2024))
    (table,) = result.departments[0].tables
    assert table.budget_total == Decimal("12.5")
    assert table.indicators[0].value == "≥10次"
    assert table.indicators[0].weight == Decimal(100)


def test_flat_sheet_with_conflicting_budgets_names_row_and_column():
    rows = sichuan_flat_rows()
    rows[8][2] = "1,260,000"
    result = read_upload(workbook_bytes(rows), Options())
    (error,) = result.errors
    assert error.place == "工作表“Sheet1” 第9行 C列（预算数）"
    assert "第8行" in error.message


def test_flat_sheet_unit_without_code_asks_for_one():
    rows = sichuan_flat_rows()
    for row in rows[3:]:
        if row[0]:
            row[0] = "井研县马踏镇人民政府"
    result = read_upload(workbook_bytes(rows), Options())
    assert result.errors[0].place.startswith("工作表“Sheet1” 第4行 A列")
    assert "没有单位编码" in result.errors[0].message
    chosen = read_upload(workbook_bytes(rows), Options(department_code="820001"))
    assert chosen.errors == []


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "空的"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "密码"),
        (b"%PDF-1.4 binary\x00\x01", "无法识别"),
    ],
)
def test_unreadable_files_get_a_clear_message(data, expected):
    with pytest.raises(ImportFileError, match=expected):
        read_upload(data, Options())


def test_truncated_package_is_reported_as_damaged():
    data = export_docx(seed_targets())
    with pytest.raises(ImportFileError, match="损坏"):
        read_upload(data[: len(data) // 2], Options())


def test_workbook_of_another_layout_says_what_was_expected():
    data = workbook_bytes([["姓名", "电话"], ["张三", "123"]], title="通讯录")
    with pytest.raises(ImportFileError, match="批量导入模板"):
        read_upload(data, Options())


def test_flat_sheet_without_header_row():
    data = workbook_bytes(
        [["2024年项目支出绩效目标申报表"], ["金额单位：元"], ["项目名称", "预算数"]]
    )
    with pytest.raises(ImportFileError, match="模板"):
        read_upload(data, Options())


def test_spreadsheet_floats_become_plain_decimal_text():
    from imports.readers.base import cell_str, parse_amount

    assert cell_str(1e-06) == "0.000001"  # repr would be "1e-06", which is not an amount
    assert cell_str(12.0) == "12" and cell_str(330.984) == "330.984"
    assert cell_str(1e16) == "10000000000000000"
    assert parse_amount(cell_str(1e-06)) == (Decimal("0.000001"), "")


def test_workbooks_we_open_keep_merges_as_plain_ranges_and_other_loads_are_unchanged():
    import io

    from openpyxl import load_workbook
    from openpyxl.cell.cell import MergedCell

    from imports.readers.sheets import open_workbook

    data = export_xlsx(seed_targets())
    ours = open_workbook(data).worksheets[2]
    assert "A1:M1" in {str(r) for r in ours.merged_cells.ranges}  # the title row
    assert not isinstance(ours["B1"], MergedCell)  # not styled cell by cell: fast
    theirs = load_workbook(io.BytesIO(data)).worksheets[2]
    assert isinstance(theirs["B1"], MergedCell)  # openpyxl's own behaviour elsewhere
