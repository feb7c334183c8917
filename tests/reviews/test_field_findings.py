"""The findings under an editor input, written in Python, equal the template they replaced
(tests/reviews/reference/field_findings.html)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from django.template import Context, Template

from projects.models import Department, Project
from projects.selectors import project_target_table
from reviews.checks import Level
from reviews.selectors import table_review
from reviews.templatetags.review_tags import findings_for, findings_html

REFERENCE = Template(
    (Path(__file__).parent / "reference" / "field_findings.html").read_text(encoding="utf-8")
)


@pytest.mark.django_db
def test_findings_equal_the_replaced_template(seed_plan):
    project = Project.objects.get(department__code="802010", name="信访维稳经费")
    table = project_target_table(project_id=project.pk)
    rows = [dataclasses.replace(table.indicators[0], value=""), *table.indicators[1:]]
    review = table_review(
        department=Department.objects.get(code="802010"),
        table=dataclasses.replace(table, code="", indicators=rows),
    )
    found = [*findings_for(review, 0, "code"), *findings_for(review, 1, "value")]
    assert {f.level for f in found} >= {Level.ERROR}
    tricky = dataclasses.replace(
        found[0], level=Level.WARNING, problem='<b>"编码"</b> & 空', hint="请 <填写>"
    )
    for findings in ([], found, [tricky], [*found, tricky]):
        expected = REFERENCE.render(Context({"findings": findings}))
        assert findings_html(findings) == expected
    assert "&lt;b&gt;&quot;编码&quot;&lt;/b&gt; &amp; 空" in findings_html([tricky])
    assert findings_for(None, 0, "code") == []
