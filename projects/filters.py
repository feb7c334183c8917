"""django-filter FilterSets for the lists."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.params import small_int
from core.years import is_fiscal_year
from indicators.frames import OFFICIAL_FRAMES
from indicators.models import Indicator
from projects import permissions
from projects.models import Department, DepartmentPlan, Project

# 一级 names are national (the official frames), so the choices need no query.
LEVEL1_NAMES = list(dict.fromkeys(name for *_x, tree, _d in OFFICIAL_FRAMES for name in tree))
LEVEL1_CHOICES = [
    (f"{mode}:{name}", format_lazy("{label}{name}", label=label, name=name))
    for name in LEVEL1_NAMES
    for mode, label in (("has", _("含")), ("lacks", _("缺")))
]


def _plans():
    return DepartmentPlan.objects.filter(
        department=OuterRef("department"), fiscal_year=OuterRef("fiscal_year")
    )


def _years():
    years = (
        Project.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct()
    )
    return [(y, gettext("%(year)s年") % {"year": y}) for y in years]


def requested_year(request) -> int | None:
    """The list's 年度 parameter when it is a plausible year (the filter form reports the rest)."""
    value = request.GET.get("fiscal_year", "")
    year = small_int(value, digits=4)
    return year if is_fiscal_year(year) else None


class StyledFilterSet(django_filters.FilterSet):
    """Bootstrap classes on every widget, and invalid fields marked for the template."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "fiscal_year" in self.filters:
            # Read the years once: a callable would be queried again for validation and
            # again for the select box.
            self.filters["fiscal_year"].extra["choices"] = _years()

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
    q = django_filters.CharFilter(label=_("编码或名称"), method="search", max_length=100)
    fiscal_year = django_filters.ChoiceFilter(
        label=_("年度"), choices=_years, empty_label=_("全部年度"), method="in_year"
    )
    status = django_filters.ChoiceFilter(
        label=_("审核状态"),
        choices=DepartmentPlan.Status.choices,
        empty_label=_("全部状态"),
        method="by_status",
    )

    class Meta:
        model = Department
        fields = ["q", "fiscal_year", "status"]

    def search(self, queryset, _name, value):
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))

    def _year(self) -> int | None:
        year = self.form.cleaned_data.get("fiscal_year")
        return int(year) if year else None

    def in_year(self, queryset, _name, value):
        """Units with projects or an overall plan in that year."""
        year = int(value)
        projects = Project.objects.filter(department=OuterRef("pk"), fiscal_year=year)
        plans = DepartmentPlan.objects.filter(department=OuterRef("pk"), fiscal_year=year)
        return queryset.filter(Exists(projects) | Exists(plans))

    def by_status(self, queryset, _name, value):
        """Units with a department-year in this status (in the chosen year, if any); a year
        with projects but no plan yet counts as draft, as in the project list."""
        year = self._year()
        plans = DepartmentPlan.objects.filter(department=OuterRef("pk"))
        projects = Project.objects.filter(department=OuterRef("pk"))
        if year:
            plans, projects = plans.filter(fiscal_year=year), projects.filter(fiscal_year=year)
        matching = Exists(plans.filter(status=value))
        if value == DepartmentPlan.Status.DRAFT:
            unplanned = projects.exclude(
                Exists(
                    DepartmentPlan.objects.filter(
                        department=OuterRef("department"), fiscal_year=OuterRef("fiscal_year")
                    )
                )
            )
            return queryset.filter(matching | Exists(unplanned))
        return queryset.filter(matching)


class ProjectFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("编码或名称"), method="search", max_length=100)
    # Choices read as plain values (see __init__): a county has a hundred units and building a
    # model instance and a ModelChoiceIterator entry for each was a tenth of the list's time.
    department = django_filters.ChoiceFilter(label=_("预算单位"), empty_label=_("全部单位"))
    fiscal_year = django_filters.ChoiceFilter(
        label=_("年度"), choices=_years, empty_label=_("全部年度")
    )

    status = django_filters.ChoiceFilter(
        label=_("审核状态"),
        choices=DepartmentPlan.Status.choices,
        empty_label=_("全部状态"),
        method="by_status",
    )
    level1 = django_filters.ChoiceFilter(
        label=_("一级指标"), choices=LEVEL1_CHOICES, empty_label=_("不限"), method="by_level1"
    )

    class Meta:
        model = Project
        fields = ["q", "department", "fiscal_year", "status", "level1"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = permissions.visible_departments(self.request.user).order_by("code")
        self.filters["department"].extra["choices"] = [
            (pk, Department.label(code, name))
            for pk, code, name in units.values_list("pk", "code", "name")
        ]

    @property
    def qs(self):
        # The department-year's review status, shown in the list's 状态 column. Annotated once:
        # a new queryset per access would count the rows again.
        if not hasattr(self, "_annotated_qs"):
            status = Subquery(_plans().values("status")[:1])
            self._annotated_qs = super().qs.annotate(plan_status=status)
        return self._annotated_qs

    def by_status(self, queryset, _name, value):
        """Projects whose department-year has this status (no plan yet counts as draft)."""
        matching = Exists(_plans().filter(status=value))
        if value == DepartmentPlan.Status.DRAFT:
            return queryset.filter(matching | ~Exists(_plans()))
        return queryset.filter(matching)

    def by_level1(self, queryset, _name, value):
        """Projects with (`has:`) or without (`lacks:`) an indicator under this 一级."""
        mode, _sep, name = value.partition(":")
        present = Exists(Indicator.objects.filter(project=OuterRef("pk"), level1__name=name))
        return queryset.filter(present if mode == "has" else ~present)

    def search(self, queryset, _name, value):
        return queryset.filter(Q(code__icontains=value.strip()) | Q(name__icontains=value.strip()))
