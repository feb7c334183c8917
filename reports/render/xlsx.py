"""Excel (.xlsx) renderer of the layout: one sheet per project table, plus an index sheet.

Sheets are streamed by our own writer (reports.render.xlsxml), so a workbook of a thousand
tables is written in about a second with flat memory. Each project sheet is the Grid shifted
one row down under its title: the same cells, the same merged ranges, borders on every covered
cell, amounts as exact numbers with format 0.00.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from projects.targets import DepartmentTargets, TargetTable
from reports.layout import AMOUNT, CAPTION, HEAD, TEXT, Cell, DocumentLayout, Grid
from reports.render.embedded import carries_hidden_data, records
from reports.render.placement import Placed, place
from reports.render.sheets import HEI, LINE_HEIGHT, Styles, a4, lines_needed
from reports.render.xlsxml import ILLEGAL_XML, Workbook, quote_sheet_name
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
    with Workbook(output) as book:
        styles = Styles(book)
        if isinstance(layout, DocumentLayout):
            names = sheet_names([title for title, _anchor in layout.headings])
            write_index(book, styles, layout, list(summaries), names)
            write_narrative(book, styles, layout)
            for grid, name in zip(layout.grids, names, strict=True):
                write_grid_sheet(book, styles, grid, name)
        else:
            write_grid_sheet(book, styles, layout, sheet_names([layout.title])[0])
        if data is not None and carries_hidden_data(data):
            write_exact_sheet(book, styles, data)


def write_exact_sheet(book: Workbook, styles: Styles, data) -> None:
    """The embedded records as a hidden sheet: table number, row, key, value (as text)."""
    style = styles.get(horizontal="left", framed=False)
    with book.add_sheet(EXACT_SHEET, hidden=True) as sheet:
        sheet.append([(h, style) for h in EXACT_HEADINGS])
        for record in records(data):
            sheet.append([(item, style) for item in record])


def sheet_names(titles: list[str]) -> list[str]:
    """Unique Excel sheet names (≤31 characters, none of []:*?/\\) from the tables' titles."""
    names: list[str] = []
    # "History" is reserved by Excel (it repairs a workbook that has a sheet of that name).
    taken = {n.lower() for n in (INDEX_SHEET, NARRATIVE_SHEET, EXACT_SHEET, "History")}
    for title in titles:
        base = ILLEGAL_XML.sub("", title.removesuffix("绩效目标表"))
        base = _FORBIDDEN_IN_SHEET_NAME.sub("_", base).strip("' ")
        base = base or f"表{len(names) + 1}"
        name, n = base[:31].rstrip("'"), 1
        while name.lower() in taken:
            n += 1
            name = f"{base[: 31 - len(str(n)) - 1]}~{n}"
        taken.add(name.lower())
        names.append(name)
    return names


def sheet_link(name: str) -> str:
    """An in-workbook link target: the sheet's top-left cell."""
    return f"{quote_sheet_name(name)}!A1"


# --- project sheets ---


def write_grid_sheet(book: Workbook, styles: Styles, grid: Grid, name: str) -> None:
    """One project's table: title row, then the grid's rows with merges, borders and sizes."""
    widths = [w * WIDTH_FACTOR for w in grid.column_widths]
    setup = a4(title_rows=TITLE_ROWS + 1)
    with book.add_sheet(name, widths=widths, print_setup=setup) as sheet:
        title_style = styles.get(bold=True, framed=False, size=14, font=HEI)
        sheet.append([(grid.title, title_style)], height=30)
        sheet.merge(1, 1, 1, grid.columns)
        for placed_row in place(grid.rows):
            excel_row = sheet.append(
                _grid_row(styles, placed_row, grid.columns),
                height=_row_height(placed_row, widths),
            )
            for p in placed_row:
                if not p.continues and (p.cell.colspan > 1 or p.cell.rowspan > 1):
                    last_row = excel_row + p.cell.rowspan - 1
                    sheet.merge(excel_row, p.column + 1, last_row, p.column + p.cell.colspan)


def _grid_row(styles: Styles, placed_row: list[Placed], columns: int) -> list:
    """Every column of the row gets a cell, so borders cover merged ranges completely."""
    values: list = [None] * columns
    for p in placed_row:
        style = _style_for(styles, p)
        blank = (None, style)
        values[p.column] = blank if p.continues else (_value(p.cell), style)
        for column in range(p.column + 1, p.column + p.cell.colspan):
            values[column] = blank
    return values


def _value(cell: Cell):
    if cell.role == AMOUNT and cell.amount is not None:
        return cell.amount
    return cell.text


def _style_for(styles: Styles, p: Placed) -> int:
    role = p.cell.role
    if role == CAPTION:
        horizontal = "left" if p.column == 0 else "right"
        return styles.get(horizontal=horizontal, framed=False)
    if role == AMOUNT:
        return styles.get(horizontal="right", money=True)
    horizontal = "left" if role == TEXT else "center"
    return styles.get(horizontal=horizontal, bold=role == HEAD)


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
    book: Workbook,
    styles: Styles,
    layout: DocumentLayout,
    summaries: list[ProjectSummary],
    names: list[str],
) -> None:
    """目录: one row per project with a link to its sheet, amounts and indicator count."""
    setup = a4(title_rows=2)
    with book.add_sheet(INDEX_SHEET, widths=INDEX_WIDTHS, print_setup=setup) as sheet:
        title = f"{layout.heading}{layout.fiscal_year}年部门预算绩效目标"
        title_style = styles.get(bold=True, framed=False, size=14, font=HEI)
        sheet.append([(title, title_style)], height=30)
        sheet.merge(1, 1, 1, len(INDEX_HEADINGS))
        head = styles.get(bold=True)
        sheet.append([(h, head) for h in INDEX_HEADINGS])
        for summary, name in zip(summaries, names, strict=True):
            row = sheet.append(_index_row(styles, summary))
            sheet.link(row, 3, sheet_link(name), display=summary.name)
        sheet.append(_total_row(styles, summaries))


def _index_row(styles: Styles, summary: ProjectSummary) -> list:
    text, money = styles.get(horizontal="left"), styles.get(horizontal="right", money=True)
    plain = styles.get()
    return [
        (summary.position, plain),
        (summary.code, text),
        (summary.name, text),
        (summary.budget_total, money),
        (summary.fiscal_funds, money),
        (summary.other_funds, money),
        (summary.indicator_count, plain),
    ]


def _total_row(styles: Styles, summaries: list[ProjectSummary]) -> list:
    money = styles.get(horizontal="right", money=True, bold=True)
    label = styles.get(bold=True)
    return [
        ("合计", label),
        ("", label),
        (f"{len(summaries)}个项目", label),
        (total([s.budget_total for s in summaries]), money),
        (total([s.fiscal_funds for s in summaries]), money),
        (total([s.other_funds for s in summaries]), money),
        (sum(s.indicator_count for s in summaries), label),
    ]


def write_narrative(book: Workbook, styles: Styles, layout: DocumentLayout) -> None:
    """第一部分 部门整体绩效目标 as one wide wrapped column."""
    setup = a4(title_rows=1)
    with book.add_sheet(NARRATIVE_SHEET, widths=[NARRATIVE_WIDTH], print_setup=setup) as sheet:
        heading = styles.get(horizontal="left", bold=True, framed=False, size=12, font=HEI)
        body = styles.get(horizontal="left", framed=False)
        sheet.append([("第一部分 部门整体绩效目标", heading)])
        for title, lines in _narrative_sections(layout):
            sheet.append([(title, heading)])
            for line in lines:
                height = lines_needed(line, NARRATIVE_WIDTH) * LINE_HEIGHT + 4
                sheet.append([(line, body)], height=height)


def _narrative_sections(layout: DocumentLayout) -> list[tuple[str, list[str]]]:
    return [
        ("一、总体绩效目标", layout.overall_goal.split("\n") if layout.overall_goal else []),
        ("二、分项绩效目标", [f"{n}、{s}" for n, s in enumerate(layout.sub_goals, start=1)]),
        ("三、工作保障措施", [f"{n}、{s}" for n, s in enumerate(layout.safeguards, start=1)]),
    ]
