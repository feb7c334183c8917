"""The stage queue's rows written in Python (#18).

Thirty rows through Django's template loop cost about a third of the page (some 300 variable
lookups, each escaped and localised). Here the words are translated once a page and the values
escaped as Django escapes them; `evaluation/_queue_rows.html` stays as the reference the tests
compare with (`tests/evaluation/test_import_queue.py`). Reads nothing from the database.
"""

from __future__ import annotations

from html import escape as _escape

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


def _e(value) -> str:
    """Text as Django's `escape` writes it (& < > " ' as &amp; &lt; &gt; &quot; &#x27;)."""
    return _escape(str(value))


@register.simple_tag
def stage_queue_rows(rows) -> SafeString:
    view = _e(gettext("查看"))
    parts = []
    for row in rows:
        days = row.waiting_days
        parts.append(
            f'\n  <tr data-kind="{_e(row.kind)}" data-status="{_e(row.status)}">\n'
            f"    <td>{row.fiscal_year}</td>"
            f'<td class="font-monospace">{_e(row.department.code)}</td>'
            f"<td>{_e(row.department.name)}</td>\n"
            f"    <td>{_e(row.stage_label)}</td>\n"
            f'    <td><span class="badge status-{_e(row.status)}">'
            f"{_e(row.status_label)}</span></td>\n"
            f'    <td class="text-end">{"—" if days is None else days}</td>\n'
            f'    <td><a class="btn btn-sm btn-outline-primary" href="{_e(row.url)}">'
            f"{view}</a></td>\n"
            f"  </tr>\n  "
        )
    return SafeString("".join(parts))
