"""Template helpers of the data-entry pages."""

import functools

from django import template
from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from accounts import permissions
from accounts.models import Role
from reviews.templatetags.review_tags import field_findings

register = template.Library()


@register.simple_tag(takes_context=True)
def enters_targets(context) -> bool:
    """Whether the user's role enters targets (clerk or admin); no query beyond the profile.

    Pages that already know the plan ask `permissions.can_edit_targets`; elsewhere this decides
    whether to offer 编辑, and the edit page itself explains a locked year.
    """
    return permissions.role_of(context["request"].user) in (Role.CLERK, Role.ADMIN)


@register.simple_tag(takes_context=True)
def user_role(context) -> str:
    """The user's role code (clerk / reviewer / auditor / admin), "" when none."""
    return permissions.role_of(context["request"].user) or ""


_UNSET = object()


@register.simple_tag(takes_context=True)
def field_block(context, field, wrapper=_UNSET, last=_UNSET, same=_UNSET):
    """One input of the editors with its label, review findings, errors and last year's value.

    Written in Python rather than included as a template: the project editor shows ~150 of
    them and an {% include %} each was a third of the page's time. The markup is what
    `tests/projects/test_field_block.py` compares against the template it replaced.
    """
    # As {% include ... with %}: what is not passed comes from the surrounding context.
    if wrapper is _UNSET:
        wrapper = context.get("wrapper")
    if last is _UNSET:
        last = context.get("last")
    if same is _UNSET:
        same = context.get("same")
    required = (
        '<span class="text-danger" aria-hidden="true">*</span>' if field.field.required else ""
    )
    parts = [
        f'<div class="field {conditional_escape(wrapper or "mb-2")}">\n',
        f'  <label class="form-label small mb-0" for="{conditional_escape(field.id_for_label)}">'
        f"{conditional_escape(field.label)}{required}</label>\n",
        f"  {field}\n  ",
    ]
    review = context.get("review")
    if review:
        row = context.get("row_number") or 0
        parts.append(_findings_html(field_findings(review, row, field.name)["findings"]))
    parts.append("\n  ")
    auto_id = conditional_escape(field.auto_id)
    parts.extend(
        f'<div class="invalid-feedback d-block" id="{auto_id}_error">'
        f"{conditional_escape(error)}</div>"
        for error in field.errors
    )
    parts.append("\n  ")
    if last:
        year = conditional_escape(localize(context.get("last_year_no", "")))
        note = gettext("%(year)s年：") % {"year": year}  # as blocktranslate: only `year` escaped
        confirm = conditional_escape(gettext("沿用上年，请确认"))
        badge = f' <span class="badge text-bg-warning">{confirm}</span>' if same else ""
        parts.append(
            f'<div class="form-text last-year{" same" if same else ""}" '
            f'id="last-{conditional_escape(field.name)}">{note}'
            f"{linebreaksbr(last, autoescape=True)}{badge}</div>"
        )
    parts.append("\n</div>\n")
    return mark_safe("".join(parts))  # every value escaped above; the widget is safe


def _findings_html(findings) -> str:
    if not findings:  # most fields: what the template writes for none, rendered once
        return _no_findings_html()
    return render_to_string("reviews/_field_findings.html", {"findings": findings})


@functools.cache
def _no_findings_html() -> str:
    return render_to_string("reviews/_field_findings.html", {"findings": []})
