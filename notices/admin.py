from django.contrib import admin

from notices.models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """Read-only: notices are written by the review workflow."""

    list_display = ("created", "recipient", "kind", "unit", "year", "about", "read_at")
    list_filter = ("kind", "year")
    list_select_related = ("recipient", "unit")
    readonly_fields = (
        "recipient",
        "kind",
        "unit",
        "year",
        "about",
        "text",
        "link",
        "created",
        "read_at",
    )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
