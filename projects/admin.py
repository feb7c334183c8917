"""Admin for units, plans, projects and indicators; locked department-years stay untouched."""

from __future__ import annotations

import copy

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import construct_instance
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from accounts import permissions
from indicators.models import Indicator
from projects.exceptions import LockedError
from projects.models import Department, DepartmentPlan, Project

YearKey = tuple[int, int]  # (department id, fiscal year)


def locked_year_message(department_id: int | None, fiscal_year: int | None) -> str:
    """Why the department-year is closed to writes (submitted or approved), or "" when open."""
    if department_id is None or fiscal_year is None:
        return ""
    plan = (
        DepartmentPlan.objects.select_related("department")
        .filter(department_id=department_id, fiscal_year=fiscal_year)
        .first()
    )
    if plan is None or plan.is_editable:
        return ""
    return _("后台也不能写入已锁定的年度：%(reason)s") % {"reason": LockedError(plan)}


class LockedYearMixin:
    """Keep every admin write out of a locked (submitted/approved) department-year.

    Change and delete pages of a locked object are read-only (the bulk delete action asks
    the same per-object permission); adding into a locked year, moving an object into one
    (another year, unit or project), inline rows and history reverts are refused with the
    reason. Subclasses say which department-year an object belongs to.
    """

    def _year_of(self, obj) -> YearKey | None:
        raise NotImplementedError

    def _editable(self, obj) -> bool:
        return not self.locked_write_message(obj)

    def locked_write_message(self, obj) -> str:
        """The reason a save of `obj` as it stands would touch a locked year, or ""."""
        years = {self._year_of(obj)}
        if obj.pk is not None:  # where the row is now counts as much as where it is going
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            if stored is not None:
                years.add(self._year_of(stored))
        for year in sorted(y for y in years if y is not None):
            message = locked_year_message(*year)
            if message:
                return message
        return ""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class LockedYearForm(form_class):
            def clean(self):
                cleaned = super().clean()
                # The object as it would be saved, built on a copy so a refused form
                # leaves the instance untouched.
                candidate = construct_instance(
                    self, copy.copy(self.instance), self._meta.fields, self._meta.exclude
                )
                message = model_admin.locked_write_message(candidate)
                if message:
                    raise ValidationError(message, code="locked_year")
                return cleaned

        return LockedYearForm

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._editable(obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._editable(obj))

    def _refuse_locked(self, obj) -> None:
        message = self.locked_write_message(obj)
        if message:
            raise PermissionDenied(message)

    def save_model(self, request, obj, form, change):
        # The form already refuses; this also covers paths without that form's check.
        self._refuse_locked(obj)
        super().save_model(request, obj, form, change)


class ViewOnlyAdmin(admin.ModelAdmin):
    """Audit records (review trail, staged imports): listed and opened, never written here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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

    def _year_of(self, obj) -> YearKey | None:
        return (obj.department_id, obj.fiscal_year)


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

    def _year_of(self, obj) -> YearKey | None:
        return (obj.department_id, obj.fiscal_year)

    def save_formset(self, request, form, formset, change):
        # Inline rows land in the project's year (already checked by its form and save_model).
        self._refuse_locked(form.instance)
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

    def _year_of(self, obj) -> YearKey | None:
        if obj.project_id is None:
            return None
        return (obj.project.department_id, obj.project.fiscal_year)

    def save_model(self, request, obj, form, change):
        # Keep the parsed parts in step with the value as entered.
        obj.set_value(obj.value_raw)
        super().save_model(request, obj, form, change)
