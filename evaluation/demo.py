"""Demo monitoring rounds and self-evaluations with realistic deviations, for approved years.

Written through the services as the system actor (so the data passes the same validation as
a clerk's); left as drafts, since 送审 is the clerk's act. `generate_evaluation_demo` runs it.
"""

from __future__ import annotations

import random
from decimal import Decimal

from evaluation import selectors, services
from evaluation.models import (
    EvaluatedIndicator,
    EvaluatedProject,
    MonitoredIndicator,
    MonitoredProject,
    MonitoringRound,
    SelfEvaluation,
)
from evaluation.sheets import EvaluationProject, MonitoringProject
from indicators.values import LE, LT, format_number, parse_value
from projects.models import DepartmentPlan
from projects.permissions import SYSTEM

CENT = Decimal("0.01")
# Texts a unit would write (demo data, stored like any clerk's text).
LAG_REASONS = (
    "工程尚在招标阶段，款项按合同进度支付",
    "补助资金按季度发放，下半年集中拨付",
    "上级资金下达较晚，尚未形成支出",
)
CAUSES = (
    ("funds", "资金拨付滞后"),
    ("staff", "经办人员调整"),
    ("rules", "实施细则尚未出台"),
    ("facilities", "设备采购延期"),
)
MEASURES = ("加快资金拨付进度", "倒排工期，每月调度", "协调主管部门尽快出台细则")
DEVIATIONS = ("受天气影响工期延误，已调整施工计划", "部分对象资格审核未通过，下年度完善审核流程")


def _scaled(target: str, factor: Decimal) -> str:
    """The target's number scaled (a ceiling like ≤ is kept under), in its unit."""
    parsed = parse_value(target)
    if parsed.number is None:
        return ""
    number = parsed.number * factor
    if parsed.comparator in (LE, LT):
        number = parsed.number * min(factor, Decimal("0.95"))
    return f"{format_number(number.quantize(CENT))}{parsed.unit}"


def _monitoring(project: MonitoringProject, month: int, rng: random.Random) -> None:
    budget = project.budget or Decimal(0)
    project.executed = (budget * Decimal(rng.choice((30, 45, 55, 60, 70, 85))) / 100).quantize(CENT)
    project.projected = budget if rng.random() > 0.2 else (budget * Decimal("0.9")).quantize(CENT)
    checkpoint = project.checkpoint(month)
    if checkpoint is not None and project.rate is not None and project.rate < checkpoint.rate:
        project.lag_reason = rng.choice(LAG_REASONS)
    if project.projected < budget:
        project.remainder_plan = "预计结余资金按规定收回财政统筹使用"
    project.goal_progress = "项目按计划推进，阶段性目标基本完成"
    share = Decimal(month) / 12
    for row in project.rows:
        row.progress = _scaled(row.target, share) or "正在实施"
        row.projected = row.target or "预计完成"
        row.likelihood = "certain"
        if rng.random() < 0.15:
            row.likelihood = "possible"
            row.cause, row.cause_text = rng.choice(CAUSES)
            row.measures = rng.choice(MEASURES)


def _evaluation(project: EvaluationProject, rng: random.Random) -> None:
    budget = project.budget or Decimal(0)
    project.annual_budget = budget
    project.executed = (budget * Decimal(rng.choice((82, 90, 96, 100, 100))) / 100).quantize(CENT)
    project.actual_summary = "项目全年按计划实施，主要绩效目标基本实现"
    for row in project.rows:
        factor = Decimal(rng.choice(("1", "1", "1", "0.9", "0.8")))
        row.actual = _scaled(row.target, factor)
        if not row.actual:
            reading = "partly" if rng.random() < 0.1 else "achieved"
            row.actual = "部分达成预期指标" if reading == "partly" else "达成预期指标"
            row.achievement = reading
        proposal = row.proposal
        if proposal.ratio is not None and proposal.ratio < 1:
            row.deviation = rng.choice(DEVIATIONS)


def generate(*, fiscal_year: int, month: int = 7, seed: int = 1) -> tuple[int, int]:
    """A monitoring round 1–`month`月 and a self-evaluation for every approved unit of the
    year that has none; return how many of each were made."""
    rng = random.Random(seed)
    plans = DepartmentPlan.objects.filter(
        fiscal_year=fiscal_year, status=DepartmentPlan.Status.APPROVED
    ).select_related("department")
    rounds = evaluations = 0
    for plan in plans.order_by("department__code"):
        department = plan.department
        if not MonitoringRound.objects.filter(
            department=department, fiscal_year=fiscal_year, period_end_month=month
        ).exists():
            stage = services.monitoring_open(
                department=department,
                fiscal_year=fiscal_year,
                period_end_month=month,
                user=SYSTEM,
            )
            stage.department = department
            sheet = selectors.monitoring_sheet(stage)
            for project in sheet.projects:
                _monitoring(project, month, rng)
            services.monitoring_save(monitoring=stage, sheet=sheet, user=SYSTEM)
            rounds += 1
        if not SelfEvaluation.objects.filter(
            department=department, fiscal_year=fiscal_year
        ).exists():
            stage = services.evaluation_open(
                department=department, fiscal_year=fiscal_year, user=SYSTEM
            )
            stage.department = department
            sheet = selectors.evaluation_sheet(stage)
            for project in sheet.projects:
                _evaluation(project, rng)
            services.evaluation_save(evaluation=stage, sheet=sheet, user=SYSTEM)
            evaluations += 1
    return rounds, evaluations


def clear(department_ids: list[int]) -> int:
    """Delete the units' monitoring rounds and self-evaluations with their rows, actions and
    history (before `generate_demo --clear` removes the projects they point at); return how
    many rounds and evaluations went."""
    rounds = list(
        MonitoringRound.objects.filter(department_id__in=department_ids).values_list(
            "pk", flat=True
        )
    )
    evaluations = list(
        SelfEvaluation.objects.filter(department_id__in=department_ids).values_list("pk", flat=True)
    )
    monitored = list(
        MonitoredProject.objects.filter(round_id__in=rounds).values_list("pk", flat=True)
    )
    evaluated = list(
        EvaluatedProject.objects.filter(evaluation_id__in=evaluations).values_list("pk", flat=True)
    )
    # Rows and actions cascade; the deletions' own history rows go with the rest.
    MonitoringRound.objects.filter(pk__in=rounds).delete()
    SelfEvaluation.objects.filter(pk__in=evaluations).delete()
    MonitoredIndicator.history.filter(entry_id__in=monitored).delete()
    EvaluatedIndicator.history.filter(entry_id__in=evaluated).delete()
    MonitoredProject.history.filter(round_id__in=rounds).delete()
    EvaluatedProject.history.filter(evaluation_id__in=evaluations).delete()
    MonitoringRound.history.filter(id__in=rounds).delete()
    SelfEvaluation.history.filter(id__in=evaluations).delete()
    return len(rounds) + len(evaluations)
