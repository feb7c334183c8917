"""The monitoring and self-evaluation pages' field blocks, written in Python.

A 20-project unit's page has about 1,200 inputs; `{% include "evaluation/_field.html" %}` with
Django's template-rendered widgets spent over 90% of the page there (bench/pages.py: 650 ms
against a 11 ms bare fetch, #18). `stage_field` writes the same markup as that template —
label, input (`web.inputs.input_html`, Django's widget markup written in Python), errors and
the checks' findings — byte for byte (tests/evaluation/test_stage_fields.py). It queries
nothing: the view read everything.
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from web.inputs import input_html

register = template.Library()


@register.simple_tag(takes_context=True)
def stage_field(context, x: dict, wrapper: str = "") -> SafeString:
    """What `{% include "evaluation/_field.html" with x=… wrapper=… %}` writes; a select's
    options are written once per page and value (a dict in the page's render context)."""
    return field_html(x, wrapper, context.render_context.setdefault("stage_field_options", {}))


def field_html(x: dict, wrapper: str = "", options: dict | None = None) -> SafeString:
    f = x["field"]
    errors = "".join(
        f'<div class="invalid-feedback d-block">{conditional_escape(e)}</div>' for e in f.errors
    )
    found = "".join(
        '<div class="small finding '
        + ("text-danger" if finding.blocking else "text-warning-emphasis")
        + f'">{conditional_escape(finding.message)}</div>'
        for finding in x["found"]
    )
    label = None
    if options is not None:  # the same label in every row: translated and escaped once a page
        key = ("label", type(f.form), f.name)
        label = options.get(key)
        if label is None:
            label = options[key] = conditional_escape(f.label)
    return SafeString(
        f'<div class="{conditional_escape(wrapper or "mb-2")}"><label class="form-label small '
        f'mb-0" for="{conditional_escape(f.id_for_label)}">'
        f"{label if label is not None else conditional_escape(f.label)}</label>"
        f"{input_html(f, options=options)}\n{errors}\n{found}</div>\n"
    )
