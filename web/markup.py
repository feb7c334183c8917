"""What `{{ value }}` writes, for HTML still built in Python (the review findings under inputs).

The editor's inputs, the list bodies and the home list are Jinja2 templates now (decision
018); what is left here gives the template's text for a value — localised, then escaped
unless safe — with shortcuts for the common cases: plain text skips the lazy wrappers of
conditional_escape, and an int skips the number formatting when thousands are not grouped
(the default).
"""

from __future__ import annotations

import html
import re
from typing import Any

from django.conf import settings
from django.utils.formats import localize
from django.utils.html import conditional_escape


def localized(value: Any) -> Any:
    """localize(value)."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return localize(value)


# A character html.escape changes: most values written (classes, ids, names) have none.
_SPECIAL = re.compile("[&<>\"']").search


def escaped(value: Any) -> str:
    """conditional_escape(value)."""
    if type(value) is str:
        return html.escape(value) if _SPECIAL(value) else value
    return conditional_escape(value)


def text(value: Any) -> str:
    """`{{ value }}`: localised, then escaped unless already safe."""
    return escaped(localized(value))
