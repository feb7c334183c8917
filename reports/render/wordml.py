"""WordprocessingML pieces written as text: paragraphs, headings and the Grid's tables.

Writing the XML from the Grid directly is what makes the Word export fast: python-docx's
`cell.merge()` walks the tree with xpath for every merge (figures: decision 005). A table's XML
without its texts is made once per shape (`_prepared`) and then only filled with texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from reports.layout import CAPTION, HEADER, Cell, Grid, Row
from reports.render.ooxml import NEEDS_ESCAPING
from reports.render.ooxml import escape_text as xml_text
from reports.render.placement import place

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


Widths = tuple[int, ...]


def _column_widths(grid: Grid) -> Widths:
    total = sum(grid.column_widths)
    widths = [int(TEXT_WIDTH * w / total) for w in grid.column_widths]
    widths[0] += TEXT_WIDTH - sum(widths)
    return tuple(widths)


def _cell_start(
    column: int, colspan: int, merge: str, role: str, align: str, bold: bool, widths: Widths
) -> tuple[str, str, str]:
    """A cell's opening tag and properties, then the opening of each of its paragraphs up to
    the text, and an empty paragraph."""
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
# What a cell's XML depends on besides its text.
_LOOK = itemgetter(
    *(Cell._fields.index(f) for f in ("role", "colspan", "rowspan", "align", "bold"))
)
Shape = tuple[tuple[tuple[str, int, int, str, bool], ...], ...]


class Prepared(NamedTuple):
    """A table's XML without its texts: `pieces` around the texts, and for each text (in the
    order of the rows' cells) the opening of its paragraphs and its empty paragraph."""

    pieces: tuple[str, ...]
    paragraphs: tuple[tuple[str, str], ...]


@lru_cache(maxsize=128)  # about 15 KB each
def _prepared(shape: Shape, widths: Widths, repeat_first_row: bool) -> Prepared:
    """The XML of every table of this shape, made once: a county export has a few shapes
    (tables of so many indicators in so many 一级) repeated a thousand times, and then only
    the texts are written per table (merges, widths and properties are already placed)."""
    rows = [Row(tuple(Cell("", r, c, s, None, a, b) for r, c, s, a, b in row)) for row in shape]
    pieces, paragraphs = [], []
    parts = ["<w:tbl>", TABLE_PROPERTIES, "<w:tblGrid>"]
    parts.extend(f'<w:gridCol w:w="{w}"/>' for w in widths)
    parts.append("</w:tblGrid>")
    for index, placed_row in enumerate(place(rows)):
        parts.append(HEADER_ROW_START if repeat_first_row and index == 0 else ROW_START)
        for placed in placed_row:
            cell = placed.cell
            merge = "continue" if placed.continues else "restart" if cell.rowspan > 1 else ""
            start, line_start, empty = _cell_start(
                placed.column, cell.colspan, merge, cell.role, cell.align, cell.bold, widths
            )
            parts.append(start)
            if placed.continues:
                parts.append("<w:p/>")
            else:
                pieces.append("".join(parts))
                paragraphs.append((line_start, empty))
                parts = []
            parts.append("</w:tc>")
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    pieces.append("".join(parts))
    return Prepared(tuple(pieces), tuple(paragraphs))


def _multiline(text: str, line_start: str, empty: str) -> str:
    """A text with line breaks: a paragraph per line."""
    return "".join(
        f"{line_start}{xml_text(line)}{_TEXT_END}" if line else empty for line in text.split("\n")
    )


def table(rows: list[Row], widths: Widths, *, repeat_first_row: bool) -> str:
    """One section of a Grid as a Word table (merges as gridSpan / vMerge)."""
    shape = tuple(tuple(map(_LOOK, row.cells)) for row in rows)
    pieces, paragraphs = _prepared(shape, widths, repeat_first_row)
    texts = [cell.text for row in rows for cell in row.cells]
    parts = [pieces[0]]
    for (line_start, empty), text, piece in zip(paragraphs, texts, pieces[1:], strict=True):
        if not text:
            parts.append(empty)
        elif "\n" in text:
            parts.append(_multiline(text, line_start, empty))
        elif _NEEDS_ESCAPING(text) is None:  # most cells: one paragraph, nothing to escape
            parts.append(f"{line_start}{text}{_TEXT_END}")
        else:  # escaped; a text of characters XML cannot hold is an empty paragraph
            text = xml_text(text)
            parts.append(f"{line_start}{text}{_TEXT_END}" if text else empty)
        parts.append(piece)
    return "".join(parts)


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
