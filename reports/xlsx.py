"""Plain one-sheet workbooks (lists, findings, history), written by the app's one .xlsx writer.

The same streaming writer as the exports (reports.render.xlsxml): text is always text (one
starting with = + - @ gets the quote prefix, never becomes a formula), characters XML cannot
hold are dropped (history rows keep what was stored before #14), amounts are written exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from io import BytesIO

from reports.render.xlsxml import PrintSetup, Style, Workbook

TITLE = Style(bold=True, size=14)
HEADER = Style(bold=True)
BODY = Style(vertical="top", wrap=True)
# Lists are wide: printed landscape, one page wide, the header row on every page.
PRINT = PrintSetup(landscape=True, title_rows=(2, 2))


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
    output = BytesIO()
    with Workbook(output) as book:
        title_style, header_style, body = map(book.add_style, (TITLE, HEADER, BODY))
        numbers = {
            column: book.add_style(replace(BODY, number_format=code))
            for column, code in (number_format or {}).items()
        }
        with book.add_sheet(
            sheet_title[:31], widths=widths, frozen_rows=2, print_setup=PRINT
        ) as sheet:
            sheet.append([(title, title_style)])
            sheet.append([(header, header_style) for header in headers])
            for row in rows:
                sheet.append(
                    [
                        (value, body if isinstance(value, str) else numbers.get(column, body))
                        for column, value in enumerate(row, start=1)
                    ]
                )
    return output.getvalue()
