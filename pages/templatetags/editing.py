"""Template helpers of the data-entry pages.

The editors' inputs are Jinja2 macros (templates/projects/_editor.jinja, decision 018): the
project editor shows ~150 of them, and a Django {% include %} each was most of its time.
These tags hand the macros what the page already knows; none of them reads the database.
"""

from functools import lru_cache

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from accounts.models import Role
from projects import permissions
from reviews.templatetags.review_tags import field_findings, findings_html
from web.form_renderer import jinja2_template
from web.inputs import field_block_html, input_html
from web.markup import text
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


_SHARED = "editing.page"


def _macros():
    return jinja2_template("projects/_editor.jinja").module


def _page(context) -> dict:
    """What every input of the page shows besides its field: the automated review's findings,
    a return's opinions and the year of last year's values."""
    review = context.get("review")
    shared = context.render_context.get(_SHARED)
    if shared is None:
        # Read once a page (the tags ask for every block): the indicator rows the review
        # has something to say about, what a field without findings shows (most rows have
        # none), and the select options the rows have written (web.inputs.input_html).
        shared = context.render_context[_SHARED] = {
            "finding_rows": frozenset(f.location.row for f in review.findings) if review else (),
            "no_findings": findings_html([]),
            "options": {},
        }
    return {
        "review": review,
        "findings": field_findings,
        **shared,
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
    """One input of the editors with its label, review findings, errors and last year's value.

    The `field_block` macro writes it; without last year's value `field_block_html` writes
    the same in Python (tests compare them), a Jinja2 macro call less for most fields."""
    page = _page(context)
    macros = _macros()
    if last:
        return macros.field_block(field, wrapper, last, same, page=page)
    review = page["review"]
    findings = field_findings(review, 0, field.name) if review else ""
    return field_block_html(field, wrapper, macros.label(field), findings)


@register.simple_tag(takes_context=True)
def indicator_rows(context, formset):
    """The indicator rows of the project editor (cards of 11 inputs, opinions, buttons)."""
    return _macros().indicator_rows(list(formset), _page(context))


# The new-row templates written so far: key (language, formset class and prefix, the frame's
# 一级, whether the page shows a review) → markup. Bounded: a county has a few frames.
_NEW_ROWS: dict[tuple, SafeString] = {}
_NEW_ROWS_KEPT = 64


@register.simple_tag(takes_context=True)
def new_row_template(context, formset):
    """The page's template for new rows (`formset.empty_form` as row -1), written once per
    language, frame and review state: an empty row has no values, errors, findings, opinions
    or last year's notes, so its markup depends only on those — the 一级 it offers, the
    words and labels, and whether the page's rows carry the review's (empty) findings."""
    page = _page(context)
    key = (
        get_language(),
        formset.form,
        formset.prefix,
        tuple(formset.frame.level1s),
        page["review"] is not None,
    )
    html = _NEW_ROWS.get(key)
    if html is None:
        html = SafeString(_macros().indicator_rows([formset.empty_form], page, -1))
        if len(_NEW_ROWS) < _NEW_ROWS_KEPT:
            _NEW_ROWS[key] = html
    return html


@register.simple_tag
def hidden_inputs(form):
    """`{{ form }}` of a form of hidden fields only (a formset's management form): without
    errors Django's form template writes their inputs one after another, here by
    `input_html`; with errors (a tampered row count), Django's own rendering."""
    fields = list(form)
    if form.errors or not all(field.is_hidden for field in fields):
        return str(form)
    return SafeString("".join(input_html(field) for field in fields))


@register.simple_tag
def datalist_options(values):
    """`{% for v in values %}<option value="{{ v }}">{% endfor %}` for a list that does not
    change (the editor's unit suggestions), written once a process."""
    return _datalist_options(tuple(values))


@lru_cache(maxsize=8)
def _datalist_options(values: tuple) -> SafeString:
    return SafeString("".join(f'<option value="{text(value)}">' for value in values))
