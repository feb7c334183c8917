"""The exact data behind an exported document, for lossless re-import.

The Hebei layout prints 万元 with two decimals and has no 权重/指标方向 columns, so what a
reader sees cannot give back 330.984 or a weight. Word and Excel exports therefore carry these
records next to the visible tables (a custom XML part in .docx, a hidden sheet in .xlsx);
the importer uses a record only where it agrees with what the visible table says.

A record is (table number, indicator row, key, value): table numbers are the `N.` of the
table titles, row 0 holds the header fields, rows 1… the indicator rows in order. Values are
text; an empty value is a blank amount.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from projects.targets import DepartmentTargets, TargetTable

NAMESPACE = "urn:perfbudget:exact-data:1"
AMOUNT_KEYS = ("budget_total", "fiscal_funds", "other_funds", "plan_1", "plan_2", "plan_3",
               "plan_4")  # fmt: skip
HEADER_KEYS = ("name", "code", *AMOUNT_KEYS, "spending_plan_kind")
ROW_KEYS = ("level1", "level2", "name", "weight", "direction")

Record = tuple[int, int, str, str]


def _text(amount: Decimal | None) -> str:
    return "" if amount is None else f"{amount:f}"


def table_records(number: int, table: TargetTable) -> Iterator[Record]:
    """One table's records: header fields, then the indicator rows that carry hidden data."""
    amounts = (table.budget_total, table.fiscal_funds, table.other_funds, *table.spending_plan)
    header = (table.name, table.code, *map(_text, amounts), table.spending_plan_kind)
    for key, value in zip(HEADER_KEYS, header, strict=True):
        yield number, 0, key, value
    for row_number, row in enumerate(table.indicators, start=1):
        if row.weight is None and not row.direction:
            continue  # nothing hidden to keep: the visible row is the whole truth
        values = (row.level1, row.level2, row.name, _text(row.weight), row.direction)
        for key, value in zip(ROW_KEYS, values, strict=True):
            yield number, row_number, key, value


def records(source: DepartmentTargets | TargetTable) -> Iterator[Record]:
    """Every record of a department document (tables numbered from 1) or of one table."""
    tables = source.tables if isinstance(source, DepartmentTargets) else [source]
    for number, table in enumerate(tables, start=1):
        yield from table_records(number, table)


def carries_hidden_data(source: DepartmentTargets | TargetTable) -> bool:
    """Whether the visible layout loses something an exact-value export (Excel) keeps.

    Excel cells hold amounts exactly; weights, directions and the plan's kind are lost (a plan
    that ends at 100 would be guessed to be percentages, so its kind is kept too).
    """
    tables: Iterable[TargetTable] = (
        source.tables if isinstance(source, DepartmentTargets) else [source]
    )
    return any(_hides_something(t) for t in tables)


def _hides_something(table: TargetTable) -> bool:
    last = next((v for v in reversed(table.spending_plan) if v is not None), None)
    if table.spending_plan_kind != "amount" or last == 100:
        return True
    return any(r.weight is not None or r.direction for r in table.indicators)
