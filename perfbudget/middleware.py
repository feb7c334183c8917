"""Idle session timeout without a database write on every request."""

from __future__ import annotations

import time

from django.conf import settings

# How often an active session's expiry is pushed forward (and so written).
TOUCH_INTERVAL_SECONDS = 60


class SessionActivityMiddleware:
    """Renew a logged-in session at most once a minute.

    Sessions expire `SESSION_COOKIE_AGE` seconds after their last save. Saving on every request
    (`SESSION_SAVE_EVERY_REQUEST`) would cost three queries per page; touching a timestamp once
    a minute keeps the idle timeout within a minute of its setting for a fraction of the writes.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.interval = getattr(settings, "SESSION_TOUCH_INTERVAL", TOUCH_INTERVAL_SECONDS)

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            if now - session.get("_seen", 0) >= self.interval:
                session["_seen"] = now  # marks the session modified: saved with a new expiry
        return response
