"""退回 of a stage with opinions at projects, rows and fields (#18): the service, the model's
rules, the notice to the clerks and the latest return's opinions as the API reads them."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.errors import DomainError, NotAllowed
from evaluation import selectors, services
from evaluation.models import (
    EvaluatedProject,
    MonitoredIndicator,
    MonitoredProject,
    StageAction,
    StageOpinion,
    Status,
)
from evaluation.services import Opinion
from notices.models import Notice
from tests.evaluation.conftest import (
    fill_evaluation,
    fill_monitoring,
    read_evaluation,
    read_monitoring,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_monitoring(monitoring, unit_clerk):
    sheet = fill_monitoring(read_monitoring(monitoring))
    services.monitoring_save(monitoring=monitoring, sheet=sheet, user=unit_clerk)
    services.stage_submit(stage=monitoring, user=unit_clerk)
    return monitoring


@pytest.fixture
def sent_evaluation(evaluation, unit_clerk):
    sheet = fill_evaluation(read_evaluation(evaluation))
    services.evaluation_save(evaluation=evaluation, sheet=sheet, user=unit_clerk)
    services.stage_submit(stage=evaluation, user=unit_clerk)
    return evaluation


def _entries(stage):
    return list(MonitoredProject.objects.filter(round=stage).order_by("order", "id"))


def _second_row(entry):
    return MonitoredIndicator.objects.filter(entry=entry).order_by("indicator__order", "id")[1]


def test_a_return_keeps_each_opinion_at_its_project_row_and_field(
    sent_monitoring, reviewer, unit_clerk
):
    first, second = _entries(sent_monitoring)[:2]
    row = _second_row(first)
    action = services.stage_return(
        stage=sent_monitoring,
        user=reviewer,
        comment="",
        opinions=[
            Opinion(entry_id=first.pk, row_id=row.pk, field="progress", code=2, text=" 写明数量 "),
            Opinion(entry_id=second.pk, field="lag_reason", text="请说明进度偏慢的原因"),
        ],
    )
    assert sent_monitoring.status == Status.RETURNED and action.comment == ""
    at_row, at_project = StageOpinion.objects.filter(action=action).order_by("id")
    assert (at_row.entry_id, at_row.row_id, at_row.anchor) == (first.pk, row.pk, f"row-{row.pk}")
    assert at_row.project_name == first.project.name and at_row.row_number == 2
    assert at_row.row_name == row.indicator.name and at_row.field_label == "完成情况"
    assert at_row.place == f"第2行“{row.indicator.name}” 完成情况"
    assert at_row.what == "2.指标不够细化、量化 — 写明数量"
    assert (at_project.anchor, at_project.place) == (f"project-{second.pk}", "执行进度偏慢原因")
    assert at_project.what == "请说明进度偏慢的原因"
    # The clerk's notice lists them, where and what, and leads to the round's page.
    notice = Notice.objects.get(recipient=unit_clerk)
    assert notice.kind == "return" and notice.link == "/evaluation/802010/2023/monitoring/7/"
    assert "1–7月运行监控被" in notice.text
    where = f"1. {first.project.name} 第2行“{row.indicator.name}” 完成情况"
    assert f"{where}：2.指标不够细化、量化 — 写明数量" in notice.text
    assert f"2. {second.project.name} 执行进度偏慢原因：请说明进度偏慢的原因" in notice.text


def test_the_old_call_with_a_comment_alone_still_returns(sent_evaluation, reviewer, unit_clerk):
    action = services.stage_return(stage=sent_evaluation, user=reviewer, comment="请复核得分")
    assert action.kind == "return" and not action.opinions.exists()
    assert "审核意见：请复核得分" in Notice.objects.get(recipient=unit_clerk).text


def test_a_return_without_comment_or_opinion_says_how_to_fix(sent_monitoring, reviewer):
    with pytest.raises(DomainError, match="必须填写审核意见，或至少添加一条具体意见"):
        services.stage_return(stage=sent_monitoring, user=reviewer, comment="  ")
    assert sent_monitoring.status == Status.SUBMITTED
    assert not StageAction.objects.filter(kind="return").exists()


def test_an_opinion_about_a_row_of_another_project_is_refused(sent_monitoring, reviewer):
    first, second = _entries(sent_monitoring)[:2]
    with pytest.raises(DomainError, match="第1条意见：意见所指的指标行不属于所选项目"):
        services.stage_return(
            stage=sent_monitoring,
            user=reviewer,
            comment="x",
            opinions=[Opinion(entry_id=second.pk, row_id=_second_row(first).pk, text="改")],
        )
    assert sent_monitoring.status == Status.SUBMITTED
    assert not StageAction.objects.filter(kind="return").exists()  # one transaction
    assert not Notice.objects.filter(kind="return").exists()


def test_an_opinion_about_another_stage_is_refused(sent_monitoring, evaluation, reviewer):
    # An entry id of the self-evaluation is no project of the round.
    other = EvaluatedProject.objects.filter(evaluation=evaluation).first()
    with pytest.raises(DomainError, match="所指的项目不在这张表中"):
        services.stage_return(
            stage=sent_monitoring,
            user=reviewer,
            comment="x",
            opinions=[Opinion(entry_id=other.pk + 10_000, text="改")],
        )
    # A row of the self-evaluation is no row of the round's project either.
    first = _entries(sent_monitoring)[0]
    with pytest.raises(DomainError, match="指标行"):
        services.stage_return(
            stage=sent_monitoring,
            user=reviewer,
            opinions=[Opinion(entry_id=first.pk, row_id=10_000_000, text="改")],
        )
    assert sent_monitoring.status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("opinion", "message"),
    [
        ({"field": "progress"}, "所选栏目属于指标行，请同时选择指标行"),
        ({"field": "nonsense"}, "所选栏目不存在"),
        ({"code": 12}, "标准意见12不存在"),
        ({"text": "  "}, "请选择标准意见或写明需要修改的内容"),
    ],
)
def test_a_wrong_opinion_is_refused_with_what_to_do(sent_monitoring, reviewer, opinion, message):
    first = _entries(sent_monitoring)[0]
    given = {"text": "改", **opinion}
    with pytest.raises(DomainError, match=message):
        services.stage_return(
            stage=sent_monitoring, user=reviewer, opinions=[Opinion(entry_id=first.pk, **given)]
        )
    assert sent_monitoring.status == Status.SUBMITTED


def test_a_project_field_on_a_row_is_refused(sent_monitoring, reviewer):
    first = _entries(sent_monitoring)[0]
    with pytest.raises(DomainError, match="所选栏目属于项目本身"):
        services.stage_return(
            stage=sent_monitoring,
            user=reviewer,
            opinions=[Opinion(entry_id=first.pk, row_id=_second_row(first).pk, field="lag_reason")],
        )


def test_only_the_county_reviewer_returns(sent_monitoring, unit_clerk, stranger):
    first = _entries(sent_monitoring)[0]
    for user in (unit_clerk, stranger):
        with pytest.raises(NotAllowed):
            services.stage_return(
                stage=sent_monitoring, user=user, opinions=[Opinion(entry_id=first.pk, text="x")]
            )


def test_the_model_refuses_an_opinion_on_another_action_or_stage(sent_monitoring, reviewer):
    submit = StageAction.objects.get(kind="submit")
    first, second = _entries(sent_monitoring)[:2]
    opinion = StageOpinion(
        action=submit, monitored_project=first, text="x", project_name=first.project.name
    )
    with pytest.raises(ValidationError, match="只能随退回"):
        opinion.full_clean()
    opinion.action = services.stage_return(stage=sent_monitoring, user=reviewer, comment="x")
    opinion.full_clean()
    opinion.monitored_row = _second_row(second)
    with pytest.raises(ValidationError, match="不属于所选项目"):
        opinion.full_clean()


def test_the_labels_still_read_after_the_row_is_gone(sent_monitoring, reviewer):
    first = _entries(sent_monitoring)[0]
    row = _second_row(first)
    services.stage_return(
        stage=sent_monitoring,
        user=reviewer,
        opinions=[Opinion(entry_id=first.pk, row_id=row.pk, text="改")],
    )
    name = row.indicator.name
    row.delete()
    opinion = StageOpinion.objects.get()
    assert opinion.row_id is None and opinion.place == f"第2行“{name}”"
    assert opinion.anchor == f"project-{first.pk}"


def test_the_latest_returns_opinions_in_one_query(sent_evaluation, reviewer, unit_clerk):
    assert selectors.latest_return_opinions(sent_evaluation) == []
    entry = EvaluatedProject.objects.filter(evaluation=sent_evaluation).first()
    services.stage_return(
        stage=sent_evaluation, user=reviewer, opinions=[Opinion(entry_id=entry.pk, text="旧")]
    )
    services.stage_submit(stage=sent_evaluation, user=unit_clerk)
    services.stage_return(
        stage=sent_evaluation,
        user=reviewer,
        opinions=[Opinion(entry_id=entry.pk, field="executed", code=11, text="新")],
    )
    with CaptureQueriesContext(connection) as queries:
        opinions = selectors.latest_return_opinions(sent_evaluation)
    assert len(queries) == 1
    assert [(o.text, o.field_label, o.code_label, o.entry_id) for o in opinions] == [
        ("新", "全年执行数", "其他", entry.pk)
    ]


def test_the_trail_and_its_opinions_are_read_only_in_the_admin(
    admin_client, sent_monitoring, reviewer
):
    first = _entries(sent_monitoring)[0]
    action = services.stage_return(
        stage=sent_monitoring,
        user=reviewer,
        opinions=[Opinion(entry_id=first.pk, field="executed", text="核对执行数")],
    )
    opinion = StageOpinion.objects.get()
    for base, pk in (
        ("/admin/evaluation/stageaction/", action.pk),
        ("/admin/evaluation/stageopinion/", opinion.pk),
    ):
        assert admin_client.get(base).status_code == 200
        assert admin_client.get(base, {"q": "802010"}).status_code == 200
        page = admin_client.get(f"{base}{pk}/change/")
        assert page.status_code == 200 and "核对执行数" in page.content.decode()
        assert 'name="_save"' not in page.content.decode()
        assert admin_client.post(f"{base}{pk}/change/", {}).status_code == 403
    assert StageOpinion.objects.get().text == "核对执行数"


def test_the_return_is_mailed_after_the_commit_with_its_opinions(
    sent_evaluation, reviewer, unit_clerk, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.NOTICE_EMAIL_ENABLED = True
    settings.NOTICE_SITE_URL = "https://pb.example.cn/"
    unit_clerk.email = "clerk@example.com"
    unit_clerk.save()
    entry = EvaluatedProject.objects.filter(evaluation=sent_evaluation).first()
    with django_capture_on_commit_callbacks(execute=True):
        services.stage_return(
            stage=sent_evaluation,
            user=reviewer,
            opinions=[Opinion(entry_id=entry.pk, field="actual_summary", text="补充完成情况")],
        )
        assert mail.outbox == []  # nothing before the commit
    (message,) = mail.outbox
    assert message.to == ["clerk@example.com"]
    assert message.subject.endswith("2023年绩效自评被退回") and "802010" in message.subject
    assert f"1. {entry.project.name} 实际完成情况：补充完成情况" in message.body
    assert "https://pb.example.cn/evaluation/802010/2023/selfeval/" in message.body
