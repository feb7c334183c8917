"""Excel (.xlsx) renderer of a Document layout: `render(document, output)`.

One sheet per section: a Grid is its title row, then its rows with the same cells, merged
ranges and alignment, borders on every covered cell, numbers as exact numbers (amounts with
format 0.00); a Narrative is one wide wrapped column, a row per heading and per line. Sheets are
streamed by our own writer (reports.render.xlsxml), so a workbook of a thousand tables is
written in about a second with flat memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reports.layout import AMOUNT, CAPTION, XLSX, Cell, Document, Grid, Heading, Narrative, Part
from reports.render.embedded import carries_hidden_data, records
from reports.render.ooxml import HEI, quote_sheet_name, unique_sheet_names
from reports.render.placement import Placed, place_row
from reports.render.sheets import LINE_HEIGHT, Styles, a4, lines_needed
from reports.render.xlsxml import Workbook

WIDTH_FACTOR = 1.25  # Grid widths are Latin characters; give Chinese text room to breathe
TITLE_ROWS = 1  # the section's title above the grid
# Hidden sheet with the weights and directions the official layout has no columns for.
EXACT_SHEET = "_导入数据"
EXACT_HEADINGS = ("表号", "行号", "项", "值")
NARRATIVE_WIDTH = 72
NEWLINE = "\n"


def render(document: Document, output: str | Path | BinaryIO) -> None:
    """Write the document as .xlsx; a document with `data` (TargetTables) that holds
    weights, directions or a percentage plan gets a hidden sheet of them for re-import (see
    reports.render.embedded)."""
    parts = document.parts(XLSX)
    names = sheet_names(parts)
    links = {part.anchor: name for part, name in zip(parts, names, strict=True) if part.anchor}
    with Workbook(output) as book:
        styles = Styles(book)
        for section, name in zip(document.sections_in(XLSX), names, strict=True):
            if isinstance(section, Grid):
                write_grid_sheet(book, styles, section, name, links)
            else:
                write_narrative(book, styles, section, name)
        if document.data is not None and carries_hidden_data(document.data):
            write_exact_sheet(book, styles, document.data)


def sheet_names(parts: list[Part]) -> list[str]:
    """Each section's sheet: its own name, else its title without 绩效目标表, made valid and
    unique (≤31 characters, none of []:*?/\\)."""
    taken = {part.name for part in parts if part.name} | {EXACT_SHEET}
    wanted = [part.title.removesuffix("绩效目标表") for part in parts if not part.name]
    names = iter(unique_sheet_names(wanted, taken))
    return [part.name or next(names) for part in parts]


def write_exact_sheet(book: Workbook, styles: Styles, data) -> None:
    """The embedded records as a hidden sheet: table number, row, key, value (as text)."""
    style = styles.get(horizontal="left", framed=False)
    with book.add_sheet(EXACT_SHEET, hidden=True) as sheet:
        sheet.append([(h, style) for h in EXACT_HEADINGS])
        for record in records(data):
            sheet.append([(item, style) for item in record])


def sheet_link(name: str) -> str:
    """An in-workbook link target: the sheet's top-left cell."""
    return f"{quote_sheet_name(name)}!A1"


# --- grid sheets ---


def write_grid_sheet(
    book: Workbook, styles: Styles, grid: Grid, name: str, links: dict[str, str]
) -> None:
    """A Grid: its title row, then its rows with merges, borders and sizes; the title and the
    first row repeat on every printed page."""
    widths = [w * WIDTH_FACTOR for w in grid.column_widths]
    setup = a4(title_rows=TITLE_ROWS + 1)
    with book.add_sheet(name, widths=widths, print_setup=setup) as sheet:
        title_style = styles.get(bold=True, framed=False, size=14, font=HEI)
        sheet.append([(grid.title, title_style)], height=30)
        if grid.columns > 1:  # one column needs no merged range (Excel refuses one cell)
            sheet.merge(1, 1, 1, grid.columns)
        covered: dict = {}
        for index, row in enumerate(grid.rows):  # placed row by row: a long 目录 is not copied
            placed_row = place_row(row, index, covered)
            height = _row_height(placed_row, widths) if grid.fit_rows else None
            excel_row = sheet.append(_grid_row(styles, placed_row, grid.columns), height=height)
            for p in placed_row:
                if p.continues:
                    continue
                if p.cell.colspan > 1 or p.cell.rowspan > 1:
                    last_row = excel_row + p.cell.rowspan - 1
                    sheet.merge(excel_row, p.column + 1, last_row, p.column + p.cell.colspan)
                if p.cell.link:
                    target = sheet_link(links[p.cell.link])
                    sheet.link(excel_row, p.column + 1, target, display=p.cell.text)


def _grid_row(styles: Styles, placed_row: list[Placed], columns: int) -> list:
    """Every column of the row gets a cell, so borders cover merged ranges completely."""
    values: list = [None] * columns
    looks = styles.by_look
    for p in placed_row:
        cell = p.cell
        look = (cell.role, cell.align, cell.bold)
        style = looks.get(look)
        if style is None:
            style = looks[look] = _style_for(styles, cell)
        blank = (None, style)
        values[p.column] = blank if p.continues else (_value(cell), style)
        for column in range(p.column + 1, p.column + p.cell.colspan):
            values[column] = blank
    return values


def _value(cell: Cell):
    return cell.text if cell.value is None else cell.value


def _style_for(styles: Styles, cell: Cell) -> int:
    """The cell's alignment and weight; captions unframed, amounts with two decimals."""
    return styles.get(
        horizontal=cell.align,
        bold=cell.bold,
        framed=cell.role != CAPTION,
        money=cell.role == AMOUNT,
    )


def _row_height(placed_row: list[Placed], widths: list[float]) -> float:
    """Rows are not auto-fitted by Excel when written: estimate from the wrapped text."""
    lines = 1
    for p in placed_row:
        if p.continues:
            continue
        width = sum(widths[p.column : p.column + p.cell.colspan])
        lines = max(lines, -(-lines_needed(p.cell.text, width) // p.cell.rowspan))
    return max(18.0, lines * LINE_HEIGHT + 4)


# --- narrative sheets ---


def write_narrative(book: Workbook, styles: Styles, section: Narrative, name: str) -> None:
    """Headings (on one line) and each line of the paragraphs, in one wide wrapped column."""
    setup = a4(title_rows=1)
    with book.add_sheet(name, widths=[NARRATIVE_WIDTH], print_setup=setup) as sheet:
        heading = styles.get(horizontal="left", bold=True, framed=False, size=12, font=HEI)
        body = styles.get(horizontal="left", framed=False)
        for block in section.blocks:
            if isinstance(block, Heading):
                sheet.append([(block.text.replace(NEWLINE, " "), heading)])
                continue
            for line in block.text.split(NEWLINE) if block.text else ():
                height = lines_needed(line, NARRATIVE_WIDTH) * LINE_HEIGHT + 4
                sheet.append([(line, body)], height=height)
