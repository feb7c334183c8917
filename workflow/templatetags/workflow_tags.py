"""The review status panel and the opinions shown on the department page's tables."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from reports.render import html
from workflow.models import ReviewOpinion
from workflow.selectors import opinions_on_rows

register = template.Library()


@register.inclusion_tag("workflow/_panel.html", takes_context=True)
def review_panel(context, department, fiscal_year):
    """Status, allowed actions and the timeline of a department-year for the current user,
    as the view read them (`workflow.selectors.plan_panel`, passed as `review_panel_data`;
    reviewed_table below reuses it): the tag renders, it does not query."""
    panel = context["review_panel_data"]
    return {
        "panel": panel,
        "department": department,
        "year": fiscal_year,
    }


def _row_note(opinion: ReviewOpinion, row_name: str) -> str:
    """One line under an indicator row: the opinion, naming the indicator if it was renamed."""
    line = _("审核意见：%(code)s.%(label)s") % {
        "code": opinion.code,
        "label": opinion.get_code_display(),
    }
    if opinion.indicator_name and opinion.indicator_name != row_name:
        line = _("审核意见（原指标“%(name)s”）：%(code)s.%(label)s") % {
            "name": opinion.indicator_name,
            "code": opinion.code,
            "label": opinion.get_code_display(),
        }
    return f"{line} — {opinion.text}" if opinion.text else line


@register.simple_tag(takes_context=True)
def reviewed_table(context, rendered):
    """A 绩效目标表 (a reports.selectors.RenderedTable) with the latest return's opinions: each
    row's under that row, the others (whole project, or a row that no longer exists) in a list
    under the table.

    Most tables have none and print their ready HTML; the Grid is never changed, so the Word
    and Excel exports stay clean.
    """
    panel = context.get("review_panel_data")
    opinions = panel.opinions_by_project().get(rendered.project_id, []) if panel else []
    if not opinions or rendered.grid is None:
        return rendered.html
    names = [row.name for row in rendered.table.indicators]
    on_rows, on_table = opinions_on_rows(opinions, names)
    notes = {n: [_row_note(o, names[n - 1]) for o in found] for n, found in on_rows.items()}
    below = render_to_string("workflow/_opinions.html", {"opinions": on_table}) if on_table else ""
    return html.render(rendered.grid, notes) + mark_safe(below)  # `below` is a rendered template
