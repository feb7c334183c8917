"""Reads of monitoring rounds and self-evaluations as plain sheets, in a fixed number of queries.

A sheet of a stored round or evaluation costs two queries (its projects, its indicator rows)
after the round or evaluation itself; a blank sheet of approved targets (the export of a
period not yet opened) costs two as well (projects, indicators). Lookups by unit and year go
through `projects.permissions` (404 for what the user may not read).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from evaluation.models import (
    EvaluatedIndicator,
    EvaluatedProject,
    MonitoredIndicator,
    MonitoredProject,
    MonitoringRound,
    SelfEvaluation,
)
from evaluation.sheets import (
    EvaluationProject,
    EvaluationRow,
    EvaluationSheet,
    MonitoringProject,
    MonitoringRow,
    MonitoringSheet,
)
from indicators.models import Indicator
from projects import permissions
from projects.models import Department, Project


def _parent_heading(department: Department) -> str:
    parent = department.parent
    return parent.heading if parent is not None else department.heading


def rounds_of(department: Department, fiscal_year: int) -> QuerySet[MonitoringRound]:
    return MonitoringRound.objects.filter(department=department, fiscal_year=fiscal_year)


def round_or_404(
    user, code: str, fiscal_year: int, month: int
) -> tuple[Department, MonitoringRound]:
    department = permissions.department_or_404(user, code)
    found = (
        MonitoringRound.objects.filter(
            department=department, fiscal_year=fiscal_year, period_end_month=month
        )
        .order_by()
        .first()
    )
    if found is None:
        raise Http404(_("该时段的运行监控不存在。"))
    found.department = department
    return department, found


def evaluation_of(department: Department, fiscal_year: int) -> SelfEvaluation | None:
    found = (
        SelfEvaluation.objects.filter(department=department, fiscal_year=fiscal_year)
        .order_by()
        .first()
    )
    if found is not None:
        found.department = department
    return found


def _monitoring_row(row: MonitoredIndicator | None, indicator: Indicator) -> MonitoringRow:
    values = {}
    if row is not None:
        values = {
            "progress": row.progress,
            "projected": row.projected,
            "likelihood": row.likelihood,
            "cause": row.cause,
            "cause_text": row.cause_text,
            "measures": row.measures,
            "row_id": row.pk,
        }
    return MonitoringRow(
        level1=indicator.level1.name,
        level2=indicator.level2.name,
        name=indicator.name,
        target=indicator.value_raw,
        direction=indicator.direction,
        **values,
    )


def _monitoring_project(project: Project, entry: MonitoredProject | None) -> MonitoringProject:
    values = {}
    if entry is not None:
        values = {
            "adjusted_budget": entry.adjusted_budget,
            "executed": entry.executed,
            "projected": entry.projected,
            "goal_progress": entry.goal_progress,
            "lag_reason": entry.lag_reason,
            "remainder_plan": entry.remainder_plan,
            "entry_id": entry.pk,
        }
    return MonitoringProject(
        name=project.name,
        code=project.code,
        budget=project.budget_total,
        spending_plan=project.spending_plan,
        spending_plan_kind=project.spending_plan_kind,
        goals=list(project.goals),
        **values,
    )


_INDICATOR_ROWS = ("indicator__level1", "indicator__level2")


def monitoring_sheet(monitoring: MonitoringRound) -> MonitoringSheet:
    """The stored round as a sheet (`monitoring.department` with its parent already read)."""
    department = monitoring.department
    entries = list(
        MonitoredProject.objects.filter(round=monitoring)
        .select_related("project")
        .order_by("order", "id")
    )
    rows: dict[int, list[MonitoringRow]] = {}
    for row in (
        MonitoredIndicator.objects.filter(entry__round=monitoring)
        .select_related("indicator", *_INDICATOR_ROWS)
        .order_by("entry_id", "indicator__order", "indicator_id")
    ):
        rows.setdefault(row.entry_id, []).append(_monitoring_row(row, row.indicator))
    projects = []
    for entry in entries:
        project = _monitoring_project(entry.project, entry)
        project.rows = rows.get(entry.pk, [])
        projects.append(project)
    return MonitoringSheet(
        department_code=department.code,
        department_name=department.name,
        fiscal_year=monitoring.fiscal_year,
        period_end_month=monitoring.period_end_month,
        parent_heading=_parent_heading(department),
        status=monitoring.status,
        version=monitoring.version,
        projects=projects,
        round_id=monitoring.pk,
    )


def _approved_projects(department: Department, fiscal_year: int) -> list[Project]:
    return list(
        Project.objects.filter(department=department, fiscal_year=fiscal_year).order_by(
            "display_order", "id"
        )
    )


def _indicators_by_project(projects: list[Project]) -> dict[int, list[Indicator]]:
    found: dict[int, list[Indicator]] = {}
    for indicator in (
        Indicator.objects.filter(project__in=[p.pk for p in projects])
        .select_related("level1", "level2")
        .order_by("project_id", "order", "id")
    ):
        found.setdefault(indicator.project_id, []).append(indicator)
    return found


def blank_monitoring_sheet(department: Department, fiscal_year: int, month: int) -> MonitoringSheet:
    """A table ready to fill for the approved targets (nothing stored yet)."""
    projects = _approved_projects(department, fiscal_year)
    indicators = _indicators_by_project(projects)
    sheets = []
    for project in projects:
        sheet = _monitoring_project(project, None)
        sheet.rows = [_monitoring_row(None, i) for i in indicators.get(project.pk, [])]
        sheets.append(sheet)
    return MonitoringSheet(
        department_code=department.code,
        department_name=department.name,
        fiscal_year=fiscal_year,
        period_end_month=month,
        parent_heading=_parent_heading(department),
        projects=sheets,
    )


def _evaluation_row(row: EvaluatedIndicator | None, indicator: Indicator) -> EvaluationRow:
    values = {}
    if row is not None:
        values = {
            "actual": row.actual_raw,
            "achievement": row.achievement,
            "score": row.score,
            "score_reason": row.score_reason,
            "deviation": row.deviation,
            "row_id": row.pk,
        }
    return EvaluationRow(
        level1=indicator.level1.name,
        level2=indicator.level2.name,
        name=indicator.name,
        target=indicator.value_raw,
        direction=indicator.direction,
        weight=indicator.weight,
        **values,
    )


def _evaluation_project(project: Project, entry: EvaluatedProject | None) -> EvaluationProject:
    values = {}
    if entry is not None:
        values = {
            "annual_budget": entry.annual_budget,
            "executed": entry.executed,
            "funds_score": entry.funds_score,
            "funds_score_reason": entry.funds_score_reason,
            "actual_summary": entry.actual_summary,
            "entry_id": entry.pk,
        }
    return EvaluationProject(
        name=project.name,
        code=project.code,
        budget=project.budget_total,
        fiscal_funds=project.fiscal_funds,
        other_funds=project.other_funds,
        goals=list(project.goals),
        **values,
    )


def evaluation_sheet(evaluation: SelfEvaluation) -> EvaluationSheet:
    """The stored self-evaluation as a sheet, every row's 分值 spread by its scheme."""
    department = evaluation.department
    entries = list(
        EvaluatedProject.objects.filter(evaluation=evaluation)
        .select_related("project")
        .order_by("order", "id")
    )
    rows: dict[int, list[EvaluationRow]] = {}
    for row in (
        EvaluatedIndicator.objects.filter(entry__evaluation=evaluation)
        .select_related("indicator", *_INDICATOR_ROWS)
        .order_by("entry_id", "indicator__order", "indicator_id")
    ):
        rows.setdefault(row.entry_id, []).append(_evaluation_row(row, row.indicator))
    projects = []
    for entry in entries:
        project = _evaluation_project(entry.project, entry)
        project.rows = rows.get(entry.pk, [])
        projects.append(project)
    return EvaluationSheet(
        department_code=department.code,
        department_name=department.name,
        fiscal_year=evaluation.fiscal_year,
        parent_heading=_parent_heading(department),
        scheme=evaluation.scheme,
        status=evaluation.status,
        version=evaluation.version,
        reviewed_total=evaluation.reviewed_total,
        projects=projects,
        evaluation_id=evaluation.pk,
    ).spread()


def blank_evaluation_sheet(department: Department, fiscal_year: int) -> EvaluationSheet:
    projects = _approved_projects(department, fiscal_year)
    indicators = _indicators_by_project(projects)
    sheets = []
    for project in projects:
        sheet = _evaluation_project(project, None)
        sheet.rows = [_evaluation_row(None, i) for i in indicators.get(project.pk, [])]
        sheets.append(sheet)
    return EvaluationSheet(
        department_code=department.code,
        department_name=department.name,
        fiscal_year=fiscal_year,
        parent_heading=_parent_heading(department),
        projects=sheets,
    ).spread()
