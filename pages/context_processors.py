"""The main navigation per role: each user sees the pages they may use (#17).

Asked of the same functions the pages ask, without a query (the role comes with the user).
"""

from __future__ import annotations

from accounts.models import Role
from imports.selectors import may_import
from projects import permissions

# The review pages: the queue is the reviewers' work list (admins oversee it); the county
# overview is read by those who judge or audit units, not by a unit's clerk.
_QUEUE_ROLES = {Role.REVIEWER, Role.ADMIN}
_OVERVIEW_ROLES = {Role.REVIEWER, Role.ADMIN, Role.AUDITOR}


def navigation(request) -> dict:
    user = getattr(request, "user", None)  # absent on a page drawn before the middleware ran
    role = permissions.role_of(user)
    return {
        "nav": {
            "lists": role is not None,
            "queue": role in _QUEUE_ROLES,
            "overview": role in _OVERVIEW_ROLES,
            "imports": user is not None and may_import(user),
            "admin": getattr(user, "is_staff", False),
        }
    }
