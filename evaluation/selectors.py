"""Reads of monitoring rounds and self-evaluations as plain sheets, in a fixed number of queries.

A sheet of a stored round or evaluation costs two queries (its projects, its indicator rows)
after the round or evaluation itself; a blank sheet of approved targets (the export of a
period not yet opened) costs two as well (projects, indicators). Lookups by unit and year go
through `projects.permissions` (404 for what the user may not read).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from evaluation import scoring
from evaluation.models import (
    EvaluatedIndicator,
    EvaluatedProject,
    MonitoredIndicator,
    MonitoredProject,
    MonitoringRound,
    SelfEvaluation,
    StageAction,
    StageOpinion,
    Status,
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
    return evaluation_sheets([evaluation])[0]


def evaluation_sheets(evaluations: list[SelfEvaluation]) -> list[EvaluationSheet]:
    """Several stored self-evaluations as sheets, in two queries whatever their number
    (each evaluation's `department` already read)."""
    ids = [e.pk for e in evaluations]
    entries: dict[int, list[EvaluatedProject]] = {}
    for entry in (
        EvaluatedProject.objects.filter(evaluation_id__in=ids)
        .select_related("project")
        .order_by("evaluation_id", "order", "id")
    ):
        entries.setdefault(entry.evaluation_id, []).append(entry)
    rows: dict[int, list[EvaluationRow]] = {}
    for row in (
        EvaluatedIndicator.objects.filter(entry__evaluation_id__in=ids)
        .select_related("indicator", *_INDICATOR_ROWS)
        .order_by("entry_id", "indicator__order", "indicator_id")
    ):
        rows.setdefault(row.entry_id, []).append(_evaluation_row(row, row.indicator))
    sheets = []
    for evaluation in evaluations:
        department = evaluation.department
        projects = []
        for entry in entries.get(evaluation.pk, []):
            project = _evaluation_project(entry.project, entry)
            project.rows = rows.get(entry.pk, [])
            projects.append(project)
        sheets.append(
            EvaluationSheet(
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
        )
    return sheets


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


# --- the county's view ---


@dataclass
class UnitProgress:
    """One unit's year after approval, as the county sees it."""

    code: str
    name: str
    plan_status: str
    period: str = ""
    monitoring_status: str = ""
    month: int | None = None
    executed: Decimal | None = None
    budget: Decimal | None = None
    evaluation_status: str = ""
    average: Decimal | None = None
    grade: str = ""
    reviewed_total: Decimal | None = None

    @property
    def rate(self) -> str:
        return scoring.format_rate(scoring.execution_rate(self.executed, self.budget))


def county_progress(user, fiscal_year: int) -> list[UnitProgress]:
    """Every unit of the year the user may read: its latest monitoring round with the
    execution rate over its projects, and its self-evaluation with the mean project score and
    grade. Six queries whatever the number of units (plans, rounds, their money, evaluations,
    and the evaluations' projects and rows)."""
    plans = list(
        permissions.visible_plans(user)
        .filter(fiscal_year=fiscal_year)
        .select_related("department__parent")
        .order_by("department__code")
    )
    ids = [p.department_id for p in plans]
    latest: dict[int, MonitoringRound] = {}
    for found in MonitoringRound.objects.filter(
        fiscal_year=fiscal_year, department_id__in=ids
    ).order_by("period_end_month"):
        latest[found.department_id] = found
    money = {
        row["round_id"]: row
        for row in MonitoredProject.objects.filter(round__in=list(latest.values()))
        .values("round_id")
        .annotate(
            executed=Sum("executed"),
            budget=Sum(Coalesce("adjusted_budget", "project__budget_total")),
        )
        .order_by()
    }
    departments = {p.department_id: p.department for p in plans}
    evaluations = list(
        SelfEvaluation.objects.filter(fiscal_year=fiscal_year, department_id__in=ids)
    )
    for evaluation in evaluations:
        evaluation.department = departments[evaluation.department_id]
    sheets = dict(
        zip([e.department_id for e in evaluations], evaluation_sheets(evaluations), strict=True)
    )
    by_department = {e.department_id: e for e in evaluations}
    units = []
    for plan in plans:
        unit = UnitProgress(
            code=plan.department.code,
            name=plan.department.name,
            plan_status=plan.get_status_display(),
        )
        found = latest.get(plan.department_id)
        if found is not None:
            unit.period, unit.month = found.period_label, found.period_end_month
            unit.monitoring_status = found.get_status_display()
            figures = money.get(found.pk, {})
            unit.executed, unit.budget = figures.get("executed"), figures.get("budget")
        evaluation = by_department.get(plan.department_id)
        if evaluation is not None:
            sheet = sheets[plan.department_id]
            unit.evaluation_status = evaluation.get_status_display()
            unit.average = sheet.average
            if sheet.average is not None:
                unit.grade = str(scoring.GRADE_LABELS[scoring.grade(sheet.average)])
            unit.reviewed_total = evaluation.reviewed_total
        units.append(unit)
    return units


# --- 结果应用: last year's results for next year's targets ---


@dataclass(frozen=True)
class IndicatorResult:
    target: str
    actual: str
    points: Decimal
    score: Decimal | None


@dataclass(frozen=True)
class ProjectResult:
    total: Decimal
    grade: str
    indicators: dict[str, IndicatorResult]
    budget: Decimal | None = None  # last year's 预算数
    fiscal_year: int | None = None  # the year evaluated
    status: str = ""  # the self-evaluation's status label (已审核 when final)
    reviewed: bool = False


def project_key(code: str, name: str) -> str:
    """How a project is found again next year: by its code, by its name when it has none."""
    return f"code:{code}" if code else f"name:{name}"


def _result(project: EvaluationProject, evaluation: SelfEvaluation) -> ProjectResult:
    return ProjectResult(
        total=project.total,
        grade=project.grade_label,
        indicators={
            row.name: IndicatorResult(row.target, row.actual, row.points, row.final_score)
            for row in project.rows
        },
        budget=project.budget,
        fiscal_year=evaluation.fiscal_year,
        status=evaluation.get_status_display(),
        reviewed=evaluation.status == Status.APPROVED,
    )


def last_year_results(department: Department, fiscal_year: int) -> dict[str, ProjectResult]:
    """The self-evaluation of the year before `fiscal_year`, per project (`project_key`) with
    each indicator's target, actual, 分值 and score by its 三级 name: what next year's editor
    and carry-forward show beside the new targets. Three queries; empty without one."""
    evaluation = evaluation_of(department, fiscal_year - 1)
    if evaluation is None:
        return {}
    return {
        project_key(project.code, project.name): _result(project, evaluation)
        for project in evaluation_sheet(evaluation).projects
    }


def project_result(project_id: int | None) -> ProjectResult | None:
    """One project's self-evaluation result (last year's project, for next year's editor):
    its rows with their 分值 spread by the evaluation's scheme, in one query (none without a
    project). None when the project was not self-evaluated or had no indicator rows."""
    if project_id is None:
        return None
    rows = list(
        EvaluatedIndicator.objects.filter(entry__project_id=project_id)
        .select_related("entry__evaluation", "entry__project", "indicator", *_INDICATOR_ROWS)
        .order_by("indicator__order", "indicator_id")
    )
    if not rows:
        return None
    entry = rows[0].entry
    evaluation = entry.evaluation
    project = _evaluation_project(entry.project, entry)
    project.rows = [_evaluation_row(row, row.indicator) for row in rows]
    project.spread(scoring.SCHEMES[evaluation.scheme])
    return _result(project, evaluation)


# --- a return's opinions ---


@dataclass(frozen=True)
class ReturnOpinion:
    """One opinion of a stage's latest 退回, as the JSON API gives it (read-only)."""

    project: str
    entry_id: int | None
    row_id: int | None
    row_number: int | None
    row_name: str
    field: str
    field_label: str
    code: int | None
    code_label: str
    text: str


def latest_return_opinions(stage: MonitoringRound | SelfEvaluation) -> list[ReturnOpinion]:
    """The opinions of the stage's latest 退回 (none if it was never returned): one query."""
    link = "monitoring" if isinstance(stage, MonitoringRound) else "evaluation"
    latest = (
        StageAction.objects.filter(**{link: stage}, kind=StageAction.Kind.RETURN)
        .order_by("-at", "-id")
        .values("pk")[:1]
    )
    return [
        ReturnOpinion(
            project=o.project_name,
            entry_id=o.entry_id,
            row_id=o.row_id,
            row_number=o.row_number,
            row_name=o.row_name,
            field=o.field,
            field_label=o.field_label,
            code=o.code,
            code_label=o.get_code_display() if o.code else "",
            text=o.text,
        )
        for o in StageOpinion.objects.filter(action=Subquery(latest)).order_by("id")
    ]
