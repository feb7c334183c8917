"""The look of an opinion row on a 退回 page (targets and stages): small Bootstrap controls,
each labelled by its column's name (the table's header is no <label>), and the project and
row pickers marked for static/js/return-page.js."""

from __future__ import annotations

from django import forms


def style_opinion_row(form: forms.Form, *, project: str, row: str, placeholder: str) -> None:
    for field in form.fields.values():
        choice = isinstance(field, forms.ChoiceField)
        css = "form-select form-select-sm" if choice else "form-control form-control-sm"
        field.widget.attrs["class"] = css
        field.widget.attrs["aria-label"] = field.label
    form.fields["text"].widget.attrs["placeholder"] = placeholder
    form.fields[row].widget.attrs["data-row-select"] = ""
    form.fields[project].widget.attrs["data-project-select"] = ""
