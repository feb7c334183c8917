"""Build real-looking files in tests: a Word document like the seed, flat sheets, exports."""

from __future__ import annotations

import io
from collections.abc import Iterable

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl import Workbook

from projects.targets import DepartmentTargets
from reports.layout import department_document
from reports.render import docx as word
from reports.render import xlsx as excel
from tests.seed_text import read_seed


def export_docx(targets: DepartmentTargets) -> bytes:
    return word.render_bytes(department_document(targets))


def export_xlsx(targets: DepartmentTargets) -> bytes:
    buffer = io.BytesIO()
    excel.render(department_document(targets), buffer)
    return buffer.getvalue()


def _vmerge(cell, value: str | None) -> None:
    props = cell._tc.get_or_add_tcPr()
    merge = OxmlElement("w:vMerge")
    if value:
        merge.set(qn("w:val"), value)
    props.append(merge)


def _add_rows(document, rows: list[list[str | None]]) -> None:
    """A Word table whose rows have their own cell counts, spans filling the last cell.

    A `None` cell continues the vertical merge of the cell above (as in the seed text).
    """
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    for index, row in enumerate(rows):
        cells = table.rows[index].cells
        if len(row) < width:
            cells[len(row) - 1].merge(cells[width - 1])
        cells = table.rows[index].cells
        for column, text in enumerate(row):
            cell = cells[column]
            if text is None:
                _vmerge(cell, None)
                above = table.rows[index - 1].cells[column]
                if above._tc.tcPr is None or above._tc.tcPr.find(qn("w:vMerge")) is None:
                    _vmerge(above, "restart")
            else:
                cell.text = text


def seed_like_docx(tables: Iterable[int] | None = None, narrative: bool = True) -> bytes:
    """The seed document rebuilt with python-docx: 第一部分 narrative, titled tables.

    Each table comes from the seed text's rows; the header part and the indicator part are two
    Word tables with a paragraph between them, as in the original.
    """
    seed = read_seed()
    document = docx.Document()
    if narrative:
        document.add_paragraph("第一部分")
        document.add_paragraph("部门整体绩效目标")
        document.add_paragraph("一、总体绩效目标")
        document.add_paragraph("总体绩效目标")
        document.add_paragraph(seed.overall_goal)
        document.add_paragraph("二、分项绩效目标")
        for n, item in enumerate(seed.sub_goals, start=1):
            document.add_paragraph(f"{n}、{item}")
        document.add_paragraph("三、工作保障措施")
        for n, item in enumerate(seed.safeguards, start=1):
            document.add_paragraph(f"{n}、{item}")
    wanted = set(tables) if tables is not None else None
    for table in seed.tables:
        if wanted is not None and table.position not in wanted:
            continue
        document.add_paragraph(f"{table.position}.{table.name}绩效目标表")
        split = next(i for i, r in enumerate(table.rows) if r and r[0] == "一级指标")
        _add_rows(document, table.rows[:split])
        document.add_paragraph(" ")
        _add_rows(document, table.rows[split:])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def workbook_bytes(rows: list[list[object]], title: str = "Sheet1") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


FLAT_HEADER = ["单位名称", "项目名称", "预算数", "年度目标", "一级指标", "二级指标", "三级指标",
               "指标性质", "指标值", "度量单位", "权重", "指标方向性"]  # fmt: skip


def sichuan_flat_rows() -> list[list[object]]:
    """A Sichuan-style 申报表 in 元 with thousands separators, weights and no project codes."""
    unit = "820001-井研县马踏镇人民政府"
    return [
        ["2024年项目支出绩效目标申报表"],
        ["金额单位：元"],
        FLAT_HEADER,
        [unit, "乡村道路维护", "3,309,840.00", "1.维护道路30公里\n2.保障通行安全",
         "产出指标", "数量指标", "维护道路长度", "≥", "30", "公里", "20", "正向"],
        [None, None, None, None, "产出指标", "质量指标", "验收合格率", "≥", "95", "%", "20",
         "正向"],
        [None, None, None, None, "效益指标", "社会效益指标", "群众出行便利度", "定性", "明显改善",
         "", "30", "正向"],
        [None, None, None, None, "满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%",
         "20", "正向"],
        [unit, "村级组织运转经费", "1,250,000", "保障村级组织运转", "产出指标", "数量指标",
         "保障村数", "＝", "12", "个", "40", "正向"],
        [unit, "村级组织运转经费", "1,250,000", "保障村级组织运转", "满意度指标",
         "服务对象满意度指标", "村干部满意度", "≥", "90", "%", "50", "正向"],
    ]  # fmt: skip
