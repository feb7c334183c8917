"""Our own Excel export read back: 目录, 部门整体绩效目标 and one sheet per project table."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl.workbook import Workbook

from imports.readers import embedded
from imports.readers.base import Options, ReadResult
from imports.readers.layout import UNIT_CAPTION, Block, Paragraph, Table, read_blocks
from imports.readers.sheets import grid_rows

INDEX_SHEET = "目录"
NARRATIVE_SHEET = "部门整体绩效目标"
EXACT_SHEET = "_导入数据"  # hidden: weights, directions, plan kind (reports.render.xlsx)


def is_target_workbook(workbook: Workbook) -> bool:
    """Sheets in the 绩效目标表 layout: a `单位：万元` caption and 项目编码 near the top."""
    for sheet in workbook.worksheets:
        texts = [
            "".join(str(v or "").split())
            for row in sheet.iter_rows(min_row=1, max_row=5, values_only=True)
            for v in row
        ]
        if "项目编码" in texts and any(UNIT_CAPTION.search(t) for t in texts):
            return True
    return False


def read(workbook: Workbook, options: Options) -> ReadResult:
    """Blocks in sheet order: the title line of the 目录 sheet, the narrative, each table."""
    blocks: list[Block] = []
    exact, problem = None, None
    for sheet in workbook.worksheets:
        if sheet.title == EXACT_SHEET:
            exact, problem = _exact_data(sheet)
            continue
        rows = grid_rows(sheet)
        if sheet.title == INDEX_SHEET:
            blocks.extend(Paragraph(c.text) for c in (rows[0] if rows else []) if c.text)
        elif sheet.title == NARRATIVE_SHEET:
            blocks.extend(Paragraph(r[0].text or "") for r in rows if r)
        elif rows:
            title = rows[0][0].text or ""
            blocks.append(Paragraph(title))
            blocks.append(Table(rows[1:], _("工作表“%(sheet)s”") % {"sheet": sheet.title}))
    result = read_blocks(blocks, options, kind="xlsx", exact=exact)
    if problem is not None:
        result.problems.append(problem)
    return result


def _exact_data(sheet):
    """The hidden sheet's records (表号, 行号, 项, 值) below its heading row."""
    rows = sheet.iter_rows(min_row=2, max_col=4, values_only=True)
    try:
        return embedded.from_records(r for r in rows if any(v is not None for v in r)), None
    except embedded.EmbeddedDataError:
        return None, embedded.unreadable_problem()
