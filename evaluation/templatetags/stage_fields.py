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

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from django import forms, template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from evaluation.forms import shown
from projects.money import format_wan
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


def _shape(form: type[forms.Form], name: str, page: dict | None = None) -> _Shape:
    """A form class's field shape in the active language: kept for the process (the forms'
    fields are fixed, the labels translated per language) and in the `page`'s dict (its
    language does not change while it renders)."""
    shape = page.get((form, name)) if page is not None else None
    if shape is None:
        key = (form, name, get_language())
        shape = _SHAPES.get(key)
        if shape is None:
            shape = _SHAPES[key] = _Shape(form, name)
        if page is not None:
            page[(form, name)] = shape
    return shape


class SheetFields(Mapping):
    """A form's field blocks shown from a sheet's values (nothing posted): what
    `{name: {"field": form[name], "found": found.get(name, [])}}` of the unbound
    `form(initial=…, prefix=prefix)` gives, without building the form."""

    __slots__ = ("form", "found", "prefix", "source")

    def __init__(self, form: type[forms.Form], prefix: str, source, found: dict):
        self.form, self.prefix, self.source, self.found = form, prefix, source, found

    def __getitem__(self, name: str) -> dict:
        if name not in self.form.base_fields:
            raise KeyError(name)
        value = shown(getattr(self.source, name))
        return {
            "field": SheetField(self.form, self.prefix, name, value),
            "found": self.found.get(name, []),
        }

    def __iter__(self):
        return iter(self.form.base_fields)

    def __len__(self) -> int:
        return len(self.form.base_fields)

    def html(self, name: str, page: dict | None = None) -> str:
        """`field_html(self[name], "", page)` without the objects in between (a row's)."""
        if name not in self.form.base_fields:
            raise KeyError(name)
        head = _shape(self.form, name, page).head(self.prefix, shown(getattr(self.source, name)))
        found = self.found.get(name)
        return f'<div class="mb-2">{head}\n\n{_found(found) if found else ""}</div>\n'


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
        found = x["found"]
        return SafeString(
            f'<div class="{escaped(wrapper) if wrapper else "mb-2"}">'
            f"{_shape(f.form, f.name, options).head(f.prefix, f.value)}\n\n"
            f"{_found(found) if found else ''}</div>\n"
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


# --- each project: its heading, its own fields and its indicator rows ---
# As monitoring.html and selfeval.html wrote them with {% translate %} (a literal, translated
# and not escaped), {% blocktranslate %} (the values escaped into the translated text) and
# {{ value }} (`text`: localised, then escaped).


def _words(page: dict) -> dict:
    """The page's fixed words, translated once a page."""
    words = page.get("words")
    if words is None:
        words = page["words"] = {
            "budget": _("年初预算数"),
            "wan": _("万元"),
            "rate": _("执行率"),
            "checkpoint": _("对照支出计划%(label)s：%(amount)s万元（%(rate)s）"),
            "no_checkpoint": _("支出计划没有本时段可对照的节点"),
            "score": _("%(total)s分 · %(grade)s"),
            "proposed_funds": _("建议预算执行得分"),
            "points": _("分值"),
            "proposed": _("建议得分"),
            "opinions": _("审核意见："),
            "row_opinions": _("本行的审核意见"),
            "project_opinions": _("审核意见"),
            "whole_project": _("整个项目"),
            "monitoring_head": "".join(
                f"<th>{w}</th>"
                for w in (
                    _("三级指标"),
                    _("年度指标值"),
                    _("完成情况"),
                    _("可能性与偏差"),
                    _("纠偏措施"),
                )
            ),
            "selfeval_head": "".join(
                f"<th>{w}</th>"
                for w in (
                    _("三级指标"),
                    _("年度指标值"),
                    _("实际完成值"),
                    _("分值与得分"),
                    _("偏差原因分析及改进措施"),
                )
            ),
        }
    return words


def _text(value) -> str:
    """`text(value)`: a string is only escaped (localize returns it as it is)."""
    return escaped(value) if type(value) is str else text(value)


def _number(value, words: dict) -> str:
    """`text(value)` of a score or 分值, kept in the page's words by its digits (a table
    repeats the same few: `10` and `10.00` print differently, so not by value)."""
    key = ("number", str(value))
    shown_ = words.get(key)
    if shown_ is None:
        shown_ = words[key] = text(value)
    return shown_


def _opinions(opinions, words: dict, *, row: bool) -> str:
    """A 退回's opinions in place, as the project editor shows a return's beside its rows
    (workflow/_row_opinions.html): in a row's first cell, or under a project's heading; each
    with its field (a project's: its place, or 整个项目), standard opinion and text."""
    if not opinions:
        return ""
    items = []
    for o in opinions:
        where = o.field_label if row else (o.place or words["whole_project"])
        items.append(f"<li>{escaped(where) + '：' if where else ''}{escaped(o.what)}</li>")
    kind, label, space = (
        ("row-opinions", words["row_opinions"], "mb-1")
        if row
        else ("project-opinions", words["project_opinions"], "mb-2")
    )
    return (
        f'<aside class="review-opinions {kind} alert alert-warning py-1 px-2 {space} small '
        f'no-print" aria-label="{label}"><strong>{words["opinions"]}</strong>'
        f'<ul class="mb-0 ps-3">{"".join(items)}</ul></aside>'
    )


def _monitoring_row(row, field: Callable[[str], str], words: dict, said: str = "") -> str:
    return (
        f'<tr id="row-{row.row_id}">\n'
        f"      <td>{said}{_text(row.level1)} / {_text(row.level2)} / {_text(row.name)}</td>\n"
        f'      <td class="text-nowrap">{_text(row.target)}</td>\n'
        f"      <td>{field('progress')}{field('projected')}</td>\n"
        f"      <td>{field('likelihood')}{field('cause')}{field('cause_text')}</td>\n"
        f"      <td>{field('measures')}</td>\n"
        "    </tr>"
    )


def _selfeval_row(row, field: Callable[[str], str], words: dict, said: str = "") -> str:
    score = row.proposal.score
    return (
        f'<tr id="row-{row.row_id}">\n'
        f"      <td>{said}{_text(row.level1)} / {_text(row.level2)} / {_text(row.name)}</td>\n"
        f'      <td class="text-nowrap">{_text(row.target)}</td>\n'
        f"      <td>{field('actual')}{field('achievement')}</td>\n"
        f'      <td><div class="small">{words["points"]} {_number(row.points, words)} · '
        f'{words["proposed"]} <span class="proposed-score">'
        f"{'—' if score is None else _number(score, words)}</span></div>"
        f"{field('score')}{field('score_reason')}</td>\n"
        f"      <td>{field('deviation')}</td>\n"
        "    </tr>"
    )


def _monitoring_heading(block: dict, n: int, words: dict) -> str:
    p, checkpoint, rate = block["project"], block["checkpoint"], block["rate"]
    if checkpoint is not None:
        against = words["checkpoint"] % {
            "label": text(checkpoint.label),
            "amount": text(format_wan(checkpoint.amount)),
            "rate": text(block["plan_rate"]),
        }
    else:
        against = words["no_checkpoint"]
    return (
        f'  <h2 class="h6" id="project-{text(p.entry_id)}">{n}. {_text(p.name)}</h2>\n'
        f'  <p class="small text-muted mb-2">{words["budget"]} {text(format_wan(p.budget))} '
        f"{words['wan']}"
        + (f' · {words["rate"]} <span class="rate">{text(rate)}</span>' if rate else "")
        + f'\n  · <span class="checkpoint">{against}</span></p>\n'
    )


def _selfeval_heading(block: dict, n: int, words: dict) -> str:
    p = block["project"]
    proposed = p.proposed_funds_score
    score = words["score"] % {"total": text(p.total), "grade": text(p.grade_label)}
    return (
        f'  <h2 class="h6" id="project-{text(p.entry_id)}">{n}. {_text(p.name)}\n'
        f'    <span class="badge text-bg-info project-score">{score}</span></h2>\n'
        f'  <p class="small text-muted mb-2">{words["budget"]} {text(format_wan(p.budget))} '
        f"{words['wan']} · {words['proposed_funds']} "
        f"{'—' if proposed is None else text(proposed)} / {text(p.budget_points)}</p>\n"
    )


@dataclass(frozen=True)
class _Stage:
    heading: Callable[[dict, int, dict], str]
    fields: tuple[tuple[str, str], ...]  # (column class, field name) of the project's own
    head: str  # the words key of the rows' header cells
    row: Callable[..., str]


STAGES = {
    "monitoring": _Stage(
        _monitoring_heading,
        tuple(
            ("col-md-4", name)
            for name in (
                "adjusted_budget",
                "executed",
                "projected",
                "goal_progress",
                "lag_reason",
                "remainder_plan",
            )
        ),
        "monitoring_head",
        _monitoring_row,
    ),
    "selfeval": _Stage(
        _selfeval_heading,
        (
            ("col-md-3", "annual_budget"),
            ("col-md-3", "executed"),
            ("col-md-2", "funds_score"),
            ("col-md-4", "funds_score_reason"),
            ("col-12", "actual_summary"),
        ),
        "selfeval_head",
        _selfeval_row,
    ),
}


def _field_writer(fields, page: dict) -> Callable[[str], str]:
    """name → the field block: from the sheet's values, or from the bound form's fields."""
    if type(fields) is SheetFields:
        return partial(fields.html, page=page)
    return partial(_bound_field_html, fields, page)


def _bound_field_html(fields: dict, page: dict, name: str) -> str:
    return field_html(fields[name], "", page)


@register.simple_tag(takes_context=True)
def stage_projects(context, blocks: list[dict], kind: str) -> SafeString:
    """Each project's section (`id="project-<entry id>"` on its heading): the name, budget
    and what the stage computes, its own field blocks and its indicator rows, each
    `<tr id="row-<row id>">` (a return's opinions link to both); while the stage is 被退回, the
    return's opinions under the heading (the project's own) and in each row's first cell."""
    page = context.render_context.setdefault("stage_field_options", {})
    words = _words(page)
    stage = STAGES[kind]
    parts = []
    for n, block in enumerate(blocks, 1):
        p = block["project"]
        field = _field_writer(block["f"], page)
        parts.append(
            f'\n<section class="card mb-3" aria-labelledby="project-{text(p.entry_id)}">'
            f'<div class="card-body">\n{stage.heading(block, n, words)}'
            f"{_opinions(block.get('opinions'), words, row=False)}"
            '  <div class="row g-2">\n'
        )
        parts.extend(
            f'    <div class="{column}">{field(name)}</div>\n' for column, name in stage.fields
        )
        parts.append(
            "  </div>\n"
            '  <div class="table-responsive">'
            '<table class="table table-sm align-top mb-0 stage-table">\n'
            f"    <thead><tr>{words[stage.head]}</tr></thead>\n    <tbody>"
        )
        parts.extend(
            stage.row(
                r["row"],
                _field_writer(r["f"], page),
                words,
                _opinions(r.get("opinions"), words, row=True),
            )
            for r in block["rows"]
        )
        parts.append("</tbody>\n  </table></div>\n</div></section>\n")
    return SafeString("".join(parts))  # every value escaped, the words are the templates'
