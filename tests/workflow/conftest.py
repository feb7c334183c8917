"""Users of the review cycle tests: the unit's clerk, reviewers in and out of the county."""

from __future__ import annotations

import pytest

from tests.conftest import make_user


@pytest.fixture
def people(seed_plan):
    department = seed_plan.department
    return {
        "clerk": make_user("clerk", "clerk", departments=[department]),
        "other_clerk": make_user("other", "clerk"),
        "reviewer": make_user("reviewer", "reviewer", region_code="130225"),
        "foreign_reviewer": make_user("foreign", "reviewer", region_code="511124"),
        "auditor": make_user("auditor", "auditor"),
    }
