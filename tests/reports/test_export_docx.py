"""The Word export: read back with python-docx and compared with the Grid and the seed."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from decimal import Decimal

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from reports.layout import department_document, project_document, target_grid
from reports.render import docx as word
from reports.render.placement import place
from reports.render.wordml import grid_tables
from tests.conftest import make_table, seed_targets
from tests.reports.export_readers import (
    document_grids,
    docx_spans,
    docx_table_rows,
    grid_rows,
    squeeze,
)
from tests.seed_text import read_printed_seed as read_seed


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def seed_document():
    targets = seed_targets()
    document = department_document(targets)
    return document_grids(document), open_docx(word.render_bytes(document))


def test_project_docx_has_the_grid_cells_and_merges_in_two_tables():
    table = seed_targets().tables[0]
    grid = target_grid(table)
    document = open_docx(word.render_bytes(project_document(table)))

    assert document.paragraphs[0].text == grid.title
    header, indicators = document.tables
    assert docx_table_rows(header) + docx_table_rows(indicators) == grid_rows(grid)
    spans = docx_spans(header) + docx_spans(indicators)
    assert spans == [[p.cell.colspan for p in row] for row in place(grid.rows)]


def test_project_docx_prints_amounts_with_two_decimals_and_keeps_blank_checkpoints_blank():
    table = make_table(budget="12.3")
    document = open_docx(word.render_bytes(project_document(table)))
    rows = docx_table_rows(document.tables[0])

    budget_row = rows[2]
    assert budget_row[2] == "12.30"
    plan_row = rows[5]
    assert plan_row == [None, "", "6.15", "", "12.30"]


def test_indicator_table_repeats_its_heading_row_and_no_row_splits_across_pages():
    document = open_docx(word.render_bytes(project_document(make_table(indicators=30))))
    header, indicators = document.tables
    for table in (header, indicators):
        for tr in table._tbl.tr_lst:
            properties = tr.trPr
            assert properties.find(qn("w:cantSplit")) is not None
            # cantSplit must come before tblHeader (schema order)
            tags = [child.tag for child in properties]
            assert tags.index(qn("w:cantSplit")) == 0
    first, *rest = indicators._tbl.tr_lst
    assert first.trPr.find(qn("w:tblHeader")) is not None
    assert all(tr.trPr.find(qn("w:tblHeader")) is None for tr in rest)
    assert all(tr.trPr.find(qn("w:tblHeader")) is None for tr in header._tbl.tr_lst)


def test_first_level_indicator_is_merged_vertically_over_its_second_level_rows():
    document = open_docx(word.render_bytes(project_document(make_table(indicators=8))))
    rows = docx_table_rows(document.tables[1])
    first_column = [row[0] for row in rows[1:]]
    assert first_column == ["产出指标", None, None, None, "效益指标", None, "满意度指标", None]


def test_document_is_a4_portrait_with_chinese_fonts_and_no_theme_fonts():
    document = open_docx(word.render_bytes(project_document(make_table())))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.left_margin >= Mm(15)
    styles = document.styles.element
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = defaults.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    assert defaults.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    theme_attributes = [
        name
        for element in styles.iter(qn("w:rFonts"))
        for name in element.attrib
        if name.endswith("Theme") or name.endswith("theme")
    ]
    assert theme_attributes == []
    heading = document.styles["Heading 1"].element.rPr.find(qn("w:rFonts"))
    assert heading.get(qn("w:eastAsia")) == "黑体"


def test_department_docx_tables_match_the_seed_table_by_table(seed_document):
    _grids, document = seed_document
    seed = read_seed()
    tables = document.tables
    assert len(tables) == 2 * len(seed.tables)
    for n, seed_table in enumerate(seed.tables):
        exported = docx_table_rows(tables[2 * n]) + docx_table_rows(tables[2 * n + 1])
        assert squeeze(exported) == squeeze(seed_table.rows), seed_table.name


def test_department_docx_has_the_narrative_and_titled_bookmarked_tables(seed_document):
    _grids, document = seed_document
    seed = read_seed()
    texts = [p.text for p in document.paragraphs]
    assert "第一部分\n部门整体绩效目标" in texts
    for heading in ("一、总体绩效目标", "二、分项绩效目标", "三、工作保障措施"):
        assert heading in texts
    assert seed.overall_goal in texts
    for n, item in enumerate(seed.sub_goals + seed.safeguards):
        assert any(t.endswith(item) for t in texts), n
    titles = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    expected = [f"{t.position}.{t.name}绩效目标表" for t in seed.tables]
    assert [p.text for p in titles][1:] == expected
    for paragraph in titles:
        assert paragraph._p.find(qn("w:bookmarkStart")) is not None


def test_department_docx_contents_link_to_every_heading_and_ask_word_to_update_fields(
    seed_document,
):
    grids, document = seed_document
    body = document.element.body
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))]
    assert len(anchors) == 4 + len(grids)
    assert set(anchors) == bookmarks
    instructions = "".join(t.text for t in body.iter(qn("w:instrText")))
    assert instructions.count("PAGEREF") == len(anchors)
    settings = document.settings.element
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"


def test_department_docx_contents_lines_follow_the_outline_each_with_its_own_page_field(
    seed_document,
):
    _grids, document = seed_document
    links = list(document.element.body.iter(qn("w:hyperlink")))
    assert [link.get(qn("w:anchor")) for link in links] == [
        mark.name
        for mark in word.bookmarks(department_document(seed_targets()).outline("docx")).values()
    ]
    for link in links:
        instruction = "".join(t.text for t in link.iter(qn("w:instrText")))
        assert instruction.split() == ["PAGEREF", link.get(qn("w:anchor")), "\\h"]
    # No TOC field: LibreOffice would print its stored result (see table_of_contents).
    instructions = "".join(t.text for t in document.element.body.iter(qn("w:instrText")))
    assert "TOC" not in instructions


def test_department_docx_pages_break_before_each_table_title(seed_document):
    grids, document = seed_document
    titles = [p for p in document.paragraphs if p.text in {g.title for g in grids}]
    assert len(titles) == len(grids)
    assert all(p.paragraph_format.page_break_before for p in titles)


def test_markup_and_control_characters_in_user_text_are_written_safely():
    table = make_table(name="A<B>&C\x07项目")
    table.purpose = '用途 "含" <引号> & 符号\n第二行'
    data = word.render_bytes(project_document(table))
    document = open_docx(data)
    rows = docx_table_rows(document.tables[0])
    assert rows[1][3] == "A<B>&C项目"
    assert rows[3][1] == '用途 "含" <引号> & 符号\n第二行'
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None


def test_a_department_without_tables_still_exports_its_narrative():
    targets = seed_targets()
    targets.tables = []
    document = open_docx(word.render_bytes(department_document(targets)))
    assert document.tables == []
    assert "一、总体绩效目标" in [p.text for p in document.paragraphs]


def test_embedded_exact_data_leaves_what_the_document_shows_unchanged():
    table = make_table(budget="330.984")
    table.indicators[0].weight = Decimal("12.5")
    document = project_document(table)
    with_data = word.render_bytes(document)
    without = word.render_bytes(replace(document, data=None))
    with zipfile.ZipFile(io.BytesIO(with_data)) as a, zipfile.ZipFile(io.BytesIO(without)) as b:
        assert a.read(word.DOCUMENT_PART) == b.read(word.DOCUMENT_PART)
        assert set(a.namelist()) - set(b.namelist()) == {
            word.EXACT_PART,
            word.EXACT_PROPS_PART,
            word.EXACT_RELS_PART,
        }
        exact = a.read(word.EXACT_PART).decode()
    assert 'k="budget_total">330.984<' in exact and 'k="weight">12.5<' in exact
    rels = open_docx(with_data).part.rels.values()
    assert any(r.target_ref == "../customXml/item90.xml" for r in rels)


def test_tables_of_one_shape_share_their_xml_but_each_prints_its_own_texts():
    """Word writes a table shape's XML once and only the texts per table."""
    targets = seed_targets()
    first, second = (make_table(name=name) for name in ("甲项目", "乙项目"))
    second.purpose = "乙的用途 & <其他>\n第二行"
    second.indicators[1].value = ""
    targets.tables = [first, second]
    document = department_document(targets)
    grids = document_grids(document)
    assert [[len(r.cells) for r in g.rows] for g in grids[:1]] == [
        [len(r.cells) for r in g.rows] for g in grids[1:]
    ]
    tables = open_docx(word.render_bytes(document)).tables
    assert len(tables) == 4
    for grid, (header, indicators) in zip(grids, (tables[:2], tables[2:]), strict=True):
        assert docx_table_rows(header) + docx_table_rows(indicators) == grid_rows(grid)


def test_a_cell_of_characters_xml_cannot_hold_is_written_as_an_empty_cell():
    blank, unwritable = make_table(), make_table()
    blank.code, unwritable.code = "", "\x07\x08"
    assert list(grid_tables(target_grid(unwritable))) == list(grid_tables(target_grid(blank)))
