from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts import permissions
from indicators.models import Indicator
from projects.models import Department, DepartmentPlan, Project


def year_is_editable(department_id: int, fiscal_year: int) -> bool:
    """Submitted or approved years are locked in the admin too (changes go through review)."""
    plan = DepartmentPlan.objects.filter(department_id=department_id, fiscal_year=fiscal_year)
    return all(p.is_editable for p in plan)


class LockedYearMixin:
    """Read-only change pages (and no delete) for objects of a locked department-year."""

    def _editable(self, obj) -> bool:
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._editable(obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._editable(obj))


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
class DepartmentPlanAdmin(LockedYearMixin, SimpleHistoryAdmin):
    list_display = ("department", "fiscal_year", "status", "grade", "version", "updated_at")
    list_filter = ("fiscal_year", "status", "grade")
    search_fields = ("department__code", "department__name", "overall_goal")
    list_select_related = ("department",)
    autocomplete_fields = ("department",)
    # The review status changes only through the workflow (送审/退回/审核), never by hand.
    readonly_fields = ("status", "grade", "status_changed_at", "version", "updated_at")

    def _editable(self, obj) -> bool:
        return obj.is_editable


class IndicatorInline(admin.TabularInline):
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
class ProjectAdmin(LockedYearMixin, SimpleHistoryAdmin):
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

    def _editable(self, obj) -> bool:
        return year_is_editable(obj.department_id, obj.fiscal_year)

    def save_formset(self, request, form, formset, change):
        # Keep the parsed parts of each indicator value in step with the text as entered.
        for indicator in formset.save(commit=False):
            indicator.set_value(indicator.value_raw)
            indicator.save()
        for deleted in formset.deleted_objects:
            deleted.delete()
        formset.save_m2m()


@admin.register(Indicator)
class IndicatorAdmin(LockedYearMixin, SimpleHistoryAdmin):
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

    def _editable(self, obj) -> bool:
        return year_is_editable(obj.project.department_id, obj.project.fiscal_year)

    def save_model(self, request, obj, form, change):
        # Keep the parsed parts in step with the value as entered.
        obj.set_value(obj.value_raw)
        super().save_model(request, obj, form, change)
