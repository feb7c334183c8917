"""The editors' inputs are written by web.inputs.input_html from the context Django builds for
each widget; they must say what Django's own widget templates say."""

from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils.safestring import mark_safe

from web.choices import FixedChoices
from web.inputs import input_html, widget_context

TRICKY = "a<b> & \"c\" 'd'"


class Everything(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"class": "form-control"}))
    optional = forms.CharField(required=False, help_text="说明", widget=forms.TextInput)
    off = forms.CharField(required=False, disabled=True)
    number = forms.DecimalField(required=False, widget=forms.NumberInput(attrs={"step": "0.01"}))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    tick = forms.BooleanField(required=False)
    box = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    pick = forms.ChoiceField(
        required=False, choices=[("", "全部"), ("1", "甲<单位>"), ("2", '乙"单位"')]
    )
    grouped = forms.ChoiceField(
        required=False,
        choices=[("", "---"), ("产出指标", [("数量指标", "数量指标"), ("质量指标", "质量")])],
    )
    described = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"aria-describedby": "note"})
    )


def _ours(bound) -> str:
    return str(input_html(bound))


STATES = [
    {},
    {"text": TRICKY, "number": "330.984000", "hidden": "7", "tick": "on", "box": "第一行\n<b>"},
    {"text": "", "number": "x", "pick": "2", "grouped": "质量指标", "optional": mark_safe("<b>")},
]


@pytest.mark.parametrize("data", STATES)
@pytest.mark.parametrize("name", list(Everything.base_fields))
def test_an_editor_input_is_what_django_writes(data, name):
    for form in (Everything(data or None), Everything(initial={"number": Decimal("1.50")})):
        form.is_valid()
        assert _ours(form[name]) == str(form[name]), (name, data)
        assert str(input_html(form[name], hidden=True)) == form[name].as_hidden(), (name, data)


class Unrequired(Everything):
    """No `required` attributes at all; a radio list and a multi-widget with help text."""

    use_required_attribute = False
    radio = forms.ChoiceField(choices=[("1", "一"), ("2", "二")], help_text="选一个",
                              widget=forms.RadioSelect)  # fmt: skip
    when = forms.SplitDateTimeField(help_text="日期和时间")
    sized = forms.CharField(widget=forms.TextInput(attrs={"id": "own-id"}), help_text="说明")


@pytest.mark.parametrize("data", [*STATES, {"radio": "3", "when_0": "x", "sized": "y"}])
@pytest.mark.parametrize("name", list(Unrequired.base_fields))
def test_inputs_of_fields_with_and_without_errors_are_what_django_writes(data, name):
    """Attributes of a field without errors come from the field's own data, of one with
    errors from Django (`web.inputs._attrs_for`): both must be what Django writes."""
    for form in (Unrequired(data or None), Everything(data or None), Unrequired(initial={})):
        if name not in form.fields:
            continue
        form.is_valid()
        assert _ours(form[name]) == str(form[name]), (name, data)
        assert str(input_html(form[name], hidden=True)) == form[name].as_hidden(), (name, data)


def test_errors_and_help_text_are_described_and_marked():
    form = Everything({"number": "x"})
    form.is_valid()
    ours = _ours(form["text"])
    assert 'aria-invalid="true"' in ours and 'aria-describedby="id_text_error"' in ours
    assert 'aria-describedby="id_optional_helptext"' in _ours(form["optional"])
    assert "required" in ours and " disabled" in _ours(form["off"])


def test_widget_context_is_the_context_of_djangos_own_template():
    bound = Everything(initial={"pick": "1"})["pick"]
    context = widget_context(bound)
    assert context["name"] == "pick" and context["attrs"]["id"] == "id_pick"
    chosen = [
        o["value"] for _g, options, _i in context["optgroups"] for o in options if o["selected"]
    ]
    assert chosen == ["1"]


def test_a_jinja2_part_of_a_page_is_escaped_once():
    document = {
        "department__code": "802010",
        "department__name": "<单位> & 乙",
        "fiscal_year": 2023,
        "project_count": 3,
        "budget": Decimal("8.5"),
    }
    html = Template('{% load fast_tables %}{% jinja "projects/_document_rows.jinja" %}').render(
        Context({"documents": [document], "report": lambda *a: "/r/?a=1&b=2", "edit": None})
    )
    assert "<td>&lt;单位&gt; &amp; 乙</td>" in html and 'href="/r/?a=1&amp;b=2"' in html
    assert '<td class="text-end font-monospace">8.50</td>' in html and "编辑" not in html


def _row_page(review) -> dict:
    return {
        "labels": {name: mark_safe(f"{name}<span>*</span>") for name in Everything.base_fields},
        "review": review,
        "findings": lambda review, row, name: mark_safe(f'<div class="f">{row} {name}</div>\n'),
        "year": 2023,
    }


@pytest.mark.parametrize("review", [None, "a review"])
@pytest.mark.parametrize("data", STATES)
def test_a_row_field_block_is_what_the_field_block_macro_writes(data, review):
    """perfbudget.jinja.row_field_block (web.inputs.field_block_html) against the Jinja2 macro
    it stands for in the editor's rows: label, input, findings, errors (escaped) and spacing."""
    from perfbudget.jinja import row_field_block
    from web.form_renderer import jinja2_template

    macro = jinja2_template("projects/_editor.jinja").module.field_block
    form = Everything(data or None)
    if form.is_bound and not form.is_valid():
        form.add_error("text", TRICKY)
        form.add_error("pick", "请选择<单位>")
    page = _row_page(review)
    for name in Everything.base_fields:
        expected = str(macro(form[name], "mb-1", page=page, row_number=3))
        assert str(row_field_block(form[name], page, 3)) == expected, name
    if form.is_bound:
        assert "&quot;c&quot;" in str(row_field_block(form["text"], page, 3))


class Picks(forms.Form):
    listed = forms.ChoiceField(
        required=False, choices=[("", "全部"), ("1", "甲<单位>"), ("2", "乙")]
    )
    fixed = forms.ChoiceField(required=False, choices=FixedChoices([("a", "一"), ("b", '"二"')]))
    grouped = Everything.base_fields["grouped"]
    # Written from the choices themselves (web.inputs._fixed_options): None and numbers as
    # values, a value listed twice (only the first is selected); grouped ones by Django.
    numbers = forms.ChoiceField(
        required=False,
        choices=FixedChoices([(None, "无"), (1, "一"), (2, "<二>"), (1, "一again")]),
    )
    fixed_groups = forms.ChoiceField(
        required=False, choices=FixedChoices([("", "---"), ("组<1>", [("a", "甲"), ("b", "乙")])])
    )


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"listed": "2", "fixed": "b", "grouped": "质量指标", "numbers": "1", "fixed_groups": "b"},
        {"numbers": "", "fixed": "c", "fixed_groups": "x"},
    ],
)
def test_a_select_written_from_the_pages_options_is_what_django_writes(data):
    """input_html(..., options=cache) takes a select's options from the page's cache by
    choices and selected value: every form of a page gets Django's own markup."""
    cache: dict = {}
    forms_ = [Picks(data), Picks(), Picks({"listed": "1", "fixed": "a"}), Picks(data)]
    for form in forms_:
        form.is_valid()
        for name in Picks.base_fields:
            assert str(input_html(form[name], options=cache)) == str(form[name]), name
    # Each choices and value once: a list by its content, another choice iterable by
    # identity; grouped choices (lists inside) are not cached.
    shown = {
        (name, str(f[name].value() or ""))
        for f in forms_
        for name in ("listed", "fixed", "numbers", "fixed_groups")
    }
    assert not Picks.base_fields["fixed_groups"].choices.flat
    assert len(cache) == len(shown)


def test_a_changed_choices_list_is_not_taken_from_the_cache():
    cache: dict = {}
    form = Picks({"listed": "1"})
    before = str(input_html(form["listed"], options=cache))
    form.fields["listed"].choices = [("", "全部"), ("1", "丙")]
    after = str(input_html(form["listed"], options=cache))
    assert before != after and after == str(form["listed"]) and "丙" in after


def test_fixed_choices_are_shared_and_cannot_change():
    """Django's setters keep a FixedChoices as it is: forms share it, nothing can append."""
    one, two = Picks(), Picks()
    assert one.fields["fixed"].choices is two.fields["fixed"].choices
    assert one.fields["fixed"].widget.choices is one.fields["fixed"].choices
    assert not hasattr(one.fields["fixed"].choices, "append")
    assert Picks({"fixed": "b"}).is_valid() and not Picks({"fixed": "c"}).is_valid()


@pytest.mark.parametrize("data", STATES)
def test_a_rows_field_blocks_are_its_field_blocks(data):
    """perfbudget.jinja.row_field_blocks (one call a row) writes what row_field_block writes
    for each field; findings are looked up only for rows the review has findings about."""
    from perfbudget.jinja import row_field_block, row_field_blocks

    asked = []

    def findings(review, row, name):
        asked.append((row, name))
        return mark_safe(f'<div class="f">{row} {name}</div>\n') if row == 3 else "\n"

    form = Everything(data or None)
    form.is_valid()
    names = ("text", "optional", "number", "pick", "grouped")
    for review in (None, "a review"):
        page = {
            **_row_page(review),
            "findings": findings,
            "finding_rows": frozenset({3}),
            "no_findings": "\n",
            "options": {},
        }
        for row in (3, 4):
            asked.clear()
            blocks = row_field_blocks(form, page, row, names=names)
            assert asked == ([(3, name) for name in names] if review and row == 3 else [])
            assert list(blocks) == list(names)
            for name in names:
                assert blocks[name] == row_field_block(form[name], page, row), (name, row)
