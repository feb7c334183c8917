"""Reads for exports: which departments a batch covers."""

from __future__ import annotations

from django.db.models import Q

from projects.models import Department, DepartmentPlan, Project


def export_years() -> list[int]:
    """Fiscal years that have projects or department plans, newest first."""
    years = set(Project.objects.values_list("fiscal_year", flat=True).distinct())
    years |= set(DepartmentPlan.objects.values_list("fiscal_year", flat=True).distinct())
    return sorted(years, reverse=True)


def departments_of_year(*, fiscal_year: int, codes: list[str] | None = None) -> list[Department]:
    """Departments with projects or a plan in the year (optionally only these codes), by code."""
    has_targets = Q(projects__fiscal_year=fiscal_year) | Q(plans__fiscal_year=fiscal_year)
    departments = Department.objects.filter(has_targets).distinct().order_by("code")
    if codes:
        departments = departments.filter(code__in=codes)
    return list(departments)
