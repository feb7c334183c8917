"""A real office suite opens the exports: LibreOffice converts both to PDF with every title."""

from __future__ import annotations

import re

from reports.layout import document_layout
from reports.render import docx as word
from reports.render import xlsx
from reports.summary import project_summaries
from tests.conftest import seed_targets
from tests.reports.export_readers import soffice_pdf_text


def test_libreoffice_converts_both_department_exports_with_every_project_title(tmp_path):
    targets = seed_targets()
    layout = document_layout(targets)
    docx_file, xlsx_file = tmp_path / "word.docx", tmp_path / "excel.xlsx"
    word.render(layout, docx_file)
    xlsx.render(layout, xlsx_file, summaries=project_summaries(targets))

    texts = soffice_pdf_text(docx_file, xlsx_file)

    for name, text in texts.items():
        flat = re.sub(r"\s+", "", text)  # PDF text puts spaces between Latin and CJK runs
        for grid in layout.grids:
            assert grid.title in flat, (name, grid.title)
        assert "802010乐亭县大相各庄镇人民政府" in flat
    contents = re.sub(r"[ \t]+", "", texts["word.docx"])
    # the contents got real page numbers: table 1 is after the title page and the narrative
    first = re.search(r"1\.信访维稳经费绩效目标表\.*(\d+)", contents)
    assert first is not None and int(first.group(1)) > 1
