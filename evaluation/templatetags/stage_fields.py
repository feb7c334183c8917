"""The monitoring and self-evaluation pages' field blocks and indicator rows, written in Python.

A 20-project unit's page has about 1,200 inputs; `{% include "evaluation/_field.html" %}` with
Django's template-rendered widgets spent over 90% of the page there (bench/pages.py: 650 ms
against a 11 ms bare fetch, #18). `stage_field` writes the same markup as that template —
label, input, errors and the checks' findings — byte for byte
(tests/evaluation/test_stage_fields.py), for a bound field (`web.inputs.input_html`, Django's
widget markup written in Python) or, when nothing was posted, for a `SheetField`: a sheet's
value shown without building a form. `stage_rows` writes a project's indicator rows. Nothing
here queries: the view read everything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms, template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from web.inputs import input_html
from web.markup import escaped, text

register = template.Library()

PREFIX = "__prefix__"  # a prototype form's prefix (the formset convention), then each form's
VALUE = "\ue000"  # a prototype's value: a private-use character, written by nothing else
SHOWN_OPTIONS = 32  # a select's markup is kept for this many values at most (its choices)


@dataclass(frozen=True, slots=True)
class SheetField:
    """A field shown from a sheet's value without a form: what
    `form(initial={name: value}, prefix=prefix)[name]` shows (unbound, so without errors)."""

    form: type[forms.Form]
    prefix: str
    name: str
    value: Any  # as the form shows it (evaluation.forms.shown)


class _Shape:
    """What every form of one class writes alike for one field, with `PREFIX` where each
    form's prefix goes: the label and input of a blank value, and of any value with `VALUE`
    where the escaped value goes — or, for a select, per selected value (the `selected`
    option moves). Written once by Django's own rendering (`input_html`) of a prototype."""

    __slots__ = ("blank", "form", "name", "selects", "valued")

    def __init__(self, form: type[forms.Form], name: str):
        self.form, self.name = form, name
        self.selects: dict[str, str] | None = None
        self.blank, self.valued = "", None
        if isinstance(form.base_fields[name].widget, forms.Select):
            self.selects = {}
            return
        self.blank = self._head(None)
        valued = self._head(VALUE)
        self.valued = valued if valued.count(VALUE) == 1 else None

    def _head(self, value: Any) -> str:
        """The label and the input of a prototype form showing `value`."""
        bound = self.form(initial={self.name: value}, prefix=PREFIX)[self.name]
        return (
            f'<label class="form-label small mb-0" for="{conditional_escape(bound.id_for_label)}">'
            f"{conditional_escape(bound.label)}</label>{input_html(bound)}"
        )

    def head(self, prefix: str, value: Any) -> str:
        if self.selects is not None:
            key = "" if value is None else str(value)  # Select.format_value
            head = self.selects.get(key)
            if head is None:
                head = self._head(value)
                if len(self.selects) < SHOWN_OPTIONS:
                    self.selects[key] = head
            return head.replace(PREFIX, prefix)
        if value is None or value == "":  # Widget.format_value: nothing shown
            return self.blank.replace(PREFIX, prefix)
        if self.valued is None:  # a widget that changes the value: Django writes it
            return self._head(value).replace(PREFIX, prefix)
        return self.valued.replace(PREFIX, prefix).replace(VALUE, escaped(str(value)))


_SHAPES: dict[tuple, _Shape] = {}


def _shape(form: type[forms.Form], name: str) -> _Shape:
    """A form class's field shape in the active language (kept for the process: the forms'
    fields are fixed and the labels are translated per language)."""
    key = (form, name, get_language())
    shape = _SHAPES.get(key)
    if shape is None:
        shape = _SHAPES[key] = _Shape(form, name)
    return shape


@register.simple_tag(takes_context=True)
def stage_field(context, x: dict, wrapper: str = "") -> SafeString:
    """What `{% include "evaluation/_field.html" with x=… wrapper=… %}` writes; a select's
    options are written once per page and value (a dict in the page's render context)."""
    return field_html(x, wrapper, context.render_context.setdefault("stage_field_options", {}))


def _found(findings) -> str:
    return "".join(
        '<div class="small finding '
        + ("text-danger" if finding.blocking else "text-warning-emphasis")
        + f'">{conditional_escape(finding.message)}</div>'
        for finding in findings
    )


def field_html(x: dict, wrapper: str = "", options: dict | None = None) -> SafeString:
    """A field block: `x["field"]` (a bound field or a `SheetField`) with `x["found"]`, the
    checks' findings about it. `options` is the page's (select options, labels, shapes)."""
    f = x["field"]
    if type(f) is SheetField:
        key = (f.form, f.name)
        shape = options.get(key) if options is not None else None
        if shape is None:
            shape = _shape(f.form, f.name)
            if options is not None:  # the page's language does not change while it renders
                options[key] = shape
        found = x["found"]
        return SafeString(
            f'<div class="{escaped(wrapper) if wrapper else "mb-2"}">'
            f"{shape.head(f.prefix, f.value)}\n\n{_found(found) if found else ''}</div>\n"
        )
    errors = "".join(
        f'<div class="invalid-feedback d-block">{conditional_escape(e)}</div>' for e in f.errors
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
        f"{input_html(f, options=options)}\n{errors}\n{_found(x['found'])}</div>\n"
    )


# --- a project's indicator rows (as monitoring.html and selfeval.html wrote them) ---


def _monitoring_row(r: dict, field: Callable[[str], str], words: dict) -> str:
    row = r["row"]
    return (
        f'<tr id="row-{row.row_id}">\n'
        f"      <td>{text(row.level1)} / {text(row.level2)} / {text(row.name)}</td>\n"
        f'      <td class="text-nowrap">{text(row.target)}</td>\n'
        f"      <td>{field('progress')}{field('projected')}</td>\n"
        f"      <td>{field('likelihood')}{field('cause')}{field('cause_text')}</td>\n"
        f"      <td>{field('measures')}</td>\n"
        "    </tr>"
    )


def _selfeval_row(r: dict, field: Callable[[str], str], words: dict) -> str:
    row = r["row"]
    score = row.proposal.score
    return (
        f'<tr id="row-{row.row_id}">\n'
        f"      <td>{text(row.level1)} / {text(row.level2)} / {text(row.name)}</td>\n"
        f'      <td class="text-nowrap">{text(row.target)}</td>\n'
        f"      <td>{field('actual')}{field('achievement')}</td>\n"
        f'      <td><div class="small">{words["points"]} {text(row.points)} · '
        f'{words["proposed"]} <span class="proposed-score">'
        f"{'—' if score is None else text(score)}</span></div>"
        f"{field('score')}{field('score_reason')}</td>\n"
        f"      <td>{field('deviation')}</td>\n"
        "    </tr>"
    )


ROWS = {"monitoring": _monitoring_row, "selfeval": _selfeval_row}


@register.simple_tag(takes_context=True)
def stage_rows(context, block: dict, kind: str) -> SafeString:
    """A project's indicator rows, each `<tr id="row-<row id>">` (opinions link to it): the
    approved 三级 and 年度指标值, and the row's field blocks."""
    options = context.render_context.setdefault("stage_field_options", {})
    words = options.get("words")
    if words is None:  # {% translate %} of literals: translated once a page, not escaped
        words = options["words"] = {"points": _("分值"), "proposed": _("建议得分")}
    write = ROWS[kind]
    parts = []
    for r in block["rows"]:
        fields = r["f"]
        parts.append(write(r, lambda name, f=fields: field_html(f[name], "", options), words))
    return SafeString("".join(parts))  # every value escaped
