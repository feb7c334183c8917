"""The Excel export: read back with openpyxl and compared with the Grid and the seed."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from reports.layout import department_document, project_document, target_grid
from reports.render import xlsx
from reports.render.ooxml import unique_sheet_names
from reports.render.placement import merged_ranges
from reports.summary import project_summaries
from tests.conftest import make_table, seed_targets
from tests.reports.export_readers import document_grids, grid_rows, sheet_rows, squeeze
from tests.seed_text import read_printed_seed as read_seed


def export(document) -> bytes:
    buffer = io.BytesIO()
    xlsx.render(document, buffer)
    return buffer.getvalue()


def open_xlsx(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture(scope="module")
def seed_workbook():
    targets = seed_targets()
    document = department_document(targets)
    return targets, document_grids(document), open_xlsx(export(document))


def test_project_sheet_has_every_grid_cell_and_merged_range():
    table = seed_targets().tables[1]
    grid = target_grid(table)
    sheet = open_xlsx(export(project_document(table))).worksheets[0]

    assert sheet["A1"].value == grid.title
    assert sheet_rows(sheet, first_row=2) == grid_rows(grid)
    expected = {(r + 2, c + 1, r2 + 2, c2 + 1) for r, c, r2, c2 in merged_ranges(grid)}
    expected.add((1, 1, 1, grid.columns))  # the title across the table
    actual = {(m.min_row, m.min_col, m.max_row, m.max_col) for m in sheet.merged_cells.ranges}
    assert actual == expected


def test_amounts_are_numbers_with_two_decimal_format_and_blank_checkpoints_stay_empty():
    sheet = open_xlsx(export(project_document(make_table(budget="12.345")))).worksheets[0]
    budget = sheet.cell(row=4, column=4)
    assert budget.data_type == "n"
    assert Decimal(str(budget.value)) == Decimal("12.345")
    assert budget.number_format == "0.00"
    plan = [sheet.cell(row=7, column=c).value for c in (2, 5, 8, 11)]
    assert plan[0] is None and plan[2] is None
    assert Decimal(str(plan[3])) == Decimal("12.345")


def test_every_cell_of_a_merged_range_has_a_border():
    data = export(project_document(make_table()))
    merged = open_xlsx(data).worksheets[0].merged_cells.ranges
    # Read-only mode shows each stored cell's own style (normal mode rebuilds merged cells).
    stored = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    rows = {cell.coordinate: cell for row in stored.iter_rows() for cell in row if cell}
    for cell_range in merged:
        if cell_range.min_row <= 2:  # title and unit line are printed without a frame
            continue
        for row, column in cell_range.cells:
            cell = rows[f"{get_column_letter(column)}{row}"]
            assert cell.border.left.style == "thin", cell.coordinate
            assert cell.border.bottom.style == "thin", cell.coordinate


def test_text_that_looks_like_a_formula_is_written_as_text():
    table = make_table(name='=HYPERLINK("http://evil","点我")')
    table.purpose = "+1+2"
    table.indicators[0].value = "-3"
    table.indicators[0].basis = "@SUM(A1)"
    data = export(project_document(table))
    sheet = open_xlsx(data).worksheets[0]
    values = {c.value: c for row in sheet.iter_rows() for c in row if c.value is not None}
    for text in ('=HYPERLINK("http://evil","点我")', "+1+2", "-3", "@SUM(A1)"):
        assert values[text].data_type == "s"
        assert values[text].quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheet_xml = package.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml


def test_sheet_is_set_up_for_a4_one_page_wide_with_repeated_title_rows():
    sheet = open_xlsx(export(project_document(make_table()))).worksheets[0]
    assert sheet.page_setup.paperSize == 9
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$2"
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["B"].width
    assert sheet.row_dimensions[9].height > 18  # the wrapped 绩效目标 row is taller


def test_sheet_names_are_unique_short_and_without_forbidden_characters():
    long = "很" * 40
    names = unique_sheet_names([f"1.{long}", f"2.{long}", "3.a/b:c*d?e[f]g\\h", "目录"], {"目录"})
    assert all(len(n) <= 31 for n in names)
    assert len({n.lower() for n in names}) == len(names)
    assert names[2] == "3.a_b_c_d_e_f_g_h"
    assert names[3] != "目录"  # the index sheet keeps its name


def test_sheet_names_avoid_excels_reserved_name_and_empty_titles():
    names = unique_sheet_names(["History", "history", "", "''", "表3"], set())
    assert "history" not in {n.lower() for n in names}
    assert names[2] == "表3" and names[3] == "表4" and names[4] == "表3~2"
    assert all(n and not n.startswith("~") for n in names)
    assert len({n.lower() for n in names}) == len(names)


def test_department_workbook_has_an_index_linking_to_one_sheet_per_project(seed_workbook):
    targets, grids, workbook = seed_workbook
    assert workbook.sheetnames[:2] == ["目录", "部门整体绩效目标"]
    assert len(workbook.sheetnames) == 2 + len(targets.tables)
    index = workbook["目录"]
    for n, table in enumerate(targets.tables, start=1):
        row = n + 2
        assert index.cell(row, 2).value == table.code
        assert index.cell(row, 3).value == table.name
        assert Decimal(str(index.cell(row, 4).value)) == table.budget_total
        assert index.cell(row, 7).value == len(table.indicators)
        target_sheet = index.cell(row, 3).hyperlink.location.split("!")[0].strip("'")
        assert workbook[target_sheet]["A1"].value == grids[n - 1].title
    total_row = len(targets.tables) + 3
    assert index.cell(total_row, 1).value == "合计"
    expected_total = sum(t.budget_total for t in targets.tables)
    assert Decimal(str(index.cell(total_row, 4).value)) == expected_total


def test_department_workbook_sheets_match_the_seed_table_by_table(seed_workbook):
    _targets, _grids, workbook = seed_workbook
    seed = read_seed()
    for n, seed_table in enumerate(seed.tables):
        sheet = workbook.worksheets[2 + n]
        assert sheet["A1"].value == f"{seed_table.position}.{seed_table.name}绩效目标表"
        assert squeeze(sheet_rows(sheet, first_row=2)) == squeeze(seed_table.rows)


def test_department_workbook_has_the_narrative(seed_workbook):
    targets, _grids, workbook = seed_workbook
    texts = [c.value for c in workbook["部门整体绩效目标"]["A"]]
    assert targets.overall_goal in texts
    assert f"1、{targets.sub_goals[0]}" in texts
    assert f"{len(targets.safeguards)}、{targets.safeguards[-1]}" in texts


def test_control_characters_in_a_title_do_not_break_the_sheet_name():
    table = make_table(name="信访\x01维稳\x0b经费")
    sheet = open_xlsx(export(project_document(table))).worksheets[0]
    assert sheet.title == "1.信访维稳经费"
    # Word's soft line break is a line break (core.text), the other control character dropped.
    assert sheet["A1"].value == "1.信访维稳\n经费绩效目标表"


def test_a_sheet_name_cut_at_31_characters_does_not_end_in_an_apostrophe():
    names = unique_sheet_names(["x" * 30 + "'abc"], set())
    assert names == ["x" * 30]


def test_amounts_are_exact_in_the_sheet_xml():
    data = export(project_document(make_table(budget="330.984")))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheet_xml = package.read("xl/worksheets/sheet1.xml").decode()
    assert "<v>330.984</v>" in sheet_xml


def test_county_summary_has_a_row_per_project_and_the_totals(tmp_path):
    from reports.render.county import HEADINGS, CountySummary

    targets = seed_targets()
    summaries = project_summaries(targets)
    county = CountySummary(2023)
    county.add(summaries)
    county.add(summaries[:2])
    path = tmp_path / "county.xlsx"
    county.save(path)

    sheet = open_xlsx(path.read_bytes()).worksheets[0]
    assert sheet.title == "2023年项目汇总"
    assert sheet["A1"].value == "2023年项目绩效目标汇总表"
    assert [c.value for c in sheet[2]] == list(HEADINGS)
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:H1"}
    first = [c.value for c in sheet[3]]
    assert first[:4] == [summaries[0].department_code, summaries[0].department_name,
                         summaries[0].code, summaries[0].name]  # fmt: skip
    assert sheet.cell(3, 5).number_format == "0.00"
    last = len(summaries) + 2 + 2 + 1
    assert sheet.max_row == last and sheet.cell(last, 1).value == "合计"
    assert sheet.cell(last, 4).value == f"{len(summaries) + 2}个项目"
    expected = sum(s.budget_total for s in summaries) + sum(s.budget_total for s in summaries[:2])
    assert Decimal(str(sheet.cell(last, 5).value)) == expected
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$2"


def test_county_summary_saves_to_a_file_object():
    from reports.render.county import CountySummary

    county = CountySummary(2024)
    county.add(project_summaries(seed_targets())[:1])
    buffer = io.BytesIO()
    county.save(buffer)
    assert open_xlsx(buffer.getvalue()).worksheets[0].max_row == 4
