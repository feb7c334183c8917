"""Excel (.xlsx) renderer of the layout: one sheet per project table, plus an index sheet.

Sheets are streamed (openpyxl write-only mode), so a workbook of a thousand tables is written
in seconds with flat memory. Each project sheet is the Grid shifted one row down under its
title: the same cells, the same merged ranges, borders on every covered cell, amounts as
numbers with format 0.00.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from projects.targets import DepartmentTargets, TargetTable
from reports.layout import AMOUNT, CAPTION, HEAD, TEXT, Cell, DocumentLayout, Grid
from reports.render.embedded import carries_hidden_data, records
from reports.render.placement import Placed, place
from reports.render.sheets import (
    HEI,
    LINE_HEIGHT,
    Styles,
    a4_setup,
    blank_cell,
    lines_needed,
    merge,
    number_cell,
    streamed_sheet,
    text_cell,
)
from reports.summary import ProjectSummary, total

WIDTH_FACTOR = 1.25  # Grid widths are Latin characters; give Chinese text room to breathe
TITLE_ROWS = 1  # the table title above the grid
INDEX_SHEET = "目录"
NARRATIVE_SHEET = "部门整体绩效目标"
# Hidden sheet with the weights and directions the official layout has no columns for.
EXACT_SHEET = "_导入数据"
EXACT_HEADINGS = ("表号", "行号", "项", "值")
NARRATIVE_WIDTH = 72
INDEX_HEADINGS = ("序号", "项目编码", "项目名称", "预算数", "财政资金", "其他资金", "指标数")
INDEX_WIDTHS = (6, 24, 40, 12, 12, 12, 8)
_FORBIDDEN_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def render(
    layout: DocumentLayout | Grid,
    output: str | Path | BinaryIO,
    *,
    summaries: Iterable[ProjectSummary] = (),
    data: DepartmentTargets | TargetTable | None = None,
) -> None:
    """Write a department workbook (目录, narrative, one sheet per table) or one project's.

    `data` is the TargetTable(s) the layout was made from; when they hold weights, directions
    or a percentage plan, a hidden sheet keeps them for re-import (see reports.render.embedded).
    """
    workbook = Workbook(write_only=True)
    styles = Styles(workbook)
    if isinstance(layout, DocumentLayout):
        names = sheet_names([grid.title for grid in layout.grids])
        write_index(workbook, styles, layout, list(summaries), names)
        write_narrative(workbook, styles, layout)
        for grid, name in zip(layout.grids, names, strict=True):
            write_grid_sheet(workbook, styles, grid, name)
    else:
        write_grid_sheet(workbook, styles, layout, sheet_names([layout.title])[0])
    if data is not None and carries_hidden_data(data):
        write_exact_sheet(workbook, styles, data)
    workbook.save(output)


def write_exact_sheet(workbook: Workbook, styles: Styles, data) -> None:
    """The embedded records as a hidden sheet: table number, row, key, value (as text)."""
    sheet = streamed_sheet(workbook, EXACT_SHEET)
    sheet.sheet_state = "hidden"
    style = styles.array(horizontal="left", framed=False)
    sheet.append([text_cell(sheet, h, style) for h in EXACT_HEADINGS])
    for table, row, key, value in records(data):
        sheet.append(
            [
                number_cell(sheet, table, style),
                number_cell(sheet, row, style),
                text_cell(sheet, key, style),
                text_cell(sheet, value, style),
            ]
        )


def sheet_names(titles: list[str]) -> list[str]:
    """Unique Excel sheet names (≤31 characters, none of []:*?/\\) from the tables' titles."""
    names: list[str] = []
    # "History" is reserved by Excel (it repairs a workbook that has a sheet of that name).
    taken = {n.lower() for n in (INDEX_SHEET, NARRATIVE_SHEET, EXACT_SHEET, "History")}
    for title in titles:
        base = _FORBIDDEN_IN_SHEET_NAME.sub("_", title.removesuffix("绩效目标表")).strip("' ")
        base = base or f"表{len(names) + 1}"
        name, n = base[:31], 1
        while name.lower() in taken:
            n += 1
            name = f"{base[: 31 - len(str(n)) - 1]}~{n}"
        taken.add(name.lower())
        names.append(name)
    return names


def sheet_link(name: str) -> str:
    """An in-workbook link target: the sheet's top-left cell."""
    return "'{}'!A1".format(name.replace("'", "''"))


# --- project sheets ---


def write_grid_sheet(workbook: Workbook, styles: Styles, grid: Grid, name: str) -> None:
    """One project's table: title row, then the grid's rows with merges, borders and sizes."""
    sheet = streamed_sheet(workbook, name)
    widths = [w * WIDTH_FACTOR for w in grid.column_widths]
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    a4_setup(sheet, title_rows=f"1:{TITLE_ROWS + 1}")
    sheet.row_dimensions[1].height = 30
    title_style = styles.array(bold=True, framed=False, size=14, font=HEI)
    sheet.append([text_cell(sheet, grid.title, title_style)])
    merge(sheet, 1, 1, 1, grid.columns)
    placed_rows = place(grid.rows)
    for index, placed_row in enumerate(placed_rows):
        excel_row = index + 1 + TITLE_ROWS
        sheet.row_dimensions[excel_row].height = _row_height(placed_row, widths)
        sheet.append(_grid_row(sheet, styles, placed_row, grid.columns))
        for p in placed_row:
            if not p.continues and (p.cell.colspan > 1 or p.cell.rowspan > 1):
                last_row = excel_row + p.cell.rowspan - 1
                merge(sheet, excel_row, p.column + 1, last_row, p.column + p.cell.colspan)


def _grid_row(sheet, styles: Styles, placed_row: list[Placed], columns: int) -> list:
    """Every column of the row gets a cell, so borders cover merged ranges completely."""
    values: list = [None] * columns
    for p in placed_row:
        style = _style_for(styles, p)
        first = None if p.continues else _value_cell(sheet, p.cell, style)
        for column in range(p.column, p.column + p.cell.colspan):
            values[column] = blank_cell(sheet, style) if first is None else first
            first = None
    return values


def _value_cell(sheet, cell: Cell, style):
    if cell.role == AMOUNT and cell.amount is not None:
        return number_cell(sheet, cell.amount, style)
    return text_cell(sheet, cell.text, style)


def _style_for(styles: Styles, p: Placed):
    role = p.cell.role
    if role == CAPTION:
        horizontal = "left" if p.column == 0 else "right"
        return styles.array(horizontal=horizontal, framed=False)
    if role == AMOUNT:
        return styles.array(horizontal="right", money=True)
    horizontal = "left" if role == TEXT else "center"
    return styles.array(horizontal=horizontal, bold=role == HEAD)


def _row_height(placed_row: list[Placed], widths: list[float]) -> float:
    """Rows are not auto-fitted by Excel when written: estimate from the wrapped text."""
    lines = 1
    for p in placed_row:
        if p.continues:
            continue
        width = sum(widths[p.column : p.column + p.cell.colspan])
        lines = max(lines, -(-lines_needed(p.cell.text, width) // p.cell.rowspan))
    return max(18.0, lines * LINE_HEIGHT + 4)


# --- department sheets ---


def write_index(
    workbook: Workbook,
    styles: Styles,
    layout: DocumentLayout,
    summaries: list[ProjectSummary],
    names: list[str],
) -> None:
    """目录: one row per project with a link to its sheet, amounts and indicator count."""
    sheet = streamed_sheet(workbook, INDEX_SHEET)
    for column, width in enumerate(INDEX_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    a4_setup(sheet, title_rows="1:2")
    title = f"{layout.heading}{layout.fiscal_year}年部门预算绩效目标"
    sheet.row_dimensions[1].height = 30
    sheet.append(
        [text_cell(sheet, title, styles.array(bold=True, framed=False, size=14, font=HEI))]
    )
    merge(sheet, 1, 1, 1, len(INDEX_HEADINGS))
    head = styles.array(bold=True)
    sheet.append([text_cell(sheet, h, head) for h in INDEX_HEADINGS])
    for summary, name in zip(summaries, names, strict=True):
        sheet.append(_index_row(sheet, styles, summary, name))
    sheet.append(_total_row(sheet, styles, summaries))


def _index_row(sheet, styles: Styles, summary: ProjectSummary, name: str) -> list:
    text, money = styles.array(horizontal="left"), styles.array(horizontal="right", money=True)
    link = text_cell(sheet, summary.name, text)
    link._hyperlink = Hyperlink(ref="", location=sheet_link(name), display=summary.name)
    return [
        number_cell(sheet, summary.position, styles.array()),
        text_cell(sheet, summary.code, text),
        link,
        number_cell(sheet, summary.budget_total, money),
        number_cell(sheet, summary.fiscal_funds, money),
        number_cell(sheet, summary.other_funds, money),
        number_cell(sheet, summary.indicator_count, styles.array()),
    ]


def _total_row(sheet, styles: Styles, summaries: list[ProjectSummary]) -> list:
    money = styles.array(horizontal="right", money=True, bold=True)
    label = styles.array(bold=True)
    return [
        text_cell(sheet, "合计", label),
        text_cell(sheet, "", label),
        text_cell(sheet, f"{len(summaries)}个项目", label),
        number_cell(sheet, total([s.budget_total for s in summaries]), money),
        number_cell(sheet, total([s.fiscal_funds for s in summaries]), money),
        number_cell(sheet, total([s.other_funds for s in summaries]), money),
        number_cell(sheet, sum(s.indicator_count for s in summaries), label),
    ]


def write_narrative(workbook: Workbook, styles: Styles, layout: DocumentLayout) -> None:
    """第一部分 部门整体绩效目标 as one wide wrapped column."""
    sheet = streamed_sheet(workbook, NARRATIVE_SHEET)
    sheet.column_dimensions["A"].width = NARRATIVE_WIDTH
    a4_setup(sheet, title_rows="1:1")
    heading = styles.array(horizontal="left", bold=True, framed=False, size=12, font=HEI)
    body = styles.array(horizontal="left", framed=False)
    sheet.append([text_cell(sheet, "第一部分 部门整体绩效目标", heading)])
    row = 1
    for title, lines in _narrative_sections(layout):
        sheet.append([text_cell(sheet, title, heading)])
        row += 1
        for line in lines:
            row += 1
            sheet.row_dimensions[row].height = lines_needed(line, NARRATIVE_WIDTH) * LINE_HEIGHT + 4
            sheet.append([text_cell(sheet, line, body)])


def _narrative_sections(layout: DocumentLayout) -> list[tuple[str, list[str]]]:
    return [
        ("一、总体绩效目标", layout.overall_goal.split("\n") if layout.overall_goal else []),
        ("二、分项绩效目标", [f"{n}、{s}" for n, s in enumerate(layout.sub_goals, start=1)]),
        ("三、工作保障措施", [f"{n}、{s}" for n, s in enumerate(layout.safeguards, start=1)]),
    ]
