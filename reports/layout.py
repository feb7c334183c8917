"""Official documents as layouts: a Document of sections, each a Narrative or a Grid of cells.

A layout function (`department_document`, `project_document`) decides everything a reader
sees: the title, the order of sections, headings and their numbering, every cell's text,
span, role and alignment. The renderers (reports.render: `html`, `docx.render`,
`xlsx.render`) only translate that into their format, so the outputs cannot disagree and a
new document kind needs one layout function and no renderer change.

The 项目绩效目标表 (Hebei disclosure form) is a Grid of 13 columns: a label column as wide as
一级指标, then 12 narrow columns that divide evenly into the 6 cells of the budget row, the 4
checkpoints and the 5 indicator columns' spans. Rows belong to one of two parts, as in the
official Word form: the header table and the indicator table (Word prints them as two tables
with a paragraph between).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby
from typing import TYPE_CHECKING, NamedTuple, overload

if TYPE_CHECKING:
    from reports.summary import ProjectSummary

from projects import official_form as form
from projects.money import format_wan
from projects.numbering import numbered
from projects.targets import CHECKPOINT_LABELS, DepartmentTargets, TargetTable, table_title

COLUMNS = 13
# Widths in characters of 10.5 pt Latin text: Word and HTML use their proportions, Excel gives
# Chinese text room by a fixed factor (reports.render.xlsx.WIDTH_FACTOR).
COLUMN_WIDTHS = (12, *([5.5] * 12))
HEADER, INDICATORS = "header", "indicators"

# Cell roles: caption (unit line above the table), label (fixed form text), head (column
# heading), text (user text), amount (money, right-aligned, Excel number), value (indicator).
CAPTION, LABEL, HEAD, TEXT, AMOUNT, VALUE = "caption", "label", "head", "text", "amount", "value"
LEFT, CENTER, RIGHT = "left", "center", "right"
# How a role is aligned unless a cell says otherwise (captions: left, then right).
ALIGN = {CAPTION: LEFT, LABEL: CENTER, HEAD: CENTER, TEXT: LEFT, AMOUNT: RIGHT, VALUE: CENTER}
# The formats a document renders to; a section may be meant for some of them only.
HTML, DOCX, XLSX = "html", "docx", "xlsx"
ALL_FORMATS = (HTML, DOCX, XLSX)

INDICATOR_HEADINGS = tuple(form.INDICATOR_HEADINGS)
INDICATOR_SPANS = (1, 2, 3, 3, 2, 2)


class Cell(NamedTuple):
    """One cell: its text as printed, its role (the HTML class), spans, alignment, weight.

    `value` is the exact number behind the text (an amount, a count), written as a number
    where the format holds numbers (Excel); `link` is the anchor of a section it points to.
    A named tuple: a county export lays out ~100,000 cells, and a frozen dataclass costs
    several times more to build.
    """

    text: str
    role: str = TEXT
    colspan: int = 1
    rowspan: int = 1
    value: Decimal | int | None = None
    align: str = CENTER
    bold: bool = False
    link: str = ""

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    section: str = HEADER


def cell(text: str, role: str = TEXT, colspan: int = 1, rowspan: int = 1) -> Cell:
    """A cell aligned as its role is (see ALIGN); headings are bold."""
    return Cell(text, role, colspan, rowspan, None, ALIGN[role], role == HEAD)


@dataclass(frozen=True)
class Grid:
    """A table section: a title above it, rows of cells with their merges, column widths.

    `name` is its short name where one is needed (an Excel sheet; empty: from the title).
    `fit_rows`: rows are as tall as their wrapped text (Excel is told each row's height).
    """

    title: str
    rows: tuple[Row, ...]
    columns: int = COLUMNS
    column_widths: tuple[float, ...] = COLUMN_WIDTHS
    anchor: str = ""
    name: str = ""
    fit_rows: bool = True
    formats: tuple[str, ...] = ALL_FORMATS

    def column_percentages(self) -> list[str]:
        total = sum(self.column_widths)
        return [f"{100 * w / total:.2f}%" for w in self.column_widths]

    def sections(self) -> list[tuple[str, list[Row]]]:
        return [(name, list(rows)) for name, rows in groupby(self.rows, key=lambda r: r.section)]

    def texts(self) -> list[list[str]]:
        """Each row's cell texts (for tests and plain-text comparison)."""
        return [[cell.text for cell in row.cells] for row in self.rows]


@dataclass(frozen=True)
class Heading:
    """A heading of a narrative section (level 1 or 2); a line break splits it where the
    format can (Word, HTML) and is a space where it cannot (a contents line, a sheet row)."""

    text: str
    level: int
    anchor: str


@dataclass(frozen=True)
class Paragraph:
    """Body text; each line is a paragraph in Word, a row in Excel, a <br> in HTML."""

    text: str


@dataclass(frozen=True)
class Narrative:
    """A section of headings and paragraphs (an Excel sheet of its own, named `name`)."""

    name: str
    blocks: tuple[Heading | Paragraph, ...]
    formats: tuple[str, ...] = ALL_FORMATS


Section = Grid | Narrative


class Entry(NamedTuple):
    """A heading of a document: a narrative heading or a Grid's title."""

    level: int
    text: str
    anchor: str


class Part(NamedTuple):
    """A section as the outline sees it: its short name (empty: from the title), whether it
    is a Grid, and its headings. Lets renderers name and link sections before laying out."""

    name: str
    title: str
    anchor: str
    is_grid: bool
    headings: tuple[Entry, ...]


def part_of(section: Section) -> Part:
    if isinstance(section, Grid):
        entry = Entry(1, section.title, section.anchor)
        return Part(section.name, section.title, section.anchor, True, (entry,))
    headings = tuple(
        Entry(b.level, b.text, b.anchor) for b in section.blocks if isinstance(b, Heading)
    )
    return Part(section.name, section.name, "", False, headings)


@dataclass(frozen=True)
class Document:
    """A whole document: its title, then its sections in order.

    `contents`: the document opens with its title and a table of contents (Word, HTML);
    without it, the first section's heading is the top of the page. `sections` may be lazy
    (see Sections). `data` is the source (TargetTables) whose exact values the Word and Excel
    files embed for re-import (reports.render.embedded); None for documents without.
    """

    title: str
    sections: Sequence[Section] | Sections
    contents: bool = False
    data: DepartmentTargets | TargetTable | None = None

    def parts(self, fmt: str) -> list[Part]:
        """The sections shown in `fmt`, in order, without laying out lazy tables."""
        if isinstance(self.sections, Sections):
            return self.sections.parts(fmt)
        return [part_of(s) for s in self.sections if fmt in s.formats]

    def outline(self, fmt: str) -> list[Entry]:
        """Every heading shown in `fmt`, in order."""
        return [entry for part in self.parts(fmt) for entry in part.headings]

    def sections_in(self, fmt: str) -> Iterator[Section]:
        if isinstance(self.sections, Sections):
            return self.sections.sections_in(fmt)
        return (s for s in self.sections if fmt in s.formats)


def _amount(value: Decimal | None, colspan: int = 2) -> Cell:
    return Cell(format_wan(value), AMOUNT, colspan=colspan, value=value, align=RIGHT)


def _numbered(lines: list[str], separator: str = ".") -> str:
    return "\n".join(numbered(lines, separator))


def _header_rows(table: TargetTable) -> list[Row]:
    plan = [_amount(v, 3) for v in table.spending_plan]
    return [
        Row(
            (
                Cell(table.department_heading, CAPTION, colspan=7, align=LEFT),
                Cell(form.UNIT_CAPTION, CAPTION, colspan=6, align=RIGHT),
            )
        ),
        Row(
            (
                cell(form.CODE, LABEL),
                cell(table.code, TEXT, colspan=5),
                cell(form.NAME, LABEL, colspan=2),
                cell(table.name, TEXT, colspan=5),
            )
        ),
        Row(
            (
                cell(form.BUDGET_AND_PURPOSE, LABEL, rowspan=2),
                cell(form.BUDGET_TOTAL, LABEL, colspan=2),
                _amount(table.budget_total),
                cell(form.FISCAL_FUNDS, LABEL, colspan=2),
                _amount(table.fiscal_funds),
                cell(form.OTHER_FUNDS, LABEL, colspan=2),
                _amount(table.other_funds),
            )
        ),
        Row((cell(table.purpose, TEXT, colspan=12),)),
        Row(
            (
                cell(form.spending_plan_label(table.spending_plan_kind), LABEL, rowspan=2),
                *(cell(label, HEAD, colspan=3) for label in CHECKPOINT_LABELS),
            )
        ),
        Row(tuple(plan)),
        Row((cell(form.GOALS, LABEL), cell(_numbered(table.goals), TEXT, colspan=12))),
    ]


def _indicator_rows(table: TargetTable) -> list[Row]:
    rows = [
        Row(
            tuple(
                cell(h, HEAD, colspan=s)
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
                cell(text, role, colspan=span)
                for text, role, span in zip(texts, roles, INDICATOR_SPANS[1:], strict=True)
            ]
            if offset == 0:
                cells.insert(0, cell(row.level1, LABEL, rowspan=len(members)))
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

    def __repr__(self) -> str:
        return f"TableGrids({len(self)} tables)"

    @property
    def headings(self) -> list[tuple[str, str]]:
        return [(table_title(n, t), anchor_for(n)) for n, t in enumerate(self._tables, start=1)]


@dataclass(frozen=True)
class Deferred:
    """A section laid out only when a format that shows it is written (the 目录 of 1,000
    projects is not built for Word); `part` is what the outline knows of it beforehand."""

    formats: tuple[str, ...]
    part: Part
    make: Callable[[], Section]


class Sections:
    """A document's sections: the first ones (ready or Deferred), then tables laid out as they
    are read (iterate; a renderer never needs one section by its index)."""

    def __init__(self, first: Sequence[Section | Deferred], tables: TableGrids) -> None:
        self._first, self._tables = tuple(first), tables

    def __len__(self) -> int:
        return len(self._first) + len(self._tables)

    def __iter__(self) -> Iterator[Section]:
        for section in self._first:
            yield section.make() if isinstance(section, Deferred) else section
        yield from self._tables

    def sections_in(self, fmt: str) -> Iterator[Section]:
        for section in self._first:
            if fmt in section.formats:
                yield section.make() if isinstance(section, Deferred) else section
        yield from self._tables

    def parts(self, fmt: str) -> list[Part]:
        first = [
            s.part if isinstance(s, Deferred) else part_of(s)
            for s in self._first
            if fmt in s.formats
        ]
        return first + [
            Part("", title, anchor, True, (Entry(1, title, anchor),))
            for title, anchor in self._tables.headings
        ]


def document_title(heading: str, fiscal_year: int) -> str:
    """A department's document title, from its heading (code and name) and the year."""
    return f"{heading}{fiscal_year}年部门预算绩效目标"


def narrative_section(
    *, overall_goal: str, sub_goals: Sequence[str], safeguards: Sequence[str]
) -> Narrative:
    """第一部分 部门整体绩效目标: 一、总体绩效目标 (as typed), 二、三、 numbered 1、2、…"""
    return Narrative(
        name="部门整体绩效目标",
        blocks=(
            Heading("第一部分\n部门整体绩效目标", 1, "part-one"),
            Heading(form.section_heading("一"), 2, "overall-goal"),
            Paragraph(overall_goal),
            Heading(form.section_heading("二"), 2, "sub-goals"),
            *(Paragraph(item) for item in numbered(sub_goals, "、")),
            Heading(form.section_heading("三"), 2, "safeguards"),
            *(Paragraph(item) for item in numbered(safeguards, "、")),
        ),
    )


INDEX_NAME, INDEX_FORMATS = "目录", (XLSX,)
INDEX_HEADINGS = ("序号", "项目编码", "项目名称", "预算数", "财政资金", "其他资金", "指标数")
# Excel's 目录 sheet prints 6, 24, 40, 12, 12, 12, 8 characters (see COLUMN_WIDTHS).
INDEX_WIDTHS = (4.8, 19.2, 32.0, 9.6, 9.6, 9.6, 6.4)


def index_grid(title: str, summaries: Sequence[ProjectSummary]) -> Grid:
    """目录 (Excel only, where it is the contents): one row per project with a link to its
    table, the amounts and the indicator count, and a 合计 row."""
    from reports.summary import total

    rows = [Row(tuple(cell(h, HEAD) for h in INDEX_HEADINGS))]
    for s in summaries:
        amounts = (s.budget_total, s.fiscal_funds, s.other_funds)
        rows.append(
            Row(
                (
                    Cell(str(s.position), LABEL, value=s.position),
                    cell(s.code),
                    Cell(s.name, TEXT, align=LEFT, link=s.anchor),
                    *(_amount(a, 1) for a in amounts),
                    Cell(str(s.indicator_count), LABEL, value=s.indicator_count),
                )
            )
        )
    sums = [total([getattr(s, key) for s in summaries]) for key in AMOUNT_FIELDS]
    count = sum(s.indicator_count for s in summaries)
    rows.append(
        Row(
            (
                Cell("合计", LABEL, bold=True),
                Cell("", LABEL, bold=True),
                Cell(f"{len(summaries)}个项目", LABEL, bold=True),
                *(Cell(format_wan(a), AMOUNT, value=a, align=RIGHT, bold=True) for a in sums),
                Cell(str(count), LABEL, value=count, bold=True),
            )
        )
    )
    return Grid(
        title=title,
        rows=tuple(rows),
        columns=len(INDEX_HEADINGS),
        column_widths=INDEX_WIDTHS,
        name=INDEX_NAME,
        fit_rows=False,
        formats=INDEX_FORMATS,
    )


AMOUNT_FIELDS = ("budget_total", "fiscal_funds", "other_funds")


def department_document(targets: DepartmentTargets) -> Document:
    """A department's document for a year: title and contents, 目录 (Excel), 第一部分, then
    every project's table in order (laid out as they are read, see TableGrids)."""
    from reports.summary import project_summaries

    title = document_title(targets.department_heading, targets.fiscal_year)
    narrative = narrative_section(
        overall_goal=targets.overall_goal,
        sub_goals=targets.sub_goals,
        safeguards=targets.safeguards,
    )
    index = Deferred(
        formats=INDEX_FORMATS,
        part=Part(INDEX_NAME, title, "", True, (Entry(1, title, ""),)),
        make=lambda: index_grid(title, project_summaries(targets)),
    )
    first = (index, narrative)
    return Document(
        title=title,
        sections=Sections(first, TableGrids(targets.tables)),
        contents=True,
        data=targets,
    )


def project_document(table: TargetTable, position: int = 1) -> Document:
    """One project's table on its own."""
    grid = target_grid(table, position)
    return Document(title=grid.title, sections=(grid,), data=table)
