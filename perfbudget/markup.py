"""What `{{ value }}` writes, for the HTML the busiest pages build in Python.

The list bodies, the home list, the editor's inputs and the form widgets are written without
templates (see docs/decisions/010); these give the template's text for a value — localised,
then escaped unless safe — with shortcuts for the common cases: plain text skips the lazy
wrappers of conditional_escape, and an int skips the number formatting when thousands are not
grouped (the default). Tests compare each page part with the template it replaced.
"""

from __future__ import annotations

import html
from typing import Any

from django.conf import settings
from django.utils.formats import localize
from django.utils.html import conditional_escape


def localized(value: Any) -> Any:
    """localize(value)."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return localize(value)


def escaped(value: Any) -> str:
    """conditional_escape(value)."""
    if type(value) is str:
        return html.escape(value)
    return conditional_escape(value)


def text(value: Any) -> str:
    """`{{ value }}`: localised, then escaped unless already safe."""
    return escaped(localized(value))
