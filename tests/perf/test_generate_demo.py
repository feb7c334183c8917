"""`generate_demo` builds a valid, deterministic county and `--clear` removes all of it."""

from __future__ import annotations

import io

from django.core.management import call_command

from evaluation import checks, selectors
from evaluation.models import MonitoringRound, SelfEvaluation
from indicators.models import Indicator
from projects.models import Department, DepartmentPlan, Project
from reviews.selectors import county_overview
from workflow.models import ReviewAction


def _generate(**sizes) -> None:
    options = {"departments": 6, "projects": 4, "year": 2024, "seed": 1} | sizes
    call_command("generate_demo", *[f"--{k}={v}" for k, v in options.items()])


def _snapshot() -> list[tuple]:
    rows = Indicator.objects.filter(project__department__code__startswith="7").order_by(
        "project__code", "order"
    )
    return list(
        rows.values_list(
            "project__code", "project__name", "project__budget_total", "name", "value_raw"
        )
    ) + list(
        DepartmentPlan.objects.order_by("department__code").values_list(
            "department__code", "status"
        )
    )


def test_generate_demo_builds_a_county_with_valid_tables_and_review_states(db):
    _generate()
    units = Department.objects.filter(parent__code="700000")
    assert units.count() == 6
    projects = Project.objects.filter(department__in=units, fiscal_year=2024)
    assert projects.count() == 24
    for project in projects.prefetch_related("indicators"):
        assert 6 <= len(project.indicators.all()) <= 12
        project.full_clean()  # amounts add up, codes are 21 characters
        assert project.plan_dec == project.budget_total
    overview = county_overview(fiscal_year=2024, region_code="130225")
    assert sum(d.errors for d in overview.departments) == 0
    assert sum(d.warnings for d in overview.departments) > 0  # realistic: reviewers have work
    assert Project.history.filter(department_id__in=units.values("pk")).count() > 24
    assert ReviewAction.objects.filter(plan__department__in=units).exists()


def test_generate_demo_also_monitors_and_self_evaluates_the_approved_units(db):
    """#18: every approved unit gets a 1–7月 round and a self-evaluation with deviations a
    clerk would have (execution behind the plan, actuals below target), which the checks and
    scores treat like typed data; `--clear` removes them with their history."""
    out = io.StringIO()
    call_command("generate_demo", "--departments=6", "--projects=4", "--seed=1", stdout=out)
    approved = DepartmentPlan.objects.filter(
        department__parent__code="700000", fiscal_year=2024, status=DepartmentPlan.Status.APPROVED
    )
    assert approved.exists()
    rounds = MonitoringRound.objects.filter(department__parent__code="700000")
    evaluations = SelfEvaluation.objects.filter(department__parent__code="700000")
    assert rounds.count() == evaluations.count() == approved.count()
    assert f"运行监控 {rounds.count()} 个、绩效自评 {evaluations.count()} 个" in out.getvalue()
    assert {r.period_end_month for r in rounds} == {7}
    sheets = []
    for stage in rounds.select_related("department"):
        sheet = selectors.monitoring_sheet(stage)
        assert not checks.blocking(checks.monitoring_findings(sheet))
        sheets.append(sheet)
    assert any(p.lag_reason for s in sheets for p in s.projects)
    scored = selectors.evaluation_sheets(list(evaluations.select_related("department")))
    totals = [p.total for s in scored for p in s.projects]
    assert min(totals) < 100 and all(0 < t <= 100 for t in totals)
    assert any(r.deviation for s in scored for p in s.projects for r in p.rows)
    ids = [e.pk for e in evaluations]
    call_command("generate_demo", "--clear", stdout=io.StringIO())
    assert not MonitoringRound.objects.exists() and not SelfEvaluation.objects.exists()
    assert not SelfEvaluation.history.filter(id__in=ids).exists()


def test_generate_demo_is_deterministic_per_seed_and_clear_removes_everything(db):
    _generate()
    first = _snapshot()
    project_ids = list(Project.objects.filter(code__contains="P7").values_list("pk", flat=True))
    call_command("generate_demo", "--clear")
    assert not Department.objects.filter(code__startswith="7").exists()
    assert not Indicator.history.filter(project_id__in=project_ids).exists()
    assert not Project.history.filter(id__in=project_ids).exists()
    _generate()
    assert _snapshot() == first
    call_command("generate_demo", "--clear")
    _generate(seed=2)
    assert _snapshot() != first
