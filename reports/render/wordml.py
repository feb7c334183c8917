"""WordprocessingML pieces written as text: paragraphs, headings and the Grid's tables.

Writing the XML from the Grid directly is what makes the Word export fast: python-docx's
`cell.merge()` walks the tree with xpath and costs about 45 ms per table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from reports.layout import CAPTION, HEADER, Grid, Row
from reports.render.ooxml import NEEDS_ESCAPING
from reports.render.ooxml import escape_text as xml_text
from reports.render.placement import Placed, place

# A4 portrait in twentieths of a point; 2.5 cm top/bottom, 2 cm left/right.
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGIN_TOP, MARGIN_SIDE = 1418, 1134
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_SIDE

TABLE_PROPERTIES = (
    f'<w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/>'
    "<w:tblBorders>"
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + '</w:tblBorders><w:tblLayout w:type="fixed"/>'
    '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
    '<w:tblLook w:val="0000"/></w:tblPr>'
)
# The unit line above the form is the table's first row, printed without a frame.
CAPTION_BORDERS = (
    '<w:tcBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:right w:val="nil"/></w:tcBorders>'
)
# Rows never split across pages; the heading row of the indicator table repeats on each page
# (w:cantSplit must come before w:tblHeader).
ROW_START = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
HEADER_ROW_START = "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
# A tiny paragraph between two tables: without it Word and LibreOffice fuse them into one.
TABLE_GAP = (
    '<w:p><w:pPr><w:spacing w:line="120" w:lineRule="exact"/>'
    '<w:rPr><w:sz w:val="4"/></w:rPr></w:pPr></w:p>'
)
PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


# --- text pieces ---


def run(text: str, properties: str = "") -> str:
    rpr = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>' if text else ""


def paragraph(text: str, properties: str = "", run_properties: str = "") -> str:
    ppr = f"<w:pPr>{properties}</w:pPr>" if properties else ""
    return f"<w:p>{ppr}{run(text, run_properties)}</w:p>"


def heading(text: str, level: int, bookmark: str, bookmark_id: int, *, new_page=False) -> str:
    """A Heading 1/2 paragraph with a bookmark (the TOC and hyperlinks point at it)."""
    page = "<w:pageBreakBefore/>" if new_page else ""
    runs = "<w:r><w:br/></w:r>".join(run(line) for line in text.split("\n"))
    return (
        f'<w:p><w:pPr><w:pStyle w:val="Heading{level}"/>{page}</w:pPr>'
        f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{bookmark}"/>{runs}'
        f'<w:bookmarkEnd w:id="{bookmark_id}"/></w:p>'
    )


# --- tables ---


def _column_widths(grid: Grid) -> tuple[int, ...]:
    total = sum(grid.column_widths)
    widths = [int(TEXT_WIDTH * w / total) for w in grid.column_widths]
    widths[0] += TEXT_WIDTH - sum(widths)
    return tuple(widths)


@lru_cache(maxsize=1024)
def _cell_start(
    column: int,
    colspan: int,
    merge: str,
    role: str,
    align: str,
    bold: bool,
    widths: tuple[int, ...],
) -> tuple[str, str, str]:
    """A cell's opening tag and properties, then the opening of each of its paragraphs up to
    the text, and the closing after it: one table shape repeats these a thousand times in a
    county export, so they are built once."""
    width = sum(widths[column : column + colspan])
    props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
    if colspan > 1:
        props.append(f'<w:gridSpan w:val="{colspan}"/>')
    if merge == "continue":
        props.append("<w:vMerge/>")
    elif merge == "restart":
        props.append('<w:vMerge w:val="restart"/>')
    if role == CAPTION:
        props.append(CAPTION_BORDERS)
    props.append('<w:vAlign w:val="center"/>')
    start = f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>"
    # What paragraph(line, ppr, rpr) writes, split around the text.
    ppr = f'<w:pPr><w:jc w:val="{align}"/></w:pPr>'
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return start, f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">', f"<w:p>{ppr}</w:p>"


_TEXT_END = "</w:t></w:r></w:p>"
_NEEDS_ESCAPING = NEEDS_ESCAPING.search


def _cell(placed: Placed, widths: tuple[int, ...]) -> str:
    cell = placed.cell
    if placed.continues:
        start = _cell_start(
            placed.column, cell.colspan, "continue", cell.role, cell.align, cell.bold, widths
        )[0]
        return f"{start}<w:p/></w:tc>"
    merge = "restart" if cell.rowspan > 1 else ""
    start, line_start, empty = _cell_start(
        placed.column, cell.colspan, merge, cell.role, cell.align, cell.bold, widths
    )
    text = cell.text
    if "\n" not in text:  # most cells: one paragraph, and text that needs no escaping
        if _NEEDS_ESCAPING(text) is not None:
            text = xml_text(text)
        body = f"{line_start}{text}{_TEXT_END}" if text else empty
        return f"{start}{body}</w:tc>"
    lines = (f"{line_start}{xml_text(t)}{_TEXT_END}" if t else empty for t in text.split("\n"))
    return f"{start}{''.join(lines)}</w:tc>"


def table(rows: list[Row], widths: tuple[int, ...], *, repeat_first_row: bool) -> str:
    """One section of a Grid as a Word table (merges as gridSpan / vMerge)."""
    parts = [TABLE_PROPERTIES, "<w:tblGrid>"]
    parts.extend(f'<w:gridCol w:w="{w}"/>' for w in widths)
    parts.append("</w:tblGrid>")
    for index, placed_row in enumerate(place(rows)):
        parts.append(HEADER_ROW_START if repeat_first_row and index == 0 else ROW_START)
        parts.extend(_cell(p, widths) for p in placed_row)
        parts.append("</w:tr>")
    return f"<w:tbl>{''.join(parts)}</w:tbl>"


def grid_tables(grid: Grid) -> Iterator[str]:
    """The grid's sections as Word tables with a small paragraph between them."""
    widths = _column_widths(grid)
    for number, (section, rows) in enumerate(grid.sections()):
        if number:
            yield TABLE_GAP
        yield table(rows, widths, repeat_first_row=section != HEADER)


def bookmark_name(anchor: str) -> str:
    """Word bookmark names allow letters, digits and underscores; `_Toc` hides them in Word."""
    return "_Toc_" + re.sub(r"\W", "_", anchor, flags=re.ASCII)
