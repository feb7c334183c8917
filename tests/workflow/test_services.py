"""Every transition re-checks state and role inside its transaction and leaves an audit row."""

from __future__ import annotations

import pytest

from core.errors import NotAllowed
from projects.exceptions import LockedError
from projects.models import DepartmentPlan, Project
from projects.permissions import SYSTEM
from projects.selectors import project_target_table
from projects.services import project_save_table
from workflow.models import ReviewAction
from workflow.services import (
    Opinion,
    WorkflowError,
    plan_approve,
    plan_return,
    plan_submit,
    plan_unlock,
    plan_withdraw,
)


def _status(plan):
    plan.refresh_from_db()
    return plan.status


def test_full_cycle_submit_return_resubmit_approve_unlock(seed_plan, people):
    clerk, reviewer = people["clerk"], people["reviewer"]
    plan_submit(plan=seed_plan, user=clerk)
    assert _status(seed_plan) == "submitted"
    plan_return(
        plan=seed_plan,
        user=reviewer,
        comment="满意度指标请量化",
        opinions=[
            Opinion(
                code=2,
                project_id=Project.objects.first().pk,
                indicator_order=4,
                indicator_name="人员满意度",
            )
        ],
    )
    assert _status(seed_plan) == "returned"
    plan_submit(plan=seed_plan, user=clerk)
    plan_approve(plan=seed_plan, user=reviewer, grade="A", comment="同意")
    assert _status(seed_plan) == "approved" and seed_plan.grade == "A"
    plan_unlock(plan=seed_plan, user=reviewer, reason="预算调整")
    assert _status(seed_plan) == "returned" and seed_plan.grade == ""
    trail = list(
        ReviewAction.objects.filter(plan=seed_plan).values_list(
            "kind", "from_status", "to_status", "actor__username"
        )
    )
    assert trail == [
        ("submit", "draft", "submitted", "clerk"),
        ("return", "submitted", "returned", "reviewer"),
        ("submit", "returned", "submitted", "clerk"),
        ("approve", "submitted", "approved", "reviewer"),
        ("unlock", "approved", "returned", "reviewer"),
    ]
    returned = ReviewAction.objects.get(kind="return")
    assert returned.comment == "满意度指标请量化"
    assert [(o.code, o.indicator_order) for o in returned.opinions.all()] == [(2, 4)]


def test_two_tabs_cannot_approve_twice(seed_plan, people):
    plan_submit(plan=seed_plan, user=people["clerk"])
    stale_tab = DepartmentPlan.objects.get(pk=seed_plan.pk)
    plan_approve(plan=seed_plan, user=people["reviewer"])
    with pytest.raises(WorkflowError) as error:
        plan_approve(plan=stale_tab, user=people["reviewer"])
    assert "当前状态为“已审核”，不能审核通过" in str(error.value)
    assert ReviewAction.objects.filter(kind="approve").count() == 1


def test_a_withdrawn_submission_cannot_be_approved_or_returned(seed_plan, people):
    plan_submit(plan=seed_plan, user=people["clerk"])
    reviewer_tab = DepartmentPlan.objects.get(pk=seed_plan.pk)
    plan_withdraw(plan=seed_plan, user=people["clerk"])
    with pytest.raises(WorkflowError):
        plan_approve(plan=reviewer_tab, user=people["reviewer"])
    with pytest.raises(WorkflowError):
        plan_return(plan=reviewer_tab, user=people["reviewer"], comment="x")
    assert _status(seed_plan) == "draft"


@pytest.mark.parametrize(
    ("action", "who"),
    [
        (plan_submit, "reviewer"),
        (plan_submit, "other_clerk"),
        (plan_submit, "auditor"),
        (plan_withdraw, "reviewer"),
    ],
)
def test_only_the_units_clerk_submits_or_withdraws(seed_plan, people, action, who):
    if action is plan_withdraw:
        plan_submit(plan=seed_plan, user=people["clerk"])
    before = _status(seed_plan)
    with pytest.raises(NotAllowed):
        action(plan=seed_plan, user=people[who])
    assert _status(seed_plan) == before


@pytest.mark.parametrize("who", ["clerk", "foreign_reviewer", "auditor"])
def test_only_a_reviewer_of_the_county_returns_or_approves(seed_plan, people, who):
    plan_submit(plan=seed_plan, user=people["clerk"])
    with pytest.raises(NotAllowed):
        plan_approve(plan=seed_plan, user=people[who])
    with pytest.raises(NotAllowed):
        plan_return(plan=seed_plan, user=people[who], comment="x")
    assert _status(seed_plan) == "submitted"


def test_return_needs_a_comment_and_valid_opinions(seed_plan, people):
    plan_submit(plan=seed_plan, user=people["clerk"])
    reviewer = people["reviewer"]
    with pytest.raises(WorkflowError) as error:
        plan_return(plan=seed_plan, user=reviewer, comment="   ")
    assert "必须填写审核意见" in str(error.value)
    with pytest.raises(WorkflowError) as error:
        plan_return(plan=seed_plan, user=reviewer, comment="改", opinions=[Opinion(code=12)])
    assert "意见类型12不存在" in str(error.value)
    with pytest.raises(WorkflowError) as error:
        plan_return(
            plan=seed_plan,
            user=reviewer,
            comment="改",
            opinions=[Opinion(code=1, project_id=999999)],
        )
    assert "不属于本单位本年度" in str(error.value)
    assert _status(seed_plan) == "submitted"
    assert not ReviewAction.objects.filter(kind="return").exists()


def test_unlock_needs_a_reason_and_bad_grades_are_refused(seed_plan, people):
    plan_submit(plan=seed_plan, user=people["clerk"])
    with pytest.raises(WorkflowError):
        plan_approve(plan=seed_plan, user=people["reviewer"], grade="S")
    plan_approve(plan=seed_plan, user=people["reviewer"])
    with pytest.raises(WorkflowError):
        plan_unlock(plan=seed_plan, user=people["reviewer"], reason="")
    assert _status(seed_plan) == "approved"


def test_checks_errors_block_submission(seed_plan, people):
    with pytest.raises(WorkflowError) as error:
        plan_submit(plan=seed_plan, user=people["clerk"], blocking_errors=3)
    assert "还有3个错误未修改" in str(error.value)
    assert _status(seed_plan) == "draft"


def test_approved_data_is_locked_for_everyone(seed_plan, people):
    plan_submit(plan=seed_plan, user=people["clerk"])
    plan_approve(plan=seed_plan, user=people["reviewer"])
    project = Project.objects.first()
    table = project_target_table(project_id=project.pk)
    table.purpose = "审核后修改"
    for user in (people["clerk"], SYSTEM):  # system jobs too
        with pytest.raises(LockedError) as error:
            project_save_table(department=project.department, table=table, user=user)
        assert "已审核，不能修改。如需修改，请联系审核员取消审核。" in str(error.value)
    assert Project.objects.get(pk=project.pk).purpose != "审核后修改"


def test_status_changes_are_in_the_plan_history(seed_plan, people):
    plan_submit(plan=seed_plan, user=people["clerk"])
    latest = seed_plan.history.first()
    assert (latest.status, latest.history_user) == ("submitted", people["clerk"])
