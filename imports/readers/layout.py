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
from imports.readers.form_profile import TableForm, describe, form_traits, weight_total_in
from imports.readers.rows import Cells, IndicatorBuilder, settle_frames
from projects import official_form as form
from projects.field_labels import INDICATOR_LABELS
from projects.money import yuan_to_wan
from projects.targets import CHECKPOINT_LABELS, DepartmentTargets, IndicatorRow, TargetTable

TITLE = re.compile(r"^\s*(\d+)\s*[.．、]\s*(.+?)\s*绩效目标表\s*$")
SECTION = re.compile(r"^\s*([一二三])\s*、\s*(.*)$")
ITEM = re.compile(r"^\s*\d+\s*[、.．]\s*")
GOAL_NUMBER = re.compile(r"^\s*\d+\s*[.．、]\s*")
TOC_LINE = re.compile(r"\t\s*\d*\s*$")
SECTION_NAMES = form.PART_ONE_SECTIONS
UNIT_CAPTION = re.compile(r"单位[:：]\s*(万元|元)")

# Indicator table headings and their common synonyms → IndicatorRow fields; `unit` and the
# two qualifier columns (`sign`, `direction`) are joined to the value by their content.
INDICATOR_COLUMNS = {
    **form.INDICATOR_HEADINGS,
    "指标描述": "description",
    "指标解释": "description",
    "绩效标准": "description",
    "目标值": "value",
    "年度指标值": "value",
    "当年预期实现值": "value",
    "计量单位": "unit",
    "度量单位": "unit",
    "确定依据": "basis",
    "权重": "weight",
    "分值": "weight",
    "指标性质": "sign",
    "计算符号": "sign",
    "指标方向": "direction",
    "指标方向性": "direction",
}
FIELD_LABELS = {**INDICATOR_LABELS, "sign": gettext_lazy("指标性质")}
# Header labels of one-project forms (Hebei 绩效目标表, other provinces' 审批表 / 目标表) → field.
# Budgets are listed best first: the year's budget before a multi-year total.
BUDGET_LABELS = ("当年年度预算", "年度预算", "年度预算数", form.BUDGET_TOTAL, "年初安排金额",
                 "资金总额", "年度资金总额", "项目资金总额", "预算金额", "项目总预算")  # fmt: skip
GOAL_LABELS = (form.GOALS, "年度绩效目标", "年度目标", "年度主要目标和成果", "年度主要目标",
               "项目绩效目标")  # fmt: skip
HEADER_LABELS = {
    **dict.fromkeys((form.CODE, "项目代码", "项目编号"), "code"),
    form.NAME: "name",
    **dict.fromkeys(BUDGET_LABELS, "budget_total"),
    **dict.fromkeys(
        (form.FISCAL_FUNDS.removeprefix("其中："), "财政拨款", "财政拨款数", "本年财政拨款"),
        "fiscal_funds",
    ),
    **dict.fromkeys((form.OTHER_FUNDS, "其它资金"), "other_funds"),
    **dict.fromkeys(GOAL_LABELS, "goals"),
    **dict.fromkeys(("项目总体概况", "项目概况", "资金用途"), "purpose"),
    **dict.fromkeys(("预算单位", "实施单位", "项目实施单位", "申报单位", "单位名称"), "unit"),
    **dict.fromkeys(("主管部门", "主管部门及代码"), "parent"),
}
LABEL_UNIT = re.compile(r"[（(]\s*(万元|元)\s*[）)]")
INLINE_LABEL = re.compile(r"^\s*(?:其中\s*[:：]\s*)?([^:：]{2,8}?)\s*[:：]\s*(\S.*)$", re.S)
TITLE_LINE = re.compile(r"20\d{2}\s*年")
# Headings only a self-evaluation table (自评表) has.
SELF_EVALUATION = ("实际完成值", "得分", "全年执行数", "执行率", "偏差原因分析及改进措施",
                   "实际完成情况", "未完成原因")  # fmt: skip


def label_key(text: str | None) -> str:
    """A label as matched: no whitespace or unit (`（万元）`), colons and `其中：` dropped."""
    key = LABEL_UNIT.sub("", squeeze(text).replace(":", "："))
    return key.removeprefix("其中：").removeprefix("其中").removesuffix("：")


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
    blocks: list[Block],
    options: Options,
    kind: str,
    exact: Exact | None = None,
    *,
    ours: bool | None = None,
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
    # Our own exports (embedded data, 目录 sheet) are never PDF/OCR output: no noise checks.
    ours = exact is not None if ours is None else ours
    reader = _TableReader(result.problems, noise=not ours)
    reconciler = Reconciler(exact or {}, result.problems)
    for ordinal, project in enumerate(projects, start=1):
        table = reader.read(project)
        if table is None:
            continue
        reconciler.apply(table, project.position or ordinal, reader.places)
        department.tables.append(table)
    if (summary := reconciler.summary()) is not None:
        result.problems.append(summary)
    years = [h.year for h in reader.headers if h.year]
    _settle_year(department, paragraphs, options, result.problems, years)
    result.departments = [department]
    apply_headings(result, [h.heading for h in reader.headers], options)
    _parents(result, reader.headers)
    settle_frames(department, _("文件"), result.problems)
    if not ours:  # our exports print one layout whatever the unit's form: they show nothing
        narrative = bool(department.overall_goal or department.sub_goals or department.safeguards)
        department.form = form_traits([h.form for h in reader.headers], narrative=narrative)
        if note := describe(department.form):
            result.problems.append(Problem(_("文件"), note, NOTE))
    return result


def _parents(result: ReadResult, headers: list[_Header]) -> None:
    """The 主管部门 line of one-project forms (`(433)乌海市供销合作社联合社(部门)`): the unit's
    parent, kept for the import to link the units."""
    department = result.departments[0]
    for header in headers:
        code, name = split_code_name(header.parent)
        if code and code != department.department_code:
            result.parents[department.department_code] = (code, name)
            return


def _cleaned(blocks: list[Block], problems: list[Problem]) -> list[Block]:
    """Every paragraph and cell under the text policy (core.text), a note where characters
    were removed: at the cell's place, or at the paragraph's number in the document."""
    cleaned: list[Block] = []
    for number, block in enumerate(blocks, start=1):
        if isinstance(block, Paragraph):
            where = partial(_paragraph_place, number)
            cleaned.append(Paragraph(clean_cell(block.text, where, problems)))
            continue
        rows = [[_clean_grid_cell(c, problems) for c in row] for row in block.rows]
        cleaned.append(Table(rows, block.place))
    return cleaned


def _clean_grid_cell(cell: GridCell, problems: list[Problem]) -> GridCell:
    text = clean_cell(cell.text, partial(str, cell.place), problems)
    return cell if text == cell.text else replace(cell, text=text)


def _paragraph_place(number: int) -> str:
    return _("第%(number)s段文字") % {"number": number}


def raise_layout(message: str) -> None:
    from imports.readers.base import ImportFileError

    raise ImportFileError(message)


def _starts_new_table(table: Table) -> bool:
    """A table that opens with the unit caption, the 项目编码 or 项目名称 row, or an inline
    unit label (`预算单位：…`) starts another project."""
    for row in table.rows[:3]:
        texts = [squeeze(c.text) for c in row]
        if any(UNIT_CAPTION.search(t) for t in texts) or {"项目编码", "项目名称"} & set(texts):
            return True
        inline = (INLINE_LABEL.match(c.text or "") for c in row)
        if any(m and HEADER_LABELS.get(label_key(m.group(1))) == "unit" for m in inline):
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
    year: int | None = None
    parent: str = ""
    form: TableForm = field(default_factory=TableForm)  # what the table shows of its form


class _TableReader:
    """Reads one project's rows into a TargetTable, recording problems with their place."""

    def __init__(self, problems: list[Problem], *, noise: bool = True):
        self.problems = problems
        self.headers: list[_Header] = []
        self.places = TablePlaces("")  # where the last table's values were read
        self.builder = IndicatorBuilder(problems, noise=noise)

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
        found: dict[str, tuple[int, GridCell | None, str]] = {}
        for index, row in enumerate(rows):
            labels = [squeeze(c.text) for c in row]
            _refuse_self_evaluation(row, labels)
            if "一级指标" in labels and "三级指标" in labels:
                indicator_start = index
                break
            self._header_row(row, labels, rows, index, table, header, found)
        self._settle_header(table, header, found, rows, place)
        if not table.name:
            self.problem(
                place,
                _("没有找到项目名称，请在“项目名称”右侧的格子里填写（%(place)s）。")
                % {"place": place},
            )
            return None
        if indicator_start is None:
            self.problem(
                place,
                _(
                    "项目“%(name)s”没有指标表（应有“一级指标、二级指标、三级指标、"
                    "指标值”等栏目的一行表头）。"
                )
                % {"name": table.name},
            )
        else:
            table.indicators = self._indicators(rows, indicator_start, table.name)
            header.form.basis = "basis" in self.places.visible_columns
            texts = (c.text for row in rows[: indicator_start + 1] for c in row)
            header.form.weight_total = weight_total_in(texts)
        if header.unit == "元":
            self._convert_to_wan(table, place)
        return table

    def _header_row(self, row, labels, rows, index, table, header: _Header, found) -> None:
        """Note each known label with its value cell (right of it, or below a heading)."""
        keys = [label_key(c.text) for c in row]
        for position, (cell, label, key) in enumerate(zip(row, labels, keys, strict=True)):
            unit = UNIT_CAPTION.search(label) or LABEL_UNIT.search(label)
            if unit:
                header.unit = header.unit or unit.group(1)
            if UNIT_CAPTION.search(label):
                header.heading = next((c.text.strip() for c in row if c.text), "")
                if UNIT_CAPTION.search(squeeze(header.heading)):
                    header.heading = ""
            field_name = HEADER_LABELS.get(key)
            value: GridCell | None
            if field_name is None and (inline := INLINE_LABEL.match(cell.text or "")):
                # `预算单位：井研县教育局（123001）`: label and value in one cell
                key = label_key(inline.group(1))
                field_name = HEADER_LABELS.get(key)
                value = replace(cell, text=inline.group(2))
            elif field_name is not None:
                value = _value_cell(rows, index, position, keys)
            if field_name is None:
                continue
            rank = BUDGET_LABELS.index(key) if field_name == "budget_total" else 0
            if field_name not in found or rank < found[field_name][0]:
                found[field_name] = (rank, value, key)
        if any(label.startswith(form.SPENDING_PLAN_PREFIX) for label in labels) and index + 1 < len(
            rows
        ):
            header.form.plan = True
            self._plan(row, rows[index + 1], table)
        if form.BUDGET_AND_PURPOSE in labels and index + 1 < len(rows) and "purpose" not in found:
            # The Hebei purpose sits in the next row, right of the merged label.
            texts = [c for c in rows[index + 1] if c.text and c.column > 0]
            if texts and not squeeze(texts[0].text).startswith(form.SPENDING_PLAN_PREFIX):
                found["purpose"] = (0, texts[0], "资金用途")
        values = [c.text.strip() for c in row if c.text and c.text.strip()]
        title = len(values) == 1 and all(k not in HEADER_LABELS for k in keys)
        if title and header.year is None and TITLE_LINE.search(values[0]):
            header.year = year_in(values[0])  # `(2021年)`, `…申报表(2023年度)`

    def _settle_header(self, table, header: _Header, found, rows, place: str) -> None:
        def text(field_name: str, keep_lines: bool = False) -> str:
            cell = found.get(field_name, (0, None, ""))[1]
            raw = (cell.text or "") if cell else ""
            if keep_lines:
                return "\n".join(line.strip() for line in raw.split("\n")).strip()
            return " ".join(raw.split())

        table.code = text("code")
        table.name = text("name") or table.name
        if "unit" in found:
            header.heading = text("unit") or header.heading
        header.parent = text("parent")
        goals = text("goals", keep_lines=True)
        table.goals = [GOAL_NUMBER.sub("", g, count=1).strip() for g in goals.split("\n")]
        table.goals = [g for g in table.goals if g]
        table.purpose = text("purpose", keep_lines=True)
        for key in ("budget_total", "fiscal_funds", "other_funds"):
            if key in found:
                setattr(table, key, self._amount(found[key][1], key))
        if "budget_total" not in found and table.name:
            self.problem(
                place,
                _(
                    "项目“%(name)s”没有找到预算数（应在%(place)s中“预算数”或“项目总预算”"
                    "“资金总额”“年初安排金额”等标签右侧或下方的格子里）。"
                )
                % {"name": table.name, "place": place},
            )
        elif table.budget_total is None and table.name:
            cell = found["budget_total"][1]
            self.problem(
                cell.place if cell else place,
                _("项目“%(name)s”的“%(label)s”没有填写金额，请在这个格子里填写预算数。")
                % {"name": table.name, "label": found["budget_total"][2]},
            )
        if table.fiscal_funds is None and table.budget_total is not None:
            table.fiscal_funds = table.budget_total - (table.other_funds or Decimal(0))
            self.problem(
                place,
                _("项目“%(name)s”没有“财政资金”一栏，按预算数减其他资金计为财政资金，请核对。")
                % {"name": table.name},
                NOTE,
            )
        table.spending_plan_kind = _plan_kind(table)

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

    def _indicators(self, rows, start: int, project: str) -> list[IndicatorRow]:
        heads = {}
        for cell in rows[start]:
            key = INDICATOR_COLUMNS.get(label_key(cell.text))
            if key and key not in heads.values():
                heads[cell.column] = key
        order = list(heads.values())
        self.places.visible_columns = set(order) | ({"direction"} if "sign" in order else set())
        result: list[IndicatorRow] = []
        level1 = level2 = ""
        for row in rows[start + 1 :]:
            values = self._row_values(row, heads, order)
            if values is None:
                continue
            if values.get("level1"):
                values["level1"] = self.builder.level1(values["level1"], row[0].place)
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
            elif values["level1"] != level1:
                level2 = ""  # a new 一级: its 二级 cannot continue the one above
            if values.get("level2") is None:
                values["level2"] = level2  # a vertical merge continues the 二级 above
            level1, level2 = values["level1"], values["level2"]
            indicator = self._indicator(values, row, heads, project)
            if indicator is not None:
                result.append(indicator)
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

    def _indicator(self, values: dict, row: list[GridCell], heads, project: str):
        places = {key: c.place for c in row if (key := heads.get(c.column))}
        return self.builder.build(
            Cells(
                level1=values.get("level1") or "",
                level2=values.get("level2") or "",
                name=values.get("name") or "",
                description=values.get("description") or "",
                value=values.get("value") or "",
                unit=values.get("unit") or "",
                basis=values.get("basis") or "",
                weight=values.get("weight") or "",
                qualifiers=tuple(
                    (key, values.get(key) or "") for key in ("sign", "direction") if key in values
                ),
            ),
            lambda key: places.get(key, row[0].place),
            project,
        )

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


def _value_cell(rows, index: int, position: int, keys: list[str]) -> GridCell | None:
    """A label's value: the cell right of it, or — when there is none or it is another
    label (a row of column headings) — the cell below it in the same column."""
    row = rows[index]
    right = row[position + 1] if position + 1 < len(row) else None
    if right is not None and right.text is not None and keys[position + 1] not in HEADER_LABELS:
        return right
    if index + 1 < len(rows):
        column = row[position].column
        return next((c for c in rows[index + 1] if c.column == column), None)
    return None


def _refuse_self_evaluation(row: list[GridCell], labels: list[str]) -> None:
    """A 自评表 (actual values, scores, execution) is not a target table: say so, never read
    it as one and drop its values."""
    heading = next((h for h in SELF_EVALUATION if h in labels), "")
    if heading:
        from imports.readers.base import ImportFileError
        from imports.readers.flat import self_evaluation_message

        place = row[labels.index(heading)].place
        raise ImportFileError(self_evaluation_message(place, heading))


def _settle_year(
    department: DepartmentTargets,
    paragraphs: list[str],
    options: Options,
    problems,
    table_years: list[int],
) -> None:
    """The budget year: as chosen at upload, else named in the document's title, else in a
    title line of a table (`(2021年)`)."""
    year = options.fiscal_year or next((y for p in paragraphs if (y := year_in(p))), None)
    year = year or next(iter(table_years), None)
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
