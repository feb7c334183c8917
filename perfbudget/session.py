"""`/session/extend/`: the page's 延长登录 button keeps an idle session alive without a reload.

Pages know when their session ends (`data-session-seconds` on <body>, read by
static/js/session-guard.js), warn five minutes before and offer to extend it; the button posts
here. A session that has already ended answers 401 (not the login page's redirect), so the
script can tell the user to log in again while the unsaved form stays in the browser.
"""

from __future__ import annotations

import time

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST


@login_not_required
@never_cache
@require_POST
def session_extend(request):
    """Save the session now, so that it ends SESSION_COOKIE_AGE seconds from this request."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("登录已过期，请重新登录。")}, status=401)
    # The activity marker SessionActivityMiddleware keeps: written now, so the session is saved
    # (with a new expiry) whatever the middleware's once-a-minute interval.
    request.session["_seen"] = int(time.time())
    request.session.modified = True
    return JsonResponse({"seconds": request.session.get_expiry_age()})
