"""Import a 项目支出绩效自评表 from Word (the Anhui form, our own export) or Excel (our own
export, one sheet per table; a Sichuan-style code before the name) into the unit's
self-evaluation: actuals, scores, deviations and the funds, matched to the approved targets.

`read_docx(file)` and `read_xlsx(file)` find every table that heads its indicator rows with
三级指标 and 实际完成值 (by labels, not positions) and return plain `ImportedTable`s;
`evaluation_import` matches them to the approved projects (by name; a Sichuan-style
21-character code before the name is taken off) and indicators (by 三级 name), saves through
`services.evaluation_save` (one transaction, the same validation as the page) and reports,
with its place, every project or indicator it could not match and every 年度指标值 that
differs from the approved one. Excel numbers arrive as binary floats and are read as their
shortest decimal text (`132.912`), as the cell shows them.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

import docx
import openpyxl
from django.utils.translation import gettext as _
from docx.opc.exceptions import PackageNotFoundError

from evaluation import scoring, selectors, services
from evaluation.models import SelfEvaluation
from indicators.values import parse_decimal
from projects.targets import DepartmentTargets, IndicatorRow, TargetTable

MAX_BYTES = 20 * 1024 * 1024
CODE_PREFIX = re.compile(r"^([0-9A-Z]{21})[\s\-－_]*")
# The form's labels (data of the official form, matched against the file's cells).
NAME, ACTUAL, TARGET, LEVEL3 = "项目名称", "实际完成值", "年度指标值", "三级指标"
LEVEL1, LEVEL2 = "一级指标", "二级指标"
SCORE, DEVIATION = "得分", "偏差原因分析及改进措施"
# The Sichuan 一体化 export splits 年度指标值 into 指标性质 · 指标值 · 度量单位, has 权重 where the
# common form has 分值, and 未完成原因 where it has 偏差原因分析及改进措施.
SIGN, VALUE, UNIT, WEIGHT, POINTS = "指标性质", "指标值", "度量单位", "权重", "分值"
REASONS = (DEVIATION, "未完成原因", "偏差原因")
UNITS = (UNIT, "计量单位")
SIGNS = {"≥": "≥", ">=": "≥", "大于等于": "≥", "≤": "≤", "<=": "≤", "小于等于": "≤",
         "=": "=", "＝": "=", "等于": "=", "＞": ">", ">": ">", "大于": ">",
         "＜": "<", "<": "<", "小于": "<"}  # fmt: skip
FUNDS_ROWS = ("年度资金总额", "其中：本年财政拨款", "本年财政拨款", "财政拨款")
SUMMARY = "实际完成情况"


@dataclass
class ImportedRow:
    name: str
    target: str
    actual: str
    score: Decimal | None
    deviation: str
    place: str
    level1: str = ""
    level2: str = ""
    weight: Decimal | None = None  # the file's 分值 or 权重 of the indicator


@dataclass
class ImportedTable:
    name: str
    place: str
    code: str = ""  # the 21-character project code a Sichuan export puts before the name
    budget: Decimal | None = None  # 年初预算数
    fiscal: Decimal | None = None  # 年初预算数 of 本年财政拨款
    goals: str = ""  # 年度总体目标: 预期目标
    annual_budget: Decimal | None = None
    executed: Decimal | None = None
    actual_summary: str = ""
    rows: list[ImportedRow] = field(default_factory=list)


def _squeeze(text: str) -> str:
    """A cell as matched: no whitespace, full-width colons, no trailing colon."""
    return re.sub(r"\s+", "", text or "").replace(":", "：").removesuffix("：")


def _grid(table) -> list[list[str]]:
    """Each row's text per layout-grid column (merged cells repeated, as python-docx gives)."""
    return [[cell.text.strip() for cell in row.cells] for row in table.rows]


def _first_after(row: list[str], label: str) -> str:
    """The first cell after the label that is not the label itself (a merged label repeats)."""
    seen = False
    for text in row:
        if _squeeze(text) == label:
            seen = True
        elif seen and text:
            return text
    return ""


def _number(text: str) -> Decimal | None:
    return parse_decimal(text) if text else None


def read_docx(file) -> list[ImportedTable]:
    """Every 自评表 in a Word file, in order."""
    tables: list[ImportedTable] = []
    for number, table in enumerate(docx.Document(file).tables, start=1):
        _read_grid(
            _grid(table),
            tables,
            _("第%(n)s个表格") % {"n": number},
            lambda row, n=number: _("第%(n)s个表格第%(row)s行") % {"n": n, "row": row},
        )
    return [t for t in tables if t.rows]


def read_xlsx(file) -> list[ImportedTable]:
    """Every 自评表 in an Excel workbook (one per sheet, as our export and the provinces'
    systems write them; merged cells read as their top-left value)."""
    tables: list[ImportedTable] = []
    book = openpyxl.load_workbook(file, data_only=True)
    for sheet in book.worksheets:
        _read_grid(
            _sheet_grid(sheet),
            tables,
            _("工作表“%(name)s”") % {"name": sheet.title},
            lambda row, name=sheet.title: (
                _("工作表“%(name)s”第%(row)s行") % {"name": name, "row": row}
            ),
        )
    return [t for t in tables if t.rows]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):  # Excel holds numbers as binary floats: the shortest repr
        return repr(value).removesuffix(".0")
    return str(value).strip()


def _sheet_grid(sheet) -> list[list[str]]:
    grid = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        top = grid[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, merged.max_row):
            for c in range(merged.min_col - 1, merged.max_col):
                grid[r][c] = top
    return grid


def _read_grid(grid, tables: list[ImportedTable], table_place: str, row_place) -> None:
    """Read one table (Word) or sheet (Excel): a 项目名称 starts a project's table, a heading
    row of 三级指标 and 实际完成值 starts its indicator rows (Word prints them as two tables)."""
    heading = next(
        (i for i, row in enumerate(grid) if {LEVEL3, ACTUAL} <= {_squeeze(t) for t in row}),
        None,
    )
    names = [row for row in grid if NAME in {_squeeze(t) for t in row}]
    if heading is None and not names:
        return
    if names:
        text = _first_after(names[0], NAME).strip()
        code = match.group(1) if (match := CODE_PREFIX.match(text)) else ""
        name = CODE_PREFIX.sub("", text).strip()
        tables.append(ImportedTable(name=name, place=table_place, code=code))
    if not tables:
        return
    current = tables[-1]
    _read_funds(grid, current)
    if heading is not None:
        _read_rows(grid, heading, current, row_place)


def _read_funds(grid: list[list[str]], table: ImportedTable) -> None:
    head = next((row for row in grid if "全年执行数" in {_squeeze(t) for t in row}), None)
    if head is not None:
        squeezed = [_squeeze(t) for t in head]
        done_at = squeezed.index("全年执行数")
        budget_at = squeezed.index("全年预算数") if "全年预算数" in squeezed else done_at - 1
        initial_at = squeezed.index("年初预算数") if "年初预算数" in squeezed else None
        for label in FUNDS_ROWS:  # 年度资金总额 first; its 0 gives way to 财政拨款
            row = next((r for r in grid if r and label in {_squeeze(t) for t in r}), None)
            if row is None or len(row) <= done_at:
                continue
            budget, done = _number(row[budget_at]), _number(row[done_at])
            if label != FUNDS_ROWS[0] and initial_at is not None and table.fiscal is None:
                table.fiscal = _number(row[initial_at])  # 财政拨款's 年初预算数
            if budget:
                table.annual_budget, table.executed = budget, done
                if initial_at is not None:
                    table.budget = _number(row[initial_at])
                break
    for i, row in enumerate(grid):
        squeezed = [_squeeze(t) for t in row]
        if SUMMARY in squeezed and i + 1 < len(grid):
            column = squeezed.index(SUMMARY)
            table.actual_summary = grid[i + 1][column]
            if "预期目标" in squeezed:
                table.goals = grid[i + 1][squeezed.index("预期目标")]


def _read_rows(grid: list[list[str]], heading: int, table: ImportedTable, row_place) -> None:
    columns = {_squeeze(t): i for i, t in reversed(list(enumerate(grid[heading])))}

    def first(*labels: str) -> int | None:
        return next((columns[label] for label in labels if label in columns), None)

    at = {
        LEVEL1: first(LEVEL1),
        LEVEL2: first(LEVEL2),
        LEVEL3: first(LEVEL3),
        TARGET: first(TARGET, VALUE),
        SIGN: first(SIGN),
        UNIT: first(*UNITS),
        ACTUAL: first(ACTUAL),
        SCORE: first(SCORE),
        WEIGHT: first(POINTS, WEIGHT),
        DEVIATION: first(*REASONS),
    }
    level1 = level2 = ""
    for offset, row in enumerate(grid[heading + 1 :], start=heading + 2):

        def text(key: str, row=row) -> str:
            index = at[key]
            return row[index].strip() if index is not None and index < len(row) else ""

        name = text(LEVEL3)
        if not name or _squeeze(name) in ("总分", LEVEL3):
            continue
        level1, level2 = text(LEVEL1) or level1, text(LEVEL2) or level2
        unit = text(UNIT)
        table.rows.append(
            ImportedRow(
                name=name,
                target=_target(text(SIGN), text(TARGET), unit),
                actual=_with_unit(text(ACTUAL), unit),
                score=_number(text(SCORE)),
                deviation=text(DEVIATION),
                place=row_place(offset),
                level1=level1,
                level2=level2,
                weight=_number(text(WEIGHT)),
            )
        )


def _bare_number(text: str) -> bool:
    return bool(re.fullmatch(r"-?\d+(\.\d+)?", text))


def _with_unit(value: str, unit: str) -> str:
    """A Sichuan cell holds the bare number; its unit is in 度量单位."""
    return f"{value}{unit}" if unit and _bare_number(value) else value


def _target(sign: str, value: str, unit: str) -> str:
    """年度指标值 as the common form writes it: `≥95%` from 指标性质 ≥, 指标值 95, 度量单位 %.
    A 指标性质 of 定性 (or a word the comparators do not name) leaves the value as it is."""
    value = _with_unit(value, unit)
    comparator = SIGNS.get(_squeeze(sign), "")
    if comparator and value and value[0] not in "≥≤=＝<>＜＞":
        return comparator + value
    return value


@dataclass
class ImportReport:
    projects: int = 0
    indicators: int = 0
    problems: list[str] = field(default_factory=list)


def evaluation_import(
    *, evaluation: SelfEvaluation, tables: list[ImportedTable], user
) -> ImportReport:
    """Store the tables' values in the self-evaluation (one save, one transaction)."""
    sheet = selectors.evaluation_sheet(evaluation)
    by_name = {_squeeze(p.name): p for p in sheet.projects}
    report = ImportReport()
    for table in tables:
        project = by_name.get(_squeeze(table.name))
        if project is None:
            report.problems.append(
                _("%(place)s：项目“%(name)s”不在本年度审核通过的项目中，未导入。")
                % {"place": table.place, "name": table.name}
            )
            continue
        report.projects += 1
        if table.annual_budget is not None:
            project.annual_budget = table.annual_budget
        if table.executed is not None:
            project.executed = table.executed
        if table.actual_summary:
            project.actual_summary = table.actual_summary
        rows = {_squeeze(r.name): r for r in project.rows}
        for imported in table.rows:
            row = rows.get(_squeeze(imported.name))
            if row is None:
                report.problems.append(
                    _("%(place)s：三级指标“%(name)s”不在“%(project)s”审核通过的指标中，未导入。")
                    % {"place": imported.place, "name": imported.name, "project": project.name}
                )
                continue
            if _squeeze(imported.target) != _squeeze(row.target):
                report.problems.append(
                    _(
                        "%(place)s：“%(name)s”的年度指标值为“%(file)s”，与审核通过的“%(approved)s”"
                        "不同；已导入实际完成值，评分以审核通过的指标值为准。"
                    )
                    % {
                        "place": imported.place,
                        "name": imported.name,
                        "file": imported.target,
                        "approved": row.target,
                    }
                )
            approved_weight = row.weight if row.weight is not None else row.points
            if imported.weight is not None and imported.weight != approved_weight:
                report.problems.append(
                    _(
                        "%(place)s：“%(name)s”的分值（权重）为%(file)s，与审核通过的%(approved)s"
                        "不同；评分以审核通过的分值为准。"
                    )
                    % {
                        "place": imported.place,
                        "name": imported.name,
                        "file": imported.weight,
                        "approved": approved_weight,
                    }
                )
            row.actual, row.deviation = imported.actual, imported.deviation
            if imported.score is not None and imported.score != row.proposal.score:
                row.score = imported.score  # the check asks for the reason if it differs
            report.indicators += 1
    services.evaluation_save(evaluation=evaluation, sheet=sheet, user=user)
    return report


def read_bytes(data: bytes) -> list[ImportedTable]:
    """The 自评表 tables of a Word or Excel file given as bytes ([] for anything else)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except zipfile.BadZipFile:
        return []
    try:
        if "word/document.xml" in names:
            return read_docx(io.BytesIO(data))
        if "xl/workbook.xml" in names:
            return read_xlsx(io.BytesIO(data))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, PackageNotFoundError):
        return []
    return []


def scheme_of(tables: list[ImportedTable]) -> str:
    """`indicators_only` when the file's indicator weights add up to 100 per project (the
    Sichuan 60 + 30 + 10: 预算执行 is not among the weighted rows), else `standard`."""
    totals = [sum((r.weight or Decimal(0)) for r in t.rows) for t in tables if t.rows]
    if totals and all(total == 100 for total in totals):
        return scoring.INDICATORS_ONLY.code
    return scoring.STANDARD.code


def as_targets(
    tables: list[ImportedTable], *, department_code: str, department_name: str, fiscal_year: int
) -> DepartmentTargets:
    """The targets a 自评表 carries (project, 年初预算数, 预期目标, 一级/二级/三级, 年度指标值,
    分值 as 权重), for a year that has none: what the unit set then, read back."""
    targets = DepartmentTargets(department_code, department_name, fiscal_year)
    for table in tables:
        budget = table.budget if table.budget is not None else table.annual_budget
        fiscal = table.fiscal if table.fiscal is not None else budget
        targets.tables.append(
            TargetTable(
                department_code=department_code,
                department_name=department_name,
                fiscal_year=fiscal_year,
                name=table.name,
                code=table.code,
                budget_total=budget,
                fiscal_funds=fiscal,
                other_funds=budget - fiscal if budget is not None else None,
                goals=[table.goals] if table.goals else [],
                indicators=[
                    IndicatorRow(
                        level1=r.level1,
                        level2=r.level2,
                        name=r.name,
                        value=r.target,
                        weight=r.weight,
                    )
                    for r in table.rows
                ],
            )
        )
    return targets
