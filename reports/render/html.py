"""HTML of one 项目绩效目标表, rendered from its Grid (the same Grid as Word and Excel).

Built as a string in Python rather than with template loops: a department page has thousands
of cells, and a template loop costs about 30 µs per cell where this costs about 1 µs. Every
text goes through `escape`, so user text can never become markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reports.layout import INDICATORS, Cell, Grid, Row
from reports.render.placement import place

# Row number (1-based, as in 第N行指标) → lines shown in a highlighted line below that row.
Notes = Mapping[int, Sequence[str]]


def _text(text: str) -> str:
    """Escaped text with line breaks kept, as the `linebreaksbr` filter would print it."""
    return escape(text).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def _cell(cell: Cell, extra_rows: int = 0) -> str:
    spans = ""
    if cell.colspan > 1:
        spans += f' colspan="{cell.colspan}"'
    if cell.rowspan + extra_rows > 1:
        spans += f' rowspan="{cell.rowspan + extra_rows}"'
    return f'<td class="cell-{cell.role}"{spans}>{_text(cell.text)}</td>'


def _noted_body(grid: Grid, rows: list[Row], notes: Notes) -> str:
    """Indicator rows with a note line under each noted row (row 0 is the heading row).

    The note line sits inside the vertical merge of the 一级 cell, so that cell grows by one
    row per note and the line spans the remaining columns, directly under the row's cells.
    """
    noted = {n for n in notes if 0 < n < len(rows)}
    placed = place(rows)
    body = []
    for index, row in enumerate(rows):
        cells = "".join(
            _cell(c, sum(1 for i in range(index, index + c.rowspan) if i in noted))
            if c.rowspan > 1
            else _cell(c)
            for c in row.cells
        )
        if index not in noted:
            body.append(f"<tr>{cells}</tr>")
            continue
        note_id = f"{escape(grid.anchor)}-note-{index}"
        # The layout merges only leading columns (一级), so the note starts after them.
        start = max(
            (p.column + p.cell.colspan for p in placed[index] if p.cell.rowspan > 1), default=0
        )
        lines = "<br>".join(_text(line) for line in notes[index])
        body.append(
            f'<tr class="has-note bg-warning-subtle" aria-describedby="{note_id}">{cells}</tr>'
            f'<tr class="row-note no-print" id="{note_id}" data-row="{index}">'
            f'<td class="cell-note text-start bg-warning-subtle" colspan="{grid.columns - start}">'
            f"{lines}</td></tr>"
        )
    return "".join(body)


def _table(grid: Grid, section: str, rows: list[Row], notes: Notes | None = None) -> str:
    # Widths are in static/css/perfbudget.css: the Content-Security-Policy allows no style
    # attributes (tests/test_csp.py checks the CSS against Grid.column_percentages).
    columns = "<col>" * grid.columns
    if notes and section == INDICATORS:
        body = _noted_body(grid, rows, notes)
    else:
        body = "".join(f"<tr>{''.join(_cell(c) for c in row.cells)}</tr>" for row in rows)
    return (
        f'<table class="target-table target-table-{section}" data-section="{section}">'
        f"<colgroup>{columns}</colgroup><tbody>{body}</tbody></table>"
    )


def _page(grid: Grid, notes: Notes | None = None) -> str:
    anchor = escape(grid.anchor)
    tables = "".join(_table(grid, section, rows, notes) for section, rows in grid.sections())
    return (
        f'<section class="target-table-page" id="{anchor}" aria-labelledby="{anchor}-title">'
        f'<h3 class="table-title" id="{anchor}-title">{escape(grid.title)}</h3>{tables}</section>'
    )


@lru_cache(maxsize=4096)
def _render(grid: Grid) -> str:
    return _page(grid)


def render(grid: Grid, notes: Notes | None = None) -> SafeString:
    """The table as HTML; identical Grids (frozen, hashable) share one rendering.

    `notes` (review opinions of a returned submission) adds a highlighted, unprinted line under
    the indicator rows they name. Only the few tables with notes are rendered afresh; the Grid
    itself stays clean, so Word and Excel never show them.
    """
    if notes:
        return mark_safe(_page(grid, notes))
    return mark_safe(_render(grid))
