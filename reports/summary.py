"""One line per project for indexes and county summaries (目录 sheet, 汇总表)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from projects.targets import DepartmentTargets, table_title
from reports.layout import anchor_for


@dataclass(frozen=True)
class ProjectSummary:
    """A project's identity, amounts (万元) and indicator count, with its table's title."""

    position: int
    title: str
    anchor: str
    department_code: str
    department_name: str
    code: str
    name: str
    budget_total: Decimal | None
    fiscal_funds: Decimal | None
    other_funds: Decimal | None
    indicator_count: int


def project_summaries(targets: DepartmentTargets) -> list[ProjectSummary]:
    """Summaries of a department's tables, numbered as in its document."""
    return [
        ProjectSummary(
            position=n,
            title=table_title(n, table),
            anchor=anchor_for(n),
            department_code=targets.department_code,
            department_name=targets.department_name,
            code=table.code,
            name=table.name,
            budget_total=table.budget_total,
            fiscal_funds=table.fiscal_funds,
            other_funds=table.other_funds,
            indicator_count=len(table.indicators),
        )
        for n, table in enumerate(targets.tables, start=1)
    ]


def total(amounts: list[Decimal | None]) -> Decimal:
    """Sum of amounts; blanks count as zero."""
    return sum((a for a in amounts if a is not None), Decimal(0))
