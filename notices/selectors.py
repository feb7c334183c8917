"""Reading notices: a user's own, never anyone else's."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from notices.models import Notice

LIST_LENGTH = 200


def notices_of(user) -> QuerySet[Notice]:
    """The user's notices, newest first, with their units (the list page: one query)."""
    return Notice.objects.filter(recipient=user).select_related("unit")


def unread_count(user) -> int:
    """How many of the user's notices are unread (the nav badge)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def own_notice_or_404(user, pk: int) -> Notice:
    """The user's notice `pk`; another user's notice is reported missing, like any other."""
    notice = Notice.objects.filter(pk=pk, recipient=user).first()
    if notice is None:
        raise Http404(_("通知不存在。"))
    return notice
