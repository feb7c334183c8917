"""Indicator row forms own their fields (Django's copy per form); nothing leaks between them."""

from __future__ import annotations

import copy

from projects.form_tables import indicator_formset
from projects.forms import IndicatorForm
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


def test_changing_one_rows_widget_changes_no_other_row_nor_a_later_request(table, seed_frame):
    formset = indicator_formset(None, frame=seed_frame, table=table)
    first, second = formset.forms[0], formset.forms[1]
    for name in ("name", "level2", "weight"):
        assert first.fields[name] is not second.fields[name]
        assert first.fields[name].widget is not IndicatorForm.base_fields[name].widget
    first.fields["name"].widget.attrs["data-x"] = "leak"
    first.fields["level2"].choices = [("x", "x")]
    assert "data-x" not in str(second["name"])
    later = indicator_formset(None, frame=seed_frame, table=table).forms[0]
    assert "data-x" not in str(later["name"])
    assert len(later.fields["level2"].choices) > 1


def test_a_lone_row_form_builds_the_frames_choices_itself(seed_frame):
    form = IndicatorForm(frame=seed_frame)
    level1s = [value for value, _label in form.fields["level1"].choices]
    assert level1s == ["", *seed_frame.level1_names()]


def _options(form, name: str) -> list[str]:
    return [value for value, _label in form.fields[name].widget.choices]


def test_the_level2_select_offers_the_level2_of_its_level1(table, seed_frame):
    formset = indicator_formset(None, frame=seed_frame, table=table)
    row = formset.forms[0]
    level1 = row["level1"].value()
    assert _options(row, "level2") == ["", *seed_frame.level2_names(level1)]
    # The field still knows every 二级 of the frame, and says where a wrong one belongs.
    shown = set(_options(row, "level2"))
    elsewhere = [name for _v, name in seed_frame.level2_choices if name not in shown]
    assert elsewhere and all(row.fields["level2"].valid_value(name) for name in elsewhere)
    assert not row.fields["level2"].valid_value("伪造")
    blank = formset.empty_form
    assert _options(blank, "level2") == [""]


def test_a_level2_under_another_level1_stays_shown_next_to_its_error(table, seed_frame):
    level1 = table.indicators[0].level1
    other = next(
        name
        for first in seed_frame.level1_names()
        if first != level1
        for name in seed_frame.level2_names(first)
        if name not in seed_frame.level2_names(level1)
    )
    data = post_data(table, **{"rows-0-level2": other})
    formset = indicator_formset(data, frame=seed_frame, table=table)
    assert not formset.is_valid()
    row = formset.forms[0]
    assert other in _options(row, "level2")
    assert f'<option value="{other}" selected>' in str(row["level2"])
    assert "不属于一级指标" in row.errors["level2"][0]
    # A name that is no 二级 of the frame at all is not offered.
    forged = indicator_formset(
        post_data(table, **{"rows-0-level2": "伪造"}), frame=seed_frame, table=table
    )
    assert "伪造" not in _options(forged.forms[0], "level2")


def test_each_row_form_gets_its_own_mutable_parts_of_every_field(seed_frame):
    """The row fields' own deep copy (decision 018) shares nothing mutable between forms."""
    one, two = IndicatorForm(frame=seed_frame), IndicatorForm(frame=seed_frame)
    for name, declared in IndicatorForm.base_fields.items():
        a, b = one.fields[name], two.fields[name]
        assert type(a) is type(declared) and a.label == declared.label
        for part in ("widget", "error_messages", "validators"):
            assert getattr(a, part) is not getattr(b, part), (name, part)
            assert getattr(a, part) is not getattr(declared, part), (name, part)
        assert a.widget.attrs is not b.widget.attrs
        assert a.widget.attrs == declared.widget.attrs
        assert a.error_messages == declared.error_messages
        if hasattr(declared, "choices"):
            assert list(a.choices) == list(b.choices)
            assert list(a.widget.choices) == list(a.choices)
    one.fields["weight"].widget.attrs["data-x"] = "leak"
    one.fields["weight"].error_messages["invalid"] = "leak"
    one.fields["name"].validators.append(lambda value: None)
    level1 = IndicatorForm.base_fields["level1"]
    level1.choices = [("a", "甲")]
    try:
        copied = copy.deepcopy(level1)
        copied.choices.append(("x", "leak"))
        copied.widget.choices.append(("y", "leak"))
        assert level1.choices == level1.widget.choices == [("a", "甲")]
    finally:
        level1.choices = []
    three = IndicatorForm(frame=seed_frame)
    for other in (two, three):
        assert "data-x" not in str(other["weight"])
        assert other.fields["weight"].error_messages["invalid"] != "leak"
        assert len(other.fields["name"].validators) == len(
            IndicatorForm.base_fields["name"].validators
        )
    assert "data-x" in str(one["weight"])


def test_a_row_form_bound_to_bad_input_still_rejects_it_after_the_copy(seed_frame):
    form = IndicatorForm(
        {"level1": "", "name": "x" * 201, "weight": "-1", "direction": "up"}, frame=seed_frame
    )
    assert not form.is_valid()
    assert set(form.errors) >= {"level1", "name", "weight", "direction"}
    assert form.errors["weight"] == ["权重不能为负数，请填写 0 或正数；不设权重时留空。"]
    assert form.errors["direction"] == ["指标方向只能选择正向、反向或中性，不填时留空。"]
