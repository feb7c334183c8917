"""Monitoring and self-evaluation tables as plain data, with everything computed from them.

`evaluation.selectors` reads these from the database; pages, checks, layouts and exports use
them without touching it (as TargetTable does for the targets). Derived figures (执行率, the
plan checkpoint, 分值, proposed scores, totals, grades) are properties, never stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from evaluation import scoring
from projects.targets import CHECKPOINT_LABELS

CHECKPOINT_MONTHS = (3, 6, 10, 12)
PERCENT = "percent"  # projects.models.Project.SpendingPlanKind.PERCENT


@dataclass(frozen=True)
class Checkpoint:
    """The spending plan's checkpoint a monitoring period is compared with: the latest one
    at or before the period's last month that has a figure (7月 → 6月底; a blank 6月底 falls
    back to 3月底 and the table says so). Nothing is interpolated."""

    label: str
    month: int
    amount: Decimal  # cumulative planned amount (万元)
    rate: Decimal  # share of the 年初预算数 planned by then


def plan_checkpoint(
    month: int, plan: tuple[Decimal | None, ...], kind: str, budget: Decimal | None
) -> Checkpoint | None:
    points = zip(CHECKPOINT_LABELS, CHECKPOINT_MONTHS, plan, strict=True)
    for label, at, figure in reversed(list(points)):
        if at > month or figure is None:
            continue
        if kind == PERCENT:
            rate = figure / 100
            amount = (budget or Decimal(0)) * rate
        else:
            if not budget:
                return None
            amount, rate = figure, figure / budget
        return Checkpoint(label, at, amount, rate)
    return None


# --- monitoring ---


@dataclass
class MonitoringRow:
    level1: str
    level2: str
    name: str
    target: str  # the approved 年度指标值, as typed
    direction: str = ""
    progress: str = ""
    projected: str = ""
    likelihood: str = ""
    cause: str = ""
    cause_text: str = ""
    measures: str = ""
    row_id: int | None = None


@dataclass
class MonitoringProject:
    name: str
    code: str = ""
    budget: Decimal | None = None  # 年初预算数 (the approved project's 预算数)
    spending_plan: tuple[Decimal | None, ...] = (None, None, None, None)
    spending_plan_kind: str = "amount"
    goals: list[str] = field(default_factory=list)
    adjusted_budget: Decimal | None = None
    executed: Decimal | None = None
    projected: Decimal | None = None
    goal_progress: str = ""
    lag_reason: str = ""
    remainder_plan: str = ""
    rows: list[MonitoringRow] = field(default_factory=list)
    entry_id: int | None = None

    @property
    def base_budget(self) -> Decimal | None:
        """调整后预算数, or 年初预算数 when there was no adjustment."""
        return self.adjusted_budget if self.adjusted_budget is not None else self.budget

    @property
    def rate(self) -> Decimal | None:
        return scoring.execution_rate(self.executed, self.base_budget)

    def checkpoint(self, month: int) -> Checkpoint | None:
        return plan_checkpoint(month, self.spending_plan, self.spending_plan_kind, self.budget)


@dataclass
class MonitoringSheet:
    department_code: str
    department_name: str
    fiscal_year: int
    period_end_month: int
    parent_heading: str = ""
    status: str = "draft"
    version: int = 1
    projects: list[MonitoringProject] = field(default_factory=list)
    round_id: int | None = None

    @property
    def department_heading(self) -> str:
        return f"{self.department_code}{self.department_name}"

    @property
    def period_label(self) -> str:
        return "1月" if self.period_end_month == 1 else f"1–{self.period_end_month}月"


# --- self-evaluation ---


@dataclass
class EvaluationRow:
    level1: str
    level2: str
    name: str
    target: str
    direction: str = ""
    weight: Decimal | None = None  # the approved 权重, if the table had one
    actual: str = ""
    achievement: str = ""
    score: Decimal | None = None  # confirmed or overridden; None: the proposal stands
    score_reason: str = ""
    deviation: str = ""
    row_id: int | None = None
    points: Decimal = Decimal(0)  # 分值, set by EvaluationProject.spread

    @property
    def proposal(self) -> scoring.Proposal:
        return scoring.propose(
            points=self.points,
            target=self.target,
            actual=self.actual,
            direction=self.direction,
            achievement=self.achievement,
        )

    @property
    def final_score(self) -> Decimal | None:
        return self.score if self.score is not None else self.proposal.score


@dataclass
class EvaluationProject:
    name: str
    code: str = ""
    budget: Decimal | None = None  # 年初预算数
    fiscal_funds: Decimal | None = None
    other_funds: Decimal | None = None
    goals: list[str] = field(default_factory=list)
    annual_budget: Decimal | None = None  # 全年预算数 (blank: 年初预算数)
    executed: Decimal | None = None
    funds_score: Decimal | None = None
    funds_score_reason: str = ""
    actual_summary: str = ""
    rows: list[EvaluationRow] = field(default_factory=list)
    entry_id: int | None = None
    budget_points: Decimal = scoring.STANDARD.budget

    def spread(self, scheme: scoring.Scheme) -> EvaluationProject:
        """Give every row its 分值 under `scheme` (see scoring.spread_points)."""
        self.budget_points = scheme.budget
        points = scoring.spread_points(scheme, [(r.level1, r.weight) for r in self.rows])
        for row, share in zip(self.rows, points, strict=True):
            row.points = share
        return self

    @property
    def base_budget(self) -> Decimal | None:
        return self.annual_budget if self.annual_budget is not None else self.budget

    @property
    def rate(self) -> Decimal | None:
        return scoring.execution_rate(self.executed, self.base_budget)

    @property
    def proposed_funds_score(self) -> Decimal | None:
        return scoring.budget_score(self.rate, self.budget_points)

    @property
    def final_funds_score(self) -> Decimal | None:
        return self.funds_score if self.funds_score is not None else self.proposed_funds_score

    @property
    def points_total(self) -> Decimal:
        return self.budget_points + sum((r.points for r in self.rows), Decimal(0))

    @property
    def total(self) -> Decimal:
        return scoring.total([self.final_funds_score, *(r.final_score for r in self.rows)])

    @property
    def grade(self) -> str:
        return scoring.grade(self.total)

    @property
    def grade_label(self) -> str:
        return str(scoring.GRADE_LABELS[self.grade])


@dataclass
class EvaluationSheet:
    department_code: str
    department_name: str
    fiscal_year: int
    parent_heading: str = ""
    scheme: str = scoring.STANDARD.code
    status: str = "draft"
    version: int = 1
    reviewed_total: Decimal | None = None
    projects: list[EvaluationProject] = field(default_factory=list)
    evaluation_id: int | None = None

    @property
    def department_heading(self) -> str:
        return f"{self.department_code}{self.department_name}"

    def spread(self) -> EvaluationSheet:
        scheme = scoring.SCHEMES[self.scheme]
        for project in self.projects:
            project.spread(scheme)
        return self

    @property
    def average(self) -> Decimal | None:
        """The unit's mean project score (to the cent), for the county's view."""
        if not self.projects:
            return None
        return scoring.cents(sum(p.total for p in self.projects) / len(self.projects))
