"""The stage pages shown without building forms write what the forms wrote, byte for byte.

When nothing was posted, `evaluation.views._blocks` builds no form: each field block is written
from the sheet's value (`SheetField`, #18 bench). These tests render the same pages through the
forms (`forms=True`) and compare: every field kind, blank and filled values, markup characters,
a stored choice the select does not offer, the checks' findings, clerk and reviewer.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import partial

import pytest
from django.utils.html import escape

from evaluation import checks, services, views
from evaluation.forms import (
    EvaluatedProjectForm,
    EvaluatedRowForm,
    MonitoredProjectForm,
    MonitoredRowForm,
    shown,
)
from evaluation.models import MonitoredIndicator
from evaluation.templatetags.stage_fields import SheetField, field_html
from tests.evaluation.conftest import read_evaluation, read_monitoring

pytestmark = pytest.mark.django_db
BASE = "/evaluation/802010/2023/"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
ODD = "<b>资金&\"未到'</b>"


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return CSRF.sub("", response.content.decode())


def _both_ways(client, monkeypatch, url: str) -> tuple[str, str]:
    """The page as served (no forms on GET) and as the forms write it."""
    served = _page(client, url)
    with monkeypatch.context() as patch:
        patch.setattr(views, "_blocks", partial(views._blocks, forms=True))
        through_forms = _page(client, url)
    return served, through_forms


def _monitoring_with_everything(monitoring, user):
    sheet = read_monitoring(monitoring)
    first, second = sheet.projects[0], sheet.projects[-1]
    first.executed, first.adjusted_budget = Decimal("1.500000"), Decimal("100")
    first.projected = Decimal("0")
    first.lag_reason, first.goal_progress = ODD, "\r\n两行\r\n文本"
    second.executed = None
    rows = [row for project in sheet.projects for row in project.rows]
    rows[0].likelihood, rows[0].cause, rows[0].measures = "possible", "", ""  # two findings
    rows[1].progress, rows[1].cause, rows[1].cause_text = "12台", "other", ""  # unit, 其他
    rows[2].cause_text, rows[2].measures = ODD, "\n开头换行 & <x>"
    rows[3].projected, rows[3].likelihood = "  含空格  ", "certain"
    services.monitoring_save(monitoring=monitoring, sheet=sheet, user=user)
    # a stored choice the select does not offer (older data): no option selected
    MonitoredIndicator.objects.filter(pk=rows[4].row_id).update(likelihood="gone")
    return read_monitoring(monitoring)


def test_the_monitoring_page_without_forms_is_the_page_the_forms_wrote(
    client, monkeypatch, monitoring, unit_clerk, reviewer
):
    sheet = _monitoring_with_everything(monitoring, unit_clerk)
    assert len(checks.monitoring_findings(sheet)) > 10
    url = f"{BASE}monitoring/7/"
    for user in (unit_clerk, reviewer):
        client.force_login(user)
        served, through_forms = _both_ways(client, monkeypatch, url)
        assert served == through_forms
    assert escape(ODD) in served and ODD not in served
    assert "有可能" in served and 'class="small finding text-danger"' in served


def test_the_self_evaluation_page_without_forms_is_the_page_the_forms_wrote(
    client, monkeypatch, evaluation, unit_clerk, reviewer
):
    sheet = read_evaluation(evaluation)
    project = sheet.projects[0]
    project.funds_score, project.funds_score_reason = Decimal("12.50"), ""
    project.actual_summary = "“完成”<script>&"
    sheet.projects[-1].executed, sheet.projects[-1].annual_budget = None, Decimal("0.000001")
    rows = [row for project in sheet.projects for row in project.rows]
    rows[0].actual, rows[0].score, rows[0].score_reason = "20", Decimal("99.50"), ""
    rows[1].actual, rows[1].achievement, rows[1].deviation = "≥95% <&>", "partly", ODD
    rows[2].actual, rows[2].score = "达成", Decimal("0.10")
    services.evaluation_save(evaluation=evaluation, sheet=sheet.spread(), user=unit_clerk)
    assert len(checks.evaluation_findings(read_evaluation(evaluation))) > 5
    url = f"{BASE}selfeval/"
    for user in (unit_clerk, reviewer):
        client.force_login(user)
        served, through_forms = _both_ways(client, monkeypatch, url)
        assert served == through_forms
    assert 'value="99.5"' in served and 'value="0.1"' in served


def test_each_row_and_project_carries_its_anchor(client, monitoring, evaluation, unit_clerk):
    client.force_login(unit_clerk)
    for url, sheet in (
        (f"{BASE}monitoring/7/", read_monitoring(monitoring)),
        (f"{BASE}selfeval/", read_evaluation(evaluation)),
    ):
        page = _page(client, url)
        rows = [row.row_id for project in sheet.projects for row in project.rows]
        assert re.findall(r'<tr id="row-(\d+)">', page) == [str(row) for row in rows]
        for project in sheet.projects:
            assert page.count(f'id="project-{project.entry_id}"') == 1


VALUES = [None, "", "0", "  ", "12.5", ODD, "\n两行", "possible", "funds", "partly", "gone"]


@pytest.mark.parametrize(
    "form", [MonitoredProjectForm, MonitoredRowForm, EvaluatedProjectForm, EvaluatedRowForm]
)
def test_every_field_and_value_as_the_unbound_form_writes_it(form, unit):
    findings = [
        checks.Finding(1, 2, "x", "请填写<完成情况>", True),
        checks.Finding(1, 2, "x", "单位不同&", False),
    ]
    options: dict = {}
    for name in form.base_fields:
        for value in [*VALUES, shown(Decimal("8.000000")), shown(Decimal("0.000001"))]:
            for found, wrapper in (([], ""), (findings, "mb-0")):
                bound = form(initial={name: value}, prefix="r40")[name]
                expected = field_html({"field": bound, "found": found}, wrapper)
                sheet_field = SheetField(form, "r40", name, value)
                x = {"field": sheet_field, "found": found}
                assert field_html(x, wrapper) == expected, (name, value)
                assert field_html(x, wrapper, options) == expected, (name, value)  # page cache
