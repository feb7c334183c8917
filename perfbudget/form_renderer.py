"""Form renderer that writes the common widgets in Python instead of through templates.

Django renders every widget, and every <option> of a select, through a template plus an
included attrs template: about 40 µs an input and 30 µs an option. The project editor has
~150 widgets and a few hundred options, so templates were most of its time (#8). The
markup produced here is byte-for-byte what Django's own widget templates produce (a test
compares both on every widget kind the project uses); any other template, including form
and formset layouts and custom widgets, is rendered by Django as usual.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates

from perfbudget.markup import escaped
from perfbudget.markup import text as _text  # `{{ value }}`

WIDGETS = "django/forms/widgets/"
INPUT_TEMPLATES = frozenset(
    WIDGETS + name
    for name in (
        "input.html",
        "text.html",
        "number.html",
        "hidden.html",
        "email.html",
        "password.html",
        "url.html",
        "tel.html",
        "search.html",
        "date.html",
        "datetime.html",
        "time.html",
        "color.html",
        "checkbox.html",
    )
)
SELECT_TEMPLATE = WIDGETS + "select.html"
OPTION_TEMPLATE = WIDGETS + "select_option.html"
TEXTAREA_TEMPLATE = WIDGETS + "textarea.html"


def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: str() without localisation, escaped unless safe."""
    return escaped(value if hasattr(value, "__html__") else str(value))


def _attrs(attrs: Mapping[str, Any]) -> str:
    """django/forms/widgets/attrs.html: `True` renders the bare name, `False` nothing."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        text = f" {_text(name)}"
        parts.append(text if value is True else f'{text}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    value_attr = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{value_attr}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_text(value) if value else ''}</textarea>"
    )


def _option(option: Mapping[str, Any]) -> str:
    # The included option template keeps its final newline (only the whole widget is stripped).
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>\n"
    )


def _select(widget: Mapping[str, Any]) -> str | None:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return None  # a custom option template: let Django render the whole select
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FastWidgetRenderer(DjangoTemplates):
    """Django's default renderer, with inputs, textareas and selects written in Python."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, Mapping) else None
        if widget is not None:
            if template_name in INPUT_TEMPLATES:
                return _input(widget)
            if template_name == TEXTAREA_TEMPLATE:
                return _textarea(widget)
            if template_name == SELECT_TEMPLATE:
                markup = _select(widget)
                if markup is not None:
                    return markup
        return super().render(template_name, context, request)


# Widgets whose whole rendering bound_widget() knows (exact classes: a subclass may change any
# step). Each writes what FastWidgetRenderer writes for it.
_INPUTS = (forms.TextInput, forms.NumberInput, forms.HiddenInput)
_PLAIN = frozenset({*_INPUTS, forms.Textarea, forms.Select, forms.CheckboxInput})


# Attributes bound_widget adds itself; a widget that sets one of them goes the long way.
_ADDED = frozenset({"required", "disabled", "aria-invalid", "aria-describedby", "id", "checked"})


@dataclass(frozen=True, slots=True)
class _Shape:
    """What a field writes the same way in every form that shares it (all indicator rows)."""

    kind: type
    fixed_attrs: str  # the widget's attributes, then required and disabled, written
    help_text: bool
    hidden: bool
    options: tuple[tuple[str, str, str], ...]  # a select's (value, value="…", >label</option>)


def _shape(bound: BoundField) -> _Shape | None:
    """The shape of a plain widget's field, None when anything calls for Django's own way."""
    field = bound.field
    widget = field.widget
    kind = type(widget)
    if (
        kind not in _PLAIN
        or "template_name" in widget.__dict__
        or field.localize
        or widget.is_localized
        or field.show_hidden_initial
        or type(bound.form.renderer) is not FastWidgetRenderer
        or not _ADDED.isdisjoint(widget.attrs)
    ):
        return None
    # BoundField.build_widget_attrs and as_widget, in their order (it decides attribute order).
    fixed = dict(widget.attrs)
    if (
        widget.use_required_attribute(bound.initial)
        and field.required
        and bound.form.use_required_attribute
    ):
        fixed["required"] = True
    if field.disabled:
        fixed["disabled"] = True
    options: list[tuple[str, str, str]] = []
    if kind is forms.Select:
        for value, label in widget.choices:
            if isinstance(label, (list, tuple)):
                return None  # an <optgroup>
            value = "" if value is None else value
            options.append(
                (str(value), f' value="{_formatted(value)}"', f">{_text(label)}</option>\n")
            )
    return _Shape(
        kind=kind,
        fixed_attrs=_attrs(fixed),
        help_text=bool(field.help_text),
        hidden=widget.is_hidden,
        options=tuple(options),
    )


def bound_widget(bound: BoundField, memo: dict | None = None) -> str:
    """`str(bound)` for text, number, hidden, textarea, select and checkbox widgets, written
    without building Django's widget context (the same bytes; tests compare every state).

    The project editor writes ~170 widgets; BoundField.as_widget → Widget.get_context →
    optgroups built a dict per attribute set and per <option> and was a fifth of the page.
    With `memo` (a dict that lives for one page), what a shared field writes the same way in
    every row — its attributes and options — is written once. Anything unusual (another
    widget class or template, localised or hidden-initial fields, Django's template
    renderer, grouped choices) goes through Django as usual.
    """
    field = bound.field
    # Fields compare by identity, and the memo keeps them alive while it lives.
    key = (field, bound.form.use_required_attribute)
    shape = memo.get(key) if memo is not None else None
    if shape is None:
        shape = _shape(bound)
        if shape is None:
            return str(bound)
        if memo is not None:
            memo[key] = shape
    errors = bound.form.errors.get(bound.name)  # BoundField.errors, without an empty list
    auto_id = bound.auto_id
    attrs = [shape.fixed_attrs]
    if errors and not shape.hidden:
        attrs.append(' aria-invalid="true"')
    if auto_id and not shape.hidden:
        described = [f"{auto_id}_helptext"] if shape.help_text else []
        if errors:
            described.append(f"{auto_id}_error")
        if described:
            attrs.append(f' aria-describedby="{escaped(" ".join(described))}"')
    if auto_id:
        attrs.append(f' id="{escaped(auto_id)}"')
    value = bound.value()
    name = _text(bound.html_name)
    kind = shape.kind
    if kind is forms.Select:
        return _plain_select(shape, name, value, "".join(attrs))
    if kind is forms.CheckboxInput:
        if field.widget.check_test(value):
            attrs.append(" checked")
        value = None if value is True or value is False else value
    shown = None if value == "" or value is None else str(value)  # Widget.format_value
    if kind is forms.Textarea:
        return (
            f'<textarea name="{name}"{"".join(attrs)}>\n{_text(shown) if shown else ""}</textarea>'
        )
    value_attr = "" if shown is None else f' value="{_formatted(shown)}"'
    return (
        f'<input type="{_text(field.widget.input_type)}" name="{name}"{value_attr}{"".join(attrs)}>'
    )


def _plain_select(shape: _Shape, name: str, value: Any, attrs: str) -> str:
    """ChoiceWidget.optgroups for a single select of flat choices, written directly."""
    values = [
        str(v) if v is not None else ""
        for v in (value if isinstance(value, (tuple, list)) else [value])
    ]
    parts = [f'<select name="{name}"{attrs}>']
    chosen = False
    for option_value, head, tail in shape.options:
        selected = not chosen and option_value in values
        chosen = chosen or selected
        parts.append(f"\n  <option{head}{' selected' if selected else ''}{tail}")
    parts.append("\n</select>")
    return "".join(parts)
