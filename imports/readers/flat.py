"""Flat sheets from other provinces' systems: one row per indicator, projects repeated or blank.

The header row is found below any title lines by its column names (with common synonyms); the
amount unit comes from a `金额单位：元` line or the header (`预算数（元）`), and 元 are converted to
万元 exactly. Every assumption is reported as a note with its place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.utils.translation import gettext as _

from core.years import parse_fiscal_year
from imports.readers.base import (
    ERROR,
    NOTE,
    WARNING,
    ImportFileError,
    Options,
    Problem,
    ReadResult,
    clean_cell,
    parse_amount,
    shorten,
    split_code_name,
    squeeze,
    year_in,
)
from imports.readers.base import (
    cell_str as _text,
)
from imports.readers.form_profile import describe, weight_total_in
from imports.readers.rows import Cells, IndicatorBuilder, settle_frames
from projects.money import yuan_to_wan
from projects.targets import DepartmentTargets, TargetTable
from reviews.checks import BASIS_ABSENT, BASIS_REQUIRED

HEADER_SEARCH_ROWS = 30
COLUMNS: dict[str, tuple[str, ...]] = {
    "department": ("单位名称", "预算单位", "预算单位名称", "部门名称", "单位", "部门", "填报单位",
                   "实施单位"),
    "department_code": ("单位编码", "单位代码", "预算单位编码"),
    "fiscal_year": ("预算年度", "年度"),
    "code": ("项目编码", "项目代码", "项目编号"),
    "name": ("项目名称",),
    "budget_total": ("预算数", "预算金额", "项目金额", "资金总额", "年度预算数", "项目预算数",
                     "当年年度预算", "年度预算", "年初安排金额", "年度资金总额", "项目总预算"),
    "fiscal_funds": ("财政资金", "其中：财政资金", "财政拨款", "其中：财政拨款", "财政拨款数",
                     "本年财政拨款"),
    "other_funds": ("其他资金", "其它资金"),
    "purpose": ("资金用途", "项目概况", "项目内容", "项目总体概况"),
    "goals": ("年度目标", "绩效目标", "年度绩效目标", "项目绩效目标", "年度主要目标和成果"),
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "indicator": ("三级指标", "指标名称"),
    "description": ("绩效指标描述", "指标描述", "指标解释", "绩效标准"),
    "sign": ("指标性质", "计算符号", "符号"),
    "value": ("指标值", "目标值", "年度指标值", "当年预期实现值"),
    "unit": ("度量单位", "计量单位"),
    "weight": ("权重", "分值", "指标权重"),
    "direction": ("指标方向性", "指标方向", "方向"),
    "basis": ("指标值确定依据", "确定依据"),
}  # fmt: skip
# Columns only a self-evaluation table (自评表) has: such a file is not a target table.
SELF_EVALUATION = ("实际完成值", "得分", "全年执行数", "执行率", "偏差原因分析及改进措施",
                   "偏差原因", "实际完成情况", "未完成原因")  # fmt: skip
SYNONYMS = {name: key for key, names in COLUMNS.items() for name in names}
REQUIRED = ("name", "indicator")
PROJECT_FIELDS = ("code", "budget_total", "fiscal_funds", "other_funds", "purpose", "goals")
AMOUNT_UNIT = re.compile(r"(?:金额)?单位[:：]\s*(万元|元)")
HEADER_UNIT = re.compile(r"[（(]\s*(万元|元)\s*[）)]")
WAN = "万元"  # the unit assumed when the sheet names none
GOAL_NUMBER = re.compile(r"^\s*\d+\s*[.．、]\s*")


@dataclass
class _Summary:
    """A parent unit's total row: its code, name, total (万元) and the units read below it."""

    code: str
    name: str
    total: Decimal | None
    row: int
    units: list[str] = field(default_factory=list)


@dataclass
class _Project:
    table: TargetTable
    first_row: int
    values: dict[str, tuple[object, int]] = field(default_factory=dict)


def find_header(rows: list[list[object]]) -> tuple[int, dict[int, str], dict[int, str]] | None:
    """(row index, column → field, column → unit named in the heading) of the header row."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns, units = {}, {}
        for column, value in enumerate(row):
            text = heading_key(str(value or ""))
            unit = HEADER_UNIT.search(text)
            key = SYNONYMS.get(HEADER_UNIT.sub("", text))
            if key and key not in columns.values():
                columns[column] = key
                if unit:
                    units[column] = unit.group(1)
        if all(k in columns.values() for k in REQUIRED):
            return index, columns, units
    return None


def heading_key(text: str) -> str:
    """A heading as matched: no whitespace, colons full-width (`其中:财政资金`)."""
    return squeeze(text).replace(":", "：")


def self_evaluation_heading(row: list[object]) -> str:
    """The first 自评表-only heading of a header row (实际完成值, 得分, …), or ""."""
    texts = {heading_key(str(value or "")) for value in row}
    return next((name for name in SELF_EVALUATION if name in texts), "")


def looks_flat(rows: list[list[object]]) -> bool:
    return find_header(rows) is not None


def read(rows: list[list[object]], sheet: str, options: Options) -> ReadResult:
    """Read one sheet (rows of cell values) into departments."""
    found = find_header(rows)
    if found is None:
        raise ImportFileError(
            _(
                "工作表“%(sheet)s”前%(rows)s行中没有找到表头行。平面表的表头应至少包含"
                "“项目名称”和“三级指标”（或“指标名称”），常见栏目还有单位名称、预算数、一级指标、"
                "二级指标、指标值、度量单位、权重等。"
            )
            % {"sheet": sheet, "rows": HEADER_SEARCH_ROWS}
        )
    if heading := self_evaluation_heading(rows[found[0]]):
        place = _("工作表“%(sheet)s” 第%(row)s行") % {"sheet": sheet, "row": found[0] + 1}
        raise ImportFileError(self_evaluation_message(place, heading))
    return _FlatReader(rows, sheet, options, found).read()


def self_evaluation_message(place: str, heading: str) -> str:
    return _(
        "%(place)s有“%(heading)s”一栏：这是绩效自评表（项目支出绩效自评表），不是绩效目标表。"
        "自评表需为Word或Excel文件，且有同一行的“三级指标”和“实际完成值”表头，本文件未导入任何"
        "内容；导入绩效目标请上传申报表、审批表或目标表。"
    ) % {"place": place, "heading": heading}


class _FlatReader:
    def __init__(self, rows, sheet: str, options: Options, found) -> None:
        self.rows, self.sheet, self.options = rows, sheet, options
        self.header, self.columns, self.header_units = found
        self.result = ReadResult(kind="flat")
        self.departments: dict[str, DepartmentTargets] = {}
        self.projects: dict[tuple[str, str, str], _Project] = {}
        self.builder = IndicatorBuilder(self.result.problems)
        self.parent: _Summary | None = None
        self.levels: tuple[_Project | None, str, str] = (None, "", "")
        self.carried = False
        self.summaries: list[_Summary] = []

    def place(self, row: int, column: int | None = None) -> str:
        where = _("工作表“%(sheet)s” 第%(row)s行") % {"sheet": self.sheet, "row": row + 1}
        if column is None:
            return where
        return _("%(where)s %(column)s列（%(heading)s）") % {
            "where": where,
            "column": _letter(column),
            "heading": _heading(self.rows[self.header][column]),
        }

    def sheet_place(self) -> str:
        return _("工作表“%(sheet)s”") % {"sheet": self.sheet}

    def problem(self, place: str, message: str, level: str = ERROR) -> None:
        self.result.problems.append(Problem(place, message, level))

    def read(self) -> ReadResult:
        self.unit = self._amount_unit()
        self.year = self._year()
        department = project = None
        for index in range(self.header + 1, len(self.rows)):
            cells = self._cells(index)
            if not any(str(v).strip() for v, _column in cells.values() if v is not None):
                continue
            if self._summary(cells, index):
                continue
            department = self._department(cells, index) or department
            if department is None:
                continue
            project = self._project(cells, index, department, project)
            if project is None:
                continue
            self._indicator(cells, index, project)
        self._finish(self.builder.composed)
        return self.result

    def _cells(self, index: int) -> dict[str, tuple[object, int]]:
        """The row's cells by field, each cleaned (a note per cell that lost characters)."""
        row = self.rows[index]
        cells = {}
        for column, key in self.columns.items():
            value = row[column] if column < len(row) else None
            if isinstance(value, str):
                where = partial(self.place, index, column)
                value = clean_cell(value, where, self.result.problems)
            cells[key] = (value, column)
        return cells

    def _amount_unit(self) -> str:
        for index, row in enumerate(self.rows[: self.header]):
            for column, value in enumerate(row):
                match = AMOUNT_UNIT.search(squeeze(str(value or "")))
                if match:
                    self.unit_place = self.place(index, column)
                    return match.group(1)
        units = set(self.header_units.values())
        if units:
            self.unit_place = self.place(self.header)
            return units.pop()
        self.problem(
            self.sheet_place(),
            _("没有找到金额单位（如“金额单位：元”），金额按万元读取，请核对。"),
            WARNING,
        )
        return WAN

    def _year(self) -> int | None:
        if self.options.fiscal_year:
            return self.options.fiscal_year
        for row in self.rows[: self.header]:
            for value in row:
                if year := year_in(str(value or "")):
                    return year
        return None

    def _summary(self, cells, index: int) -> bool:
        """A row with a unit and an amount but no project or indicator (`820-马踏镇部门`) is a
        parent unit's total (一体化 exports): kept as the parent of the units below it."""
        texts = {k: _text(cells[k][0]) for k in cells}
        amount = texts.get("budget_total", "")
        if not texts.get("department") or not amount:
            return False
        if any(texts.get(k) for k in ("name", "code", "indicator", "level1", "level2", "value")):
            return False
        code, name = split_code_name(texts["department"])
        total = self._money((cells["budget_total"][0], index), "budget_total")
        self.parent = _Summary(code, name, total, index)
        self.summaries.append(self.parent)
        self.problem(
            self.place(index),
            _(
                "“%(unit)s”这一行有金额而没有项目名称和指标，读作上级单位的汇总行（其下各单位"
                "记为它的下级），没有作为项目导入。"
            )
            % {"unit": texts["department"]},
            NOTE,
        )
        return True

    def _department(self, cells, index: int) -> DepartmentTargets | None:
        text, column = cells.get("department", (None, 0))
        code_cell = cells.get("department_code", (None, 0))[0]
        text = str(text or "").strip()
        if not text and not code_cell:
            return None
        code, name = split_code_name(text)
        code = str(code_cell or "").strip() or code or self.options.department_code
        if not code:
            self.problem(
                self.place(index, column),
                _(
                    "单位“%(name)s”没有单位编码。请写成“820001-单位名称”，或加一列“单位编码”，"
                    "或在上传时填写单位编码。"
                )
                % {"name": name},
            )
            return None
        if code not in self.departments:
            year = self._row_year(cells, index)
            self.departments[code] = DepartmentTargets(code, name, year or 0)
            if self.parent is not None and self.parent.code != code:
                self.result.parents[code] = (self.parent.code, self.parent.name)
            if self.parent is not None:
                self.parent.units.append(code)
        department = self.departments[code]
        if name and not department.department_name:
            department.department_name = name
        return department

    def _row_year(self, cells, index: int) -> int | None:
        value, column = cells.get("fiscal_year", (None, 0))
        if value not in (None, ""):
            try:
                return parse_fiscal_year(_text(value))
            except ValueError as error:
                self.problem(
                    self.place(index, column),
                    _("预算年度“%(value)s”：%(error)s")
                    % {"value": shorten(_text(value)), "error": error},
                )
                return None
        if not self.year:
            self.problem(
                self.place(index),
                _("无法确定预算年度：请加一列“预算年度”，或在上传时选择年度。"),
            )
        return self.year

    def _project(self, cells, index, department, previous: _Project | None) -> _Project | None:
        name = str(cells["name"][0] or "").strip()
        code = str(cells.get("code", (None, 0))[0] or "").strip()
        if not name and not code:
            if previous is None or previous.table.department_code != department.department_code:
                self.problem(
                    self.place(index, cells["name"][1]), _("项目名称为空，请填写项目名称。")
                )
                return None
            return previous
        key = (department.department_code, code, name)
        if key not in self.projects:
            table = TargetTable(
                department.department_code,
                department.department_name,
                department.fiscal_year,
                name=name,
                code=code,
            )
            self.projects[key] = _Project(table, index)
            department.tables.append(table)
        project = self.projects[key]
        for field_name in PROJECT_FIELDS[1:]:
            self._project_value(project, cells, field_name, index)
        return project

    def _project_value(self, project: _Project, cells, field_name: str, index: int) -> None:
        value, column = cells.get(field_name, (None, 0))
        if value is None or str(value).strip() == "":
            return
        seen = project.values.get(field_name)
        if seen is None:
            project.values[field_name] = (value, index)
        elif str(seen[0]).strip() != str(value).strip():
            self.problem(
                self.place(index, column),
                _(
                    "项目“%(name)s”的%(heading)s与第%(row)s行不同（“%(seen)s”与“%(value)s”），"
                    "同一项目只能有一个值，请统一后重新上传。"
                )
                % {
                    "name": project.table.name,
                    "heading": _heading(self.rows[self.header][column]),
                    "row": seen[1] + 1,
                    "seen": seen[0],
                    "value": value,
                },
            )

    def _indicator(self, cells, index: int, project: _Project) -> None:
        texts = {k: _text(cells.get(k, (None, 0))[0]) for k in COLUMNS}
        if not any(texts[k] for k in ("indicator", "level1", "level2", "value", "unit")):
            return
        level1, level2 = texts["level1"], texts["level2"]
        if level1:
            level1 = self.builder.level1(level1, self.place(index, cells["level1"][1]))
        level1, level2 = self._carry(project, level1, level2, texts["indicator"], index)
        row = self.builder.build(
            Cells(
                level1=level1,
                level2=level2,
                name=texts["indicator"],
                description=texts["description"],
                value=texts["value"],
                unit=texts["unit"],
                basis=texts["basis"],
                weight=texts["weight"],
                qualifiers=tuple((k, texts[k]) for k in ("sign", "direction") if k in cells),
            ),
            lambda key: self._cell_place(cells, index, key),
            project.table.name,
        )
        if row is not None:
            project.table.indicators.append(row)

    def _cell_place(self, cells, index: int, key: str) -> str:
        key = "indicator" if key == "name" else key  # the 三级 column (`name` is the project's)
        return self.place(index, cells[key][1] if key in cells else None)

    def _carry(self, project: _Project, level1: str, level2: str, name: str, index: int):
        """Blank 一级/二级 cells under a row of the same project continue it: vertically
        merged cells (blank in the sheet's values) and exports that print a level once."""
        above = self.levels if self.levels[0] is project else (project, "", "")
        carried = False
        if name and not level1 and above[1]:
            level1, carried = above[1], True
            if not level2 and above[2]:
                level2 = above[2]
        self.levels = (project, level1, level2)
        if carried and not self.carried:
            self.carried = True
            self.problem(
                self.place(index),
                _(
                    "一级指标为空的指标行（合并单元格或只在首行填写）沿用同一项目上一行的一级"
                    "（及二级）指标，请核对。"
                ),
                NOTE,
            )
        return level1, level2

    def _finish(self, composed: bool) -> None:
        for project in self.projects.values():
            self._settle_project(project)
        if self.unit == "元" and self.projects:
            self.problem(
                getattr(self, "unit_place", None) or self.sheet_place(),
                _("金额单位为元，已按万元精确换算（除以10000，不四舍五入）。"),
                NOTE,
            )
        if composed:
            self.problem(
                self.sheet_place(),
                _("指标值由“计算符号、指标值、度量单位”几栏合成为表中的写法（如 ≥95%）。"),
                NOTE,
            )
        for summary in self.summaries:
            self._compare_total(summary)
        self.result.departments = list(self.departments.values())
        traits = self._form()
        for department in self.result.departments:
            settle_frames(department, self.sheet_place(), self.result.problems)
            department.form = dict(traits)
        if self.result.departments and (note := describe(traits)):
            self.problem(self.sheet_place(), note, NOTE)
        if not self.projects and not self.result.errors:
            raise ImportFileError(
                _("工作表“%(sheet)s”表头下面没有任何项目数据。") % {"sheet": self.sheet}
            )

    def _form(self) -> dict[str, object]:
        """What the sheet shows of its form: the basis column and a stated total. A flat sheet
        never carries a spending plan or the department's goals, so it tells nothing of them."""
        traits: dict[str, object] = {
            "basis_column": BASIS_REQUIRED if "basis" in self.columns.values() else BASIS_ABSENT
        }
        total = weight_total_in(_text(v) for row in self.rows[: self.header + 1] for v in row)
        if total:
            traits["weight_total"] = total
        return traits

    def _compare_total(self, summary: _Summary) -> None:
        """The total against the projects read below it: a difference is a note (published
        files are often partial), never an error."""
        if summary.total is None:
            return
        tables = [t for code in summary.units for t in self.departments[code].tables]
        read = sum((t.budget_total or Decimal(0) for t in tables), Decimal(0))
        facts = {
            "unit": f"{summary.code}-{summary.name}" if summary.code else summary.name,
            "total": summary.total,
            "count": len(tables),
            "read": read,
        }
        if read == summary.total:
            message = _(
                "汇总行“%(unit)s”的金额 %(total)s 万元与其下%(count)s个项目的预算数之和一致。"
            )
        else:
            facts["difference"] = summary.total - read
            message = _(
                "汇总行“%(unit)s”的金额 %(total)s 万元与其下%(count)s个项目的预算数之和 "
                "%(read)s 万元相差 %(difference)s 万元：文件可能只含部分项目，已按读到的项目"
                "导入，请核对。"
            )
        self.problem(self.place(summary.row), message % facts, NOTE)

    def _settle_project(self, project: _Project) -> None:
        table, values = project.table, project.values
        for field_name in ("budget_total", "fiscal_funds", "other_funds"):
            if field_name in values:
                setattr(table, field_name, self._money(values[field_name], field_name))
        table.purpose = _text(values.get("purpose", ("", 0))[0])
        goals = _text(values.get("goals", ("", 0))[0])
        table.goals = [GOAL_NUMBER.sub("", g, count=1).strip() for g in goals.split("\n")]
        table.goals = [g for g in table.goals if g]
        if table.fiscal_funds is None and table.budget_total is not None:
            table.fiscal_funds = table.budget_total - (table.other_funds or Decimal(0))
            self.problem(
                self.place(project.first_row),
                _("项目“%(name)s”没有“财政资金”一栏，按预算数减其他资金计为财政资金，请核对。")
                % {"name": table.name},
                NOTE,
            )
        if not table.code:
            self.problem(
                self.place(project.first_row),
                _("项目“%(name)s”没有项目编码：按单位、年度和项目名称识别，编码留空待补。")
                % {"name": table.name},
                NOTE,
            )

    def _money(self, cell: tuple[object, int], field_name: str) -> Decimal | None:
        value, index = cell
        column = next(c for c, k in self.columns.items() if k == field_name)
        amount, note = parse_amount(value)
        if amount is None:
            if note:
                self.problem(self.place(index, column), note)
            return None
        if note:
            self.problem(self.place(index, column), note, NOTE)
        return yuan_to_wan(amount) if self.unit == "元" else amount


def _heading(value: object) -> str:
    return str(value or "").strip()


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column + 1)
