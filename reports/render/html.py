"""HTML of one 项目绩效目标表, rendered from its Grid (the same Grid as Word and Excel).

Built as a string in Python rather than with template loops: a department page has thousands
of cells, and a template loop costs about 30 µs per cell where this costs about 1 µs. Every
text goes through `escape`, so user text can never become markup.
"""

from __future__ import annotations

from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reports.layout import Cell, Grid


def _text(text: str) -> str:
    """Escaped text with line breaks kept, as the `linebreaksbr` filter would print it."""
    return escape(text).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def _cell(cell: Cell) -> str:
    spans = ""
    if cell.colspan > 1:
        spans += f' colspan="{cell.colspan}"'
    if cell.rowspan > 1:
        spans += f' rowspan="{cell.rowspan}"'
    return f'<td class="cell-{cell.role}"{spans}>{_text(cell.text)}</td>'


def _table(grid: Grid, section: str, rows) -> str:
    columns = "".join(f'<col style="width:{w}">' for w in grid.column_percentages())
    body = "".join(f"<tr>{''.join(_cell(c) for c in row.cells)}</tr>" for row in rows)
    return (
        f'<table class="target-table target-table-{section}" data-section="{section}">'
        f"<colgroup>{columns}</colgroup><tbody>{body}</tbody></table>"
    )


@lru_cache(maxsize=4096)
def _render(grid: Grid) -> str:
    anchor = escape(grid.anchor)
    tables = "".join(_table(grid, section, rows) for section, rows in grid.sections())
    return (
        f'<section class="target-table-page" id="{anchor}" aria-labelledby="{anchor}-title">'
        f'<h3 class="table-title" id="{anchor}-title">{escape(grid.title)}</h3>{tables}</section>'
    )


def render(grid: Grid) -> SafeString:
    """The table as HTML; identical Grids (frozen, hashable) share one rendering."""
    return mark_safe(_render(grid))
