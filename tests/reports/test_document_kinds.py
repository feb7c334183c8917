"""A new kind of document is one layout function: the renderers print any Document.

`checklist_document` below stands for the next official forms (in-year monitoring, self-
evaluation, other provinces' tables): a narrative and a Grid, laid out here and rendered to
HTML, Word and Excel by the unchanged renderers, then read back.
"""

from __future__ import annotations

import io
from decimal import Decimal
from html.parser import HTMLParser

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from reports import layout as layout_module
from reports.layout import (
    AMOUNT,
    CAPTION,
    HEAD,
    LEFT,
    RIGHT,
    TEXT,
    XLSX,
    Cell,
    Document,
    Grid,
    Heading,
    Narrative,
    Paragraph,
    Row,
    cell,
    department_document,
    part_of,
)
from reports.render import docx as word
from reports.render import html, xlsx
from tests.conftest import seed_targets
from tests.reports.export_readers import docx_table_rows, grid_rows, sheet_rows


def checklist_document(*, unit: str, items: list[tuple[str, Decimal]]) -> Document:
    """A tiny official document: a two-heading narrative and a table with a merged total."""
    rows = [
        Row((Cell(unit, CAPTION, colspan=3, align=LEFT),)),
        Row((cell("事项", HEAD), cell("金额", HEAD), cell("说明", HEAD))),
        *(
            Row((cell(name), Cell(f"{amount:.2f}", AMOUNT, value=amount, align=RIGHT), cell("")))
            for name, amount in items
        ),
        Row((Cell("合计", HEAD, colspan=2, bold=True), cell("按年度汇总\n第二行", TEXT))),
    ]
    return Document(
        title=f"{unit}自评表",
        contents=True,
        sections=(
            Narrative(
                name="说明",
                blocks=(
                    Heading("一、填报说明", 1, "notes"),
                    Paragraph("第一段\n第二段"),
                    Heading("（一）口径", 2, "scope"),
                    Paragraph("按<年度>&口径"),
                ),
            ),
            Grid(
                title="1.自评表",
                rows=tuple(rows),
                columns=3,
                column_widths=(10, 8, 20),
                anchor="checklist",
            ),
        ),
    )


ITEMS = [("培训", Decimal("12.345")), ("=SUM(A1)", Decimal("3"))]


@pytest.fixture(scope="module")
def document() -> Document:
    return checklist_document(unit="测试单位", items=ITEMS)


class _Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.cells: list[tuple[str, str]] = []  # (class, text)
        self.headings: list[str] = []
        self._cell: str | None = None
        self._heading = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "td":
            self._cell = attributes.get("class", "")
            self.cells.append((self._cell, ""))
        if tag in ("h1", "h2", "h3"):
            self._heading = True
            self.headings.append("")

    def handle_endtag(self, tag):
        if tag == "td":
            self._cell = None
        if tag in ("h1", "h2", "h3"):
            self._heading = False

    def handle_data(self, data):
        if self._cell is not None:
            kind, text = self.cells[-1]
            self.cells[-1] = (kind, text + data)
        if self._heading:
            self.headings[-1] += data


def test_html_prints_the_title_contents_narrative_and_table(document):
    parser = _Texts()
    parser.feed(html.render_document(document))
    assert parser.headings == [
        "测试单位自评表",
        "目录",
        "一、填报说明",
        "（一）口径",
        "1.自评表",
    ]
    assert {"notes", "scope", "checklist"} <= set(parser.ids)
    assert ("cell-amount", "12.34") in parser.cells and ("cell-head", "合计") in parser.cells
    markup = str(html.render_document(document))
    assert "按&lt;年度&gt;&amp;口径" in markup and "第一段<br>第二段" in markup


def test_word_prints_the_same_document(document):
    data = word.render_bytes(document)
    printed = docx.Document(io.BytesIO(data))
    texts = [p.text for p in printed.paragraphs]
    assert texts[0] == "测试单位自评表"
    assert "第一段" in texts and "第二段" in texts and "按<年度>&口径" in texts
    (table,) = printed.tables
    grid = next(s for s in document.sections if isinstance(s, Grid))
    assert docx_table_rows(table) == grid_rows(grid)
    # Alignment comes from the cells: the amount right, the caption left, headings centred.
    aligns = [
        p.get(qn("w:val")) for p in table._tbl.iter(qn("w:jc")) if p.getparent().tag == qn("w:pPr")
    ]
    assert aligns[:5] == ["left", "center", "center", "center", "left"]
    assert aligns[5] == "right"
    # The contents link to the headings' bookmarks.
    links = [h.get(qn("w:anchor")) for h in printed.element.body.iter(qn("w:hyperlink"))]
    assert links == ["_Toc_notes", "_Toc_scope", "_Toc_checklist"]


def test_excel_prints_the_same_document(document):
    buffer = io.BytesIO()
    xlsx.render(document, buffer)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert book.sheetnames == ["说明", "1.自评表"]
    notes = [row[0] for row in book["说明"].iter_rows(values_only=True)]
    assert notes == ["一、填报说明", "第一段", "第二段", "（一）口径", "按<年度>&口径"]
    sheet = book["1.自评表"]
    grid = next(s for s in document.sections if isinstance(s, Grid))
    assert sheet["A1"].value == "1.自评表"
    rows = sheet_rows(sheet, first_row=2)
    assert rows[0][0] == "测试单位" and rows[2][0] == "培训"
    assert sheet["B4"].value == 12.345  # the exact amount, shown with two decimals
    assert sheet["B4"].number_format == "0.00" and sheet["B4"].alignment.horizontal == "right"
    assert sheet["A2"].alignment.horizontal == "left" and sheet["A2"].border.left.style is None
    assert sheet["A5"].value == "=SUM(A1)" and sheet["A5"].data_type == "s"
    assert sheet["A6"].font.bold and "A6:B6" in {str(r) for r in sheet.merged_cells.ranges}
    assert len(rows) == len(grid.rows)


def test_a_section_for_one_format_is_left_out_of_the_others(document):
    only_excel = Grid(title="附表", rows=(Row((cell("x"),)),), columns=1, formats=(XLSX,))
    extended = Document(title=document.title, sections=(*document.sections, only_excel))
    assert "附表" not in html.render_document(extended)
    assert "附表" not in "".join(
        p.text for p in docx.Document(io.BytesIO(word.render_bytes(extended))).paragraphs
    )
    buffer = io.BytesIO()
    xlsx.render(extended, buffer)
    assert openpyxl.load_workbook(buffer).sheetnames[-1] == "附表"


def test_a_link_to_a_section_that_is_not_in_the_document_is_refused(document):
    """A layout error must not write a workbook whose link points nowhere."""
    broken = Grid(title="目录", rows=(Row((Cell("x", link="nowhere"),)),), columns=1)
    with pytest.raises(KeyError):
        xlsx.render(Document(title="t", sections=(broken,)), io.BytesIO())


def test_the_department_index_is_laid_out_only_for_excel(monkeypatch):
    targets = seed_targets()
    made = []
    original = layout_module.index_grid
    monkeypatch.setattr(layout_module, "index_grid", lambda *a: made.append(1) or original(*a))
    document = department_document(targets)
    word.render_bytes(document)
    html.render_document(document)
    assert made == []
    xlsx.render(document, io.BytesIO())
    assert made == [1]
    # What the outline said of it beforehand is what it is.
    (index_part,) = [p for p in document.parts(XLSX) if p.name == "目录"]
    assert index_part == part_of(original(document.title, []))
