"""Read exported files back into plain rows, to compare with the Grid and with the seed text.

Both readers give what the seed text gives: one entry per physical cell of a row, `None` for
the continuation of a vertical merge, text with line breaks between paragraphs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from openpyxl.worksheet.worksheet import Worksheet

from reports.layout import HTML, Document, Grid
from reports.render.placement import place

Rows = list[list[str | None]]


def document_grids(document: Document, fmt: str = HTML) -> list[Grid]:
    """The Grids a document shows in `fmt`, in order (the department's tables, in HTML)."""
    return [section for section in document.sections_in(fmt) if isinstance(section, Grid)]


def grid_rows(grid: Grid) -> Rows:
    """What a faithful export of `grid` shows: texts, `None` where a vertical merge continues."""
    return [[None if p.continues else p.cell.text for p in row] for row in place(grid.rows)]


def docx_table_rows(table) -> Rows:
    """A python-docx table's rows at the `w:tc` level (python-docx's `row.cells` repeats spans)."""
    rows = []
    for tr in table._tbl.tr_lst:
        cells: list[str | None] = []
        for tc in tr.tc_lst:
            merge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
            if merge is not None and merge.get(qn("w:val")) in (None, "continue"):
                cells.append(None)
            else:
                cells.append("\n".join(p.text for p in docx.table._Cell(tc, table).paragraphs))
        rows.append(cells)
    return rows


def docx_spans(table) -> list[list[int]]:
    """Each `w:tc`'s gridSpan, row by row."""
    return [[tc.grid_span for tc in tr.tc_lst] for tr in table._tbl.tr_lst]


def sheet_rows(sheet: Worksheet, first_row: int) -> Rows:
    """A sheet's rows from `first_row`: top-left cells of merges, `None` once per covered row."""
    starts = {}
    covered = {}
    for merged in sheet.merged_cells.ranges:
        starts[(merged.min_row, merged.min_col)] = merged
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                covered[(row, column)] = merged
    rows = []
    for row in range(first_row, sheet.max_row + 1):
        cells: list[str | None] = []
        column = 1
        while column <= sheet.max_column:
            merged = covered.get((row, column))
            if merged is not None and (row, column) != (merged.min_row, merged.min_col):
                cells.append(None)
                column = merged.max_col + 1
                continue
            cells.append(_cell_text(sheet.cell(row, column)))
            column = merged.max_col + 1 if merged is not None else column + 1
        rows.append(cells)
    return rows


def _cell_text(cell) -> str:
    if cell.value is None:
        return ""
    if cell.data_type == "n":
        return f"{cell.value:.2f}" if cell.number_format == "0.00" else str(cell.value)
    return str(cell.value)


def squeeze(rows: Rows) -> Rows:
    """Drop all whitespace inside cells (the seed has `其中：财政    资金` and ` ` for blank)."""
    return [[None if c is None else re.sub(r"\s+", "", c) for c in row] for row in rows]


def soffice_pdf_text(*files: Path) -> dict[str, str]:
    """Convert files to PDF with LibreOffice headless and return each PDF's text."""
    assert len({f.stem for f in files}) == len(files), "each file needs its own PDF name"
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) or pdftotext is not installed; CI installs both")
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                out,
                *map(str, files),
            ],
            check=True,
            capture_output=True,
            timeout=240,
        )
        texts = {}
        for file in files:
            pdf = Path(out) / f"{file.stem}.pdf"
            result = subprocess.run(
                ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
            )
            texts[file.name] = result.stdout
        return texts
