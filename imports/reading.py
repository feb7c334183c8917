"""Read an uploaded file of any supported kind into departments and located problems."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from imports import safety
from imports.readers import docx as word
from imports.readers import flat
from imports.readers import xlsx as excel
from imports.readers.base import ERROR, ImportFileError, Options, Problem, ReadResult
from imports.readers.sheets import open_workbook


def read_upload(data: bytes, options: Options) -> ReadResult:
    """Check the bytes (size, type, package safety), then read them with the right reader.

    Raises ImportFileError with a Chinese message for anything that is not a readable table.
    """
    kind = safety.sniff(data)
    if kind == safety.DOCX:
        result = word.read(data, options)
    elif kind == safety.XLSX:
        result = _read_workbook(data, options)
    else:
        text = safety.decode_text(data)
        rows = [list(r) for r in csv.reader(io.StringIO(text))]
        result = flat.read(rows, "CSV", options)
    validate(result)
    return result


def _read_workbook(data: bytes, options: Options) -> ReadResult:
    workbook = open_workbook(data)
    from imports.readers import template

    if template.is_template(workbook):
        return template.read(workbook, options)
    # A flat sheet has 项目名称 and 三级指标 in one header row; the 绩效目标表 layout never does.
    for sheet in workbook.worksheets:
        if sheet.title == excel.EXACT_SHEET:
            continue  # our hidden data sheet is never a flat sheet
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        if flat.looks_flat(rows):
            return flat.read(rows, sheet.title, options)
    if excel.is_target_workbook(workbook):
        return excel.read(workbook, options)
    names = "、".join(f"“{s.title}”" for s in workbook.worksheets)
    raise ImportFileError(
        _(
            "Excel 文件（工作表%(sheets)s）既不是绩效目标表（表格上方应有“单位：万元”），"
            "也不是平面表（表头应有“项目名称”“三级指标”等栏目），也不是批量导入模板。"
            "请下载导入页面上的模板，按模板填写后再上传。"
        )
        % {"sheets": names}
    )


def validate(result: ReadResult) -> None:
    """File-wide checks: something to import, a year, no project code twice."""
    if not any(d.tables for d in result.departments) and not result.errors:
        raise ImportFileError(_("文件中没有可导入的项目。"))
    for department in result.departments:
        seen: dict[str, str] = {}
        for table in department.tables:
            if table.code and table.code in seen:
                result.problems.append(
                    Problem(
                        _("项目“%(name)s”") % {"name": table.name},
                        _("项目编码%(code)s与项目“%(other)s”重复，同一年度的项目编码不能重复。")
                        % {"code": table.code, "other": seen[table.code]},
                        ERROR,
                    )
                )
            seen.setdefault(table.code, table.name)
