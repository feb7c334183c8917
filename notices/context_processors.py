"""The nav's unread badge: one query, only on a page that shows it, at most once a request."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from notices import selectors


def unread_notices(request) -> dict:
    def count() -> int:
        cached = getattr(request, "_unread_notices", None)
        if cached is None:
            cached = request._unread_notices = selectors.unread_count(
                getattr(request, "user", None)
            )
        return cached

    return {"unread_notices": SimpleLazyObject(count)}
