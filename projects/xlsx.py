"""Plain one-sheet workbooks (lists, findings, history) with user text that is never a formula."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.text import xml_safe

# Excel treats text starting with these as a formula (formula injection, CSV/Excel style).
FORMULA_STARTS = ("=", "+", "-", "@")


def write_cell(cell: Cell, value: object) -> None:
    """Write a value; strings stay strings even when they look like formulas.

    Text goes through `xml_safe`: history rows keep what was stored before #14, and openpyxl
    refuses a control character (the whole download would fail).
    """
    if isinstance(value, str):
        value = xml_safe(value)
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def simple_workbook(
    *,
    sheet_title: str,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[float] = (),
    number_format: dict[int, str] | None = None,
) -> bytes:
    """A title line, a bold header row, then one row per item; frozen header, wrapped text.

    `number_format` maps a 1-based column to a format such as `0.00` for numbers written there.
    """
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    write_cell(sheet.cell(row=1, column=1), title)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    for column, header in enumerate(headers, start=1):
        write_cell(sheet.cell(row=2, column=column), header)
        sheet.cell(row=2, column=column).font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(rows, start=3):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=column)
            write_cell(cell, value)
            cell.alignment = wrap
            if number_format and column in number_format and not isinstance(value, str):
                cell.number_format = number_format[column]
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A3"
    output = BytesIO()
    book.save(output)
    return output.getvalue()
