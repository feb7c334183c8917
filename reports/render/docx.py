"""Word (.docx) renderer of a Document layout: `render(document, output)`.

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
from reports.layout import DOCX, Document, Entry, Grid, Heading, Narrative
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


def render(document: Document, output: str | Path | BinaryIO) -> None:
    """Write the document as .docx.

    When the document has `data` (the TargetTables it was laid out from), their exact
    amounts, weights and directions are embedded so that an import gives them back (the
    tables show two decimals).
    """
    data = document.data
    write_package(body(document), output, exact=None if data is None else exact_xml(data))


def render_bytes(document: Document) -> bytes:
    """The .docx file as bytes (for the download of one document)."""
    buffer = io.BytesIO()
    render(document, buffer)
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


@dataclass(frozen=True)
class Mark:
    """A heading's bookmark: the table of contents and hyperlinks point at it."""

    name: str
    number: int


def bookmarks(entries: list[Entry]) -> dict[str, Mark]:
    return {
        entry.anchor: Mark(bookmark_name(entry.anchor), number)
        for number, entry in enumerate(entries, start=1)
    }


def body(document: Document) -> Iterator[str]:
    """With contents: title, contents and a page break first. Then each section; every table
    after the first section starts a new page."""
    entries = document.outline(DOCX)
    marks = bookmarks(entries)
    if document.contents:
        yield from title_page(document.title, entries, marks)
    for number, section in enumerate(document.sections_in(DOCX)):
        if isinstance(section, Grid):
            mark = marks[section.anchor]
            yield heading(section.title, 1, mark.name, mark.number, new_page=number > 0)
            yield from grid_tables(section)
        else:
            yield from narrative(section, marks)


def title_page(title: str, entries: list[Entry], marks: dict[str, Mark]) -> Iterator[str]:
    """Document title and the table of contents, then a page break."""
    yield paragraph(title, '<w:jc w:val="center"/>', '<w:b/><w:sz w:val="36"/>')
    yield paragraph(
        "目录",
        '<w:spacing w:before="240" w:after="240"/><w:jc w:val="center"/>',
        '<w:b/><w:sz w:val="32"/>',
    )
    yield from table_of_contents(entries, marks)
    yield PAGE_BREAK


def table_of_contents(entries: list[Entry], marks: dict[str, Mark]) -> Iterator[str]:
    """Contents as hyperlinks to the headings' bookmarks with PAGEREF page-number fields.

    Not a TOC field: LibreOffice (7.4) prints a TOC field's stored result as text, PAGEREF
    fields nested in it too, and never rebuilds it on load (with or without w:sdt, \\h or
    updateFields), so a converted PDF shows stored or no page numbers; PAGEREF fields outside a
    TOC it computes. Word refreshes them on open (settings.xml asks it to). See
    docs/decisions/005-exports-and-background-jobs.md.
    """
    for entry in entries:
        indent = 420 * (entry.level - 1)
        bookmark = marks[entry.anchor].name
        page = _field_start(f" PAGEREF {bookmark} \\h ") + _field_end()
        yield (
            f'<w:p><w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/>'
            f'</w:tabs><w:ind w:left="{indent}"/></w:pPr>'
            f'<w:hyperlink w:anchor="{bookmark}" w:history="1">'
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


def narrative(section: Narrative, marks: dict[str, Mark]) -> Iterator[str]:
    """Headings with their bookmarks; each line of a paragraph is an indented paragraph."""
    for block in section.blocks:
        if isinstance(block, Heading):
            mark = marks[block.anchor]
            yield heading(block.text, block.level, mark.name, mark.number)
        elif block.text:
            yield from (paragraph(line, BODY_PARAGRAPH) for line in block.text.split(NEWLINE))
