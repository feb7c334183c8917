"""What an import would change in one project: header fields and indicator rows, old → new.

Pure functions on TargetTables (the stored one read by the selector, the imported one from the
file). Indicator rows are matched as the save service matches them (same 一级/二级/三级 name,
first free stored row), so the preview shows what confirming really does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports.readers.rows import DIRECTION_LABELS
from projects.money import format_exact
from projects.targets import CHECKPOINT_LABELS, IndicatorRow, TargetTable

ADDED, CHANGED, UNCHANGED, REMOVED = "added", "changed", "unchanged", "removed"
ROW_LABELS = {
    ADDED: gettext_lazy("新增"),
    CHANGED: gettext_lazy("修改"),
    UNCHANGED: gettext_lazy("不变"),
    REMOVED: gettext_lazy("删除"),
}
PLAN_KIND_LABELS = {"amount": gettext_lazy("金额"), "percent": gettext_lazy("百分比")}


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass
class RowDiff:
    status: str
    row: IndicatorRow
    changes: list[Change] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(ROW_LABELS[self.status])


@dataclass
class TableDiff:
    """One imported table against the stored project it would update (None: a new project)."""

    table: TargetTable
    exists: bool
    header: list[Change] = field(default_factory=list)
    rows: list[RowDiff] = field(default_factory=list)

    @property
    def action(self) -> str:
        if not self.exists:
            return _("新增")
        return _("更新") if self.changed else _("无变化")

    @property
    def changed(self) -> bool:
        return bool(self.header) or any(r.status != UNCHANGED for r in self.rows)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def row_counts(self) -> list[tuple[str, int]]:
        """(label, count) for each kind of row present, in a fixed order."""
        return [
            (str(label), n) for status, label in ROW_LABELS.items() if (n := self.count(status))
        ]


def _amount(value: Decimal | None) -> str:
    return format_exact(value) if value is not None else ""


def _header_values(table: TargetTable) -> list[tuple[str, str]]:
    values = [
        (_("项目编码"), table.code),
        (_("项目名称"), table.name),
        (_("预算数"), _amount(table.budget_total)),
        (_("其中：财政资金"), _amount(table.fiscal_funds)),
        (_("其他资金"), _amount(table.other_funds)),
        (_("资金用途"), table.purpose),
    ]
    values += [
        (_("资金支出计划 %(when)s") % {"when": when}, _amount(amount))
        for when, amount in zip(CHECKPOINT_LABELS, table.spending_plan, strict=True)
    ]
    values.append(
        (
            _("支出计划填报方式"),
            str(PLAN_KIND_LABELS.get(table.spending_plan_kind, table.spending_plan_kind)),
        )
    )
    values.append((_("绩效目标"), "；".join(table.goals)))
    return values


def _row_values(row: IndicatorRow) -> list[tuple[str, str]]:
    return [
        (_("绩效指标描述"), row.description),
        (_("指标值"), row.value),
        (_("指标值确定依据"), row.basis),
        (_("权重"), _amount(row.weight) if row.weight is not None else ""),
        (_("指标方向"), str(DIRECTION_LABELS.get(row.direction, row.direction))),
    ]


def _changes(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> list[Change]:
    return [
        Change(label, before, after)
        for (label, before), (_label, after) in zip(old, new, strict=True)
        if before != after
    ]


def table_diff(imported: TargetTable, stored: TargetTable | None) -> TableDiff:
    """Header changes and every indicator row marked 新增 / 修改 / 不变 / 删除."""
    if stored is None:
        return TableDiff(imported, False, rows=[RowDiff(ADDED, r) for r in imported.indicators])
    diff = TableDiff(imported, True, _changes(_header_values(stored), _header_values(imported)))
    free = list(stored.indicators)
    for row in imported.indicators:
        key = (row.level1, row.level2, row.name)
        match = next((r for r in free if (r.level1, r.level2, r.name) == key), None)
        if match is None:
            diff.rows.append(RowDiff(ADDED, row))
            continue
        free.remove(match)
        changes = _changes(_row_values(match), _row_values(row))
        diff.rows.append(RowDiff(CHANGED if changes else UNCHANGED, row, changes))
    diff.rows.extend(RowDiff(REMOVED, r) for r in free)
    return diff
