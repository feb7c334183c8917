"""A return's opinions in the project editor, each next to the row it concerns.

A module of its own so the project editor loads only what it uses. It only renders: the
editor view reads the opinions (`workflow.selectors.editor_opinions`) and passes them.
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string

from workflow.selectors import EditorOpinions

register = template.Library()


@register.simple_tag
def row_opinions(opinions: EditorOpinions | None, row_number: int) -> str:
    """The opinions about one indicator row ("" for most rows)."""
    found = opinions.rows.get(row_number) if opinions else None
    if not found:
        return ""
    return render_to_string("workflow/_row_opinions.html", {"opinions": found})
