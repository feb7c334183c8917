"""Template helpers of the data-entry pages."""

from django import template

from accounts import permissions
from accounts.models import Role

register = template.Library()


@register.simple_tag(takes_context=True)
def enters_targets(context) -> bool:
    """Whether the user's role enters targets (clerk or admin); no query beyond the profile.

    Pages that already know the plan ask `permissions.can_edit_targets`; elsewhere this decides
    whether to offer 编辑, and the edit page itself explains a locked year.
    """
    return permissions.role_of(context["request"].user) in (Role.CLERK, Role.ADMIN)


@register.simple_tag(takes_context=True)
def user_role(context) -> str:
    """The user's role code (clerk / reviewer / auditor / admin), "" when none."""
    return permissions.role_of(context["request"].user) or ""
