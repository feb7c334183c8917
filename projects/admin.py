"""Admin for units, plans, projects and indicators; targets are read-only here (#15)."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import Indicator
from projects import permissions
from projects.models import Department, DepartmentPlan, Project

READ_ONLY_TARGETS = gettext_lazy(
    "绩效目标（部门整体目标、项目、指标）只能在填报页面、导入或接口中修改，后台只能查看："
    "这样权限、锁定年度、版本冲突检查和修改历史对每一次修改都有效。"
)


class NoWritesMixin:
    """An admin page that lists and opens records and never offers to write them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyTargetsMixin(NoWritesMixin):
    """Targets are shown in the admin, never written there (#15).

    Every write of a plan's narrative, a project or an indicator goes through the services
    (`projects.services`, imports, the API), which ask `projects.permissions.edit_refusal`,
    refuse locked years, check versions and record history. The admin's own forms would
    bypass all of that, so they are view pages; a save that arrives anyway (a history
    revert posts straight to the form) is refused with the reason.
    """

    def save_model(self, request, obj, form, change):
        raise PermissionDenied(READ_ONLY_TARGETS)

    def save_formset(self, request, form, formset, change):
        raise PermissionDenied(READ_ONLY_TARGETS)

    def delete_model(self, request, obj):
        raise PermissionDenied(READ_ONLY_TARGETS)

    def delete_queryset(self, request, queryset):
        raise PermissionDenied(READ_ONLY_TARGETS)


class ViewOnlyAdmin(NoWritesMixin, admin.ModelAdmin):
    """Audit records (review trail, staged imports): listed and opened, never written here."""


def _admin_site_permission(request) -> bool:
    """Only the 管理员 role enters the admin, whatever its staff flag says."""
    user = request.user
    return user.is_active and user.is_staff and permissions.can_administer(user)


admin.site.has_permission = _admin_site_permission


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "region_code", "parent")
    search_fields = ("code", "name")
    list_filter = ("region_code",)
    autocomplete_fields = ("parent",)


@admin.register(DepartmentPlan)
class DepartmentPlanAdmin(ReadOnlyTargetsMixin, SimpleHistoryAdmin):
    list_display = ("department", "fiscal_year", "status", "grade", "version", "updated_at")
    list_filter = ("fiscal_year", "status", "grade")
    search_fields = ("department__code", "department__name", "overall_goal")
    list_select_related = ("department",)
    autocomplete_fields = ("department",)
    # The review status changes only through the workflow (送审/退回/审核), never by hand.
    readonly_fields = ("status", "grade", "status_changed_at", "version", "updated_at")


class IndicatorInline(ReadOnlyTargetsMixin, admin.TabularInline):
    model = Indicator
    extra = 0
    fields = (
        "order",
        "level1",
        "level2",
        "name",
        "description",
        "value_raw",
        "basis",
        "weight",
        "direction",
    )
    ordering = ("order",)


@admin.register(Project)
class ProjectAdmin(ReadOnlyTargetsMixin, SimpleHistoryAdmin):
    list_display = (
        "code",
        "name",
        "department",
        "fiscal_year",
        "budget_total",
        "fiscal_funds",
        "other_funds",
    )
    list_filter = ("fiscal_year", "frame", "spending_plan_kind")
    search_fields = ("code", "name", "department__code", "department__name")
    list_select_related = ("department",)
    autocomplete_fields = ("department",)
    readonly_fields = ("version", "created_at", "updated_at")
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyTargetsMixin, SimpleHistoryAdmin):
    list_display = (
        "name",
        "project",
        "level1",
        "level2",
        "value_raw",
        "comparator",
        "value_number",
        "value_unit",
    )
    list_filter = ("level1__name", "level2__name", "comparator", "project__fiscal_year")
    search_fields = ("name", "value_raw", "project__code", "project__name")
    list_select_related = ("project", "level1__frame", "level2__level1")
    readonly_fields = ("comparator", "value_number", "value_unit", "value_text")
    autocomplete_fields = ("project",)
