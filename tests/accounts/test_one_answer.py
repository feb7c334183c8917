""" "May this user change this year, and if not, why?" has one answer, and every channel gives
it (#15 item 2): the editor, the services, imports, the API, the review page and the status
panel all ask `projects.permissions`; services take the acting user as a required keyword.
"""

from __future__ import annotations

import inspect

import pytest
from django.db import transaction

from api.models import ApiToken
from core.errors import DomainError, NotAllowed
from imports.services import import_check, targets_import
from projects import carry_forward, permissions, services
from projects.exceptions import LockedError
from projects.models import DepartmentPlan, Project
from projects.permissions import SYSTEM, allowed_transitions, edit_refusal
from projects.selectors import department_targets, project_target_table
from tests.conftest import make_user
from workflow import services as workflow
from workflow.selectors import plan_panel

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(seed_plan):
    unit = seed_plan.department
    return {
        "clerk": make_user("own", "clerk", departments=[unit]),
        "other_clerk": make_user("other", "clerk"),
        "reviewer": make_user("rev", "reviewer", region_code="130225"),
        "auditor": make_user("aud", "auditor"),
        "admin": make_user("adm", "admin"),
    }


def _lock(plan, status: str) -> DepartmentPlan:
    DepartmentPlan.objects.filter(pk=plan.pk).update(status=status)
    plan.refresh_from_db()
    return plan


@pytest.mark.parametrize(
    ("who", "status", "answer"),
    [
        ("clerk", "draft", None),
        ("admin", "returned", None),
        ("system", "draft", None),
        ("other_clerk", "draft", NotAllowed),
        ("reviewer", "draft", NotAllowed),
        ("auditor", "draft", NotAllowed),
        ("clerk", "submitted", LockedError),
        ("admin", "approved", LockedError),
        ("system", "approved", LockedError),  # locked means locked, for system jobs too
        ("reviewer", "approved", NotAllowed),  # who first: never anything of the year
    ],
)
def test_the_one_answer(people, seed_plan, who, status, answer):
    user = SYSTEM if who == "system" else people[who]
    plan = _lock(seed_plan, status)
    refusal = edit_refusal(user, plan.department, plan)
    if answer is None:
        assert refusal is None and permissions.can_edit_targets(user, plan.department, plan)
        return
    assert type(refusal) is answer and str(refusal)
    assert not permissions.can_edit_targets(user, plan.department, plan)
    if answer is NotAllowed:  # names the unit by its code only (imports name unread units)
        assert "802010" in str(refusal) and plan.department.name not in str(refusal)


def test_every_channel_gives_the_same_reason(client, people, seed_plan):
    """The other unit's clerk: the editor's read-only note, the service's refusal, the import
    check's error and the API's 403 carry one text."""
    user, unit = people["other_clerk"], seed_plan.department
    reason = str(edit_refusal(user, unit, seed_plan))
    # Service (forms' save path).
    project = Project.objects.filter(department=unit).first()
    table = project_target_table(project_id=project.pk)
    with pytest.raises(NotAllowed) as refused:
        services.project_save_table(department=unit, table=table, user=user)
    assert str(refused.value) == reason
    # Import check (the preview) and the API write (the import service).
    targets = department_targets(department=unit, fiscal_year=2023)
    check = import_check(departments=[targets], user=user, policy="update")
    assert reason in [m for msgs in check.summary.errors.values() for m in msgs]
    _token, key = ApiToken.issue(user=user)
    # A clerk of another unit cannot read it: 404, as every page (nothing leaks).
    response = client.put(
        "/api/v1/departments/802010/2023/", {}, content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )  # fmt: skip
    assert response.status_code in (404, 422)
    # A reviewer reads the unit: the editor and the API say the reviewer's reason.
    reviewer = people["reviewer"]
    reason = str(edit_refusal(reviewer, unit, seed_plan))
    client.force_login(reviewer)
    page = client.get(f"/projects/{project.pk}/edit/")
    assert page.context["read_only"] == reason
    _token, key = ApiToken.issue(user=reviewer)
    body = client.get("/api/v1/departments/802010/2023/", HTTP_AUTHORIZATION=f"Token {key}").json()
    response = client.put(
        "/api/v1/departments/802010/2023/", body, content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )  # fmt: skip
    assert response.status_code == 403 and response.json()["detail"] == reason


def test_a_locked_year_reads_alike_in_the_editor_the_api_and_the_service(client, people, seed_plan):
    clerk, unit = people["clerk"], seed_plan.department
    _token, key = ApiToken.issue(user=clerk)
    body = client.get("/api/v1/departments/802010/2023/", HTTP_AUTHORIZATION=f"Token {key}").json()
    plan = _lock(seed_plan, "submitted")
    reason = str(edit_refusal(clerk, unit, plan))
    assert "已送审" in reason
    response = client.put(
        "/api/v1/departments/802010/2023/", body, content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )  # fmt: skip
    assert response.status_code == 403 and response.json()["detail"] == reason
    client.force_login(clerk)
    project = Project.objects.filter(department=unit).first()
    assert client.get(f"/projects/{project.pk}/edit/").context["read_only"] == reason
    with pytest.raises(LockedError) as refused:
        services.department_plan_save(
            plan=plan, overall_goal="x", sub_goals=[], safeguards=[], expected_version=None,
            user=clerk,
        )  # fmt: skip
    assert str(refused.value) == reason


WRITERS = [
    services.department_upsert,
    services.project_save_table,
    services.department_targets_save,
    services.department_plan_save,
    targets_import,
    import_check,
    carry_forward.project_carry_forward,
    carry_forward.department_carry_forward,
    workflow.plan_submit,
    workflow.plan_return,
]


@pytest.mark.parametrize("service", WRITERS, ids=lambda f: f.__name__)
def test_services_take_the_acting_user_as_a_required_keyword(service):
    parameter = inspect.signature(service).parameters["user"]
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
    assert parameter.default is inspect.Parameter.empty  # no user=None that skips the check


def test_a_system_job_is_recorded_as_no_user(seed_plan):
    project = Project.objects.filter(department=seed_plan.department).first()
    table = project_target_table(project_id=project.pk)
    table.purpose = "系统作业改的用途"
    services.project_save_table(department=seed_plan.department, table=table, user=SYSTEM)
    assert project.history.latest().history_user is None


def test_only_admins_and_system_jobs_create_units(people, seed_plan):
    with pytest.raises(NotAllowed, match="只有管理员可以"):
        services.department_upsert(code="900777", name="新单位", user=people["clerk"])
    assert services.department_upsert(code="900777", name="新单位", user=people["admin"]).pk
    assert services.department_upsert(code="900778", name="新单位", user=SYSTEM).pk
    assert issubclass(NotAllowed, DomainError) and issubclass(LockedError, NotAllowed)


@pytest.mark.parametrize("status", ["draft", "submitted", "returned", "approved"])
@pytest.mark.parametrize("who", ["clerk", "reviewer", "auditor", "admin"])
def test_pages_offer_exactly_the_actions_the_services_take(people, seed_plan, who, status):
    """The status panel, the review page's 退回 link and the services agree (one table)."""
    user, plan = people[who], _lock(seed_plan, status)
    offered = allowed_transitions(user, plan)
    panel = plan_panel(user=user, department=plan.department, fiscal_year=2023, plan=plan)
    assert panel.may_submit == ("submit" in offered)
    assert panel.may_withdraw == ("withdraw" in offered)
    assert panel.may_review == ("approve" in offered) == ("return" in offered)
    assert panel.may_unlock == ("unlock" in offered)
    calls = {
        "submit": lambda: workflow.plan_submit(plan=plan, user=user),
        "withdraw": lambda: workflow.plan_withdraw(plan=plan, user=user),
        "return": lambda: workflow.plan_return(plan=plan, user=user, comment="请修改"),
        "approve": lambda: workflow.plan_approve(plan=plan, user=user),
        "unlock": lambda: workflow.plan_unlock(plan=plan, user=user, reason="重新审核"),
    }
    for kind, call in calls.items():
        try:
            with transaction.atomic():
                call()
                taken = True
                transaction.set_rollback(True)
        except DomainError:  # NotAllowed (role) or WorkflowError (status)
            taken = False
        plan.refresh_from_db()
        assert taken == (kind in offered), kind


def test_review_page_offers_return_only_when_the_workflow_would_take_it(client, people, seed_plan):
    reviewer = people["reviewer"]
    client.force_login(reviewer)
    url = "/reviews/departments/802010/2023/"
    assert "转为退回意见" not in client.get(url).content.decode()  # a draft: nothing to return
    _lock(seed_plan, "submitted")
    assert "转为退回意见" in client.get(url).content.decode()
    client.force_login(people["auditor"])
    assert "转为退回意见" not in client.get(url).content.decode()
