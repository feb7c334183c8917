"""The Jinja2 environment of the busiest page parts (decision 018).

The project editor writes ~170 inputs, a list page a few hundred cells and the home page a
hundred rows. Written through Django's template language — a template and an include per
widget, per attribute set and per <option> — they were most of those pages' time, and
rendering each widget through a form renderer's own template costs 20–30 µs even with
Jinja2. So these parts are Jinja2 templates (`*.jinja` under templates/), rendered from the
Django pages by the `editing` and `fast_tables` tags; the editor's inputs are written in
Python from the context Django builds for each widget (`web.inputs.input_html`).
"""

from __future__ import annotations

from typing import Any

from django.template import engines
from django.template.defaultfilters import linebreaksbr
from django.templatetags.l10n import localize, unlocalize
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from jinja2 import Environment, Template

from web.inputs import field_block_html, input_html


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
    """A Jinja2 environment writing what Django's templates write: Django's gettext (`_`),
    url(), static(), input_html(); the rooms' own helpers are added by
    `perfbudget.jinja.environment`, the one TEMPLATES names (web imports no room)."""
    env = Environment(extensions=["jinja2.ext.i18n"], finalize=_django_quotes, **options)
    env.install_gettext_translations(translation, newstyle=True)
    env.globals.update(
        url=reverse, static=static, input_html=input_html, field_block_html=field_block_html
    )
    env.filters.update(
        linebreaksbr=lambda value: linebreaksbr(value, autoescape=True),
        localize=localize,
        unlocalize=unlocalize,
    )
    return env


def jinja2_template(name: str) -> Template:
    """A Jinja2 template of the project (its engine caches it)."""
    return engines["jinja2"].env.get_template(name)
