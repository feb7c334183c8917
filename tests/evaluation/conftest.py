"""An approved seed year (802010, 2023) with its clerk, a county reviewer and a stranger."""

from __future__ import annotations

import pytest

from accounts.models import Role
from evaluation import selectors, services
from projects.models import DepartmentPlan
from tests.conftest import make_user


@pytest.fixture
def approved(seed_plan):
    DepartmentPlan.objects.filter(pk=seed_plan.pk).update(status=DepartmentPlan.Status.APPROVED)
    seed_plan.refresh_from_db()
    return seed_plan


@pytest.fixture
def unit(approved):
    return approved.department


@pytest.fixture
def unit_clerk(unit):
    return make_user("unit-clerk", Role.CLERK, [unit])


@pytest.fixture
def reviewer(unit):
    return make_user("county-reviewer", Role.REVIEWER, region_code=unit.region_code)


@pytest.fixture
def stranger(db):
    return make_user("other-clerk", Role.CLERK)


@pytest.fixture
def monitoring(unit, unit_clerk):
    return services.monitoring_open(
        department=unit, fiscal_year=2023, period_end_month=7, user=unit_clerk
    )


@pytest.fixture
def evaluation(unit, unit_clerk):
    return services.evaluation_open(department=unit, fiscal_year=2023, user=unit_clerk)


def fill_monitoring(sheet):
    """Values that pass every blocking check: on plan, certain, in the target's units."""
    for project in sheet.projects:
        project.executed = project.budget
        project.projected = project.budget
        for row in project.rows:
            row.progress = row.target or "已开展"
            row.projected = row.target or "已开展"
            row.likelihood = "certain"
    return sheet


def fill_evaluation(sheet):
    """Every actual equal to its target (qualitative ones read as 达成), funds fully spent."""
    for project in sheet.projects:
        project.executed = project.budget
        for row in project.rows:
            row.actual = row.target or "达成"
            if row.proposal.score is None:
                row.achievement = "achieved"
    return sheet


def read_monitoring(monitoring):
    return selectors.monitoring_sheet(monitoring)


def read_evaluation(evaluation):
    return selectors.evaluation_sheet(evaluation)
