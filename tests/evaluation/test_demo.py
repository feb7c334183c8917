"""Demo data: every approved unit gets a monitoring round and a self-evaluation with
deviations that the checks and scores treat like a clerk's."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from evaluation import checks, selectors
from evaluation.models import MonitoringRound, SelfEvaluation

pytestmark = pytest.mark.django_db


def test_the_demo_fills_approved_units_with_realistic_deviations(approved):
    out = io.StringIO()
    call_command("generate_evaluation_demo", "--year", "2023", stdout=out)
    assert "运行监控1个、绩效自评1个" in out.getvalue()
    stage = MonitoringRound.objects.get()
    stage.department = approved.department
    monitoring = selectors.monitoring_sheet(stage)
    assert all(p.executed is not None for p in monitoring.projects)
    assert any(p.lag_reason for p in monitoring.projects)  # some run behind the plan
    assert not checks.blocking(checks.monitoring_findings(monitoring))
    evaluation = SelfEvaluation.objects.get()
    evaluation.department = approved.department
    sheet = selectors.evaluation_sheet(evaluation)
    totals = [p.total for p in sheet.projects]
    assert min(totals) < 100 and all(0 < t <= 100 for t in totals)
    assert any(r.deviation for p in sheet.projects for r in p.rows)
    # a second run adds nothing
    call_command("generate_evaluation_demo", "--year", "2023", stdout=io.StringIO())
    assert MonitoringRound.objects.count() == SelfEvaluation.objects.count() == 1


def test_nothing_for_a_year_not_approved(seed_plan):
    out = io.StringIO()
    call_command("generate_evaluation_demo", "--year", "2023", stdout=out)
    assert "运行监控0个、绩效自评0个" in out.getvalue()
