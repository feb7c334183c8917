"""Permission helpers that are not a whole page: one-query lookups used by the busiest pages."""

from __future__ import annotations

import pytest
from django.http import Http404

from accounts.permissions import department_and_plan_or_404, role_of
from tests.conftest import make_user
from tests.projects.forms_helpers import demo_user


def test_department_and_plan_come_in_one_query(seed_plan, django_assert_num_queries):
    auditor, clerk = demo_user("auditor"), demo_user("clerk")
    stranger = make_user("stranger-clerk", "clerk")
    role_of(auditor)  # the role is read with the user on every request (ProfileModelBackend)
    with django_assert_num_queries(1):
        department, plan = department_and_plan_or_404(auditor, "802010", 2023)
    assert department.code == "802010" and plan == seed_plan
    assert department_and_plan_or_404(clerk, "802010", 2024) == (department, None)
    for user, code in ((stranger, "802010"), (auditor, "999999")):
        with pytest.raises(Http404):
            department_and_plan_or_404(user, code, 2023)
