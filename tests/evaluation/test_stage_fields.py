"""`stage_field` writes what `evaluation/_field.html` wrote, byte for byte (the pages' inputs in
Python, #18 bench): every kind of field, with errors and with the checks' findings."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from evaluation import checks
from evaluation.forms import (
    EvaluatedProjectForm,
    EvaluatedRowForm,
    MonitoredProjectForm,
    MonitoredRowForm,
    ReviewForm,
)
from evaluation.templatetags.stage_fields import field_html
from tests.evaluation.conftest import read_evaluation, read_monitoring

pytestmark = pytest.mark.django_db


def _same(form, found=(), wrapper=""):
    options: dict = {}
    for name in form.fields:
        x = {"field": form[name], "found": list(found)}
        expected = render_to_string("evaluation/_field.html", {"x": x, "wrapper": wrapper})
        assert field_html(x, wrapper, options) == expected, name
        assert field_html(x, wrapper, options) == expected, name  # options written once


def test_monitoring_fields_as_the_template_wrote_them(monitoring):
    sheet = read_monitoring(monitoring)
    project, row = sheet.projects[0], sheet.projects[0].rows[0]
    row.likelihood, row.cause, row.cause_text = "possible", "funds", "<资金>&未到"
    _same(MonitoredProjectForm.of(project))
    _same(MonitoredRowForm.of(row))
    finding = checks.Finding(project.entry_id, row.row_id, "cause", "请填写偏差原因", True)
    warning = checks.Finding(project.entry_id, row.row_id, "progress", "单位不同<%>", False)
    _same(MonitoredRowForm.of(row), [finding, warning], wrapper="mb-0")
    bad = MonitoredProjectForm.of(project, {f"p{project.entry_id}-executed": "八万"})
    assert not bad.is_valid()
    _same(bad)


def test_self_evaluation_and_review_fields_as_the_template_wrote_them(evaluation):
    sheet = read_evaluation(evaluation)
    project, row = sheet.projects[0], sheet.projects[0].rows[0]
    row.actual, row.achievement, row.score = "20", "partly", None
    _same(EvaluatedProjectForm.of(project))
    _same(EvaluatedRowForm.of(row))
    bad = EvaluatedRowForm.of(row, {f"r{row.row_id}-score": "x"})
    assert not bad.is_valid()
    _same(bad)
    _same(ReviewForm(), wrapper="mb-0")
