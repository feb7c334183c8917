"""Users with their role and scope, edited together in the admin."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import UserProfile


class UserProfileInline(admin.StackedInline):
    model = UserProfile
    can_delete = False
    filter_horizontal = ("departments",)
    verbose_name_plural = gettext_lazy("角色与负责单位")


class UserWithRoleAdmin(UserAdmin):
    inlines = [UserProfileInline]
    list_display = ("username", "first_name", "role", "is_active", "last_login")
    list_select_related = ("profile",)
    list_filter = ("profile__role", "is_active", "is_superuser")

    @admin.display(description=gettext_lazy("角色"), ordering="profile__role")
    def role(self, user):
        profile = getattr(user, "profile", None)
        if user.is_superuser:
            return _("管理员")
        return profile.get_role_display() if profile else _("（未分配）")


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), UserWithRoleAdmin)
