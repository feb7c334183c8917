"""The people of the notice tests: a unit's clerks and reviewers, and those of another unit."""

from __future__ import annotations

import pytest

from projects.models import Department, DepartmentPlan
from tests.conftest import make_user

REGION = "130225"


@pytest.fixture
def people(seed_plan):
    department = seed_plan.department
    assert department.region_code == REGION
    neighbour = Department.objects.create(code="802099", name="邻近单位", region_code=REGION)
    return {
        "clerk": make_user("clerk", "clerk", departments=[department]),
        "clerk2": make_user("clerk2", "clerk", departments=[department]),
        "neighbour_clerk": make_user("neighbour", "clerk", departments=[neighbour]),
        "reviewer": make_user("reviewer", "reviewer", region_code=REGION),
        "listed_reviewer": make_user("listed", "reviewer", departments=[department]),
        "foreign_reviewer": make_user("foreign", "reviewer", region_code="511124"),
        "auditor": make_user("auditor", "auditor"),
    }


@pytest.fixture
def submitted(seed_plan):
    """The seed year as sent for review (without a notice: set directly)."""
    DepartmentPlan.objects.filter(pk=seed_plan.pk).update(status=DepartmentPlan.Status.SUBMITTED)
    seed_plan.refresh_from_db()
    return seed_plan
