"""Excel workbooks as rows of cells with merges resolved (shared by the Excel readers)."""

from __future__ import annotations

import datetime as dt
import io
from contextvars import ContextVar

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet._reader import WorksheetReader
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.worksheet import Worksheet

from imports.readers.base import ImportFileError, cell_str
from imports.readers.layout import GridCell

# openpyxl's full load styles every cell of every merged range (MergedCell borders), most of the
# time for a workbook of many 绩效目标表 sheets (decision 010). The readers only need the
# ranges, so while *we* load, merges are bound as plain ranges; other loads are unchanged.
_plain_merges: ContextVar[bool] = ContextVar("plain_merges", default=False)
_bind_merged_cells = WorksheetReader.bind_merged_cells


def _bind_plain_merged_cells(self: WorksheetReader) -> None:
    if not _plain_merges.get():
        _bind_merged_cells(self)
    elif self.parser.merged_cells:
        refs = [merged.ref for merged in self.parser.merged_cells.mergeCell]
        self.ws.merged_cells = MultiCellRange([CellRange(ref) for ref in refs])


WorksheetReader.bind_merged_cells = _bind_plain_merged_cells


def open_workbook(data: bytes) -> Workbook:
    """Open an .xlsx fully (merged ranges are needed); a broken file gets a clear message."""
    token = _plain_merges.set(True)
    try:
        return load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged package
        raise ImportFileError(
            _("Excel文件已损坏或不是有效的 .xlsx 文件，请用 Excel 打开后另存为 .xlsx 再上传。")
        ) from error
    finally:
        _plain_merges.reset(token)


def cell_text(value: object) -> str | float | int | None:
    """A cell's value for the readers: numbers stay numbers, dates become text."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return value


def place_of(sheet: Worksheet, row: int, column: int) -> str:
    return _("工作表“%(sheet)s” 第%(row)s行 %(column)s列") % {
        "sheet": sheet.title,
        "row": row,
        "column": get_column_letter(column),
    }


def grid_rows(sheet: Worksheet) -> list[list[GridCell]]:
    """Each row's cells: merged ranges give one cell (None on the rows a merge continues)."""
    starts: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    covered: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for merged in sheet.merged_cells.ranges:
        bounds = (merged.min_row, merged.min_col, merged.max_row, merged.max_col)
        starts[(merged.min_row, merged.min_col)] = bounds
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                covered[(row, column)] = bounds
    values = {
        (c.row, c.column): c.value
        for line in sheet.iter_rows()
        for c in line
        if c.value is not None
    }
    rows = []
    # max_row/max_column scan every cell when asked: ask once per sheet, not per cell.
    last_row, last_column = sheet.max_row, sheet.max_column
    where = _("工作表“%(sheet)s” 第%(row)s行 %(column)s列")  # translated once, not per cell
    letters = {c: get_column_letter(c) for c in range(1, last_column + 1)}

    def place(row: int, column: int) -> str:
        return where % {"sheet": sheet.title, "row": row, "column": letters[column]}

    for row in range(1, last_row + 1):
        cells, column = [], 1
        while column <= last_column:
            bounds = covered.get((row, column))
            span = bounds[3] - bounds[1] + 1 if bounds else 1
            if bounds and (row, column) != (bounds[0], bounds[1]):
                if column == bounds[1]:
                    cells.append(GridCell(None, column - 1, place(row, column), span))
                column = bounds[3] + 1
                continue
            value = cell_text(values.get((row, column)))
            text = cell_str(value)
            cells.append(GridCell(text, column - 1, place(row, column), span))
            column += span
        rows.append(cells)
    return rows
