"""The Hebei 绩效目标表 layout read back from rows of cells (Word tables, Excel sheets).

Word and Excel readers turn their files into `Block`s — paragraphs and tables whose cells know
their grid column and their place in the file — and this module finds the department document
in them: the 第一部分 narrative, then each `N.<项目名称>绩效目标表` title with its table(s).
Labels are matched without whitespace, values are kept as typed (trimmed at the ends only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import partial

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports.readers.base import (
    ERROR,
    NOTE,
    WARNING,
    Options,
    Problem,
    ReadResult,
    clean_cell,
    parse_amount,
    split_code_name,
    squeeze,
    year_in,
)
from imports.readers.embedded import Exact, Reconciler, TablePlaces
from projects.money import yuan_to_wan
from projects.targets import CHECKPOINT_LABELS, DepartmentTargets, IndicatorRow, TargetTable

TITLE = re.compile(r"^\s*(\d+)\s*[.．、]\s*(.+?)\s*绩效目标表\s*$")
SECTION = re.compile(r"^\s*([一二三])\s*、\s*(.*)$")
ITEM = re.compile(r"^\s*\d+\s*[、.．]\s*")
GOAL_NUMBER = re.compile(r"^\s*\d+\s*[.．、]\s*")
TOC_LINE = re.compile(r"\t\s*\d*\s*$")
SECTION_NAMES = {"一": "总体绩效目标", "二": "分项绩效目标", "三": "工作保障措施"}
UNIT_CAPTION = re.compile(r"单位[:：]\s*(万元|元)")

# Indicator table headings and their common synonyms → IndicatorRow fields.
INDICATOR_COLUMNS = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    "绩效指标描述": "description",
    "指标描述": "description",
    "指标解释": "description",
    "指标值": "value",
    "目标值": "value",
    "指标值确定依据": "basis",
    "确定依据": "basis",
    "权重": "weight",
    "分值": "weight",
    "指标方向": "direction",
    "指标方向性": "direction",
}
DIRECTIONS = {"正向": "positive", "反向": "negative", "中性": "neutral"}
FIELD_LABELS = {
    "level1": gettext_lazy("一级指标"),
    "level2": gettext_lazy("二级指标"),
    "name": gettext_lazy("三级指标"),
    "description": gettext_lazy("绩效指标描述"),
    "value": gettext_lazy("指标值"),
    "basis": gettext_lazy("指标值确定依据"),
    "weight": gettext_lazy("权重"),
    "direction": gettext_lazy("指标方向"),
}


@dataclass(frozen=True)
class GridCell:
    """One physical cell: its text (None continues a vertical merge), grid column and place."""

    text: str | None
    column: int
    place: str
    span: int = 1


@dataclass
class Table:
    rows: list[list[GridCell]]
    place: str  # `第3个表格` or `工作表“信访维稳经费”`


@dataclass(frozen=True)
class Paragraph:
    text: str


Block = Paragraph | Table


@dataclass
class _Project:
    title: str = ""
    position: int | None = None
    title_name: str = ""
    tables: list[Table] = field(default_factory=list)


def read_blocks(
    blocks: list[Block], options: Options, kind: str, exact: Exact | None = None
) -> ReadResult:
    """Read a department document (narrative + tables) or single tables from `blocks`.

    `exact` holds the data our exports embed (by table number); it refines the visible
    values only where both agree (see imports.readers.embedded).
    """
    result = ReadResult(kind=kind)
    paragraphs: list[str] = []
    projects: list[_Project] = []
    for block in _cleaned(blocks, result.problems):
        if isinstance(block, Paragraph):
            match = TITLE.match(block.text)
            if match and not TOC_LINE.search(block.text):
                projects.append(_Project(block.text.strip(), int(match.group(1)), match.group(2)))
            elif not projects:
                paragraphs.append(block.text)
            continue
        if not projects or (projects[-1].tables and _starts_new_table(block)):
            projects.append(_Project())
        projects[-1].tables.append(block)
    projects = [p for p in projects if p.tables]
    if not projects:
        raise_layout(_("文件中没有找到绩效目标表（应有“项目编码”“项目名称”“一级指标”等栏目）。"))
    department = DepartmentTargets("", "", 0)
    _read_narrative(paragraphs, department)
    reader = _TableReader(result.problems)
    reconciler = Reconciler(exact or {}, result.problems)
    for ordinal, project in enumerate(projects, start=1):
        table = reader.read(project)
        if table is None:
            continue
        reconciler.apply(table, project.position or ordinal, reader.places)
        department.tables.append(table)
    if (summary := reconciler.summary()) is not None:
        result.problems.append(summary)
    _settle_year(department, paragraphs, options, result.problems)
    result.departments = [department]
    apply_headings(result, [h.heading for h in reader.headers], options)
    return result


def _cleaned(blocks: list[Block], problems: list[Problem]) -> list[Block]:
    """Every paragraph and cell under the text policy (core.text), a note where characters
    were removed: at the cell's place, or at the paragraph's number in the document."""
    cleaned: list[Block] = []
    for number, block in enumerate(blocks, start=1):
        if isinstance(block, Paragraph):
            where = partial(_paragraph_place, number)
            cleaned.append(Paragraph(clean_cell(block.text, where, problems)))
            continue
        rows = [
            [replace(c, text=clean_cell(c.text, partial(str, c.place), problems)) for c in row]
            for row in block.rows
        ]
        cleaned.append(Table(rows, block.place))
    return cleaned


def _paragraph_place(number: int) -> str:
    return _("第%(number)s段文字") % {"number": number}


def raise_layout(message: str) -> None:
    from imports.readers.base import ImportFileError

    raise ImportFileError(message)


def _starts_new_table(table: Table) -> bool:
    """A table that opens with the unit caption or the 项目编码 row starts another project."""
    for row in table.rows[:2]:
        texts = [squeeze(c.text) for c in row]
        if any(UNIT_CAPTION.search(t) for t in texts) or "项目编码" in texts:
            return True
    return False


# --- 第一部分 narrative ---


def _read_narrative(paragraphs: list[str], department: DepartmentTargets) -> None:
    sections: dict[str, list[str]] = {numeral: [] for numeral in SECTION_NAMES}
    current = None
    for text in paragraphs:
        if TOC_LINE.search(text):
            continue  # a line of the table of contents
        match = SECTION.match(text)
        if match and squeeze(match.group(2)) in SECTION_NAMES.values():
            current = match.group(1)
            continue
        line = text.strip()
        if current is None or not line or line == SECTION_NAMES[current]:
            continue
        sections[current].append(line)
    department.overall_goal = "\n".join(sections["一"])
    department.sub_goals = _items(sections["二"])
    department.safeguards = _items(sections["三"])


def _items(lines: list[str]) -> list[str]:
    """`1、…` starts an item; a line without a number continues the item above."""
    items: list[str] = []
    for line in lines:
        if ITEM.match(line) or not items:
            items.append(ITEM.sub("", line, count=1))
        else:
            items[-1] = f"{items[-1]}\n{line}"
    return items


# --- one project's table(s) ---


@dataclass
class _Header:
    heading: str = ""
    unit: str = ""
    place: str = ""


class _TableReader:
    """Reads one project's rows into a TargetTable, recording problems with their place."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        self.headers: list[_Header] = []
        self.places = TablePlaces("")  # where the last table's values were read

    def problem(self, place: str, message: str, level: str = ERROR) -> None:
        self.problems.append(Problem(place, message, level))

    def read(self, project: _Project) -> TargetTable | None:
        rows = [row for table in project.tables for row in table.rows]
        place = project.tables[0].place + (f"（{project.title}）" if project.title else "")
        table = TargetTable("", "", 0, name=project.title_name)
        header = _Header(place=place)
        self.places = TablePlaces(place)
        self.headers.append(header)
        indicator_start = None
        for index, row in enumerate(rows):
            labels = [squeeze(c.text) for c in row]
            if "一级指标" in labels and "三级指标" in labels:
                indicator_start = index
                break
            self._header_row(row, labels, rows, index, table, header)
        if not table.name:
            self.problem(place, _("没有找到项目名称，请在“项目名称”右侧的格子里填写。"))
            return None
        if indicator_start is None:
            self.problem(
                place,
                _(
                    "项目“%(name)s”没有指标表（应有“一级指标、二级指标、三级指标、"
                    "绩效指标描述、指标值、指标值确定依据”一行表头）。"
                )
                % {"name": table.name},
            )
        else:
            table.indicators = self._indicators(rows, indicator_start, table.name)
        if header.unit == "元":
            self._convert_to_wan(table, place)
        return table

    def _header_row(self, row, labels, rows, index, table: TargetTable, header: _Header) -> None:
        for label in labels:
            unit = UNIT_CAPTION.search(label)
            if unit:
                header.unit = unit.group(1)
                header.heading = next((c.text.strip() for c in row if c.text), "")
                if UNIT_CAPTION.search(squeeze(header.heading)):
                    header.heading = ""
        if "项目编码" in labels:
            table.code = _after(row, labels, "项目编码")
        if "项目名称" in labels:
            table.name = _after(row, labels, "项目名称") or table.name
        if "预算数" in labels:
            self._amounts(row, labels, rows, index, table)
        if any(label.startswith("资金支出计划") for label in labels) and index + 1 < len(rows):
            self._plan(row, rows[index + 1], table)
        if "绩效目标" in labels:
            text = _after(row, labels, "绩效目标", keep_lines=True)
            table.goals = [GOAL_NUMBER.sub("", g, count=1).strip() for g in text.split("\n")]
            table.goals = [g for g in table.goals if g]

    def _amounts(self, row, labels, rows, index, table: TargetTable) -> None:
        for label, attr in (("预算数", "budget_total"), ("其中：财政资金", "fiscal_funds")):
            setattr(table, attr, self._amount(_after_cell(row, labels, label), attr))
        other = next((lb for lb in labels if lb.startswith("其他资金")), None)
        if other:
            table.other_funds = self._amount(_after_cell(row, labels, other), "other_funds")
        if table.fiscal_funds is None and "财政资金" in labels:
            table.fiscal_funds = self._amount(_after_cell(row, labels, "财政资金"), "fiscal_funds")
        # The purpose sits in the next row, right of the merged 预算规模及资金用途 label.
        if index + 1 < len(rows):
            texts = [c.text for c in rows[index + 1] if c.text and c.column > 0]
            if texts and not any(squeeze(t).startswith("资金支出计划") for t in texts):
                table.purpose = "\n".join(line.strip() for line in texts[0].split("\n")).strip()

    def _amount(self, cell: GridCell | None, key: str) -> Decimal | None:
        if cell is None:
            return None
        self.places.amounts[key] = cell.place
        value, note = parse_amount(cell.text)
        if value is None and note:
            self.problem(cell.place, note)
        elif note:
            self.problem(cell.place, note, NOTE)
        return value

    def _plan(self, head_row: list[GridCell], value_row: list[GridCell], table) -> None:
        heads = {squeeze(c.text): c for c in head_row}
        values = [c for c in value_row if c.text is not None and c.column > 0]
        plan: list[Decimal | None] = []
        for n, label in enumerate(CHECKPOINT_LABELS):
            head = heads.get(label)
            cell = next((c for c in values if head and c.column == head.column), None)
            if cell is None and head is None and n < len(values):
                cell = values[n]
            plan.append(self._amount(cell, f"plan_{n + 1}"))
        table.spending_plan = tuple(plan)
        table.spending_plan_kind = _plan_kind(table)

    def _indicators(self, rows, start: int, project: str) -> list[IndicatorRow]:
        heads = {}
        for cell in rows[start]:
            key = INDICATOR_COLUMNS.get(squeeze(cell.text))
            if key:
                heads[cell.column] = key
        order = list(heads.values())
        self.places.visible_columns = set(order)
        result: list[IndicatorRow] = []
        level1 = ""
        for row in rows[start + 1 :]:
            values = self._row_values(row, heads, order)
            if values is None:
                continue
            if values.get("level1") is None or values.get("level1") == "":
                if level1 and values.get("level1") == "":
                    self.problem(
                        row[0].place,
                        _("一级指标为空，已沿用上一行的“%(level1)s”，请核对。")
                        % {"level1": level1},
                        WARNING,
                    )
                elif not level1:
                    self.problem(
                        row[0].place,
                        _(
                            "项目“%(project)s”的第一行指标没有一级指标，上方也没有可沿用的一级指标。"
                            "请在这一行的第1列填写一级指标（如“产出指标”）后重新上传。"
                        )
                        % {"project": project},
                    )
                values["level1"] = level1
            level1 = values["level1"]
            result.append(self._indicator(values, row, project))
            self.places.rows.append(row[0].place.rsplit(" ", 1)[0])
        return result

    def _row_values(self, row, heads, order) -> dict[str, str | None] | None:
        if all(not (c.text or "").strip() for c in row):
            return None  # an empty row (or a spacer between tables)
        by_column = {c.column: c for c in row}
        first = next(iter(heads))
        if set(by_column) >= set(heads):
            cells = [by_column[column] for column in heads]
        elif heads[first] == "level1" and set(by_column) == set(heads) - {first}:
            # Every cell under its heading but the 一级 cell is missing (w:gridBefore): read
            # it as blank, which continues the 一级 above with a warning or is reported.
            values = {
                key: by_column[column].text for column, key in heads.items() if column in by_column
            }
            return {key: ("" if key == "level1" else (values[key] or "").strip()) for key in order}
        elif len(row) == len(order):
            cells = list(row)  # spans differ from the heading row: read in order
        else:
            labels = "、".join(str(FIELD_LABELS[key]) for key in order)
            self.problem(
                row[0].place,
                _(
                    "这一行有%(cells)s个格子，与指标表头的%(heads)s栏（%(labels)s）对不上%(hint)s。"
                    "请在Word中补齐这一行的格子，使每一栏各有一个格子（一级指标与上一行相同时"
                    "可与上方格子合并），不要合并或拆分指标行的格子。"
                )
                % {
                    "cells": len(row),
                    "heads": len(order),
                    "labels": labels,
                    "hint": _("，可能缺少第1列的“一级指标”格子")
                    if len(row) == len(order) - 1 and heads[first] == "level1"
                    else "",
                },
            )
            return None
        return {
            key: (None if c.text is None else c.text.strip())
            for key, c in zip(order, cells, strict=True)
        }

    def _indicator(self, values: dict, row: list[GridCell], project: str) -> IndicatorRow:
        weight = None
        if values.get("weight"):
            weight, note = parse_amount(values["weight"].rstrip("%％"))
            if weight is None:
                self.problem(row[0].place, _("权重%(note)s") % {"note": note})
        indicator = IndicatorRow(
            level1=values.get("level1") or "",
            level2=values.get("level2") or "",
            name=values.get("name") or "",
            description=values.get("description") or "",
            value=values.get("value") or "",
            basis=values.get("basis") or "",
            weight=weight,
            direction=self._direction(values.get("direction") or "", row),
        )
        if not indicator.name:
            self.problem(
                row[0].place,
                _("项目“%(name)s”的这一行指标没有三级指标名称，请填写。") % {"name": project},
            )
        return indicator

    def _direction(self, text: str, row: list[GridCell]) -> str:
        """A visible 指标方向 cell: 正向/反向/中性 (or the stored code) → the stored code."""
        if text in DIRECTIONS.values() or not text:
            return text
        if text.removesuffix("指标") in DIRECTIONS:
            return DIRECTIONS[text.removesuffix("指标")]
        self.problem(
            row[0].place,
            _("指标方向“%(text)s”无法识别，请填写正向、反向或中性。") % {"text": text},
        )
        return ""

    def _convert_to_wan(self, table: TargetTable, place: str) -> None:
        before = table.budget_total
        for attr in ("budget_total", "fiscal_funds", "other_funds"):
            value = getattr(table, attr)
            setattr(table, attr, None if value is None else yuan_to_wan(value))
        if table.spending_plan_kind == "amount":
            table.spending_plan = tuple(
                None if v is None else yuan_to_wan(v) for v in table.spending_plan
            )
        self.problem(
            place,
            _("表头注明“单位：元”，金额已按万元精确换算（预算数 %(before)s 元 = %(after)s 万元）。")
            % {"before": before, "after": table.budget_total},
            NOTE,
        )


def _plan_kind(table: TargetTable) -> str:
    """Percentages when the plan ends at 100 while the budget is not 100; else amounts."""
    last = next((v for v in reversed(table.spending_plan) if v is not None), None)
    if last == 100 and table.budget_total not in (None, Decimal(100)):
        return "percent"
    return "amount"


def _after_cell(row: list[GridCell], labels: list[str], label: str) -> GridCell | None:
    """The cell right of the label (the value cell of a label/value pair)."""
    if label not in labels:
        return None
    index = labels.index(label)
    return row[index + 1] if index + 1 < len(row) else None


def _after(row, labels, label, keep_lines: bool = False) -> str:
    cell = _after_cell(row, labels, label)
    text = (cell.text or "") if cell else ""
    return text.strip() if keep_lines else " ".join(text.split())


def _settle_year(
    department: DepartmentTargets, paragraphs: list[str], options: Options, problems
) -> None:
    """The budget year: as chosen at upload, else named in the document's title."""
    year = options.fiscal_year or next((y for p in paragraphs if (y := year_in(p))), None)
    if not year:
        problems.append(Problem(_("文件"), _("无法从文件中确定预算年度，请在上传时选择预算年度。")))
    department.fiscal_year = year or 0
    for table in department.tables:
        table.fiscal_year = department.fiscal_year


def apply_headings(result: ReadResult, headings: list[str], options: Options) -> None:
    """Set the department code and name from the tables' unit line (`802010乐亭县…`)."""
    if not result.departments:
        return
    department = result.departments[0]
    pairs = {split_code_name(h) for h in headings if h}
    if len(pairs) > 1:
        result.problems.append(
            Problem(
                _("文件"),
                _("表格上方的单位不一致（%(units)s），一个文件只能导入一个单位，请分开导入。")
                % {"units": "、".join(f"{c}{n}" for c, n in sorted(pairs))},
            )
        )
    code, name = sorted(pairs)[0] if pairs else ("", "")
    if options.department_code and code and options.department_code != code:
        result.problems.append(
            Problem(
                _("文件"),
                _("文件中的单位编码是%(code)s，与上传时选择的%(chosen)s不同，请核对后重新上传。")
                % {"code": code, "chosen": options.department_code},
            )
        )
    department.department_code = code or options.department_code
    department.department_name = name
    if not department.department_code:
        result.problems.append(
            Problem(
                _("文件"),
                _(
                    "表格上方没有单位编码和名称（如“802010乐亭县大相各庄镇人民政府”），"
                    "请在上传时填写单位编码。"
                ),
            )
        )
    for table in department.tables:
        table.department_code = department.department_code
        table.department_name = department.department_name
    regions = {t.code[:6] for t in department.tables if len(t.code) == 21}
    if len(regions) == 1:
        department.region_code = regions.pop()
