"""django-tables2 list tables (not to be confused with TargetTable in targets.py)."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from projects.models import Department, DepartmentPlan, Project
from projects.money import format_wan
from web.url_filler import ID, url_filler

STATUS_LABELS = dict(DepartmentPlan.Status.choices)


class MoneyColumn(tables.Column):
    attrs = {"td": {"class": "text-end font-monospace"}, "th": {"class": "text-end"}}

    def render(self, value):
        return format_wan(value)


class DepartmentTable(tables.Table):
    code = tables.Column(verbose_name=_("单位编码"), linkify=False)
    name = tables.Column(verbose_name=_("单位名称"))
    region_code = tables.Column(verbose_name=_("行政区划"))
    parent = tables.Column(verbose_name=_("主管部门"))
    project_count = tables.Column(verbose_name=_("项目数"), attrs={"td": {"class": "text-end"}})
    budget = MoneyColumn(verbose_name=_("预算数（万元）"))
    years = tables.Column(verbose_name=_("绩效目标表"), empty_values=(), orderable=False)

    class Meta:
        model = Department
        fields = ("code", "name", "region_code", "parent", "project_count", "budget")
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("code",)

    def __init__(self, *args, years_by_department: dict[int, list[int]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.years_by_department = years_by_department or {}

    def render_years(self, record):
        years = self.years_by_department.get(record.pk, [])
        if not years:
            return "—"
        return format_html_join(
            "",
            '<a class="me-2" href="{}">{}</a>',
            (
                (
                    reverse("projects:department_report", args=[record.code, y]),
                    gettext("%(year)s年") % {"year": y},
                )
                for y in years
            ),
        )


class ProjectTable(tables.Table):
    fiscal_year = tables.Column(verbose_name=_("年度"))
    department = tables.Column(
        verbose_name=_("预算单位"),
        accessor="department__name",
        # Within a unit, the document's own order (django-tables2 drops the queryset's order).
        order_by=("department__code", "display_order", "id"),
    )
    code = tables.Column(
        verbose_name=_("项目编码"), attrs={"td": {"class": "font-monospace"}}, empty_values=()
    )
    name = tables.Column(verbose_name=_("项目名称"))
    budget_total = MoneyColumn(verbose_name=_("预算数"))
    fiscal_funds = MoneyColumn(verbose_name=_("财政资金"))
    other_funds = MoneyColumn(verbose_name=_("其他资金"))
    indicator_count = tables.Column(verbose_name=_("指标数"), attrs={"td": {"class": "text-end"}})
    plan_status = tables.Column(verbose_name=_("审核状态"), empty_values=(), default="")

    class Meta:
        model = Project
        fields = (
            "fiscal_year",
            "department",
            "code",
            "name",
            "budget_total",
            "fiscal_funds",
            "other_funds",
            "indicator_count",
            "plan_status",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("-fiscal_year", "department")

    def render_plan_status(self, value):
        return STATUS_LABELS.get(value or DepartmentPlan.Status.DRAFT, value)

    def render_name(self, value, record):
        # What linkify=("projects:project_report", [pk]) writes, with the URL resolved once
        # per table instead of once per row (reverse() was a tenth of the list's time).
        return format_html('<a href="{}">{}</a>', self._report_url(record.pk), value)

    @cached_property
    def _report_url(self):
        return url_filler("projects:project_report", ID)

    def render_code(self, value):
        return value or format_html('<span class="text-danger">{}</span>', _("（无编码）"))
