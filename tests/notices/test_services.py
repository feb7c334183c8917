"""Who hears of each review action, what they read, and the e-mail of the same (#17)."""

from __future__ import annotations

import logging

import pytest
from django.core import mail

from core.errors import NotAllowed
from notices.models import Notice
from notices.selectors import unread_count
from notices.services import mark_all_read, mark_read
from projects.models import DepartmentPlan, Project
from workflow.services import (
    Opinion,
    WorkflowError,
    plan_approve,
    plan_return,
    plan_submit,
    plan_unlock,
    plan_withdraw,
)

pytestmark = pytest.mark.django_db


def _recipients(kind: str) -> set[str]:
    return set(Notice.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_a_submission_notifies_the_countys_reviewers_and_no_one_else(seed_plan, people):
    plan_submit(plan=seed_plan, user=people["clerk"])

    assert _recipients("submit") == {"reviewer", "listed"}
    notice = Notice.objects.get(recipient=people["reviewer"])
    assert notice.unit == seed_plan.department and notice.year == seed_plan.fiscal_year
    assert "已由clerk送审" in notice.text
    assert notice.link == "/departments/802010/2023/#review-status"
    assert notice.read_at is None


def test_a_return_notifies_the_units_clerks_with_every_opinion(submitted, people):
    project = Project.objects.filter(department=submitted.department).order_by("pk").first()
    plan_return(
        plan=submitted,
        user=people["reviewer"],
        comment="请补充数量指标",
        opinions=[
            Opinion(
                code=2,
                text="写成具体金额",
                project_id=project.pk,
                indicator_order=3,
                indicator_name="资金到位率",
            ),
            Opinion(code=11, text="整体说明太简略"),
        ],
    )

    # Both clerks of the unit; not the neighbour's clerk, not the reviewer who returned it.
    assert _recipients("return") == {"clerk", "clerk2"}
    text = Notice.objects.get(recipient=people["clerk"]).text
    assert "请补充数量指标" in text
    assert f"1. {project.name} 第3行 资金到位率：" in text and "写成具体金额" in text
    assert "2. 整个单位：" in text and "整体说明太简略" in text
    assert Notice.objects.get(recipient=people["clerk"]).link == "/departments/802010/2023/edit/"


def test_approval_and_unlock_notify_the_clerks_with_grade_and_reason(submitted, people):
    plan_approve(plan=submitted, user=people["reviewer"], grade="A", comment="很好")
    approved = Notice.objects.get(recipient=people["clerk"], kind="approve")
    assert "审核通过" in approved.text and "审核等级：优" in approved.text
    assert "很好" in approved.text

    plan_unlock(plan=submitted, user=people["reviewer"], reason="指标需要调整")
    unlocked = Notice.objects.get(recipient=people["clerk2"], kind="unlock")
    assert "原因：指标需要调整" in unlocked.text
    assert unlocked.link.endswith("/edit/")
    assert not Notice.objects.filter(recipient__in=[people["reviewer"], people["auditor"]]).exists()


def test_a_withdrawal_tells_the_reviewers_it_no_longer_waits(submitted, people):
    plan_withdraw(plan=submitted, user=people["clerk"])
    assert _recipients("withdraw") == {"reviewer", "listed"}


def test_no_notice_reaches_another_units_clerks_or_another_countys_reviewers(seed_plan, people):
    plan_submit(plan=seed_plan, user=people["clerk"])
    plan_return(plan=seed_plan, user=people["reviewer"], comment="修改")
    for outsider in ("neighbour_clerk", "foreign_reviewer", "auditor"):
        assert not Notice.objects.filter(recipient=people[outsider]).exists(), outsider


def test_inactive_users_get_no_notice(seed_plan, people):
    people["listed_reviewer"].is_active = False
    people["listed_reviewer"].save()
    plan_submit(plan=seed_plan, user=people["clerk"])
    assert _recipients("submit") == {"reviewer"}


def test_a_refused_transition_leaves_no_notice(submitted, people):
    with pytest.raises(WorkflowError):
        plan_return(plan=submitted, user=people["reviewer"], comment="   ")
    with pytest.raises(NotAllowed):
        plan_approve(plan=submitted, user=people["foreign_reviewer"])
    assert not Notice.objects.exists()


def test_notices_are_saved_with_the_transition_or_not_at_all(submitted, people, monkeypatch):
    """A failure after the notices were written rolls both back (one transaction)."""
    from workflow import services

    def broken(**kwargs):
        raise RuntimeError("after the notices")

    original = services.notify_review

    def notify_then_fail(**kwargs):
        original(**kwargs)
        broken()

    monkeypatch.setattr(services, "notify_review", notify_then_fail)
    with pytest.raises(RuntimeError):
        plan_approve(plan=submitted, user=people["reviewer"])
    assert not Notice.objects.exists()
    submitted.refresh_from_db()
    assert submitted.status == DepartmentPlan.Status.SUBMITTED


def test_no_mail_by_default(seed_plan, people, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    people["reviewer"].email = "r@example.com"
    people["reviewer"].save()
    assert settings.NOTICE_EMAIL_ENABLED is False
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        plan_submit(plan=seed_plan, user=people["clerk"])
    assert callbacks == []
    assert mail.outbox == []
    assert Notice.objects.filter(recipient=people["reviewer"]).exists()


def test_mail_goes_after_the_commit_to_recipients_with_an_address(
    submitted, people, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.NOTICE_EMAIL_ENABLED = True
    settings.NOTICE_SITE_URL = "https://pb.example.cn/"
    people["clerk"].email = "clerk@example.com"
    people["clerk"].save()  # clerk2 has no address: a notice, no mail

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        plan_return(plan=submitted, user=people["reviewer"], comment="请按意见修改")
        assert mail.outbox == []  # nothing before the commit
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [["clerk@example.com"]]
    message = mail.outbox[0]
    assert "被退回" in message.subject and "802010" in message.subject
    assert "请按意见修改" in message.body
    assert "https://pb.example.cn/departments/802010/2023/edit/" in message.body
    assert Notice.objects.filter(recipient=people["clerk2"]).exists()


def test_a_failing_mail_server_is_logged_and_the_transition_stands(
    submitted, people, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "tests.notices.test_services.BrokenBackend"
    settings.NOTICE_EMAIL_ENABLED = True
    people["clerk"].email = "clerk@example.com"
    people["clerk"].save()

    with (
        caplog.at_level(logging.ERROR, logger="notices.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        plan_approve(plan=submitted, user=people["reviewer"])
    submitted.refresh_from_db()
    assert submitted.status == DepartmentPlan.Status.APPROVED
    assert Notice.objects.filter(recipient=people["clerk"], kind="approve").exists()
    assert any("notice e-mail failed" in r.getMessage() for r in caplog.records)


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_mark_read_only_own_notices(seed_plan, people):
    plan_submit(plan=seed_plan, user=people["clerk"])
    mine = Notice.objects.get(recipient=people["reviewer"])
    theirs = Notice.objects.get(recipient=people["listed_reviewer"])
    assert unread_count(people["reviewer"]) == 1

    with pytest.raises(NotAllowed):
        mark_read(notice=theirs, user=people["reviewer"])
    theirs.refresh_from_db()
    assert theirs.read_at is None

    mark_read(notice=mine, user=people["reviewer"])
    assert unread_count(people["reviewer"]) == 0
    assert unread_count(people["listed_reviewer"]) == 1


def test_mark_all_read_touches_only_the_users_notices(seed_plan, people):
    plan_submit(plan=seed_plan, user=people["clerk"])
    plan_withdraw(plan=seed_plan, user=people["clerk"])
    assert mark_all_read(user=people["reviewer"]) == 2
    assert unread_count(people["reviewer"]) == 0
    assert unread_count(people["listed_reviewer"]) == 2
