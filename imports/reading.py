"""Read an uploaded file of any supported kind into departments and located problems."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from core.text import REMOVED_NOTE, clean_nested
from core.years import YEAR_RANGE_MESSAGE, is_fiscal_year
from imports import safety
from imports.readers import docx as word
from imports.readers import flat
from imports.readers import xlsx as excel
from imports.readers.base import ERROR, NOTE, ImportFileError, Options, Problem, ReadResult
from imports.readers.sheets import open_workbook
from projects.targets import department_from_dict, department_to_dict


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
        result = flat.read(_csv_rows(safety.decode_text(data)), "CSV", options)
    for department in result.departments:  # kept with the unit, so the stored batch has it
        if department.department_code in result.parents:
            parent = result.parents[department.department_code]
            department.parent_code, department.parent_name = parent
    validate(result)
    return result


def _csv_rows(text: str) -> list[list[str]]:
    """The CSV's rows; a cell beyond the csv module's limit (131,072 characters) or a broken
    quote is a located message, never an exception."""
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text))
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as error:
        if "field limit" in str(error):
            message = _(
                "CSV 第%(row)s行有一个单元格超过%(limit)s个字符，不像正常的绩效目标表，"
                "请检查该行（可能缺少配对的引号）。"
            ) % {"row": len(rows) + 1, "limit": csv.field_size_limit()}
        else:
            message = _("CSV 第%(row)s行格式有误（%(error)s），请用 Excel 打开后另存为 CSV。") % {
                "row": len(rows) + 1,
                "error": error,
            }
        raise ImportFileError(message) from error
    return rows


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
    details = "；".join(_describe(sheet) for sheet in workbook.worksheets)
    raise ImportFileError(
        _(
            "Excel 文件中没有可识别的表格：%(details)s。绩效目标表应有“项目名称”和一行"
            "“一级指标、二级指标、三级指标…”表头；平面表的表头行应同时有“项目名称”和"
            "“三级指标”；也可以下载导入页面上的批量导入模板，按模板填写后再上传。"
        )
        % {"details": details}
    )


DESCRIBED_LABELS = ("项目名称", "一级指标", "三级指标")


def _describe(sheet) -> str:
    """What a sheet holds of the labels a table needs, with their places: the refusal of an
    unrecognised workbook names what is missing where."""
    found: dict[str, str] = {}
    for row in sheet.iter_rows(max_row=flat.HEADER_SEARCH_ROWS * 2):
        for cell in row:
            key = "".join(str(cell.value or "").split())
            if key in DESCRIBED_LABELS and key not in found:
                found[key] = _("%(cell)s格") % {"cell": cell.coordinate}
    seen = "、".join(f"“{k}”（{v}）" for k, v in found.items())
    missing = "、".join(f"“{k}”" for k in DESCRIBED_LABELS if k not in found)
    parts = [_("工作表“%(sheet)s”") % {"sheet": sheet.title}]
    if seen:
        parts.append(_("有%(labels)s") % {"labels": seen})
    if missing:
        parts.append(_("没有%(labels)s") % {"labels": missing})
    elif "一级指标" in found:
        parts.append(_("但“项目名称”与指标表头的位置不像目标表，也不在同一行"))
    return "，".join(parts)


def validate(result: ReadResult) -> None:
    """File-wide checks: something to import, a year, no project code twice."""
    if not any(d.tables for d in result.departments) and not result.errors:
        raise ImportFileError(_("文件中没有可导入的项目。"))
    _clean_strings(result)
    for department in result.departments:
        if not is_fiscal_year(department.fiscal_year) and not result.errors:
            # The readers locate a bad year at its cell; this guards any way they missed.
            result.problems.append(
                Problem(_("单位%(code)s") % {"code": department.department_code},
                        str(YEAR_RANGE_MESSAGE))
            )  # fmt: skip
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


def _clean_strings(result: ReadResult) -> None:
    """Last guard of the text policy on what the readers built (e.g. exact values embedded in
    our exports): the readers clean each cell; anything left is cleaned here, with a note."""
    for number, department in enumerate(result.departments):
        data, removed = clean_nested(department_to_dict(department))
        if removed:
            result.departments[number] = department_from_dict(data)
            result.problems.append(
                Problem(
                    _("单位%(code)s") % {"code": department.department_code},
                    str(REMOVED_NOTE) % {"count": removed},
                    NOTE,
                )
            )
