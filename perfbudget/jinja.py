"""Wiring of the Jinja2 engine in TEMPLATES: web's environment plus the rooms' helpers that
the *.jinja templates call (web sits below the rooms and may not import them)."""

from __future__ import annotations

from jinja2 import Environment

from web.form_renderer import environment as web_environment


def environment(**options) -> Environment:
    """web's environment with `table_rows` (list bodies) and the `wan` filter (amounts)."""
    # Imported here: fast_tables renders through web.form_renderer's engine.
    from projects.money import format_wan
    from projects.templatetags.fast_tables import table_rows

    env = web_environment(**options)
    env.globals["table_rows"] = table_rows
    env.filters["wan"] = format_wan
    return env
