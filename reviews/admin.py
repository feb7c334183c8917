"""Admin: county review settings, with the rules to switch off picked from the registry."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from reviews.checks import RULES
from reviews.models import PlanForm, ReviewSettings


def rule_choices() -> list[tuple[str, str]]:
    return [(r.id, f"{r.id} · {r.level.label} · {r.title}") for r in RULES.values()]


class ReviewSettingsForm(forms.ModelForm):
    disabled_rules = forms.MultipleChoiceField(
        label=_("停用的规则"),
        required=False,
        choices=rule_choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ReviewSettings
        fields = (
            "name",
            "region_code",
            "department",
            "satisfaction_threshold",
            "satisfaction_required",
            "weight_total",
            "code_carryover_years",
            "basis_column",
            "spending_plan_in_form",
            "department_goals_in_form",
            "disabled_rules",
        )


@admin.register(ReviewSettings)
class ReviewSettingsAdmin(admin.ModelAdmin):
    form = ReviewSettingsForm
    list_display = (
        "name",
        "region_code",
        "department",
        "satisfaction_threshold",
        "satisfaction_required",
        "weight_total",
        "basis_column",
        "spending_plan_in_form",
        "department_goals_in_form",
        "updated_at",
    )
    search_fields = ("name", "region_code", "department__code", "department__name")
    autocomplete_fields = ("department",)


@admin.register(PlanForm)
class PlanFormAdmin(admin.ModelAdmin):
    """The form a unit-year was filed on where it differs from its county's (imports record
    it from the file; an admin can correct it)."""

    list_display = (
        "plan",
        "basis_column",
        "weight_total",
        "spending_plan_in_form",
        "department_goals_in_form",
        "source",
        "updated_at",
    )
    list_select_related = ("plan__department",)
    list_filter = ("plan__fiscal_year", "basis_column")
    search_fields = ("plan__department__code", "plan__department__name", "source")
    raw_id_fields = ("plan",)
