"""Run the registered rules on one table or a whole department document."""

from __future__ import annotations

from collections.abc import Iterable

from projects.targets import DepartmentTargets, TargetTable
from reviews.checks.base import RULES, Finding, Hit, Location, ReviewContext, Rule


def enabled_rules(ctx: ReviewContext, scope: str) -> list[Rule]:
    return [r for r in RULES.values() if r.scope == scope and r.id not in ctx.config.disabled_rules]


def _finding(rule: Rule, hit: Hit, table: TargetTable | None, position: int | None) -> Finding:
    location = Location(
        project_index=position,
        project_code=table.code if table else "",
        project_name=table.name if table else "",
        row=hit.row,
        row_name=hit.row_name,
        field=hit.field,
        item=hit.item,
    )
    return Finding(rule.id, rule.level, location, hit.problem, hit.hint, rule.opinion)


def _sort_key(finding: Finding) -> tuple:
    loc = finding.location
    return (loc.project_index or 0, loc.row or 0, loc.field, loc.item or 0, finding.rule)


def run_table(table: TargetTable, ctx: ReviewContext, position: int = 1) -> list[Finding]:
    """Every enabled table rule on one table, in reading order (row by row)."""
    findings = [
        _finding(r, hit, table, position)
        for r in enabled_rules(ctx, "table")
        for hit in r.check(table, ctx)
    ]
    return sorted(findings, key=_sort_key)


def run_table_in_year(table: TargetTable, ctx: ReviewContext, position: int = 1) -> list[Finding]:
    """`run_table` plus the department rules marked `one_table`, for an editor that shows
    one table: a code taken by another unit is found while typing."""
    alone = DepartmentTargets(
        department_code=table.department_code,
        department_name=table.department_name,
        fiscal_year=table.fiscal_year,
        tables=[table],
    )
    findings = run_table(table, ctx, position)
    for r in enabled_rules(ctx, "department"):
        if r.one_table:
            findings.extend(_finding(r, hit, table, position) for _p, hit in r.check(alone, ctx))
    return sorted(findings, key=_sort_key)


def _department_findings(targets: DepartmentTargets, ctx: ReviewContext) -> Iterable[Finding]:
    for r in enabled_rules(ctx, "department"):
        for position, hit in r.check(targets, ctx):
            table = targets.tables[position - 1] if position else None
            yield _finding(r, hit, table, position)


def run_department(targets: DepartmentTargets, ctx: ReviewContext) -> list[Finding]:
    """Department rules plus every table's rules, in document order."""
    findings = list(_department_findings(targets, ctx))
    for position, table in enumerate(targets.tables, start=1):
        findings.extend(run_table(table, ctx, position))
    return sorted(findings, key=_sort_key)
