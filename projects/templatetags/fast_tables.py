"""Jinja2 parts of Django pages (decision 018): `{% jinja %}` and the list tables' bodies (the
home page's list is written by `pages.templatetags.home`).

django-tables2's own body reads each render method's signature (inspect.signature) and each
cell's attributes again for every cell, which made a 50-row list spend most of its time in
its body. `table_rows` gives templates/tables/tbody.jinja each cell's value as
`BoundRow.get_cell` renders it — the column's render method, link and default — with the
signature read once per column, a plain `record.a.b` value read directly, and a column's
<td> attributes written once when nothing in them depends on the row. Only public
django-tables2 API is used.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.safestring import mark_safe
from django_tables2 import ManyToManyColumn

from web.form_renderer import jinja2_template

register = template.Library()

_NOTHING = object()


def _plain_path(bound_column, model) -> tuple[str, ...] | None:
    """The attribute path when a cell's value is simply `record.a.b`: names that follow
    forward relations, ending in a field without choices (django-tables2 shows
    get_FOO_display() for those) or in an annotation; never a many-to-many column."""
    accessor = bound_column.accessor
    if model is None or not accessor or isinstance(bound_column.column, ManyToManyColumn):
        return None
    if "." in accessor:
        return None
    names = tuple(accessor.split(accessor.SEPARATOR))
    for name in names[:-1]:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if not (field.many_to_one or field.one_to_one) or field.auto_created:
            return None
        model = field.related_model
    try:
        return None if model._meta.get_field(names[-1]).choices else names
    except FieldDoesNotExist:
        return names  # an annotation or a property


def _static(attrs) -> bool:
    """Whether declared attributes hold no callables (which read the cell's value)."""
    return not any(
        callable(value)
        for part in attrs.values()
        if isinstance(part, dict)
        for value in part.values()
    )


class _Column:
    """How one column's cells are written on this page."""

    def __init__(self, bound_column, table, model) -> None:
        self.bound = bound_column
        self.table = table
        parameters = inspect.signature(bound_column.render).parameters.values()
        self.everything = any(p.kind is p.VAR_KEYWORD for p in parameters)
        self.wanted = tuple(p.name for p in parameters)
        self.path = _plain_path(bound_column, model)
        self.model = model if self.path else None
        static = _static(bound_column.column.attrs) and _static(table.attrs)
        self.td = bound_column.attrs["td"].as_html() if static else None
        self.unlocalize = bound_column.localize is False

    def _value(self, row):
        record = row.record
        value = _NOTHING
        if type(record) is self.model:
            value = record
            for name in self.path:
                value = getattr(value, name, _NOTHING)
                if value is None or value is _NOTHING or callable(value):
                    break
        if value is _NOTHING or callable(value):
            return row.get_cell(self.bound.name)  # django-tables2's own way
        if value in self.bound.column.empty_values:
            return self.bound.default
        available = {
            "value": value,
            "record": record,
            "column": self.bound.column,
            "bound_column": self.bound,
            "bound_row": row,
            "table": self.table,
        }
        if self.everything:
            content = self.bound.render(**available)
        else:
            content = self.bound.render(**{k: available[k] for k in self.wanted})
        return self.bound.link(content, **available) if self.bound.link else content

    def cell(self, row) -> tuple[str, object]:
        """The <td> attributes and the value of this column's cell in `row`."""
        value = self._value(row)
        if self.td is not None:
            return self.td, value
        # As BoundRow.items(): callable attributes read the current value and record.
        self.bound.current_value, self.bound.current_record = value, row.record
        return self.bound.attrs["td"].as_html(), value


def table_rows(table) -> Iterator[tuple[str, list[tuple[str, object, bool]]]]:
    """(the <tr> attributes, [(the <td> attributes, value, unlocalize), …]) per row shown."""
    model = getattr(table.data, "model", None)
    columns = [_Column(bound, table, model) for bound in table.columns]
    for row in table.paginated_rows:
        cells = [(*column.cell(row), column.unlocalize) for column in columns]
        yield row.attrs.as_html(), cells


@register.simple_tag(takes_context=True)
def jinja(context, template_name: str):
    """Render a Jinja2 template (`*.jinja`, autoescaped) with this page's variables."""
    return mark_safe(jinja2_template(template_name).render(context.flatten()))
