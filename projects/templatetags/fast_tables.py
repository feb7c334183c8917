"""`{% fast_tbody table %}`: a django-tables2 body without a template per cell.

The stock template renders each cell through template tags (about 0.2 ms a cell), which made a
50-row list spend most of its time in the body. Columns still render their values exactly as
django-tables2 defines them (render_* methods, links, empty values); only the markup around
them is built here, with the same escaping and localisation as the template.
"""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django_tables2 import ManyToManyColumn
from django_tables2.utils import AttributeDict, signature

from perfbudget.markup import escaped, localized, text
from perfbudget.url_filler import CODE, YEAR, url_filler
from projects.money import format_wan

register = template.Library()


def _static_td(column) -> str | None:
    """The <td> attributes of a column when they cannot depend on the row (no callables):
    django-tables2 recomputes them for every cell, a third of the body's time."""
    sources = (column.column.attrs, column._table.attrs)
    if any(
        callable(v)
        for attrs in sources
        for part in attrs.values()
        if isinstance(part, dict)
        for v in part.values()
    ):
        return None
    return column.attrs["td"].as_html()


def _cell(column, value, td: str | None) -> str:
    if column.localize is None or column.localize:
        value = localized(value)
    if td is None:
        td = column.attrs["td"].as_html()
    return f"<td {td}>{escaped(value)}</td>"


_NOTHING = object()


class _Render:
    """A column's cell renderer for one table: what BoundRow._call_render does, with the
    render function's signature read once per column instead of once per cell (django-tables2
    runs inspect.signature for every cell: a fifth of a 50-row list's time)."""

    def __init__(self, column, model) -> None:
        self.column = column
        self.render = column.render
        self.args, catch_all = signature(self.render)
        self.everything = catch_all is not None
        self.path = self._plain_attribute(column, model)
        self.model = model if self.path else None

    @staticmethod
    def _plain_attribute(column, model) -> tuple[str, ...] | None:
        """The attribute path when a cell's value is simply `record.a.b`: names that follow
        forward relations, ending in a field without choices (django-tables2 shows
        get_FOO_display() for those) or in an annotation; never a many-to-many column."""
        accessor = column.accessor
        if model is None or not accessor or isinstance(column.column, ManyToManyColumn):
            return None
        if "." in accessor:
            return None
        bits = tuple(accessor.split(accessor.SEPARATOR))
        for bit in bits[:-1]:
            try:
                field = model._meta.get_field(bit)
            except FieldDoesNotExist:
                return None
            if not (field.many_to_one or field.one_to_one) or field.auto_created:
                return None
            model = field.related_model
        try:
            return None if model._meta.get_field(bits[-1]).choices else bits
        except FieldDoesNotExist:
            return bits  # an annotation or a property

    def value(self, row) -> str:
        def call(column, value=None):
            available = row._optional_cell_arguments(column, value)
            if self.everything:
                content = self.render(**available)
            elif all(arg in available for arg in self.args):
                content = self.render(**{arg: available[arg] for arg in self.args})
            else:
                content = None
            return column.link(content, **available) if column.link else content

        column = self.column
        record = row.record
        value = _NOTHING
        if type(record) is self.model:
            # What Accessor.resolve finds for a model instance, without first trying
            # record[name] and catching the TypeError (the costly part of every cell).
            value = record
            for name in self.path:
                value = getattr(value, name, _NOTHING)
                if value is None or value is _NOTHING or callable(value):
                    break
        if value is _NOTHING or callable(value):
            value = row._get_and_render_with(column, render_func=call, default=column.default)
        elif value in column.column.empty_values:
            value = column.default
        else:
            value = call(column, value)
        # As BoundRow.items(): callable td attributes read the current value and record.
        column.current_value, column.current_record = value, row.record
        return value


@register.simple_tag
def fast_tbody(table):
    model = getattr(table.data, "model", None)
    columns = [(_Render(column, model), _static_td(column)) for column in table.columns]
    rows = [
        f"<tr {row.attrs.as_html()}>"
        f"{''.join(_cell(r.column, r.value(row), td) for r, td in columns)}</tr>"
        for row in table.paginated_rows
    ]
    if not rows and table.empty_text:
        rows.append(
            format_html('<tr><td colspan="{}">{}</td></tr>', len(table.columns), table.empty_text)
        )
    tbody = AttributeDict(table.attrs.get("tbody") or {}).as_html()
    return mark_safe(f"<tbody {tbody}>{''.join(rows)}</tbody>")  # cells escaped in _cell


# --- the home page's list of documents ---


@register.simple_tag
def document_rows(documents, role):
    """The rows of the home page's document list (department, year, count, budget, links)."""
    report = url_filler("projects:department_report", CODE, YEAR)
    edit = url_filler("projects:plan_edit", CODE, YEAR) if role in ("clerk", "admin") else None
    view_label, edit_label = escaped(gettext("查看绩效目标表")), escaped(gettext("编辑"))
    rows = []
    for doc in documents:
        code, year = doc["department__code"], doc["fiscal_year"]
        edit_link = (
            f'<a class="btn btn-sm btn-outline-primary" href="{escaped(edit(code, year))}">'
            f"{edit_label}</a>"
            if edit
            else ""
        )
        rows.append(
            "\n  <tr>\n"
            f"    <td>{text(year)}</td>"
            f'<td class="font-monospace">{escaped(code)}</td>'
            f"<td>{escaped(doc['department__name'])}</td>\n"
            f'    <td class="text-end">{text(doc["project_count"])}</td>'
            f'<td class="text-end font-monospace">{escaped(format_wan(doc["budget"]))}</td>\n'
            f'    <td><a class="btn btn-sm btn-primary" href="{escaped(report(code, year))}">'
            f"{view_label}</a>\n      {edit_link}</td>\n  </tr>\n  "
        )
    return mark_safe("".join(rows))  # every value escaped above
