"""The one root of the errors services raise on purpose (#15).

Every room may raise these; channels (pages, the API, the CLI, the worker) turn them into a
message near the field, a JSON error or a command error. Services never raise Django's
`PermissionDenied`: that is an answer of the web layer, and a CLI or worker has no such layer.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base for every error a service raises on purpose; its text is the Chinese message."""


class NotAllowed(DomainError):
    """The acting user may not do this now; the message says why (and how to go on).

    Raised from the answer of `projects.permissions`, the only place that decides it."""
