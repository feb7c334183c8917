"""Helpers for streaming worksheets (openpyxl write-only mode): styles, safe text, sizes.

Write-only mode keeps memory flat however many sheets a workbook has, but it cannot merge
through `merge_cells()`; merged ranges are added to `ws.merged_cells` directly, which the
writer emits when the sheet is closed.
"""

from __future__ import annotations

import math
from copy import copy
from decimal import Decimal

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.properties import PageSetupProperties

SONG, HEI = "宋体", "黑体"
MONEY_FORMAT = "0.00"
PAPER_A4 = 9
LINE_HEIGHT = 14.5  # points per line of 10.5 pt 宋体
THIN = Side(style="thin", color="000000")
FRAME = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
# Text that Excel would read as a formula or a command when typed in.
FORMULA_STARTS = ("=", "+", "-", "@")


class Styles:
    """Style arrays of one workbook, built once per kind and copied onto each cell.

    Assigning Font/Border objects to every cell hashes them each time; copying the small
    style array is much cheaper, which matters for a thousand sheets.
    """

    def __init__(self, workbook) -> None:
        self._probe_sheet = workbook.create_sheet("probe")
        workbook.remove(self._probe_sheet)  # only its workbook's style lists are needed
        self._arrays: dict[tuple, object] = {}

    def array(
        self,
        *,
        horizontal: str = "center",
        bold: bool = False,
        framed: bool = True,
        money: bool = False,
        size: float = 10.5,
        font: str = SONG,
    ):
        key = (horizontal, bold, framed, money, size, font)
        if key not in self._arrays:
            probe = WriteOnlyCell(self._probe_sheet)
            probe.font = Font(name=font, size=size, bold=bold)
            probe.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
            if framed:
                probe.border = FRAME
            if money:
                probe.number_format = MONEY_FORMAT
            self._arrays[key] = probe._style
        return self._arrays[key]


def text_cell(worksheet, text: str, style) -> WriteOnlyCell:
    """A cell holding text as text: never a formula or an error code, whatever it starts with.

    `= + - @` at the start also get Excel's quote prefix, so editing the cell keeps it text.
    The value is stored directly (type "s"): openpyxl's setter would turn `=…` into a formula.
    """
    cell = WriteOnlyCell(worksheet)
    cell._style = copy(style)
    if text:
        cell._value = ILLEGAL_CHARACTERS_RE.sub("", text)
        cell.data_type = "s"
        if text.startswith(FORMULA_STARTS):
            cell._style.quotePrefix = 1
    return cell


def number_cell(worksheet, amount: Decimal | int | None, style) -> WriteOnlyCell:
    """A money cell: the exact Decimal as a number (format 0.00), or empty."""
    cell = WriteOnlyCell(worksheet)
    cell._style = copy(style)
    if amount is not None:
        cell._value = amount
        cell.data_type = "n"
    return cell


def blank_cell(worksheet, style) -> WriteOnlyCell:
    """An empty cell that only carries a style (the covered part of a merged range)."""
    cell = WriteOnlyCell(worksheet)
    cell._style = copy(style)
    return cell


def display_width(text: str) -> int:
    """Width in Excel character units: CJK and full-width characters count double."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def lines_needed(text: str, width: float) -> int:
    """Wrapped line count of `text` in a column `width` units wide."""
    usable = max(width - 1, 1)
    return sum(max(1, math.ceil(display_width(line) / usable)) for line in text.split("\n"))


def streamed_sheet(workbook, title: str):
    """A write-only sheet whose rows are lists of ready cells (one per column, or None).

    openpyxl's append() first tries every item as a plain value and only takes it as a cell
    after a ValueError, then makes a fresh scratch cell; with every cell styled that is most
    of the writing time. Our rows are always cells, so they are positioned directly
    (openpyxl 3.1's `_values_to_row` hook, pinned in requirements).
    """
    sheet = workbook.create_sheet(title)
    sheet._values_to_row = _cells_to_row
    return sheet


def _cells_to_row(cells, row_idx: int):
    for col_idx, cell in enumerate(cells, 1):
        if cell is None:
            continue
        cell.column, cell.row = col_idx, row_idx
        if cell._hyperlink is not None:
            cell._hyperlink.ref = cell.coordinate
        yield cell


def merge(worksheet, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
    """Add a merged range without `merge_cells()` (unavailable in write-only mode)."""
    worksheet.merged_cells.ranges.add(
        CellRange(min_row=first_row, min_col=first_col, max_row=last_row, max_col=last_col)
    )


def a4_setup(worksheet, *, title_rows: str, landscape: bool = False) -> None:
    """A4, fit to one page wide (any height), centred, with repeated title rows."""
    worksheet.page_setup.paperSize = PAPER_A4
    worksheet.page_setup.orientation = "landscape" if landscape else "portrait"
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    worksheet.print_options.horizontalCentered = True
    worksheet.page_margins.left = worksheet.page_margins.right = 0.6
    worksheet.page_margins.top = worksheet.page_margins.bottom = 0.8
    worksheet.print_title_rows = title_rows
