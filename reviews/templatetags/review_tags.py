"""Automated findings on the edit page, each next to its field. They only render: the editor
view runs the review (`reviews.selectors.table_review`) and passes it."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from reviews.checks import Finding, Level
from reviews.selectors import TableReview
from web.markup import text

register = template.Library()


def findings_for(review: TableReview | None, row: int, field: str) -> list[Finding]:
    """The findings about one field: of the header when `row` is 0, else of indicator row `row`."""
    if review is None:
        return []
    if row:
        return [f for f in review.for_row(row) if f.location.field in _ROW_FIELDS.get(field, ())]
    return review.for_field(field)


@register.simple_tag
def field_findings(review: TableReview | None, row: int, field: str) -> str:
    """The findings about one field, each a line with its level badge, under the input."""
    return findings_html(findings_for(review, row, field))


def findings_html(findings: list[Finding]) -> str:
    """Findings as lines under an input. Written in Python: the editor asks for ~150 fields'
    findings per page; tests/reviews/reference/field_findings.html is the template it
    replaced, and a test compares the two."""
    lines = []
    for finding in findings:
        level = Level(finding.level)
        badge = "text-bg-danger" if level is Level.ERROR else "text-bg-warning"
        lines.append(
            f'<div class="form-text finding finding-{text(finding.level)}" '
            f'data-rule="{text(finding.rule)}"><span class="badge {badge}">{text(level.label)}'
            f"</span> {text(finding.problem)} "
            f'<span class="text-muted">{text(finding.hint)}</span></div>'
        )
    lines.append("\n")  # the template's last line break
    return mark_safe("".join(lines))  # every value escaped above


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
