"""The notice list: open a notice (marks it read), mark one or all read. Views stay thin."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from notices import selectors, services


@require_GET
def notice_list(request):
    """The user's notices, newest first; unread ones marked."""
    notices = list(selectors.notices_of(request.user)[: selectors.LIST_LENGTH])
    return render(
        request,
        "notices/list.html",
        {"notices": notices, "has_unread": any(not n.is_read for n in notices)},
    )


@require_POST
def notice_open(request, pk: int):
    """Mark the notice read and go where it leads (the department page or the editor)."""
    notice = services.mark_read(
        notice=selectors.own_notice_or_404(request.user, pk), user=request.user
    )
    if url_has_allowed_host_and_scheme(notice.link, allowed_hosts={request.get_host()}):
        return redirect(notice.link)
    return redirect("notices:list")


@require_POST
def notice_read(request, pk: int):
    services.mark_read(notice=selectors.own_notice_or_404(request.user, pk), user=request.user)
    return redirect("notices:list")


@require_POST
def notice_read_all(request):
    count = services.mark_all_read(user=request.user)
    messages.success(request, _("已将%(n)s条通知标为已读。") % {"n": count})
    return redirect("notices:list")
