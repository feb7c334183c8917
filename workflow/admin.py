"""The review trail in the admin: every action and opinion, read-only (it is an audit record)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from projects.admin import ViewOnlyAdmin
from workflow.models import ReviewAction, ReviewOpinion


class ReviewOpinionInline(admin.TabularInline):
    model = ReviewOpinion
    extra = 0
    fields = ("project", "indicator_order", "indicator_name", "code", "text")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReviewAction)
class ReviewActionAdmin(ViewOnlyAdmin):
    list_display = (
        "at",
        "unit",
        "fiscal_year",
        "kind",
        "from_status",
        "to_status",
        "actor",
        "grade",
        "comment",
    )
    list_filter = ("kind", "to_status", "grade", "plan__fiscal_year")
    search_fields = (
        "plan__department__code",
        "plan__department__name",
        "actor__username",
        "actor__first_name",
        "comment",
    )
    list_select_related = ("plan__department", "actor")
    date_hierarchy = "at"
    inlines = [ReviewOpinionInline]

    @admin.display(description=_("预算单位"), ordering="plan__department__code")
    def unit(self, action: ReviewAction) -> str:
        return str(action.plan.department)

    @admin.display(description=_("预算年度"), ordering="plan__fiscal_year")
    def fiscal_year(self, action: ReviewAction) -> int:
        return action.plan.fiscal_year


@admin.register(ReviewOpinion)
class ReviewOpinionAdmin(ViewOnlyAdmin):
    list_display = (
        "action",
        "project",
        "indicator_order",
        "indicator_name",
        "code",
        "text",
    )
    list_filter = ("code", "action__kind", "action__plan__fiscal_year")
    search_fields = (
        "action__plan__department__code",
        "action__plan__department__name",
        "project__code",
        "project__name",
        "indicator_name",
        "text",
    )
    list_select_related = ("action__plan__department", "action__actor", "project")
