"""Where each Grid cell lands: column positions and the continuations of vertical merges.

A Grid row lists only the cells that start in it; a cell with rowspan > 1 also covers columns
of the rows below. Word needs an explicit continuation cell there (`w:vMerge`), Excel needs the
merged range, so both renderers share this one walk over the grid.
"""

from __future__ import annotations

from typing import NamedTuple

from reports.layout import Cell, Grid, Row


class Placed(NamedTuple):
    """A cell at its grid position; `continues` marks the covered part of a vertical merge.

    A named tuple rather than a frozen dataclass: a county export places ~100,000 cells and
    a frozen dataclass costs several times more to build."""

    cell: Cell
    row: int
    column: int
    continues: bool = False


def place_row(row: Row, index: int, covered: dict[int, tuple[Cell, int]]) -> list[Placed]:
    """Place one row's cells, given the columns still covered by rowspans from above.

    `covered` maps a start column to (cell, rows left) and is updated for the next row.
    """
    placed: list[Placed] = []
    column = 0
    if not covered:  # most rows: no vertical merge from above reaches them
        for cell in row.cells:
            placed.append(Placed(cell, index, column))
            if cell.rowspan > 1:
                covered[column] = (cell, cell.rowspan - 1)
            column += cell.colspan
        return placed
    cells = list(row.cells)
    while cells or column in covered:
        if column in covered:
            owner, left = covered[column]
            placed.append(Placed(owner, index, column, continues=True))
            if left <= 1:
                del covered[column]
            else:
                covered[column] = (owner, left - 1)
            column += owner.colspan
            continue
        cell = cells.pop(0)
        placed.append(Placed(cell, index, column))
        if cell.rowspan > 1:
            covered[column] = (cell, cell.rowspan - 1)
        column += cell.colspan
    return placed


def place(rows: tuple[Row, ...] | list[Row]) -> list[list[Placed]]:
    """Place every row of a grid (or of one section of it)."""
    covered: dict[int, tuple[Cell, int]] = {}
    return [place_row(row, index, covered) for index, row in enumerate(rows)]


def merged_ranges(grid: Grid) -> list[tuple[int, int, int, int]]:
    """Every merged range as (first row, first column, last row, last column), 0-based."""
    return [
        (p.row, p.column, p.row + p.cell.rowspan - 1, p.column + p.cell.colspan - 1)
        for row in place(grid.rows)
        for p in row
        if not p.continues and (p.cell.rowspan > 1 or p.cell.colspan > 1)
    ]
