"""The stages' review trail in the admin: every 送审/退回/审核通过 and each return's opinions,
read-only (an audit record; only `evaluation.services` writes it)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from evaluation.models import StageAction, StageOpinion
from projects.admin import ViewOnlyAdmin

_OPINION_FIELDS = ("project_name", "row_number", "row_name", "field_label", "code", "text")


class StageOpinionInline(admin.TabularInline):
    model = StageOpinion
    extra = 0
    fields = _OPINION_FIELDS
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StageAction)
class StageActionAdmin(ViewOnlyAdmin):
    list_display = ("at", "stage", "kind", "from_status", "to_status", "actor", "comment")
    list_filter = ("kind", "to_status")
    search_fields = (
        "monitoring__department__code",
        "monitoring__department__name",
        "evaluation__department__code",
        "evaluation__department__name",
        "actor__username",
        "comment",
    )
    list_select_related = ("monitoring__department", "evaluation__department", "actor")
    date_hierarchy = "at"
    inlines = [StageOpinionInline]

    @admin.display(description=_("运行监控或绩效自评"))
    def stage(self, action: StageAction) -> str:
        return str(action.monitoring or action.evaluation)


@admin.register(StageOpinion)
class StageOpinionAdmin(ViewOnlyAdmin):
    list_display = ("action", *_OPINION_FIELDS)
    list_filter = ("code",)
    search_fields = ("project_name", "row_name", "text")
    list_select_related = (
        "action__monitoring__department",
        "action__evaluation__department",
    )
