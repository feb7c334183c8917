"""`{% field_block %}` writes what the `{% include "projects/_field.html" %}` it replaced wrote.

The replaced template is kept in tests/projects/reference/field_block.html as the reference;
both are rendered with the same context for the states an input can be in: required or not,
errors, review findings on the header or on an indicator row, last year's value (equal or
not, several lines), a wrapper class or the default.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from django.template import Context, Template

from projects.forms import ProjectForm, indicator_formset
from projects.models import Department
from reviews.selectors import table_review
from tests.projects.forms_helpers import post_data

REFERENCE = Template(
    (Path(__file__).parent / "reference" / "field_block.html").read_text(encoding="utf-8")
)


@pytest.fixture
def review(table):
    # A blank code (header finding) and a blank 指标值 on row 1 (row finding).
    rows = [dataclasses.replace(table.indicators[0], value=""), *table.indicators[1:]]
    broken = dataclasses.replace(table, code="", indicators=rows)
    found = table_review(department=Department.objects.get(code="802010"), table=broken)
    assert found.for_field("code") and found.for_row(1)
    return found


def _both(context: dict, tag_args: str = "") -> tuple[str, str]:
    ours = Template("{% load editing %}{% field_block field" + tag_args + " %}")
    return REFERENCE.render(Context(context)), ours.render(Context(context))


def test_header_fields_with_errors_findings_and_last_year(table, review):
    data = post_data(table, name="", budget_total="12x", code="")
    form = ProjectForm(data, fiscal_year=2023)
    assert not form.is_valid()
    for name in ("code", "name", "budget_total", "purpose", "goals", "spending_plan_kind"):
        for last, same in (("", False), ('上年<值> & "引号"\n第二行', False), ("12.50", True)):
            context = {
                "field": form[name],
                "review": review,
                "last": last,
                "same": same,
                "last_year_no": 2022,
            }
            reference, ours = _both(context, " last=last same=same")
            assert ours == reference, (name, last, same)
    reference, _ = _both({"field": form["code"], "review": review})
    assert "finding-" in reference and "invalid-feedback" in _both({"field": form["name"]})[0]


def test_indicator_fields_with_a_wrapper_and_row_findings(table, review, seed_frame):

    data = post_data(table, **{"rows-0-name": "", "rows-1-weight": "x"})
    formset = indicator_formset(data, frame=seed_frame, table=table)
    formset.is_valid()
    for row in formset.forms[:2]:
        for name in ("level1", "level2", "name", "value", "weight", "direction"):
            for number in (1, 2, -1):
                context = {"field": row[name], "review": review, "row_number": number}
                context["wrapper"] = "mb-1"
                reference, ours = _both(context, ' wrapper="mb-1"')
                assert ours == reference, (name, number)
    assert "invalid-feedback" in _both({"field": formset.forms[0]["name"]})[0]
    assert "invalid-feedback" in _both({"field": formset.forms[1]["weight"]})[0]
    assert "finding-" in _both({"field": row["value"], "review": review, "row_number": 1})[0]


def test_context_values_fill_what_is_not_passed(table):
    form = ProjectForm(post_data(table), fiscal_year=2023)
    context = {"field": form["purpose"], "wrapper": "mb-3", "last": "旧", "same": True}
    reference, ours = _both(context)
    assert ours == reference and 'class="field mb-3"' in ours and " same" in ours
    reference, ours = _both({"field": form["purpose"]})
    assert ours == reference and 'class="field mb-2"' in ours and "last-year" not in ours


ROW_REFERENCE = Template(
    (Path(__file__).parent / "reference" / "indicator_row.html").read_text(encoding="utf-8")
)


def test_indicator_rows_equal_the_template_they_replaced(table, review, seed_frame):
    from workflow.models import ReviewOpinion
    from workflow.templatetags.editor_opinions import EditorOpinions

    data = post_data(table, **{"rows-0-name": "", "rows-1-DELETE": "on", "rows-2-value": "≥9"})
    formset = indicator_formset(data, frame=seed_frame, table=table)
    formset.is_valid()
    formset.forms[0].add_error(None, "整行<有误> & 请核对")
    formset.forms[2].last_value = "≥9"  # carried over unchanged
    formset.forms[3].last_value = "100<%"  # changed since last year
    opinion = ReviewOpinion(code="03", text="指标值<未量化>")
    opinions = EditorOpinions(table=[], rows={1: [opinion], 3: [opinion]})
    rows = [*enumerate(formset.forms, start=1), (-1, formset.empty_form)]
    ours = Template("{% load editing %}{% indicator_row row row_number %}")
    for extra in ({}, {"review": review, "return_opinions": opinions, "last_year_no": 2022}):
        for number, row in rows:
            context = {"row": row, "row_number": number, **extra}
            reference = ROW_REFERENCE.render(Context(context))
            assert ours.render(Context(context)) == reference, (number, extra.keys())
    reference = ROW_REFERENCE.render(
        Context({"row": formset.forms[2], "row_number": 3, "return_opinions": opinions})
    )
    for marker in ("row-opinions", "last-year same", "沿用上年"):
        assert marker in reference
    first = ROW_REFERENCE.render(Context({"row": formset.forms[0], "row_number": 1}))
    assert "整行&lt;有误&gt;" in first
    assert "row-deleted" in ROW_REFERENCE.render(Context({"row": formset.forms[1]}))
