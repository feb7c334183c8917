"""Wiring of the Jinja2 engine in TEMPLATES: web's environment plus the rooms' helpers that
the *.jinja templates call (web sits below the rooms and may not import them)."""

from __future__ import annotations

from typing import Any

from django.forms import BoundField
from django.utils.safestring import SafeString
from jinja2 import Environment

from web.form_renderer import environment as web_environment
from web.inputs import field_block_html


def row_field_block(field: BoundField, page: dict[str, Any], row_number: int) -> SafeString:
    """An indicator row's field block (templates/projects/_editor.jinja's `indicator_row`):
    the row labels the page wrote once, the review's findings about the field."""
    review = page["review"]
    findings = page["findings"](review, row_number, field.name) if review else ""
    return field_block_html(field, "mb-1", page["labels"][field.name], findings)


def environment(**options) -> Environment:
    """web's environment with `table_rows` (list bodies), `row_field_block` (the editor's
    rows) and the `wan` filter (amounts)."""
    # Imported here: fast_tables renders through web.form_renderer's engine.
    from projects.money import format_wan
    from projects.templatetags.fast_tables import table_rows

    env = web_environment(**options)
    env.globals["table_rows"] = table_rows
    env.globals["row_field_block"] = row_field_block
    env.filters["wan"] = format_wan
    return env
