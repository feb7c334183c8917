"""The spending plan's checkpoint a monitoring period is compared with (nothing interpolated)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from evaluation.sheets import MonitoringProject, plan_checkpoint

D = Decimal
PLAN = (D(10), D(20), D(30), D(40))


@pytest.mark.parametrize(
    ("month", "label", "amount"),
    [(7, "6月底", D(20)), (6, "6月底", D(20)), (3, "3月底", D(10)), (11, "10月底", D(30))],
)
def test_the_latest_checkpoint_at_or_before_the_period_is_used(month, label, amount):
    checkpoint = plan_checkpoint(month, PLAN, "amount", D(40))
    assert (checkpoint.label, checkpoint.amount, checkpoint.rate) == (label, amount, amount / 40)


def test_no_checkpoint_before_march():
    assert plan_checkpoint(2, PLAN, "amount", D(40)) is None


def test_a_blank_checkpoint_falls_back_to_the_one_before_and_says_so():
    checkpoint = plan_checkpoint(7, (D(10), None, None, D(40)), "amount", D(40))
    assert checkpoint.label == "3月底" and checkpoint.rate == D("0.25")
    assert plan_checkpoint(7, (None, None, None, D(40)), "amount", D(40)) is None


def test_a_plan_in_percent_is_a_share_of_the_budget():
    checkpoint = plan_checkpoint(7, (D(20), D(60), D(80), D(100)), "percent", D(50))
    assert (checkpoint.amount, checkpoint.rate) == (D(30), D("0.6"))


def test_execution_rate_uses_the_adjusted_budget_when_there_is_one():
    project = MonitoringProject(name="x", budget=D(40), executed=D(15))
    assert project.rate == D("0.375")
    project.adjusted_budget = D(30)
    assert project.rate == D("0.5") and project.base_budget == D(30)
