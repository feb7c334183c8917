"""Findings as an .xlsx workbook; user text is always written as text, never as a formula."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from reviews.checks import RULES, Finding
from reviews.checks.base import FIELD_LABELS

# Excel runs text starting with these as a formula (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@")
WIDTHS = (6, 8, 26, 8, 24, 28, 8, 22, 14, 60, 60, 20)


def _headers() -> list[str]:
    return [
        _("序号"), _("级别"), _("规则"), _("项目序号"), _("项目编码"), _("项目名称"),
        _("指标行"), _("三级指标"), _("字段"), _("问题"), _("修改建议"), _("审核意见"),
    ]  # fmt: skip


def _row(number: int, finding: Finding) -> list[object]:
    loc = finding.location
    return [
        number,
        finding.level.label,
        f"{finding.rule} {RULES[finding.rule].title}",
        loc.project_index,
        loc.project_code,
        loc.project_name,
        loc.row,
        loc.row_name,
        str(FIELD_LABELS.get(loc.field, loc.field)),
        finding.message,
        finding.hint,
        finding.opinion_label,
    ]


def write_cell(cell: Cell, value: object) -> None:
    """Write a value; strings stay strings even when they look like formulas."""
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"


def findings_workbook(findings: list[Finding], *, title: str) -> bytes:
    """One sheet: a title line, a header row and one row per finding."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("审核问题")
    write_cell(sheet.cell(row=1, column=1), title)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    for column, header in enumerate(_headers(), start=1):
        sheet.cell(row=2, column=column, value=header).font = Font(bold=True)
    for number, finding in enumerate(findings, start=1):
        for column, value in enumerate(_row(number, finding), start=1):
            cell = sheet.cell(row=number + 2, column=column)
            write_cell(cell, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A3"
    output = BytesIO()
    book.save(output)
    return output.getvalue()
