"""Template helpers of the data-entry pages.

The editors' inputs are Jinja2 macros (templates/projects/_editor.jinja, decision 018): the
project editor shows ~150 of them, and a Django {% include %} each was most of its time.
These tags hand the macros what the page already knows; none of them reads the database.
"""

from django import template

from accounts.models import Role
from projects import permissions
from reviews.templatetags.review_tags import field_findings
from web.form_renderer import jinja2_template
from web.inputs import input_html
from workflow.templatetags.editor_opinions import row_opinions

register = template.Library()


@register.simple_tag(takes_context=True)
def enters_targets(context) -> bool:
    """Whether the user's role enters targets (clerk or admin); reads the loaded profile only.

    Pages that already know the plan ask `permissions.can_edit_targets`; elsewhere this decides
    whether to offer 编辑, and the edit page itself explains a locked year.
    """
    return permissions.role_of(context["request"].user) in (Role.CLERK, Role.ADMIN)


@register.simple_tag(takes_context=True)
def user_role(context) -> str:
    """The user's role code (clerk / reviewer / auditor / admin), "" when none."""
    return permissions.role_of(context["request"].user) or ""


def _macros():
    return jinja2_template("projects/_editor.jinja").module


def _page(context) -> dict:
    """What every input of the page shows besides its field: the automated review's findings,
    a return's opinions and the year of last year's values."""
    return {
        "review": context.get("review"),
        "findings": field_findings,
        "opinions": context.get("return_opinions"),
        "row_opinions": row_opinions,
        "year": context.get("last_year_no", ""),
    }


@register.simple_tag
def field_input(field):
    """A field's input alone, written as the editors write theirs (the lists' filter forms:
    a unit select of a county has a hundred options)."""
    return input_html(field)


@register.simple_tag(takes_context=True)
def field_block(context, field, wrapper="", last=None, same=False):
    """One input of the editors with its label, review findings, errors and last year's value."""
    return _macros().field_block(field, wrapper, last, same, page=_page(context))


@register.simple_tag(takes_context=True)
def indicator_rows(context, formset):
    """The indicator rows of the project editor (cards of 11 inputs, opinions, buttons)."""
    return _macros().indicator_rows(list(formset), _page(context))


@register.simple_tag(takes_context=True)
def indicator_row(context, row, row_number):
    """One indicator row (the page's template for new rows is row -1)."""
    return _macros().indicator_rows([row], _page(context), row_number)
