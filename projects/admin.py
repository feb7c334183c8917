from django.contrib import admin

from indicators.models import Indicator
from projects.models import Department, DepartmentPlan, Project


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "region_code", "parent")
    search_fields = ("code", "name")
    list_filter = ("region_code",)
    autocomplete_fields = ("parent",)


@admin.register(DepartmentPlan)
class DepartmentPlanAdmin(admin.ModelAdmin):
    list_display = ("department", "fiscal_year", "version", "updated_at")
    list_filter = ("fiscal_year",)
    search_fields = ("department__code", "department__name", "overall_goal")
    list_select_related = ("department",)
    autocomplete_fields = ("department",)
    readonly_fields = ("version", "updated_at")


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
class ProjectAdmin(admin.ModelAdmin):
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

    def save_formset(self, request, form, formset, change):
        # Keep the parsed parts of each indicator value in step with the text as entered.
        for indicator in formset.save(commit=False):
            indicator.set_value(indicator.value_raw)
            indicator.save()
        for deleted in formset.deleted_objects:
            deleted.delete()
        formset.save_m2m()
