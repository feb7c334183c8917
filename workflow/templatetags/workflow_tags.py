"""The review status panel and the opinions shown on the department page."""

from django import template
from django.template.loader import render_to_string

from workflow.selectors import plan_panel

register = template.Library()


@register.inclusion_tag("workflow/_panel.html", takes_context=True)
def review_panel(context, department, fiscal_year):
    """Status, allowed actions and the timeline of a department-year for the current user."""
    panel = plan_panel(user=context["request"].user, department=department, fiscal_year=fiscal_year)
    context["review_panel_data"] = panel  # reused by project_opinions below on the same page
    return {
        "panel": panel,
        "department": department,
        "year": fiscal_year,
        "csrf_token": context.get("csrf_token"),
        "grades": panel.plan.Grade.choices if panel.plan else [],
    }


@register.simple_tag(takes_context=True)
def project_opinions(context, project_id):
    """The latest return's opinions about one project, shown under its table.

    Most tables have none, so the template is rendered only when there is something to show.
    """
    panel = context.get("review_panel_data")
    opinions = panel.opinions_by_project().get(project_id, []) if panel else []
    if not opinions:
        return ""
    return render_to_string("workflow/_opinions.html", {"opinions": opinions})
