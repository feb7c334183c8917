"""The batch template for hand entry: 项目 and 指标 sheets (drop-downs), 填写说明.

Indicators are keyed by 项目编码, or by 项目名称 for projects without a code. Amounts are 万元.
"""

from __future__ import annotations

import io
from decimal import Decimal
from functools import partial

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.years import parse_fiscal_year
from imports.readers import base
from imports.readers.base import ERROR, Options, Problem, ReadResult, parse_amount
from imports.readers.base import cell_str as _text
from imports.readers.rows import DIRECTIONS
from imports.readers.sheets import place_of
from indicators.frames import CAIYU_2021_101, CLASSIC
from projects.targets import DepartmentTargets, IndicatorRow, TargetTable

PROJECT_SHEET, INDICATOR_SHEET, HELP_SHEET, LIST_SHEET = "项目", "指标", "填写说明", "选项"
PROJECT_HEADERS = ("单位编码", "单位名称", "预算年度", "项目编码", "项目名称", "预算数（万元）",
                   "财政资金（万元）", "其他资金（万元）", "资金用途", "3月底", "6月底", "10月底",
                   "12月底", "绩效目标（每行一条）")  # fmt: skip
INDICATOR_HEADERS = ("项目编码", "项目名称", "一级指标", "二级指标", "三级指标", "绩效指标描述",
                     "计算符号", "指标值", "计量单位", "指标值确定依据", "权重",
                     "指标方向")  # fmt: skip
COMPARATORS = ("≥", "≤", "＝", "＞", "＜", "定性")
BASES = ("计划标准", "行业标准", "历史标准", "国际标准", "其他")
# Instructions for the clerk (translatable); the sheet and column names above are the template's
# format, read back by `read`, so they stay as they are.
HELP = (
    gettext_lazy("绩效目标批量导入模板 · 填写说明"),
    gettext_lazy("1. “项目”工作表每行一个项目；金额单位为万元，可填到小数点后六位（0.01元）。"),
    gettext_lazy("2. 没有项目编码时留空，不要编造；此时按单位、年度和项目名称识别项目。"),
    gettext_lazy(
        "3. “指标”工作表每行一个指标，用项目编码（无编码时用项目名称）对应到“项目”工作表。"
    ),
    gettext_lazy("4. 一级指标、二级指标、计算符号、指标值确定依据、指标方向请从下拉列表中选择。"),
    gettext_lazy("5. 指标值写数字或文字；计算符号选“定性”时，指标值写文字（如“明显改善”）。"),
    gettext_lazy("6. 资金支出计划填累计金额（万元）；某个时点没有安排就留空。"),
    gettext_lazy("7. 整个文件要么全部导入，要么一项也不导入；有问题时会指出工作表、行和列。"),
)


def is_template(workbook) -> bool:
    return {PROJECT_SHEET, INDICATOR_SHEET} <= set(workbook.sheetnames)


# --- the downloadable template ---


def template_bytes() -> bytes:
    """The template workbook with drop-down validation from the classic frame."""
    workbook = Workbook()
    help_sheet = workbook.active
    help_sheet.title = HELP_SHEET
    help_sheet.column_dimensions["A"].width = 100
    for line in HELP:
        help_sheet.append([str(line)])
    help_sheet["A1"].font = Font(bold=True, size=14)
    _headed(workbook.create_sheet(PROJECT_SHEET), PROJECT_HEADERS)
    indicators = _headed(workbook.create_sheet(INDICATOR_SHEET), INDICATOR_HEADERS)
    _lists(workbook, indicators)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _headed(sheet, headers: tuple[str, ...]):
    sheet.append(list(headers))
    fill = PatternFill("solid", fgColor="DDEBF7")
    for column, _header in enumerate(headers, start=1):
        cell = sheet.cell(1, column)
        cell.font, cell.fill = Font(bold=True), fill
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = 16
    sheet.freeze_panes = "A2"
    return sheet


def _lists(workbook: Workbook, indicators) -> None:
    """Drop-downs read their choices from a hidden sheet (no 255-character limit)."""
    lists = workbook.create_sheet(LIST_SHEET)
    lists.sheet_state = "hidden"
    frames = (CLASSIC, CAIYU_2021_101)  # the frame is chosen per region and year
    level1s = list(dict.fromkeys(l1 for frame in frames for l1 in frame))
    level2s = list(
        dict.fromkeys(l2 for frame in frames for names in frame.values() for l2 in names)
    )
    columns = {
        "C": level1s,
        "D": level2s,
        "G": list(COMPARATORS),
        "J": list(BASES),
        "L": list(DIRECTIONS),
    }
    for n, (target, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(n)
        for row, value in enumerate(values, start=1):
            lists.cell(row, n, value)
        validation = DataValidation(
            type="list",
            formula1=f"={LIST_SHEET}!${letter}$1:${letter}${len(values)}",
            allow_blank=True,
            showErrorMessage=target != "J",  # 依据 also takes free text
            errorTitle=_("请从列表中选择"),
            error=_("请从下拉列表中选择。"),
        )
        validation.add(f"{target}2:{target}2000")
        indicators.add_data_validation(validation)


# --- reading a filled template ---


def read(workbook, options: Options) -> ReadResult:
    """Projects from 项目, their indicators from 指标; every problem with sheet, row, column."""
    result = ReadResult(kind="template")
    departments: dict[str, DepartmentTargets] = {}
    by_key: dict[str, TargetTable] = {}
    projects = workbook[PROJECT_SHEET]
    for row in projects.iter_rows(min_row=2):
        values = _cleaned(row[: len(PROJECT_HEADERS)], projects, result)
        if not any(v not in (None, "") for v in values):
            continue
        table = _project(values, row[0].row, projects, options, result, departments)
        if table is not None:
            by_key[table.code or table.name] = table
    sheet = workbook[INDICATOR_SHEET]
    for row in sheet.iter_rows(min_row=2):
        values = _cleaned(row[: len(INDICATOR_HEADERS)], sheet, result)
        if any(v not in (None, "") for v in values):
            _indicator(values, row[0].row, sheet, by_key, result)
    result.departments = list(departments.values())
    return result


def _cleaned(cells, sheet, result: ReadResult) -> list[object]:
    """The cells' values under the text policy, a note at each cell that lost characters."""
    problems = result.problems
    return [
        base.clean_cell(c.value, partial(place_of, sheet, c.row, c.column), problems) for c in cells
    ]


def _project(values, row, sheet, options, result, departments) -> TargetTable | None:
    values = [*values, *[None] * (len(PROJECT_HEADERS) - len(values))]
    code = _text(values[0]) or options.department_code
    year, year_error = (options.fiscal_year, "") if options.fiscal_year else _year(values[2])
    if year_error:
        result.problems.append(
            Problem(
                place_of(sheet, row, 3),
                _("预算年度“%(value)s”：%(error)s")
                % {"value": base.shorten(_text(values[2])), "error": year_error},
            )
        )
        return None
    required = {_("单位编码"): code, _("预算年度"): year, _("项目名称"): _text(values[4])}
    missing = "、".join(label for label, value in required.items() if not value)
    if missing:
        result.problems.append(
            Problem(place_of(sheet, row, 1), _("缺少%(fields)s，请填写。") % {"fields": missing})
        )
        return None
    department = departments.setdefault(code, DepartmentTargets(code, _text(values[1]), year))
    money = [_money(values[i], sheet, row, i + 1, result) for i in (5, 6, 7, 9, 10, 11, 12)]
    goals = [g.strip() for g in _text(values[13]).split("\n") if g.strip()]
    table = TargetTable(
        code, department.department_name, year, name=_text(values[4]), code=_text(values[3]),
        budget_total=money[0], fiscal_funds=money[1], other_funds=money[2],
        purpose=_text(values[8]), spending_plan=tuple(money[3:]), goals=goals,
    )  # fmt: skip
    department.tables.append(table)
    return table


def _year(value: object) -> tuple[int | None, str]:
    """(year, "") or (None, why not); blank is (None, "") — reported as missing."""
    if not _text(value):
        return None, ""
    try:
        return parse_fiscal_year(_text(value)), ""
    except ValueError as error:
        return None, str(error)


def _money(value, sheet, row, column, result) -> Decimal | None:
    amount, note = parse_amount(value)
    if amount is None and note:
        result.problems.append(Problem(place_of(sheet, row, column), note, ERROR))
    return amount


def _indicator(values, row, sheet, by_key, result) -> None:
    values = [_text(v) for v in values]
    values += [""] * (len(INDICATOR_HEADERS) - len(values))
    key = values[0] or values[1]
    table = by_key.get(key)
    if table is None:
        result.problems.append(
            Problem(
                place_of(sheet, row, 1 if values[0] else 2),
                _("“%(key)s”在“项目”工作表中找不到，请核对项目编码（无编码时核对项目名称）。")
                % {"key": key},
            )
        )
        return
    sign, value, unit = values[6], values[7], values[8]
    if sign and sign != "定性":
        value = f"{sign}{value}"
    if unit and sign != "定性" and not value.endswith(unit):
        value = f"{value}{unit}"
    weight = _money(values[10] or None, sheet, row, 11, result)
    direction = DIRECTIONS.get(values[11], "")
    if values[11] and not direction:
        result.problems.append(
            Problem(
                place_of(sheet, row, 12),
                _("指标方向“%(text)s”应为正向、反向或中性。") % {"text": values[11]},
            )
        )
    row_values = dict(zip(("level1", "level2", "name", "description"), values[2:6], strict=True))
    table.indicators.append(
        IndicatorRow(**row_values, value=value, basis=values[9], weight=weight, direction=direction)
    )
