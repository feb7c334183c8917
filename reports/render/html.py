"""HTML of a Document layout (`render_document`) and of its parts for pages that place them
among their own controls: one Grid (`render`), the contents (`contents`), a Narrative
(`narrative`). The same layout as Word and Excel.

Built as a string in Python rather than with template loops: a department page has thousands
of cells, and a template loop costs about 30 µs per cell where this costs about 1 µs. Every
text goes through `escape`, so user text can never become markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from reports.layout import HTML, INDICATORS, Cell, Document, Entry, Grid, Heading, Narrative, Row
from reports.render.placement import place

NEWLINE = "\n"
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


# --- documents ---
# The whitespace between elements is the department page's as it was written by hand, so the
# page did not change when it began to print its parts from the layout.


def _link(entry: Entry) -> str:
    return f'<a href="#{escape(entry.anchor)}">{escape(entry.text.replace(NEWLINE, " "))}</a>'


def contents(entries: Sequence[Entry]) -> SafeString:
    """The table of contents: a list of the level-1 headings, each with its level-2 ones."""
    items = []
    for index, entry in enumerate(entries):
        if entry.level != 1:
            continue
        children = []
        for child in entries[index + 1 :]:
            if child.level == 1:
                break
            children.append(f"          <li>{_link(child)}</li>\n")
        if children:
            items.append(
                f'<li>{_link(entry)}\n        <ol class="list-unstyled ms-4">\n'
                f"{''.join(children)}        </ol>\n      </li>\n      "
            )
        else:
            items.append(f"<li>{_link(entry)}</li>")
    title = escape(gettext("目录"))
    return mark_safe(
        f'<nav class="doc-toc" aria-label="{title}">\n    <h2 class="toc-title">{title}</h2>\n'
        f'    <ol class="list-unstyled">\n      {"".join(items)}\n    </ol>\n  </nav>'
    )


def narrative(section: Narrative) -> SafeString:
    """A part of headings and paragraphs: the level-1 heading names the part; each heading
    without a sub-heading below it is followed by the line of its paragraphs."""
    blocks = section.blocks
    anchor = next((b.anchor for b in blocks if isinstance(b, Heading) and b.level == 1), "")
    lines: list[str] = []
    for index, block in enumerate(blocks):
        if not isinstance(block, Heading):
            continue
        if block.level == 1:
            lines.append(f'<h2 class="part-title">{_text(block.text)}</h2>')
        else:
            tag = f"h{block.level + 1}"
            lines.append(f'<{tag} id="{escape(block.anchor)}">{_text(block.text)}</{tag}>')
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(following, Heading) and following.level > block.level:
            continue
        paragraphs = []
        for item in blocks[index + 1 :]:
            if isinstance(item, Heading):
                break
            paragraphs.append(f'<p class="doc-paragraph">{_text(item.text)}</p>')
        lines.append("".join(paragraphs))
    body = "\n    ".join(lines)
    return mark_safe(f'<section class="doc-part" id="{escape(anchor)}">\n    {body}\n  </section>')


def render_document(document: Document) -> SafeString:
    """The whole document: with contents, its title and contents first; then each section."""
    parts = []
    if document.contents:
        parts.append(f'<h1 class="doc-title">{escape(document.title)}</h1>')
        parts.append(contents(document.outline(HTML)))
    for section in document.sections_in(HTML):
        parts.append(render(section) if isinstance(section, Grid) else narrative(section))
    return mark_safe(f'<article class="target-document">{"".join(parts)}</article>')
