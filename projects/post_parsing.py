"""The table as typed so far, read straight from the POST for the live preview.

The preview shows what the clerk typed, errors and all, so it cannot wait for the forms to
be valid: it reads each posted value leniently (a number that does not parse is left out)
and never saves anything.
"""

from __future__ import annotations

from decimal import Decimal

from core.params import record_id
from indicators.values import format_value, parse_decimal
from projects.forms import CHECKPOINT_FIELDS, grouped_by_level1, lines
from projects.targets import IndicatorRow, TargetTable


def _posted_rows(data) -> list[IndicatorRow]:
    rows = []
    try:
        total = int(data.get("rows-TOTAL_FORMS", 0))
    except ValueError:
        total = 0
    for index in range(min(total, 500)):
        get = lambda name, i=index: data.get(f"rows-{i}-{name}", "")  # noqa: E731
        if get("DELETE") or not (get("name") or get("value") or get("level1")):
            continue
        order = parse_decimal(get("ORDER")) or Decimal(index + 1)
        value = get("value").strip()
        number = parse_decimal(get("number"))
        if not value and number is not None:
            value = format_value(get("comparator"), number, get("unit").strip())
        row = IndicatorRow(
            indicator_id=record_id(get("indicator_id").strip()),
            level1=get("level1"),
            level2=get("level2"),
            name=get("name").strip(),
            description=get("description").strip(),
            value=value,
            basis=get("basis").strip(),
            weight=parse_decimal(get("weight").rstrip("%％")),
            direction=get("direction"),
        )
        rows.append((order, index, row))
    ordered = [row for _order, _index, row in sorted(rows, key=lambda r: (r[0], r[1]))]
    return grouped_by_level1(ordered, lambda row: row.level1)  # as the save will store them


def preview_table(data, base: TargetTable) -> TargetTable:
    """The table as typed so far, errors and all, for the live preview (never saved)."""
    return TargetTable(
        department_code=base.department_code,
        department_name=base.department_name,
        fiscal_year=base.fiscal_year,
        name=data.get("name", "").strip(),
        code="".join(data.get("code", "").split()).upper(),
        budget_total=parse_decimal(data.get("budget_total", "")),
        fiscal_funds=parse_decimal(data.get("fiscal_funds", "")),
        other_funds=parse_decimal(data.get("other_funds", "")),
        purpose=data.get("purpose", "").strip(),
        spending_plan=tuple(parse_decimal(data.get(f, "")) for f in CHECKPOINT_FIELDS),
        goals=lines(data.get("goals", "")),
        indicators=_posted_rows(data),
        position=base.position,
    )
