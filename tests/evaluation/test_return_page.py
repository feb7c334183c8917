"""The 退回 page of a monitoring round and a self-evaluation (#18): findings selectable into
opinions, typed opinions at a project and row, errors beside their fields, the stage page's
panel with the latest return's opinions linked to their rows, a fixed query count."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluation import checks, selectors, services
from evaluation.models import (
    EvaluatedIndicator,
    MonitoredIndicator,
    MonitoredProject,
    MonitoringRound,
    SelfEvaluation,
    StageOpinion,
    Status,
)
from projects.models import DepartmentPlan
from projects.permissions import SYSTEM
from tests.builders import bulk_department
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
BASE = "/evaluation/802010/2023/"
MONITORING_RETURN = f"{BASE}monitoring/7/return/"
SELFEVAL_RETURN = f"{BASE}selfeval/return/"


def _sent(stage):
    """Sent for review as it is (blank: every check has something to say)."""
    type(stage).objects.filter(pk=stage.pk).update(status=Status.SUBMITTED)
    stage.status = Status.SUBMITTED
    return stage


def _management(total: int = 2) -> dict:
    return {
        "opinion-TOTAL_FORMS": str(total),
        "opinion-INITIAL_FORMS": "0",
        "opinion-MIN_NUM_FORMS": "0",
        "opinion-MAX_NUM_FORMS": "500",
    }


def _rows(entry):
    return list(MonitoredIndicator.objects.filter(entry=entry).order_by("indicator__order", "id"))


def test_the_reviewer_returns_with_a_finding_and_a_row_opinion(client, monitoring, reviewer):
    _sent(monitoring)
    client.force_login(reviewer)
    page = client.get(MONITORING_RETURN).content.decode()
    findings = checks.monitoring_findings(selectors.monitoring_sheet(monitoring))
    assert 'id="return-findings"' in page and f'value="{len(findings) - 1}"' in page
    assert "1.信访维稳经费" in page and "完成目标可能性" in page  # a project group, a field group
    # Each finding about a row says which row (the checks' messages do not).
    sheet = selectors.monitoring_sheet(monitoring)
    name = sheet.projects[0].rows[1].name
    assert f'<span class="text-muted">第2行“{name}”</span> 请选择完成目标可能性。' in page
    first, second = MonitoredProject.objects.filter(round=monitoring).order_by("order", "id")[:2]
    row = _rows(first)[1]
    ticked = next(i for i, f in enumerate(findings) if f.row_id is not None)
    response = client.post(
        MONITORING_RETURN,
        {
            **_management(),
            "comment": "请按意见补充",
            "finding": [str(ticked)],
            "opinion-0-project": str(first.pk),
            "opinion-0-row": str(row.pk),
            "opinion-0-field": "r:measures",
            "opinion-0-code": "11",
            "opinion-0-text": "写明纠偏措施",
            "opinion-1-project": str(second.pk),
            "opinion-1-text": "请核对执行数",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}monitoring/7/#stage-panel"
    assert MonitoringRound.objects.get().status == Status.RETURNED
    from_finding, typed, whole = StageOpinion.objects.order_by("id")
    assert (from_finding.row_id, from_finding.text) == (
        findings[ticked].row_id,
        findings[ticked].message,
    )
    assert (typed.row_id, typed.field, typed.code, typed.text) == (
        row.pk,
        "measures",
        11,
        "写明纠偏措施",
    )
    assert (whole.entry_id, whole.row_id) == (second.pk, None)
    # The clerk's page: the opinions in the panel, linked to their rows and projects.
    clerk = make_user("the-clerk", "clerk", [monitoring.department])
    client.force_login(clerk)
    page = client.get(f"{BASE}monitoring/7/").content.decode()
    panel = page[page.index('id="return-opinions"') : page.index('id="stage-history"')]
    assert "请按意见补充" in panel
    assert f'href="#row-{row.pk}"' in panel and f'href="#project-{second.pk}"' in panel
    assert f"第2行“{row.indicator.name}” 纠偏措施</a>：11.其他 — 写明纠偏措施" in panel
    history = page[page.index('id="stage-history"') :]
    assert "请核对执行数" in history


def test_an_empty_return_is_refused_beside_the_comment(client, evaluation, reviewer):
    _sent(evaluation)
    client.force_login(reviewer)
    response = client.post(SELFEVAL_RETURN, {**_management(), "comment": " "})
    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'id="comment-error">请填写退回意见，或勾选', page)
    assert SelfEvaluation.objects.get().status == Status.SUBMITTED


def test_a_row_of_another_project_is_refused_beside_the_row(client, evaluation, reviewer):
    _sent(evaluation)
    first, second = evaluation.projects.order_by("order", "id")[:2]
    other_row = EvaluatedIndicator.objects.filter(entry=second).first()
    client.force_login(reviewer)
    response = client.post(
        SELFEVAL_RETURN,
        {
            **_management(),
            "opinion-0-project": str(first.pk),
            "opinion-0-row": str(other_row.pk),
            "opinion-0-text": "改",
            "opinion-1-field": "p:executed",  # something typed, but no project
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "这一行不属于所选项目，请重新选择项目或指标行。" in page
    assert "请选择这条意见所指的项目。" in page
    assert "请选择标准意见或写明需要修改的内容。" in page
    assert SelfEvaluation.objects.get().status == Status.SUBMITTED


def test_a_finding_ticked_on_a_stale_page_is_ignored_not_misplaced(client, evaluation, reviewer):
    _sent(evaluation)
    client.force_login(reviewer)
    response = client.post(SELFEVAL_RETURN, {**_management(), "finding": ["99999", "x"]})
    assert response.status_code == 200 and "请填写退回意见" in response.content.decode()


def test_who_may_open_the_return_page(client, monitoring, evaluation, reviewer, unit_clerk):
    client.force_login(unit_clerk)
    assert client.get(SELFEVAL_RETURN).status_code == 403
    client.force_login(reviewer)
    response = client.get(SELFEVAL_RETURN, follow=True)  # a draft: nothing to return
    assert response.redirect_chain[-1][0] == f"{BASE}selfeval/"
    assert "当前状态为“待送审”，不能退回" in response.content.decode()
    assert client.get("/evaluation/802010/2023/monitoring/3/return/").status_code == 404


def test_the_panel_links_to_the_return_page_and_the_old_return_still_works(
    client, evaluation, reviewer
):
    _sent(evaluation)
    client.force_login(reviewer)
    page = client.get(f"{BASE}selfeval/").content.decode()
    assert f'id="return-link" href="{SELFEVAL_RETURN}"' in page
    client.post(f"{BASE}selfeval/", {"action": "return", "comment": "旧的退回方式"})
    assert SelfEvaluation.objects.get().status == Status.RETURNED


def _submitted_unit(code: str, projects: int):
    department = bulk_department(code=code, projects=projects, indicators=6)
    DepartmentPlan.objects.filter(department=department).update(
        status=DepartmentPlan.Status.APPROVED
    )
    for stage in (
        services.monitoring_open(
            department=department, fiscal_year=2023, period_end_month=7, user=SYSTEM
        ),
        services.evaluation_open(department=department, fiscal_year=2023, user=SYSTEM),
    ):
        _sent(stage)
    return department


# Admin after the session's first request: the session and the user (2), the unread-notices
# count (1), then the page's own: the unit, the stage, its sheet (2), may the user review (1).
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/evaluation/{code}/2023/monitoring/7/return/", 8),
        ("/evaluation/{code}/2023/selfeval/return/", 8),
    ],
)
def test_the_return_page_costs_the_same_queries_at_two_sizes(client, url, expected):
    small, large = _submitted_unit("991001", 2), _submitted_unit("991002", 25)
    reviewer = make_user("counter", "reviewer", region_code="130225")
    client.force_login(reviewer)
    client.get("/")
    counts = []
    for department in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url.format(code=department.code))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts == [expected, expected], [q["sql"] for q in queries.captured_queries]


def test_the_stage_page_reads_a_returns_opinions_in_one_query_at_any_count(
    client, monitoring, reviewer
):
    """The trail is read with its opinions (one query), whatever their number."""
    _sent(monitoring)
    entries = list(MonitoredProject.objects.filter(round=monitoring))
    client.force_login(reviewer)
    client.get("/")  # the session's first request renews it: not the page's cost
    counts = []
    for n in (1, len(entries)):
        services.stage_return(
            stage=monitoring,
            user=reviewer,
            opinions=[services.Opinion(entry_id=e.pk, text="改") for e in entries[:n]],
        )
        with CaptureQueriesContext(connection) as queries:
            page = client.get(f"{BASE}monitoring/7/").content.decode()
        counts.append(len(queries))
        assert page.count('data-opinion-project="') == n
        _sent(monitoring)
    assert counts[0] == counts[1]


def test_the_opinion_rows_are_written_as_django_writes_them(evaluation):
    """The controls come from web.inputs (speed); their markup is Django's, errors included."""
    from evaluation.review_forms import OpinionChoices, StageOpinionFormSet

    sheet = selectors.evaluation_sheet(evaluation)
    projects = [(p.entry_id, f"{n}.{p.name}") for n, p in enumerate(sheet.projects, start=1)]
    rows = [
        (p.entry_id, r.row_id, n, r.name) for p in sheet.projects for n, r in enumerate(p.rows, 1)
    ]
    choices = OpinionChoices.of(projects, rows, "evaluation")
    other_row = sheet.projects[1].rows[0].row_id
    data = {
        **_management(),
        "opinion-0-project": str(sheet.projects[0].entry_id),
        "opinion-0-row": str(other_row),
        "opinion-0-field": "r:actual",
        "opinion-0-code": "3",
    }
    for formset in (
        StageOpinionFormSet(choices=choices, prefix="opinion"),
        StageOpinionFormSet(data, choices=choices, prefix="opinion"),
    ):
        formset.is_valid()
        for form in [*formset, formset.empty_form]:
            cells = form.cells()
            assert [c for c, _e in cells] == [str(form[name]) for name in form.fields]
    assert cells and formset[0].cells()[1][1] == ["这一行不属于所选项目，请重新选择项目或指标行。"]
