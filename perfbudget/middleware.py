"""Idle session timeout without a database write on every request; the text policy of forms."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.http import QueryDict

from core.text import REMOVED_NOTE, clean_text

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


class FormTextMiddleware:
    """Apply the app's text policy (core.text) to every submitted form, at the edge.

    Line-break look-alikes (Word's soft break, CR LF) become LF; control characters that no
    page, Word or Excel file can hold are removed, and the user is told so on the next page.
    Passwords are left exactly as typed. JSON bodies are the API's (it refuses such text).
    """

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
    UNTOUCHED = ("csrfmiddlewaretoken",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in self.FORM_TYPES:
            self._clean(request)
        return self.get_response(request)

    def _clean(self, request) -> None:
        cleaned = QueryDict(mutable=True, encoding=request.encoding)
        changed = removed = 0
        for key, values in request.POST.lists():
            if key in self.UNTOUCHED or "password" in key:
                cleaned.setlist(key, values)
                continue
            texts = []
            for value in values:
                text, count = clean_text(value)
                changed += text != value
                removed += count
                texts.append(text)
            cleaned.setlist(key, texts)
        if changed:
            cleaned._mutable = False
            request.POST = cleaned
        if removed:
            messages.warning(request, REMOVED_NOTE % {"count": removed})
