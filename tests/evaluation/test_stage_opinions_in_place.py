"""A returned stage's opinions shown in place (#18): a row's in the row's first cell, a
project's own under its heading, while the stage is 被退回 — escaped, in both ways of writing
the page (without forms and through them), at no extra query."""

from __future__ import annotations

import re
from functools import partial

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from evaluation import services, views
from evaluation.models import (
    EvaluatedIndicator,
    EvaluatedProject,
    MonitoredIndicator,
    MonitoredProject,
    StageOpinion,
    Status,
)
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
BASE = "/evaluation/802010/2023/"
MONITORING = f"{BASE}monitoring/7/"
SELFEVAL = f"{BASE}selfeval/"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
ODD = "<b>资金&\"未到'</b>"


def _status(stage, status):
    type(stage).objects.filter(pk=stage.pk).update(status=status)
    stage.status = status


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return CSRF.sub("", response.content.decode())


def _row(page: str, row_id: int) -> str:
    start = page.index(f'<tr id="row-{row_id}">')
    return page[start : page.index("</tr>", start)]


def _project(page: str, entry_id: int) -> str:
    """From the project's heading to its table."""
    start = page.index(f'id="project-{entry_id}"')
    return page[start : page.index("<table", start)]


def _returned_monitoring(monitoring, reviewer):
    _status(monitoring, Status.SUBMITTED)
    first, second = MonitoredProject.objects.filter(round=monitoring).order_by("order", "id")[:2]
    row = MonitoredIndicator.objects.filter(entry=first).order_by("indicator__order", "id")[1]
    services.stage_return(
        stage=monitoring,
        user=reviewer,
        comment="请按意见修改",
        opinions=[
            services.Opinion(entry_id=first.pk, field="executed", text=ODD),
            services.Opinion(entry_id=first.pk, row_id=row.pk, field="measures", code=2, text=ODD),
            services.Opinion(entry_id=second.pk, text="请核对执行数"),
        ],
    )
    monitoring.refresh_from_db()
    return first, second, row


def test_a_returned_rounds_opinions_are_in_their_row_and_under_their_project(
    client, monitoring, reviewer, unit_clerk
):
    first, second, row = _returned_monitoring(monitoring, reviewer)
    labels = dict(StageOpinion.objects.values_list("field", "field_label"))
    client.force_login(unit_clerk)
    page = _page(client, MONITORING)
    cell = _row(page, row.pk)
    assert 'class="review-opinions row-opinions alert alert-warning' in cell
    assert f"<li>{labels['measures']}：2.指标不够细化、量化 — {escape(ODD)}</li>" in cell
    assert ODD not in page  # escaped everywhere
    heading = _project(page, first.pk)
    assert 'class="review-opinions project-opinions' in heading
    assert f"<li>{labels['executed']}：{escape(ODD)}</li>" in heading
    assert "2.指标不够细化" not in heading  # the row's opinion is in the row, not here
    assert "<li>整个项目：请核对执行数</li>" in _project(page, second.pk)
    # Only the rows spoken of carry opinions.
    assert page.count('class="review-opinions row-opinions') == 1
    assert page.count('class="review-opinions project-opinions') == 2
    # The panel still lists them all at the top.
    panel = page[page.index('id="return-opinions"') : page.index('id="stage-history"')]
    assert "请核对执行数" in panel and f'href="#row-{row.pk}"' in panel


def test_the_opinions_leave_the_table_once_the_stage_is_no_longer_returned(
    client, monitoring, reviewer, unit_clerk
):
    _first, _second, row = _returned_monitoring(monitoring, reviewer)
    client.force_login(unit_clerk)
    assert "review-opinions" in _page(client, MONITORING)
    _status(monitoring, Status.SUBMITTED)  # re-submitted: the trail keeps them, the table not
    page = _page(client, MONITORING)
    assert "review-opinions" not in page and 'id="return-opinions"' not in page
    assert "review-opinions" not in _row(page, row.pk)
    assert "请核对执行数" in page[page.index('id="stage-history"') :]


def test_a_self_evaluations_row_opinion_is_in_its_row(client, evaluation, reviewer, unit_clerk):
    _status(evaluation, Status.SUBMITTED)
    entry = EvaluatedProject.objects.filter(evaluation=evaluation).order_by("order", "id")[0]
    row = EvaluatedIndicator.objects.filter(entry=entry).order_by("indicator__order", "id")[0]
    services.stage_return(
        stage=evaluation,
        user=reviewer,
        opinions=[services.Opinion(entry_id=entry.pk, row_id=row.pk, text="得分理由请写具体")],
    )
    client.force_login(unit_clerk)
    page = _page(client, SELFEVAL)
    assert "<li>得分理由请写具体</li>" in _row(page, row.pk)  # no field named: the text alone
    assert "project-opinions" not in page


def test_the_page_with_opinions_is_the_same_without_forms_and_through_them(
    client, monkeypatch, monitoring, reviewer, unit_clerk
):
    _returned_monitoring(monitoring, reviewer)
    for user in (unit_clerk, reviewer):
        client.force_login(user)
        served = _page(client, MONITORING)
        with monkeypatch.context() as patch:
            patch.setattr(views, "_blocks", partial(views._blocks, forms=True))
            through_forms = _page(client, MONITORING)
        assert served == through_forms
        assert "row-opinions" in served


def test_the_opinions_in_place_cost_no_query(client, monitoring, reviewer):
    """The view reads the return's opinions once (the panel, the trail and the table share
    them): the returned page costs what the same page costs once re-submitted."""
    _returned_monitoring(monitoring, reviewer)
    clerk = make_user("counting-clerk", "clerk", [monitoring.department])
    client.force_login(clerk)
    client.get("/")  # the session's first request renews it: not the page's cost
    with CaptureQueriesContext(connection) as returned:
        assert "row-opinions" in _page(client, MONITORING)
    _status(monitoring, Status.SUBMITTED)
    with CaptureQueriesContext(connection) as submitted:
        assert "row-opinions" not in _page(client, MONITORING)
    opinion_reads = [q for q in returned.captured_queries if "stageopinion" in q["sql"]]
    assert len(opinion_reads) == 1
    assert len(returned) == len(submitted)
