"""The Jinja2 environment of the busiest page parts (decision 018).

The project editor writes ~170 inputs, a list page a few hundred cells and the home page a
hundred rows. Written through Django's template language — a template and an include per
widget, per attribute set and per <option> — they were most of those pages' time, and
rendering each widget through a form renderer's own template costs 20–30 µs even with
Jinja2. So these parts are Jinja2 templates (`*.jinja` under templates/), rendered from the
Django pages by the `editing` and `fast_tables` tags, and the editor's inputs are written
inline from the context Django builds for each widget (`widget_context`).
"""

from __future__ import annotations

from typing import Any

from django.forms import BoundField
from django.template import engines
from django.template.defaultfilters import linebreaksbr
from django.templatetags.l10n import localize, unlocalize
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from jinja2 import Environment, Template

from projects.money import format_wan


def widget_context(bound: BoundField, hidden: bool = False) -> dict[str, Any]:
    """What Django's template for this field's widget (its hidden widget with `hidden`) gets
    as `widget` — name, value, attrs, a select's optgroups — with the attributes `str(bound)`
    or `bound.as_hidden()` adds: required, disabled, aria-invalid, aria-describedby and the
    id, in that order."""
    widget = bound.field.hidden_widget() if hidden else bound.field.widget
    attrs = bound.build_widget_attrs({}, widget)
    if bound.auto_id and "id" not in widget.attrs:
        attrs["id"] = bound.auto_id
    return widget.get_context(bound.html_name, bound.value(), attrs)["widget"]


def _django_quotes(value: Any) -> Any:
    """Text with quotes escaped as Django escapes it (&quot; and &#x27;, where markupsafe
    writes &#34; and &#39;), so a page part moved between the engines writes the same bytes;
    everything else is left to Jinja2's own escaping."""
    if isinstance(value, Promise):
        value = str(value)
    if type(value) is str and ('"' in value or "'" in value):
        return conditional_escape(value)
    return value


def environment(**options) -> Environment:
    """The Jinja2 environment of TEMPLATES: Django's gettext (`_`), url(), static()."""
    from projects.templatetags.fast_tables import table_rows  # it renders through this module

    env = Environment(extensions=["jinja2.ext.i18n"], finalize=_django_quotes, **options)
    env.install_gettext_translations(translation, newstyle=True)
    env.globals.update(
        url=reverse, static=static, widget_context=widget_context, table_rows=table_rows
    )
    env.filters.update(
        linebreaksbr=lambda value: linebreaksbr(value, autoescape=True),
        wan=format_wan,
        localize=localize,
        unlocalize=unlocalize,
    )
    return env


def jinja2_template(name: str) -> Template:
    """A Jinja2 template of the project (its engine caches it)."""
    return engines["jinja2"].env.get_template(name)
