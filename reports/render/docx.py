"""Word (.docx) renderer of the layout: one project's table or a department's whole document.

The body is WordprocessingML written as text from the Grid (`wordml`) and streamed into the
package, so memory stays small and 1,000 tables take seconds. python-docx prepares the package
once (styles with Chinese fonts, settings), see `docx_template`.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from reports.layout import DocumentLayout, Grid
from reports.render.wordml import (
    MARGIN_SIDE,
    MARGIN_TOP,
    PAGE_BREAK,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    TEXT_WIDTH,
    bookmark_name,
    grid_tables,
    heading,
    paragraph,
    run,
)

DOCUMENT_PART = "word/document.xml"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SECTION_PROPERTIES = (
    f'<w:sectPr><w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/>'
    f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_SIDE}" w:bottom="{MARGIN_TOP}" '
    f'w:left="{MARGIN_SIDE}" w:header="851" w:footer="992" w:gutter="0"/>'
    '<w:cols w:space="425"/></w:sectPr>'
)
DOCUMENT_HEAD = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'
)
DOCUMENT_TAIL = f"{SECTION_PROPERTIES}</w:body></w:document>"
NEWLINE = "\n"
PART_ONE = "第一部分\n部门整体绩效目标"
SECTIONS = ("一、总体绩效目标", "二、分项绩效目标", "三、工作保障措施")
BODY_PARAGRAPH = '<w:spacing w:line="360" w:lineRule="auto"/><w:ind w:firstLineChars="200"/>'


@dataclass(frozen=True)
class Entry:
    """A heading of the department document and its line in the table of contents."""

    level: int
    text: str
    bookmark: str
    bookmark_id: int


def render(layout: DocumentLayout | Grid, output: str | Path | BinaryIO) -> None:
    """Write a department document (DocumentLayout) or one project's table (Grid) as .docx."""
    if isinstance(layout, DocumentLayout):
        write_package(department_body(layout), output)
    else:
        write_package(project_body(layout), output)


def render_bytes(layout: DocumentLayout | Grid) -> bytes:
    """The .docx file as bytes (for the download of one document)."""
    buffer = io.BytesIO()
    render(layout, buffer)
    return buffer.getvalue()


# --- package ---


def write_package(body: Iterable[str], output: str | Path | BinaryIO) -> None:
    """Write the prepared template's parts and stream `body` in as the document's body."""
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in _template_parts():
            if name != DOCUMENT_PART:
                package.writestr(name, data)
                continue
            with package.open(DOCUMENT_PART, "w") as part:
                part.write(DOCUMENT_HEAD.encode())
                for chunk in _batched(body):
                    part.write(chunk.encode())
                part.write(DOCUMENT_TAIL.encode())


def _batched(chunks: Iterable[str], size: int = 1 << 16) -> Iterator[str]:
    pending: list[str] = []
    length = 0
    for chunk in chunks:
        pending.append(chunk)
        length += len(chunk)
        if length >= size:
            yield "".join(pending)
            pending, length = [], 0
    if pending:
        yield "".join(pending)


@lru_cache(maxsize=1)
def _template_parts() -> tuple[tuple[str, bytes], ...]:
    """The parts of the prepared template package, read once per process."""
    from reports.render.docx_template import prepared_template_bytes

    with zipfile.ZipFile(io.BytesIO(prepared_template_bytes())) as package:
        return tuple((name, package.read(name)) for name in package.namelist())


# --- documents ---


def project_body(grid: Grid) -> Iterator[str]:
    """One project: its title and its table."""
    yield heading(grid.title, 1, bookmark_name(grid.anchor), 1)
    yield from grid_tables(grid)


def outline(layout: DocumentLayout) -> list[Entry]:
    """Every heading of the department document, in order, with unique bookmarks."""
    texts = [(1, PART_ONE, "part_one")]
    texts += [(2, text, f"section_{n}") for n, text in enumerate(SECTIONS, start=1)]
    texts += [(1, grid.title, grid.anchor) for grid in layout.grids]
    return [
        Entry(level, text, bookmark_name(anchor), number)
        for number, (level, text, anchor) in enumerate(texts, start=1)
    ]


def department_body(layout: DocumentLayout) -> Iterator[str]:
    """The whole document as the seed: title, contents, 第一部分 narrative, then every table."""
    entries = outline(layout)
    yield from title_page(layout, entries)
    yield from narrative(layout, entries[:4])
    for entry, grid in zip(entries[4:], layout.grids, strict=True):
        yield heading(entry.text, 1, entry.bookmark, entry.bookmark_id, new_page=True)
        yield from grid_tables(grid)


def title_page(layout: DocumentLayout, entries: list[Entry]) -> Iterator[str]:
    """Document title and the table of contents, then a page break."""
    title = f"{layout.heading}{layout.fiscal_year}年部门预算绩效目标"
    yield paragraph(title, '<w:jc w:val="center"/>', '<w:b/><w:sz w:val="36"/>')
    yield paragraph(
        "目录",
        '<w:spacing w:before="240" w:after="240"/><w:jc w:val="center"/>',
        '<w:b/><w:sz w:val="32"/>',
    )
    yield from table_of_contents(entries)
    yield PAGE_BREAK


def table_of_contents(entries: list[Entry]) -> Iterator[str]:
    """Contents as hyperlinks to the headings' bookmarks with PAGEREF page-number fields.

    Not a TOC field: LibreOffice keeps a TOC field's stored result when converting, so a PDF
    would show stale page numbers, while it computes PAGEREF fields; Word refreshes them on
    open too (settings.xml asks it to). See docs/decisions/005-exports-and-background-jobs.md.
    """
    for entry in entries:
        indent = 420 * (entry.level - 1)
        page = _field_start(f" PAGEREF {entry.bookmark} \\h ") + _field_end()
        yield (
            f'<w:p><w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/>'
            f'</w:tabs><w:ind w:left="{indent}"/></w:pPr>'
            f'<w:hyperlink w:anchor="{entry.bookmark}" w:history="1">'
            f"{run(entry.text.replace(NEWLINE, ' '))}<w:r><w:tab/></w:r>{page}</w:hyperlink></w:p>"
        )


def _field_start(instruction: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instruction}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )


def _field_end() -> str:
    return '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def narrative(layout: DocumentLayout, entries: list[Entry]) -> Iterator[str]:
    """第一部分: 一、总体绩效目标 (paragraphs), 二、分项绩效目标 and 三、工作保障措施 (numbered)."""
    part, *sections = entries
    yield heading(part.text, 1, part.bookmark, part.bookmark_id)
    bodies = (
        layout.overall_goal.split("\n") if layout.overall_goal else [],
        [f"{n}、{item}" for n, item in enumerate(layout.sub_goals, start=1)],
        [f"{n}、{item}" for n, item in enumerate(layout.safeguards, start=1)],
    )
    for entry, lines in zip(sections, bodies, strict=True):
        yield heading(entry.text, 2, entry.bookmark, entry.bookmark_id)
        yield from (paragraph(line, BODY_PARAGRAPH) for line in lines)
