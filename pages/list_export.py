"""“导出本列表”: the project list, with its current search, filters and sort, as .xlsx."""

from __future__ import annotations

from io import BytesIO

from django.http import FileResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from projects import selectors
from projects.filters import DepartmentFilter, ProjectFilter, requested_year
from projects.tables import STATUS_LABELS, DepartmentTable, ProjectTable
from reports.xlsx import simple_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = (
    _("年度"),
    _("单位编码"),
    _("预算单位"),
    _("项目编码"),
    _("项目名称"),
    _("预算数（万元）"),
    _("财政资金（万元）"),
    _("其他资金（万元）"),
    _("指标数"),
    _("审核状态"),
)
MONEY_COLUMNS = {6: "0.00", 7: "0.00", 8: "0.00"}


def _row(project) -> tuple:
    return (
        project.fiscal_year,
        project.department.code,
        project.department.name,
        project.code,
        project.name,
        project.budget_total,
        project.fiscal_funds,
        project.other_funds,
        project.indicator_count,
        str(STATUS_LABELS.get(project.plan_status or "draft", "")),
    )


@require_GET
def project_list_export(request):
    """Every project the list shows for these parameters (all pages), sorted the same way."""
    filterset = ProjectFilter(
        request.GET, queryset=selectors.projects_for_list(request.user), request=request
    )
    if not filterset.is_valid():
        return redirect(f"{reverse('projects:project_list')}?{request.GET.urlencode()}")
    table = ProjectTable(filterset.qs)
    RequestConfig(request, paginate=False).configure(table)
    content = simple_workbook(
        sheet_title=gettext("项目列表"),
        title=gettext("项目列表（导出于 %(time)s，共%(n)d个）")
        % {"time": f"{timezone.localtime():%Y-%m-%d %H:%M}", "n": len(table.rows)},
        headers=[str(h) for h in HEADERS],
        rows=(_row(project) for project in table.data),
        widths=(8, 10, 28, 26, 32, 14, 14, 14, 8, 10),
        number_format=MONEY_COLUMNS,
    )
    return FileResponse(
        BytesIO(content),
        as_attachment=True,
        filename=gettext("项目列表") + ".xlsx",
        content_type=XLSX,
    )


DEPARTMENT_HEADERS = (
    _("单位编码"),
    _("单位名称"),
    _("行政区划"),
    _("主管部门"),
    _("项目数"),
    _("预算数（万元）"),
    _("有绩效目标表的年度"),
)


@require_GET
def department_list_export(request):
    """Every unit the department list shows for these parameters (all pages), same order."""
    year = requested_year(request)
    departments = selectors.departments_with_stats(request.user, fiscal_year=year)
    filterset = DepartmentFilter(request.GET, queryset=departments, request=request)
    if not filterset.is_valid():
        return redirect(f"{reverse('projects:department_list')}?{request.GET.urlencode()}")
    table = DepartmentTable(filterset.qs)
    RequestConfig(request, paginate=False).configure(table)
    years = selectors.years_by_department(request.user)
    rows = (
        (
            department.code,
            department.name,
            department.region_code,
            str(department.parent) if department.parent else "",
            department.project_count,
            department.budget,
            "、".join(str(y) for y in years.get(department.pk, [])),
        )
        for department in table.data
    )
    title = (
        gettext("预算单位列表")
        if year is None
        else gettext("%(year)d年预算单位列表") % {"year": year}
    )
    content = simple_workbook(
        sheet_title=gettext("预算单位"),
        title=gettext("%(title)s（导出于 %(time)s，共%(n)d个）")
        % {"title": title, "time": f"{timezone.localtime():%Y-%m-%d %H:%M}", "n": len(table.rows)},
        headers=[str(h) for h in DEPARTMENT_HEADERS],
        rows=rows,
        widths=(10, 32, 10, 28, 8, 14, 24),
        number_format={6: "0.00"},
    )
    return FileResponse(
        BytesIO(content), as_attachment=True, filename=title + ".xlsx", content_type=XLSX
    )
