"""Wiring of the Jinja2 engine in TEMPLATES: web's environment plus the rooms' helpers that
the *.jinja templates call (web sits below the rooms and may not import them)."""

from __future__ import annotations

from typing import Any

from django.forms import BoundField, Form
from django.utils.safestring import SafeString
from jinja2 import Environment

from web.form_renderer import environment as web_environment
from web.inputs import field_block_html

# The fields of an indicator row written as field blocks (`indicator_row`'s inputs but the
# hidden ORDER, DELETE and indicator_id).
ROW_BLOCK_FIELDS = ("level1", "level2", "name", "description", "value", "comparator", "number",
                    "unit", "basis", "weight", "direction")  # fmt: skip


def row_field_block(field: BoundField, page: dict[str, Any], row_number: int) -> SafeString:
    """An indicator row's field block (templates/projects/_editor.jinja's `indicator_row`):
    the row labels the page wrote once, the review's findings about the field."""
    review = page["review"]
    findings = page["findings"](review, row_number, field.name) if review else ""
    return field_block_html(field, "mb-1", page["labels"][field.name], findings)


def row_field_blocks(
    row: Form, page: dict[str, Any], row_number: int, names: tuple[str, ...] = ROW_BLOCK_FIELDS
) -> dict[str, SafeString]:
    """`row_field_block` of each of a row's ROW_BLOCK_FIELDS, in one call from the row macro
    (a Jinja2 call each was a tenth of the rows' time, decision 018). The findings are
    looked up only for rows the review has findings about (`page["finding_rows"]`); the
    others get what the lookup gives for a field without any (`page["no_findings"]`)."""
    labels, options, review = page["labels"], page["options"], page["review"]
    if review is not None and row_number in page["finding_rows"]:
        lookup = page["findings"]
        return {
            name: field_block_html(
                row[name], "mb-1", labels[name], lookup(review, row_number, name), options
            )
            for name in names
        }
    findings = page["no_findings"] if review is not None else ""
    return {
        name: field_block_html(row[name], "mb-1", labels[name], findings, options) for name in names
    }


def environment(**options) -> Environment:
    """web's environment with `table_rows` (list bodies), `row_field_block` (the editor's
    rows) and the `wan` filter (amounts)."""
    # Imported here: fast_tables renders through web.form_renderer's engine.
    from projects.money import format_wan
    from projects.templatetags.fast_tables import table_rows

    env = web_environment(**options)
    env.globals["table_rows"] = table_rows
    env.globals["row_field_block"] = row_field_block
    env.globals["row_field_blocks"] = row_field_blocks
    env.filters["wan"] = format_wan
    return env
