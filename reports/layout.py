"""The layout of a 项目绩效目标表 (Hebei disclosure form) as a Grid of cells.

HTML, Word and Excel all render this one Grid, so the three outputs cannot disagree. The grid
has 13 columns: a label column as wide as 一级指标, then 12 narrow columns that divide evenly
into the 6 cells of the budget row, the 4 checkpoints and the 5 indicator columns' spans.
Rows belong to one of two sections, as in the official Word form: the header table and the
indicator table (Word prints them as two tables with a paragraph between).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from typing import overload

from projects.money import format_wan
from projects.targets import CHECKPOINT_LABELS, DepartmentTargets, TargetTable, table_title

COLUMNS = 13
# Relative widths (in characters of 10.5pt text) used by Word and Excel renderers.
COLUMN_WIDTHS = (12, *([5.5] * 12))
HEADER, INDICATORS = "header", "indicators"

# Cell roles: caption (unit line above the table), label (fixed form text), head (column
# heading), text (user text), amount (money, right-aligned, Excel number), value (indicator).
CAPTION, LABEL, HEAD, TEXT, AMOUNT, VALUE = "caption", "label", "head", "text", "amount", "value"

INDICATOR_HEADINGS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "绩效指标描述",
    "指标值",
    "指标值确定依据",
)
INDICATOR_SPANS = (1, 2, 3, 3, 2, 2)


@dataclass(frozen=True)
class Cell:
    text: str
    role: str = TEXT
    colspan: int = 1
    rowspan: int = 1
    amount: Decimal | None = None  # the exact number behind an amount cell

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    section: str = HEADER


@dataclass(frozen=True)
class Grid:
    title: str
    rows: tuple[Row, ...]
    columns: int = COLUMNS
    column_widths: tuple[float, ...] = COLUMN_WIDTHS
    anchor: str = ""

    def column_percentages(self) -> list[str]:
        total = sum(self.column_widths)
        return [f"{100 * w / total:.2f}%" for w in self.column_widths]

    def sections(self) -> list[tuple[str, list[Row]]]:
        return [(name, list(rows)) for name, rows in groupby(self.rows, key=lambda r: r.section)]

    def texts(self) -> list[list[str]]:
        """Each row's cell texts (for tests and plain-text comparison)."""
        return [[cell.text for cell in row.cells] for row in self.rows]


@dataclass(frozen=True)
class DocumentLayout:
    """A department's whole document: the narrative and one Grid per project."""

    heading: str
    fiscal_year: int
    overall_goal: str
    sub_goals: list[str]
    safeguards: list[str]
    grids: Sequence[Grid] = field(default_factory=list)

    @property
    def headings(self) -> list[tuple[str, str]]:
        """Each table's (title, anchor) in order, without laying the tables out."""
        if isinstance(self.grids, TableGrids):
            return self.grids.headings
        return [(grid.title, grid.anchor) for grid in self.grids]


def _amount(value: Decimal | None) -> Cell:
    return Cell(format_wan(value), AMOUNT, colspan=2, amount=value)


def _numbered(lines: list[str], separator: str = ".") -> str:
    return "\n".join(f"{n}{separator}{line}" for n, line in enumerate(lines, start=1))


def _header_rows(table: TargetTable) -> list[Row]:
    plan = [Cell(format_wan(v), AMOUNT, colspan=3, amount=v) for v in table.spending_plan]
    return [
        Row(
            (
                Cell(table.department_heading, CAPTION, colspan=7),
                Cell("单位：万元", CAPTION, colspan=6),
            )
        ),
        Row(
            (
                Cell("项目编码", LABEL),
                Cell(table.code, TEXT, colspan=5),
                Cell("项目名称", LABEL, colspan=2),
                Cell(table.name, TEXT, colspan=5),
            )
        ),
        Row(
            (
                Cell("预算规模及资金用途", LABEL, rowspan=2),
                Cell("预算数", LABEL, colspan=2),
                _amount(table.budget_total),
                Cell("其中：财政资金", LABEL, colspan=2),
                _amount(table.fiscal_funds),
                Cell("其他资金", LABEL, colspan=2),
                _amount(table.other_funds),
            )
        ),
        Row((Cell(table.purpose, TEXT, colspan=12),)),
        Row(
            (
                Cell("资金支出计划（%）", LABEL, rowspan=2),
                *(Cell(label, HEAD, colspan=3) for label in CHECKPOINT_LABELS),
            )
        ),
        Row(tuple(plan)),
        Row((Cell("绩效目标", LABEL), Cell(_numbered(table.goals), TEXT, colspan=12))),
    ]


def _indicator_rows(table: TargetTable) -> list[Row]:
    rows = [
        Row(
            tuple(
                Cell(h, HEAD, colspan=s)
                for h, s in zip(INDICATOR_HEADINGS, INDICATOR_SPANS, strict=True)
            ),
            INDICATORS,
        )
    ]
    # 一级 is merged vertically over consecutive rows of the same 一级 (as in the seed).
    for _level1, group in groupby(table.indicators, key=lambda r: r.level1):
        members = list(group)
        for offset, row in enumerate(members):
            texts = (row.level2, row.name, row.description, row.value, row.basis)
            roles = (TEXT, TEXT, TEXT, VALUE, TEXT)
            cells = [
                Cell(text, role, colspan=span)
                for text, role, span in zip(texts, roles, INDICATOR_SPANS[1:], strict=True)
            ]
            if offset == 0:
                cells.insert(0, Cell(row.level1, LABEL, rowspan=len(members)))
            rows.append(Row(tuple(cells), INDICATORS))
    return rows


def anchor_for(position: int) -> str:
    return f"table-{position}"


def target_grid(table: TargetTable, position: int = 1) -> Grid:
    """Lay out one project's table."""
    return Grid(
        title=table_title(position, table),
        rows=tuple(_header_rows(table) + _indicator_rows(table)),
        anchor=anchor_for(position),
    )


class TableGrids(Sequence[Grid]):
    """A document's tables, each laid out when it is read and not kept.

    A 1,000-table workbook then holds one Grid at a time while it is written, so the export's
    memory does not grow with the number of tables (the TargetTables are small beside them).
    """

    def __init__(self, tables: Sequence[TargetTable]) -> None:
        self._tables = tuple(tables)

    def __len__(self) -> int:
        return len(self._tables)

    @overload
    def __getitem__(self, index: int) -> Grid: ...
    @overload
    def __getitem__(self, index: slice) -> list[Grid]: ...
    def __getitem__(self, index: int | slice) -> Grid | list[Grid]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return target_grid(self._tables[index], index + 1)

    def __iter__(self):
        for position, table in enumerate(self._tables, start=1):
            yield target_grid(table, position)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TableGrids):
            return self._tables == other._tables
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # like the list it stands for

    def __repr__(self) -> str:
        return f"TableGrids({len(self)} tables)"

    @property
    def headings(self) -> list[tuple[str, str]]:
        return [(table_title(n, t), anchor_for(n)) for n, t in enumerate(self._tables, start=1)]


def document_layout(targets: DepartmentTargets) -> DocumentLayout:
    """Lay out a department's document: narrative sections then every table in order (the
    tables are laid out as they are read, see TableGrids)."""
    return DocumentLayout(
        heading=targets.department_heading,
        fiscal_year=targets.fiscal_year,
        overall_goal=targets.overall_goal,
        sub_goals=list(targets.sub_goals),
        safeguards=list(targets.safeguards),
        grids=TableGrids(targets.tables),
    )
