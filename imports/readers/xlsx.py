"""Our own Excel export read back: 目录, 部门整体绩效目标 and one sheet per project table."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl.workbook import Workbook

from imports.readers import embedded
from imports.readers.base import Options, ReadResult
from imports.readers.layout import (
    HEADER_LABELS,
    UNIT_CAPTION,
    Block,
    Paragraph,
    Table,
    label_key,
    read_blocks,
)
from imports.readers.sheets import grid_rows

INDEX_SHEET = "目录"
NARRATIVE_SHEET = "部门整体绩效目标"
FORM_SEARCH_ROWS = 60
EXACT_SHEET = "_导入数据"  # hidden: weights, directions, plan kind (reports.render.xlsx)


def is_target_workbook(workbook: Workbook) -> bool:
    """Sheets of one-project forms: a `单位：万元` caption and 项目编码 near the top (the Hebei
    layout, our exports), or — other provinces' 审批表 / 目标表 — a 项目名称 label above an
    indicator heading row (一级指标 … 三级指标)."""
    return any(_form_labels(sheet) for sheet in workbook.worksheets)


def _form_labels(sheet) -> bool:
    texts: list[set[str]] = [
        {"".join(str(v or "").split()) for v in row}
        for row in sheet.iter_rows(min_row=1, max_row=FORM_SEARCH_ROWS, values_only=True)
    ]
    top = set().union(*texts[:5]) if texts else set()
    if "项目编码" in top and any(UNIT_CAPTION.search(t) for t in top):
        return True
    named = any("项目名称" in row or any(t.startswith("项目名称") for t in row) for row in texts)
    return named and any({"一级指标", "三级指标"} <= row for row in texts)


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
            titles = 0
            while titles < len(rows) and _is_title(rows[titles]):
                blocks.append(Paragraph(rows[titles][0].text or ""))
                titles += 1
            place = _("工作表“%(sheet)s”") % {"sheet": sheet.title}
            blocks.append(Table(rows[titles:], place))
    ours = {INDEX_SHEET, EXACT_SHEET} & set(workbook.sheetnames)
    result = read_blocks(blocks, options, kind="xlsx", exact=exact, ours=bool(ours))
    if problem is not None:
        result.problems.append(problem)
    return result


def _is_title(row) -> bool:
    """A title line above a form: one text in the first cell (merged across), no label, no
    unit caption (`802010乐亭县… 单位：万元` opens the Hebei table and stays in it)."""
    texts = [c.text for c in row if c.text]
    if len(texts) != 1 or not row or not row[0].text:
        return False
    text = "".join(texts[0].split())
    return not UNIT_CAPTION.search(text) and label_key(text) not in HEADER_LABELS


def _exact_data(sheet):
    """The hidden sheet's records (表号, 行号, 项, 值) below its heading row."""
    rows = sheet.iter_rows(min_row=2, max_col=4, values_only=True)
    try:
        return embedded.from_records(r for r in rows if any(v is not None for v in r)), None
    except embedded.EmbeddedDataError:
        return None, embedded.unreadable_problem()
