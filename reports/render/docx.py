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

from projects.targets import DepartmentTargets, TargetTable
from reports.layout import DocumentLayout, Grid
from reports.render.embedded import NAMESPACE, records
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
    xml_text,
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

# The exact data (see reports.render.embedded) as a Custom XML Data Storage part: Word and
# LibreOffice keep such parts when a user edits and saves the document.
Source = DepartmentTargets | TargetTable
EXACT_PART = "customXml/item90.xml"
EXACT_PROPS_PART = "customXml/itemProps90.xml"
EXACT_RELS_PART = "customXml/_rels/item90.xml.rels"
EXACT_ITEM_ID = "{7D3A5E2C-0B9F-4C55-9A8E-5F1B2C3D4E90}"
CONTENT_TYPES_PART = "[Content_Types].xml"
DOCUMENT_RELS_PART = "word/_rels/document.xml.rels"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CUSTOM_XML_REL = f"{R_NS}/customXml"
EXACT_PROPS = (
    "<?xml version='1.0' encoding='UTF-8' standalone='no'?>\n"
    '<ds:datastoreItem xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"'
    f' ds:itemID="{EXACT_ITEM_ID}"><ds:schemaRefs><ds:schemaRef ds:uri="{NAMESPACE}"/>'
    "</ds:schemaRefs></ds:datastoreItem>"
)
EXACT_RELS = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    f'<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" '
    f'Type="{R_NS}/customXmlProps" Target="itemProps90.xml"/></Relationships>'
)


@dataclass(frozen=True)
class Entry:
    """A heading of the department document and its line in the table of contents."""

    level: int
    text: str
    bookmark: str
    bookmark_id: int


def render(
    layout: DocumentLayout | Grid, output: str | Path | BinaryIO, *, data: Source | None = None
) -> None:
    """Write a department document (DocumentLayout) or one project's table (Grid) as .docx.

    `data` is the TargetTable(s) the layout was made from: their exact amounts, weights and
    directions are embedded so that an import gives them back (the tables show two decimals).
    """
    body = department_body(layout) if isinstance(layout, DocumentLayout) else project_body(layout)
    write_package(body, output, exact=None if data is None else exact_xml(data))


def render_bytes(layout: DocumentLayout | Grid, *, data: Source | None = None) -> bytes:
    """The .docx file as bytes (for the download of one document)."""
    buffer = io.BytesIO()
    render(layout, buffer, data=data)
    return buffer.getvalue()


def exact_xml(data: Source) -> str:
    """The embedded records as XML: `<v t="table" r="row" k="key">value</v>`."""
    values = "".join(
        f'<v t="{table}" r="{row}" k="{key}">{xml_text(value)}</v>'
        for table, row, key, value in records(data)
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<exact xmlns="{NAMESPACE}" version="1">{values}</exact>'
    )


# --- package ---


def write_package(
    body: Iterable[str], output: str | Path | BinaryIO, exact: str | None = None
) -> None:
    """Write the prepared template's parts and stream `body` in as the document's body.

    `exact` (the embedded records' XML) becomes a custom XML part of the main document.
    """
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in _template_parts():
            if exact is not None and name in (CONTENT_TYPES_PART, DOCUMENT_RELS_PART):
                data = _with_exact_part(name, data)
            if name != DOCUMENT_PART:
                package.writestr(name, data)
                continue
            with package.open(DOCUMENT_PART, "w") as part:
                part.write(DOCUMENT_HEAD.encode())
                for chunk in _batched(body):
                    part.write(chunk.encode())
                part.write(DOCUMENT_TAIL.encode())
        if exact is not None:
            package.writestr(EXACT_PART, exact.encode())
            package.writestr(EXACT_PROPS_PART, EXACT_PROPS.encode())
            package.writestr(EXACT_RELS_PART, EXACT_RELS.encode())


def _with_exact_part(name: str, data: bytes) -> bytes:
    """The content types and the document's relationships, extended by the exact-data part."""
    text = data.decode()
    if name == CONTENT_TYPES_PART:
        addition = (
            f'<Override PartName="/{EXACT_PROPS_PART}" ContentType='
            '"application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/></Types>'
        )
        return text.replace("</Types>", addition).encode()
    addition = (
        f'<Relationship Id="rIdPerfbudgetExact" Type="{CUSTOM_XML_REL}" '
        f'Target="../{EXACT_PART}"/></Relationships>'
    )
    return text.replace("</Relationships>", addition).encode()


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
    texts += [(1, title, anchor) for title, anchor in layout.headings]
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

    Not a TOC field: LibreOffice (7.4) prints a TOC field's stored result as text, PAGEREF
    fields nested in it too, and never rebuilds it on load (with or without w:sdt, \\h or
    updateFields), so a converted PDF shows stored or no page numbers; PAGEREF fields outside a
    TOC it computes. Word refreshes them on open (settings.xml asks it to). See
    docs/decisions/005-exports-and-background-jobs.md.
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
