"""A real office suite opens the exports: LibreOffice converts both to PDF with every title."""

from __future__ import annotations

import re

from reports.layout import department_document
from reports.render import docx as word
from reports.render import xlsx
from tests.conftest import seed_targets
from tests.reports.export_readers import document_grids, soffice_pdf_text


def test_libreoffice_converts_both_department_exports_with_every_project_title(tmp_path):
    targets = seed_targets()
    grids = document_grids(department_document(targets))
    docx_file, xlsx_file = tmp_path / "word.docx", tmp_path / "excel.xlsx"
    word.render(department_document(targets), docx_file)
    xlsx.render(department_document(targets), xlsx_file)

    texts = soffice_pdf_text(docx_file, xlsx_file)

    for name, text in texts.items():
        flat = re.sub(r"\s+", "", text)  # PDF text puts spaces between Latin and CJK runs
        for grid in grids:
            assert grid.title in flat, (name, grid.title)
        assert "802010乐亭县大相各庄镇人民政府" in flat
    contents = re.sub(r"[ \t]+", "", texts["word.docx"])
    # the contents got real page numbers: table 1 is after the title page and the narrative
    first = re.search(r"1\.信访维稳经费绩效目标表\.*(\d+)", contents)
    assert first is not None and int(first.group(1)) > 1


# A contents line as pdftotext prints it once spaces are removed: text, dot leader, page.
CONTENTS_LINE = re.compile(r"(?P<text>.+?)\.{3,}(?P<page>\d+)")


def test_libreoffice_prints_each_contents_line_with_the_page_its_heading_is_on(tmp_path):
    """LibreOffice computes the contents' PAGEREF fields when converting, including for the
    lines on a second contents page (40 small tables more than the seed make one)."""
    from tests.conftest import make_table  # here: the lines above this test are not ours to edit

    targets = seed_targets()
    targets.tables += [make_table(name=f"补充项目{n}") for n in range(1, 41)]
    docx_file = tmp_path / "contents.docx"
    word.render(department_document(targets), docx_file)

    pages = soffice_pdf_text(docx_file)["contents.docx"].split("\f")

    listed: dict[str, int] = {}
    contents_pages: set[int] = set()
    bodies: list[str] = []  # each page's text without its contents lines
    for number, page in enumerate(pages, start=1):
        body = []
        for line in page.splitlines():
            flat = re.sub(r"\s+", "", line)
            if match := CONTENTS_LINE.fullmatch(flat):
                listed[match["text"]] = int(match["page"])
                contents_pages.add(number)
            else:
                body.append(flat)
        bodies.append("".join(body))
    headings = {}
    for entry in department_document(targets).outline("docx"):
        text = re.sub(r"\s+", "", entry.text)
        heading = re.compile(rf"(?<!\d){re.escape(text)}")  # 1.… is not 11.…
        headings[text] = next(n for n, body in enumerate(bodies, start=1) if heading.search(body))
    assert len(contents_pages) == 2
    assert len(headings) == 4 + len(targets.tables)
    assert listed == headings
