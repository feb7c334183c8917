"""Automated findings on the edit page: a summary, and each finding next to its field."""

from __future__ import annotations

from django import template

from reviews.selectors import TableReview, table_review

register = template.Library()


@register.simple_tag
def review_table(department, table, position=1, year_frame=None) -> TableReview | None:
    """Run the table rules on a stored table (a new, unsaved table has nothing to judge yet).

    `year_frame`: the FrameIndex of the region's frame that year, when the page loaded it.
    """
    if not getattr(table, "project_id", None):
        return None
    return table_review(
        department=department, table=table, position=position or 1, year_frame=year_frame
    )


@register.inclusion_tag("reviews/_field_findings.html")
def field_findings(review: TableReview | None, row: int, field: str):
    """The findings about one field: of the header when `row` is 0, else of indicator row `row`."""
    if review is None:
        return {"findings": []}
    if row:
        found = [f for f in review.for_row(row) if f.location.field in _ROW_FIELDS.get(field, ())]
    else:
        found = review.for_field(field)
    return {"findings": found}


# Which findings belong next to which input of an indicator row.
_ROW_FIELDS = {
    "level1": ("level1",),
    "level2": ("level2",),
    "name": ("name", ""),
    "description": ("description",),
    "value": ("value",),
    "basis": ("basis",),
    "weight": ("weight",),
}
