"""Permission helpers that are not a whole page: one-query lookups used by the busiest pages."""

from __future__ import annotations

import pytest
from django.http import Http404

from projects.permissions import department_and_plan_or_404, role_of
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


def test_the_editors_lookup_brings_project_frame_plan_and_the_clerks_assignment(
    seed_plan, django_assert_num_queries
):
    from projects.models import Project
    from projects.permissions import can_edit_targets, is_assigned_clerk, project_and_plan_or_404

    project = Project.objects.select_related("frame").get(
        department__code="802010", name="信访维稳经费"
    )
    clerk = demo_user("clerk")
    role_of(clerk)
    with django_assert_num_queries(1):
        found, plan = project_and_plan_or_404(clerk, project.pk)
        assert (found.frame.code, found.department.code, plan) == (
            project.frame.code, "802010", seed_plan,
        )  # fmt: skip
    # A clerk reads only assigned units: the lookup already proved the assignment.
    with django_assert_num_queries(0):
        assert can_edit_targets(clerk, found.department, plan)
    # Someone else's clerk neither finds the project nor counts as assigned; a reviewer who
    # reads it through the region is not its clerk.
    stranger, reviewer = make_user("stranger-clerk", "clerk"), demo_user("reviewer")
    with pytest.raises(Http404):
        project_and_plan_or_404(stranger, project.pk)
    assert not is_assigned_clerk(stranger, found.department)
    project_and_plan_or_404(reviewer, project.pk)
    assert not is_assigned_clerk(reviewer, found.department)
