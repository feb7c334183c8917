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
from typing import Any

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
