"""An input as Django's widget templates write it, from the context Django builds for them.

The project editor shows ~170 inputs; rendering each through Django's widget templates, or a
Jinja2 template or macro per input, was most of its time (decision 018). `input_html` writes
the same bytes in Python from the public `BoundField.build_widget_attrs` and
`Widget.get_context`: one writer per widget template kind (input, select, textarea). Tests
compare it with `str(bound_field)` and `as_hidden()` for every widget kind and state.
"""

from __future__ import annotations

from typing import Any

from django.forms import BoundField, MultiWidget, Select, Widget
from django.utils.safestring import SafeString

from web.choices import FixedChoices
from web.markup import escaped, text


def _attrs_for(bound: BoundField, widget: Widget) -> dict[str, Any]:
    """The attributes `str(bound)` or `bound.as_hidden()` adds to the widget's own: required,
    disabled, aria-invalid, aria-describedby and the id, in that order.

    For a field with errors (and a multi-widget) they are Django's
    `BoundField.build_widget_attrs`; for one without — every field of a page opened to edit —
    they are taken from the field's own data as that method takes them (no aria-invalid, and
    aria-describedby only for help text): asking `BoundField.errors` builds a new empty
    error list each time, twice an input, which was half of the editor's inputs' time
    (decision 018). Tests compare both with Django's rendering in every state."""
    field, auto_id = bound.field, bound.auto_id
    if bound.form.errors.get(bound.name) or isinstance(field.widget, MultiWidget):
        attrs = bound.build_widget_attrs({}, widget)
    else:
        attrs = {}
        if (
            widget.use_required_attribute(bound.initial)
            and field.required
            and bound.form.use_required_attribute
        ):
            attrs["required"] = True
        if field.disabled:
            attrs["disabled"] = True
        if (
            bound.help_text
            and auto_id
            and not field.widget.is_hidden
            and not field.widget.use_fieldset
            and not field.widget.attrs.get("aria-describedby")
        ):
            attrs["aria-describedby"] = f"{auto_id}_helptext"
    if auto_id and "id" not in widget.attrs:
        attrs["id"] = auto_id
    return attrs


def widget_context(bound: BoundField, hidden: bool = False) -> dict[str, Any]:
    """What Django's template for this field's widget (its hidden widget with `hidden`) gets
    as `widget` — name, value, attrs, a select's optgroups — with the attributes `str(bound)`
    or `bound.as_hidden()` adds: required, disabled, aria-invalid, aria-describedby and the
    id, in that order."""
    widget = bound.field.hidden_widget() if hidden else bound.field.widget
    return widget.get_context(bound.html_name, bound.value(), _attrs_for(bound, widget))["widget"]


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html: False left out, True as a bare name."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escaped(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(w: dict[str, Any]) -> str:
    """django/forms/widgets/input.html (text, number, hidden, checkbox …)."""
    value = w["value"]
    shown = "" if value is None else f' value="{escaped(value)}"'
    return f'<input type="{w["type"]}" name="{escaped(w["name"])}"{shown}{_attrs(w["attrs"])}>'


def _select(w: dict[str, Any]) -> str:
    """django/forms/widgets/select.html with select_option.html per option (whose label is
    `{{ widget.label }}`: localised, then escaped; values and attributes are `stringformat:'s'`)."""
    return f'<select name="{escaped(w["name"])}"{_attrs(w["attrs"])}>{_options(w["optgroups"])}'


def _options(optgroups) -> str:
    """The options of select.html (and its closing tag)."""
    parts = []
    for group_name, options, _index in optgroups:
        if group_name:
            parts.append(f'\n  <optgroup label="{text(group_name)}">')
        parts.extend(
            f'\n  <option value="{escaped(option["value"])}"'
            f"{_attrs(option['attrs'])}>{text(option['label'])}</option>\n"
            for option in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _fixed_options(choices: FixedChoices, values: list[str]) -> str:
    """`_options(widget.optgroups(...))` of a select without groups whose choices are a
    FixedChoices, from the choices themselves: Django's option dicts (an `optgroups` call on
    each select whose choices or value the page has not written yet, most of the rows'
    selects) were a tenth of the editor's inputs. As `Select.optgroups` marks them: the
    first option whose value, as text, is among the selected `values`; None is ""."""
    parts = []
    chosen = False
    for value, label in choices:
        if value is None:
            value = ""
        selected = not chosen and str(value) in values
        chosen = chosen or selected
        parts.append(
            f'\n  <option value="{escaped(value)}"{" selected" if selected else ""}>'
            f"{text(label)}</option>\n"
        )
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(w: dict[str, Any]) -> str:
    """django/forms/widgets/textarea.html (a leading newline, the value only when truthy)."""
    value = text(w["value"]) if w["value"] else ""
    return f'<textarea name="{escaped(w["name"])}"{_attrs(w["attrs"])}>\n{value}</textarea>'


def _cached_select(bound: BoundField, options: dict) -> str:
    """A plain `forms.Select`'s markup with its options taken from `options`, a page's cache
    keyed by the choices and the selected values: the editor's rows repeat the same few
    selects (一级, 计算符号, 指标方向) with the same options, and building Django's option
    dicts for each was a fifth of the rows' time (decision 018). The select's context is
    Django's without its optgroups (`Widget.get_context`, which `Select.get_context`
    extends by exactly them: `allow_multiple_selected` is False), the options are Django's
    `optgroups` on a miss. A choices list is keyed by its content; another iterable (a
    callable's, shared by the forms that copy a field) by identity, kept alive with the
    entry so the id cannot be reused while the cache lives."""
    widget = bound.field.widget
    w = Widget.get_context(widget, bound.html_name, bound.value(), _attrs_for(bound, widget))
    w = w["widget"]
    choices = widget.choices
    try:
        key = (tuple(choices) if type(choices) is list else id(choices), tuple(w["value"]))
        entry = options.get(key)
    except TypeError:  # grouped choices (lists inside): not cached
        key = entry = None
    if entry is None or (entry[0] is not choices and type(choices) is not list):
        if type(choices) is FixedChoices and choices.flat:
            entry = (choices, _fixed_options(choices, w["value"]))
        else:
            entry = (choices, _options(widget.optgroups(w["name"], w["value"], w["attrs"])))
        if key is not None:
            options[key] = entry
    return f'<select name="{escaped(w["name"])}"{_attrs(w["attrs"])}>{entry[1]}'


def input_html(bound: BoundField, hidden: bool = False, options: dict | None = None) -> SafeString:
    """`str(bound)` (or `bound.as_hidden()` with `hidden`) for the widget kinds of the
    project's forms; a widget of another kind is rendered by Django itself. With `options`
    (a dict living as long as the page's forms), a plain select's options are written once
    per choices and selected value."""
    if options is not None and not hidden and type(bound.field.widget) is Select:
        return SafeString(_cached_select(bound, options))  # every value escaped
    w = widget_context(bound, hidden)
    template = w["template_name"]
    if template.endswith("/select.html"):
        html = _select(w)
    elif template.endswith("/textarea.html"):
        html = _textarea(w)
    elif "type" in w and template.endswith(("/input.html", f"/{w['type']}.html")):
        html = _input(w)
    else:
        return bound.as_hidden() if hidden else bound.as_widget()
    return SafeString(html)  # every value above is escaped (SafeString: mark_safe of a str)


def field_block_html(
    field: BoundField, wrapper: str, label: str, findings: str = "", options: dict | None = None
) -> SafeString:
    """What the `field_block` macro of templates/projects/_editor.jinja writes for a field
    without a last-year note, given its label and findings as markup: an indicator row's
    eleven blocks were a Jinja2 macro call each (decision 018). Tests compare the two."""
    errors = "".join(
        f'<div class="invalid-feedback d-block" id="{escaped(field.auto_id)}_error">'
        f"{escaped(error)}</div>"
        # field.errors, without the empty list it makes for a field without any
        for error in field.form.errors.get(field.name, ())
    )
    return SafeString(  # every value escaped (label and findings are markup already)
        f'<div class="field {escaped(wrapper or "mb-2")}">\n'
        f'  <label class="form-label small mb-0" for="{escaped(field.id_for_label)}">'
        f"{escaped(label)}</label>\n"
        f"  {input_html(field, options=options)}\n  {escaped(findings)}\n  {errors}\n  \n</div>\n"
    )
