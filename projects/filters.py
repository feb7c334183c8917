"""django-filter FilterSets for the lists."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from projects.models import Department, Project


def _years():
    years = Project.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True)
    return [(y, f"{y}年") for y in dict.fromkeys(years)]


class StyledFilterSet(django_filters.FilterSet):
    """Bootstrap classes on every widget, and invalid fields marked for the template."""

    @property
    def form(self):
        form = super().form
        for name, field in form.fields.items():
            css = "form-select" if hasattr(field, "choices") else "form-control"
            if form.is_bound and name in form.errors:
                css += " is-invalid"
            field.widget.attrs["class"] = f"{css} form-control-sm"
        return form


class DepartmentFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("编码或名称"), method="search")

    class Meta:
        model = Department
        fields = ["q"]

    def search(self, queryset, _name, value):
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


class ProjectFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("编码或名称"), method="search")
    department = django_filters.ModelChoiceFilter(
        label=_("预算单位"),
        queryset=lambda request: permissions.visible_departments(request.user).order_by("code"),
    )
    fiscal_year = django_filters.ChoiceFilter(
        label=_("年度"), choices=_years, empty_label=_("全部年度")
    )

    class Meta:
        model = Project
        fields = ["q", "department", "fiscal_year"]

    def search(self, queryset, _name, value):
        return queryset.filter(Q(code__icontains=value.strip()) | Q(name__icontains=value.strip()))
