"""The home page's document list, written in Python (#15).

A hundred rows through the Jinja2 template `projects/_document_rows.jinja` (decision 018) cost
~2.5 ms on the bench, most of it Jinja2 escaping each of ~1,100 values and Django translating
a lazy status label per row. Here the words are translated once a page and each row's values
escaped as Django escapes them; the template stays as the reference the tests compare with
(`tests/pages/test_home_rows.py`). Reads nothing from the database.
"""

from __future__ import annotations

from html import escape as _escape

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from projects.money import format_wan
from web.url_filler import CODE, YEAR, url_filler

register = template.Library()


def escape(value) -> str:
    """Text as Django's `escape` writes it (& < > " ' as &amp; &lt; &gt; &quot; &#x27;), without
    its lazy-argument wrapper: a hundred rows have ~900 values."""
    return _escape(str(value))


@register.simple_tag
def document_rows(documents, role) -> SafeString:
    """The rows of the home page's document list (department, year, status, count, budget,
    links): the bytes `projects/_document_rows.jinja` writes."""
    report = url_filler("projects:department_report", CODE, YEAR)
    edit = url_filler("projects:plan_edit", CODE, YEAR) if role in ("clerk", "admin") else None
    view_label = escape(gettext("查看绩效目标表"))
    edit_label = escape(gettext("编辑"))
    labels: dict[str, str] = {}
    parts = []
    for doc in documents:
        code, year = doc["department__code"], doc["fiscal_year"]
        code_text, year_text = escape(code), str(year)
        key = doc["status_key"]
        label = labels.get(key)
        if label is None:  # the view gives each status its one label
            label = labels[key] = escape(doc["status_label"])
        key_text = escape(key)
        edit_link = (
            f'<a class="btn btn-sm btn-outline-primary" href="{escape(edit(code, year))}">'
            f"{edit_label}</a>"
            if edit and doc["may_edit"]
            else ""
        )
        parts.append(
            f'\n  <tr data-status="{key_text}">\n'
            f"    <td>{year_text}</td>"
            f'<td class="font-monospace d-none d-md-table-cell">{code_text}</td>'
            f"<td>{escape(doc['department__name'])}</td>\n"
            f'    <td><span class="badge status-{key_text}">{label}</span></td>\n'
            f'    <td class="text-end d-none d-md-table-cell">{doc["project_count"]:d}</td>'
            f'<td class="text-end font-monospace">{escape(format_wan(doc["budget"]))}</td>\n'
            f'    <td class="text-nowrap"><a class="btn btn-sm btn-primary" '
            f'href="{escape(report(code, year))}">{view_label}</a>\n'
            f"      {edit_link}</td>\n"
            f"  </tr>\n  "
        )
    return SafeString("".join(parts))
