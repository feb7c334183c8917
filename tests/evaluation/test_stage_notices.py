"""Notices of a stage's 送审 (to the county's reviewers) and 审核通过 (to the unit's clerks,
with a self-evaluation's score, grade and adjusted total), mailed after the commit (#18)."""

from __future__ import annotations

import logging
from decimal import Decimal

import lxml.html
import pytest
from django.core import mail

from accounts.models import Role
from core.errors import DomainError, NotAllowed
from evaluation import services
from evaluation.models import SelfEvaluation, Status
from notices.models import Notice
from tests.conftest import make_user
from tests.evaluation.conftest import (
    fill_evaluation,
    fill_monitoring,
    read_evaluation,
    read_monitoring,
)

pytestmark = pytest.mark.django_db

ROUND = "/evaluation/802010/2023/monitoring/7/"
SELFEVAL = "/evaluation/802010/2023/selfeval/"


@pytest.fixture
def others(unit):
    """A second clerk and a listed reviewer of the unit; a clerk of the same county's other
    unit and a reviewer of another county, who hear nothing."""
    from projects.models import Department

    neighbour = Department.objects.create(code="802099", name="邻近单位", region_code="130225")
    return {
        "clerk2": make_user("clerk2", Role.CLERK, [unit]),
        "listed": make_user("listed", Role.REVIEWER, [unit]),
        "neighbour": make_user("neighbour", Role.CLERK, [neighbour]),
        "foreign": make_user("foreign", Role.REVIEWER, region_code="511124"),
    }


@pytest.fixture
def filled_monitoring(monitoring, unit_clerk):
    sheet = fill_monitoring(read_monitoring(monitoring))
    services.monitoring_save(monitoring=monitoring, sheet=sheet, user=unit_clerk)
    return monitoring


@pytest.fixture
def filled_evaluation(evaluation, unit_clerk):
    sheet = fill_evaluation(read_evaluation(evaluation))
    services.evaluation_save(evaluation=evaluation, sheet=sheet, user=unit_clerk)
    return evaluation


def _to(kind: str) -> set[str]:
    return set(Notice.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_a_rounds_submission_tells_the_countys_reviewers_and_leads_to_its_page(
    filled_monitoring, unit_clerk, reviewer, others
):
    services.stage_submit(stage=filled_monitoring, user=unit_clerk)

    assert _to("submit") == {"county-reviewer", "listed"}
    assert Notice.objects.count() == 2  # no clerk, no one of another unit or county
    notice = Notice.objects.get(recipient=reviewer)
    assert notice.unit == filled_monitoring.department and notice.year == 2023
    assert notice.about == "1–7月运行监控" and notice.link == ROUND
    unit = filled_monitoring.department
    assert notice.text == f"{unit.name}（802010） 2023年1–7月运行监控已由unit-clerk送审，请审核。"
    assert notice.read_at is None


def test_a_self_evaluations_submission_leads_to_the_self_evaluation(
    filled_evaluation, unit_clerk, reviewer
):
    services.stage_submit(stage=filled_evaluation, user=unit_clerk)
    notice = Notice.objects.get(recipient=reviewer)
    assert notice.kind == "submit" and notice.link == SELFEVAL and notice.about == "绩效自评"
    assert "2023年绩效自评已由unit-clerk送审，请审核。" in notice.text


def test_approving_a_self_evaluation_tells_the_clerks_its_score_grade_and_adjusted_total(
    filled_evaluation, unit_clerk, reviewer, others
):
    services.stage_submit(stage=filled_evaluation, user=unit_clerk)
    average = read_evaluation(filled_evaluation).average
    assert average is not None and average >= 90  # every target met

    services.stage_approve(
        stage=filled_evaluation,
        user=reviewer,
        comment=" 佐证材料齐全 ",
        reviewed_total=Decimal("85.5"),
    )

    assert _to("approve") == {"unit-clerk", "clerk2"}
    notice = Notice.objects.get(recipient=unit_clerk, kind="approve")
    lines = notice.text.splitlines()
    assert lines[0].endswith("2023年绩效自评已由county-reviewer审核通过，已锁定。")
    assert lines[1:] == [
        f"自评平均得分：{average}，等级：优",
        "复核调整后总分：85.50，等级：良",
        "审核意见：佐证材料齐全",
    ]
    assert notice.link == SELFEVAL and notice.about == "绩效自评"


def test_an_approval_without_adjustment_or_comment_says_only_the_score(
    filled_evaluation, unit_clerk, reviewer
):
    services.stage_submit(stage=filled_evaluation, user=unit_clerk)
    services.stage_approve(stage=filled_evaluation, user=reviewer)
    text = Notice.objects.get(recipient=unit_clerk).text
    assert "自评平均得分：" in text
    assert "复核调整后总分" not in text and "审核意见" not in text


def test_approving_a_round_names_its_period_and_the_comment(
    filled_monitoring, unit_clerk, reviewer
):
    services.stage_submit(stage=filled_monitoring, user=unit_clerk)
    services.stage_approve(stage=filled_monitoring, user=reviewer, comment="进度正常")
    notice = Notice.objects.get(recipient=unit_clerk)
    assert notice.kind == "approve" and notice.link == ROUND
    assert notice.text.splitlines()[1:] == ["审核意见：进度正常"]
    assert "2023年1–7月运行监控已由county-reviewer审核通过" in notice.text
    assert "得分" not in notice.text  # a round has no score
    assert not Notice.objects.filter(recipient=reviewer, kind="approve").exists()


def test_refused_transitions_leave_no_notice(
    monitoring, filled_evaluation, unit_clerk, reviewer, stranger
):
    # A round as opened: its blocking checks refuse the 送审.
    with pytest.raises(DomainError, match="请修改后再送审"):
        services.stage_submit(stage=monitoring, user=unit_clerk)
    with pytest.raises(NotAllowed):
        services.stage_submit(stage=filled_evaluation, user=stranger)
    with pytest.raises(NotAllowed):
        services.stage_submit(stage=filled_evaluation, user=reviewer)
    # Not sent yet: nothing to approve.
    with pytest.raises(DomainError, match="不能审核通过"):
        services.stage_approve(stage=filled_evaluation, user=reviewer)
    assert not Notice.objects.exists()

    services.stage_submit(stage=filled_evaluation, user=unit_clerk)
    Notice.objects.all().delete()
    with pytest.raises(DomainError, match="0到100之间"):
        services.stage_approve(
            stage=filled_evaluation, user=reviewer, reviewed_total=Decimal("101")
        )
    with pytest.raises(NotAllowed):
        services.stage_approve(stage=filled_evaluation, user=unit_clerk)
    with pytest.raises(DomainError, match="不能送审"):
        services.stage_submit(stage=filled_evaluation, user=unit_clerk)  # already sent
    assert not Notice.objects.exists()
    assert SelfEvaluation.objects.get().status == Status.SUBMITTED


def test_the_notices_are_saved_with_the_approval_or_not_at_all(
    filled_evaluation, unit_clerk, reviewer, monkeypatch
):
    services.stage_submit(stage=filled_evaluation, user=unit_clerk)
    original = services.notify_stage_approve

    def notify_then_fail(**kwargs):
        original(**kwargs)
        raise RuntimeError("after the notices")

    monkeypatch.setattr(services, "notify_stage_approve", notify_then_fail)
    with pytest.raises(RuntimeError):
        services.stage_approve(stage=filled_evaluation, user=reviewer)
    assert not Notice.objects.filter(kind="approve").exists()
    assert SelfEvaluation.objects.get().status == Status.SUBMITTED


def test_no_mail_unless_enabled(
    filled_monitoring, unit_clerk, reviewer, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    reviewer.email = "r@example.com"
    reviewer.save()
    assert settings.NOTICE_EMAIL_ENABLED is False
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.stage_submit(stage=filled_monitoring, user=unit_clerk)
    assert callbacks == [] and mail.outbox == []
    assert Notice.objects.filter(recipient=reviewer).exists()


def test_submission_and_approval_are_mailed_after_the_commit(
    filled_monitoring, unit_clerk, reviewer, others, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.NOTICE_EMAIL_ENABLED = True
    settings.NOTICE_SITE_URL = "https://pb.example.cn/"
    reviewer.email = "r@example.com"
    reviewer.save()  # the listed reviewer has no address: a notice, no mail
    unit_clerk.email = "clerk@example.com"
    unit_clerk.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.stage_submit(stage=filled_monitoring, user=unit_clerk)
        assert mail.outbox == []  # nothing before the commit
    (sent,) = mail.outbox
    assert sent.to == ["r@example.com"]
    assert sent.subject.endswith("2023年1–7月运行监控已送审") and "802010" in sent.subject
    assert "已由unit-clerk送审，请审核。" in sent.body
    assert f"https://pb.example.cn{ROUND}" in sent.body
    assert Notice.objects.filter(recipient=others["listed"]).exists()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.stage_approve(stage=filled_monitoring, user=reviewer, comment="进度正常")
        assert mail.outbox == []
    (sent,) = mail.outbox
    assert sent.to == ["clerk@example.com"]
    assert sent.subject.endswith("2023年1–7月运行监控审核通过")
    assert "审核意见：进度正常" in sent.body and f"https://pb.example.cn{ROUND}" in sent.body


def test_a_failing_mail_server_never_undoes_the_approval(
    filled_evaluation, unit_clerk, reviewer, settings, django_capture_on_commit_callbacks, caplog
):
    services.stage_submit(stage=filled_evaluation, user=unit_clerk)
    settings.EMAIL_BACKEND = "tests.notices.test_services.BrokenBackend"
    settings.NOTICE_EMAIL_ENABLED = True
    unit_clerk.email = "clerk@example.com"
    unit_clerk.save()
    with (
        caplog.at_level(logging.ERROR, logger="notices.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.stage_approve(stage=filled_evaluation, user=reviewer)
    assert SelfEvaluation.objects.get().status == Status.APPROVED
    assert Notice.objects.filter(recipient=unit_clerk, kind="approve").exists()
    assert any("notice e-mail failed" in r.getMessage() for r in caplog.records)


def test_the_notice_list_names_the_stage_and_opens_its_page(
    client, filled_monitoring, unit_clerk, reviewer
):
    services.stage_submit(stage=filled_monitoring, user=unit_clerk)
    services.stage_approve(stage=filled_monitoring, user=reviewer)
    client.force_login(unit_clerk)

    response = client.get("/notices/")
    assert response.status_code == 200
    (item,) = lxml.html.fromstring(response.content.decode()).xpath('//ul[@id="notices"]/li')
    assert item.get("data-kind") == "approve"
    assert "2023年1–7月运行监控" in item.xpath(".//strong")[0].text_content()
    assert "审核通过" in item.xpath('.//span[contains(@class, "status-approve")]')[0].text
    (button,) = item.xpath('.//form[contains(@action, "/open/")]/button')
    assert button.text_content() == "打开1–7月运行监控"

    notice = Notice.objects.get(recipient=unit_clerk)
    response = client.post(f"/notices/{notice.pk}/open/")
    assert response.status_code == 302 and response["Location"] == ROUND
    # Once read, the same words on the plain link.
    page = lxml.html.fromstring(client.get("/notices/").content.decode())
    (link,) = page.xpath('//ul[@id="notices"]//a[@href=$href]', href=ROUND)
    assert link.text_content() == "打开1–7月运行监控"
