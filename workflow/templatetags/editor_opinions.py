"""The latest return's opinions in the project editor, each next to the row it concerns.

A module of its own so the project editor loads only what it uses; the `projects` room stays
unaware of the workflow (its view passes the department-year's plan, nothing more).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template
from django.template.loader import render_to_string

from workflow.models import ReviewOpinion
from workflow.selectors import opinions_on_rows, project_return_opinions

register = template.Library()


@dataclass
class EditorOpinions:
    """A return's opinions about one table: on the table as a whole, and per row number."""

    table: list[ReviewOpinion] = field(default_factory=list)
    rows: dict[int, list[ReviewOpinion]] = field(default_factory=dict)


@register.simple_tag
def editor_opinions(plan, project_id, formset) -> EditorOpinions | None:
    """The opinions of the return that sent this year back, placed on the editor's rows.

    The rows as shown (names typed so far included) decide the placement; None when there is
    nothing to show, so the rows skip the per-row tag.
    """
    opinions = project_return_opinions(plan=plan, project_id=project_id)
    if not opinions:
        return None
    names = [row["name"].value() or "" for row in formset.forms]
    rows, table = opinions_on_rows(opinions, names)
    return EditorOpinions(table=table, rows=rows)


@register.simple_tag
def row_opinions(opinions: EditorOpinions | None, row_number: int) -> str:
    """The opinions about one indicator row ("" for most rows)."""
    found = opinions.rows.get(row_number) if opinions else None
    if not found:
        return ""
    return render_to_string("workflow/_row_opinions.html", {"opinions": found})
