"""Indicator row forms share their field objects (SharedFields); nothing may leak between them."""

from __future__ import annotations

from projects.forms import IndicatorForm, indicator_formset
from tests.projects.forms_helpers import post_data


def test_an_invalid_row_marks_only_its_own_inputs(table, seed_frame):
    formset = indicator_formset(post_data(table, **{"rows-1-weight": "-5"}), frame=seed_frame)
    assert not formset.is_valid()
    marked = ["is-invalid" in str(form["weight"]) for form in formset.forms]
    assert marked == [n == 1 for n in range(len(formset.forms))]
    # Neither the declared field nor a formset made afterwards carries the mark.
    assert "is-invalid" not in IndicatorForm.base_fields["weight"].widget.attrs["class"]
    fresh = indicator_formset(None, frame=seed_frame, table=table)
    assert not any("is-invalid" in str(form["weight"]) for form in fresh.forms)


def test_rows_share_fields_but_not_their_values(table, seed_frame):
    formset = indicator_formset(None, frame=seed_frame, table=table)
    first, second = formset.forms[0], formset.forms[1]
    assert first.fields["name"] is second.fields["name"]
    assert first.fields["level2"] is second.fields["level2"]  # the frame's choices, built once
    assert first["name"].value() != second["name"].value()
    # ORDER and DELETE are the formset's own per form.
    assert first.fields["ORDER"] is not second.fields["ORDER"]


def test_a_lone_row_form_builds_the_frames_choices_itself(seed_frame):
    form = IndicatorForm(frame=seed_frame)
    level1s = [value for value, _label in form.fields["level1"].choices]
    assert level1s == ["", *seed_frame.level1_names()]
