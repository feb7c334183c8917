"""Word (.docx) documents in the 绩效目标表 layout: a department document or single tables."""

from __future__ import annotations

import io

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from imports.readers import embedded
from imports.readers.base import ImportFileError, Options, Problem, ReadResult
from imports.readers.layout import Block, GridCell, Paragraph, Table, read_blocks


def read(data: bytes, options: Options) -> ReadResult:
    """Read the body in order: paragraphs (narrative, table titles) and tables."""
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several kinds for a broken package
        raise ImportFileError(
            "Word文件已损坏或不是有效的 .docx 文件，请用 Word 打开后另存为 .docx 再上传。"
        ) from error
    blocks: list[Block] = []
    tables = 0
    for item in document.iter_inner_content():
        if isinstance(item, DocxParagraph):
            blocks.append(Paragraph(item.text))
        elif isinstance(item, DocxTable):
            tables += 1
            blocks.append(_table(item, tables))
    if tables == 0:
        raise ImportFileError(
            "Word文件中没有表格。请上传绩效目标表（含“项目编码”“项目名称”“一级指标”等栏目的表格）。"
        )
    exact, problem = _exact_data(document)
    result = read_blocks(blocks, options, kind="docx", exact=exact)
    if problem is not None:
        result.problems.append(problem)
    return result


def _exact_data(document) -> tuple[embedded.Exact | None, Problem | None]:
    """The exact values our Word export embeds as a custom XML part, if the file has them."""
    for relationship in document.part.rels.values():
        if relationship.reltype != RT.CUSTOM_XML or relationship.is_external:
            continue
        blob = relationship.target_part.blob
        if embedded.is_exact_xml(blob):
            try:
                return embedded.from_xml(blob), None
            except embedded.EmbeddedDataError:
                return None, embedded.unreadable_problem()
    return None, None


def _table(table: DocxTable, number: int) -> Table:
    """Rows at the `w:tc` level: spans give grid columns; `w:vMerge` continuations are None."""
    place = f"第{number}个表格"
    rows = []
    for row_number, tr in enumerate(table._tbl.tr_lst, start=1):
        column = tr.grid_before
        cells = []
        for index, tc in enumerate(tr.tc_lst, start=1):
            text: str | None = "\n".join(DocxParagraph(p, table).text for p in tc.p_lst)
            merge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
            if merge is not None and merge.get(qn("w:val")) in (None, "continue"):
                text = None
            where = f"{place} 第{row_number}行 第{index}格"
            cells.append(GridCell(text, column, where, tc.grid_span))
            column += tc.grid_span
        rows.append(cells)
    return Table(rows, place)
