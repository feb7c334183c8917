"""Word (.docx) documents in the 绩效目标表 layout: a department document or single tables."""

from __future__ import annotations

import io

import docx
from django.utils.translation import gettext as _
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from imports.readers import embedded
from imports.readers.base import ERROR, WARNING, ImportFileError, Options, Problem, ReadResult
from imports.readers.layout import Block, GridCell, Paragraph, Table, read_blocks


def read(data: bytes, options: Options) -> ReadResult:
    """Read the body in order: paragraphs (narrative, table titles) and tables."""
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several kinds for a broken package
        raise ImportFileError(
            _("Word文件已损坏或不是有效的 .docx 文件，请用 Word 打开后另存为 .docx 再上传。")
        ) from error
    blocks: list[Block] = []
    problems: list[Problem] = []
    tables = 0
    for item in document.iter_inner_content():
        if isinstance(item, DocxParagraph):
            blocks.append(Paragraph(item.text))
        elif isinstance(item, DocxTable):
            tables += 1
            blocks.append(_table(item, tables, problems))
    if tables == 0:
        raise ImportFileError(
            _(
                "Word文件中没有表格。"
                "请上传绩效目标表（含“项目编码”“项目名称”“一级指标”等栏目的表格）。"
            )
        )
    exact, problem = _exact_data(document)
    result = read_blocks(blocks, options, kind="docx", exact=exact)
    result.problems[:0] = problems  # damaged cells first: they explain what follows
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


def _table(table: DocxTable, number: int, problems: list[Problem]) -> Table:
    """Rows at the `w:tc` level: spans give grid columns; `w:vMerge` continuations are None.

    Damaged merges are reported with their place: a continuation with no merged cell above it
    (its text would belong to nothing) is an error; a cell spanning past the table's grid is
    read in order with a warning.
    """
    place = _("第%(number)s个表格") % {"number": number}
    cell_place = _("%(place)s 第%(row)s行 第%(cell)s格")  # translated once, not per cell
    width = len(table._tbl.tblGrid.gridCol_lst) if table._tbl.tblGrid is not None else 0
    rows = []
    merged_above: set[int] = set()  # start columns of the row above that are vertical merges
    for row_number, tr in enumerate(table._tbl.tr_lst, start=1):
        column = tr.grid_before
        cells = []
        merged_here: set[int] = set()
        for index, tc in enumerate(tr.tc_lst, start=1):
            text: str | None = "\n".join(_paragraph_text(p) for p in tc if p.tag == _P)
            where = cell_place % {"place": place, "row": row_number, "cell": index}
            props = tc.find(_TC_PR)
            merge = props.find(_V_MERGE) if props is not None else None
            span_element = props.find(_GRID_SPAN) if props is not None else None
            span = int(span_element.get(_VAL) or 1) if span_element is not None else 1
            if merge is not None:
                merged_here.add(column)
                if merge.get(_VAL) in (None, "continue"):
                    text = None if column in merged_above else _orphan(where, column, problems)
            cells.append(GridCell(text, column, where, span))
            column += span
        if width and column > width:
            problems.append(_too_wide(cells, column, width))
        merged_above = merged_here
        rows.append(cells)
    return Table(rows, place)


_P, _R, _HYPERLINK = qn("w:p"), qn("w:r"), qn("w:hyperlink")
_TC_PR, _V_MERGE, _GRID_SPAN, _VAL = qn("w:tcPr"), qn("w:vMerge"), qn("w:gridSpan"), qn("w:val")
_RUN_PARTS = frozenset(qn(f"w:{t}") for t in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab"))


def _paragraph_text(paragraph) -> str:
    """A paragraph's text as python-docx's `Paragraph.text` gives it (runs and hyperlinks'
    runs; each part's own text: `w:tab` a tab, a text-wrapping `w:br` a line feed), by plain
    iteration over the children instead of an XPath query per paragraph and run: a county's
    Word file has tens of thousands of cells."""
    parts: list[str] = []
    for child in paragraph:
        runs = (child,) if child.tag == _R else child if child.tag == _HYPERLINK else ()
        for run in runs:
            if run.tag == _R:
                parts.extend(str(part) for part in run if part.tag in _RUN_PARTS)
    return "".join(parts)


def _orphan(where: str, column: int, problems: list[Problem]) -> str:
    """A vMerge continuation with no merged cell above: Word files damaged by hand or tools."""
    problems.append(
        Problem(
            where,
            _(
                "第%(column)s列的这个格子标记为“与上方格子合并”，但上方没有可合并的格子，"
                "表格已损坏。请在Word中选中这一格，先“拆分单元格”或取消合并，填好内容后再上传。"
            )
            % {"column": column + 1},
            ERROR,
        )
    )
    return ""


def _too_wide(cells: list[GridCell], total: int, width: int) -> Problem:
    """One warning per row whose spans add up to more columns than the table's grid has."""
    first = next(c for c in cells if c.column + c.span > width)
    return Problem(
        first.place,
        _(
            "这一行的格子共横跨%(total)s列，超出了表格的%(width)s列（从这一格起超出，表格已损坏）。"
            "这一行已按格子的顺序读取，请核对；若内容错位，请在Word中重新调整这一行的格子后上传。"
        )
        % {"total": total, "width": width},
        WARNING,
    )
