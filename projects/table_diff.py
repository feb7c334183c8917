"""What changed between two versions of a table, in Chinese (a refused save lists it).

Rows are matched as the save matches them (`projects.row_matching`): by stored id, else by
一级/二级/三级. So a row inserted by someone else is one new row, not a change to every row
after it.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator
from projects.form_tables import HEADER_LABELS, weight_initial
from projects.money import format_exact
from projects.row_matching import match_rows
from projects.targets import CHECKPOINT_LABELS, IndicatorRow, TargetTable

ROW_FIELDS = {
    "level1": _("一级"),
    "level2": _("二级"),
    "name": _("三级"),
    "description": _("描述"),
    "value": _("指标值"),
    "basis": _("依据"),
    "weight": _("权重"),
    "direction": _("方向"),
}


def _text(value) -> str:
    if isinstance(value, Decimal):
        return format_exact(value)
    if isinstance(value, list):
        return "；".join(value)
    return "" if value is None else str(value)


def table_changes(before: TargetTable, after: TargetTable) -> list[str]:
    """Describe, in Chinese, how `after` differs from `before` (for a refused save)."""
    changes = []
    for field, label in HEADER_LABELS.items():
        old, new = getattr(before, field), getattr(after, field)
        if old != new:
            changes.append(f"{label}：“{_text(old)}” → “{_text(new)}”")
    for label, old, new in zip(
        CHECKPOINT_LABELS, before.spending_plan, after.spending_plan, strict=False
    ):
        if old != new:
            changes.append(
                gettext("%(when)s支出计划：“%(old)s” → “%(new)s”")
                % {"when": label, "old": _text(old), "new": _text(new)}
            )
    if before.goals != after.goals:
        changes.append(
            gettext("绩效目标：“%(old)s” → “%(new)s”")
            % {"old": _text(before.goals), "new": _text(after.goals)}
        )
    changes.extend(row_changes(before.indicators, after.indicators))
    return changes


def _identity(row: IndicatorRow) -> tuple[int | None, tuple[str, str, str]]:
    return row.indicator_id, (row.level1, row.level2, row.name)


def _row_text(row: IndicatorRow, field: str) -> str:
    value = getattr(row, field)
    if field == "weight":
        return weight_initial(value)
    if field == "direction":
        return str(dict(Indicator.Direction.choices).get(value, value))
    return value


def row_changes(before: list[IndicatorRow], after: list[IndicatorRow]) -> list[str]:
    """Changed, added, removed and reordered rows; numbers are rows of `after` (of `before`
    for a removed row), as the clerk counts them on the page."""
    matches = match_rows([_identity(r) for r in before], [_identity(r) for r in after])
    changes = []
    for number, (new, match) in enumerate(zip(after, matches, strict=True), start=1):
        if match is None:
            changes.append(
                gettext("新增第%(number)s行指标：%(level1)s/%(level2)s/%(name)s %(value)s")
                % {
                    "number": number,
                    "level1": new.level1,
                    "level2": new.level2,
                    "name": new.name,
                    "value": new.value,
                }
            )
            continue
        old = before[match]
        for field, label in ROW_FIELDS.items():
            if getattr(old, field) != getattr(new, field):
                was, now = _row_text(old, field), _row_text(new, field)
                changes.append(
                    gettext("第%(number)s行指标%(label)s：“%(was)s” → “%(now)s”")
                    % {"number": number, "label": label, "was": was, "now": now}
                )
    kept = set(matches)
    for number, old in enumerate(before, start=1):
        if number - 1 not in kept:
            changes.append(
                gettext("删除了第%(number)s行指标：%(level1)s/%(level2)s/%(name)s")
                % {"number": number, "level1": old.level1, "level2": old.level2, "name": old.name}
            )
    order = [match for match in matches if match is not None]
    if order != sorted(order):
        changes.append(gettext("调整了指标行的顺序。"))
    return changes
