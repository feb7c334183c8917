"""Pages: lists, the department document and the single project table. Views stay thin."""

from __future__ import annotations

from io import BytesIO

from django.core.paginator import InvalidPage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from projects import history, permissions, selectors
from projects.filters import DepartmentFilter, ProjectFilter, requested_year
from projects.models import DepartmentPlan, Project
from projects.tables import DepartmentTable, ProjectTable
from reports.layout import target_grid
from reports.selectors import department_document
from reports.xlsx import simple_workbook
from workflow.selectors import plan_panel

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


HOME_DOCUMENTS = 100


def home(request):
    """Start page: the newest department documents by year (the lists hold the rest), each
    with its review status and 编辑 only where the user may change it."""
    documents = list(selectors.department_years(request.user)[: HOME_DOCUMENTS + 1])
    labels = dict(DepartmentPlan.Status.choices)
    for document in documents:
        status = document["status"]
        document["status_key"] = status or DepartmentPlan.Status.DRAFT
        document["status_label"] = labels[document["status_key"]]
        document["may_edit"] = permissions.editable_in_list(request.user, status)
    return render(
        request,
        "projects/home.html",
        {"documents": documents[:HOME_DOCUMENTS], "more": len(documents) > HOME_DOCUMENTS},
    )


class TableListMixin(SingleTableMixin):
    """django-tables2 paginates the table (50 a page); the ListView itself must not paginate
    too (no `paginate_by`), or every page counts its rows twice."""

    table_pagination = {"per_page": 50, "silent": False}

    def get_table(self, **kwargs):
        try:
            return super().get_table(**kwargs)
        except InvalidPage as invalid:  # ?page=99 or ?page=x: not found, as Django's lists do
            raise Http404(_("没有这一页。")) from invalid


class DepartmentListView(TableListMixin, FilterView):
    table_class = DepartmentTable
    filterset_class = DepartmentFilter
    template_name = "projects/department_list.html"

    def get_queryset(self):
        return selectors.departments_with_stats(
            self.request.user, fiscal_year=requested_year(self.request)
        )

    def get_table_kwargs(self):
        return {"years_by_department": selectors.years_by_department(self.request.user)}


class ProjectListView(TableListMixin, FilterView):
    table_class = ProjectTable
    filterset_class = ProjectFilter
    template_name = "projects/project_list.html"

    def get_queryset(self):
        return selectors.projects_for_list(self.request.user)


def department_report(request, code: str, year: int):
    """The department's whole document for a year, as in the official disclosure."""
    department, plan = permissions.department_and_plan_or_404(request.user, code, year)
    panel = plan_panel(user=request.user, department=department, fiscal_year=year, plan=plan)
    # Tables with the latest return's opinions are drawn fresh; otherwise the cached document.
    document = department_document(
        department=department, fiscal_year=year, with_grids=bool(panel.opinions_by_project())
    )
    if document.is_empty:
        raise Http404(_("该单位在该年度没有绩效目标。"))
    return render(
        request,
        "reports/department_report.html",
        {"department": department, "document": document, "review_panel_data": panel},
    )


def project_report(request, pk: int):
    """One project's 绩效目标表."""
    try:
        table = selectors.project_target_table(project_id=pk, user=request.user)
    except Project.DoesNotExist as missing:
        raise Http404(_("项目不存在。")) from missing
    return render(
        request,
        "reports/project_report.html",
        {"table": table, "grid": target_grid(table, table.position or 1)},
    )


def project_history(request, pk: int):
    """Field-level changes of a project and its indicators, newest first."""
    project = permissions.project_or_404(request.user, pk)
    changes = history.project_changes(project)
    return render(
        request,
        "projects/history.html",
        {"project": project, "changes": changes, "subject": str(project)},
    )


def _history_download(changes: list[history.Change], *, title: str, file_stem: str):
    """A history as an Excel workbook (for auditors); the same sheet for projects and plans."""
    content = simple_workbook(
        sheet_title=_("修改记录"),
        title=title,
        headers=history.history_headers(),
        rows=history.history_rows(changes),
        widths=(20, 14, 8, 28, 16, 40, 40),
    )
    name = f"{file_stem}-{_('修改记录')}.xlsx"
    return FileResponse(
        BytesIO(content), as_attachment=True, filename=name, content_type=XLSX_CONTENT_TYPE
    )


def project_history_xlsx(request, pk: int):
    """The project's history as an Excel workbook."""
    project = permissions.project_or_404(request.user, pk)
    return _history_download(
        history.project_changes(project),
        title=_("%(unit)s %(year)s年 %(name)s 修改记录")
        % {"unit": project.department.heading, "year": project.fiscal_year, "name": project.name},
        file_stem=f"{project.department.code}-{project.fiscal_year}-{project.name}",
    )


def _plan_or_404(user, code: str, year: int) -> DepartmentPlan:
    department = permissions.department_or_404(user, code)
    return get_object_or_404(
        DepartmentPlan.objects.select_related("department"), department=department, fiscal_year=year
    )


def plan_history(request, code: str, year: int):
    """Changes of the department's overall goals and review status for a year."""
    plan = _plan_or_404(request.user, code, year)
    return render(
        request,
        "projects/history.html",
        {
            "plan": plan,
            "changes": history.plan_changes(plan),
            "subject": _("%(unit)s %(year)s年部门整体绩效目标")
            % {"unit": plan.department, "year": year},
        },
    )


def plan_history_xlsx(request, code: str, year: int):
    """The department-year's history (overall goals, review status) as an Excel workbook."""
    plan = _plan_or_404(request.user, code, year)
    return _history_download(
        history.plan_changes(plan),
        title=_("%(unit)s %(year)s年部门整体绩效目标 修改记录")
        % {"unit": plan.department.heading, "year": year},
        file_stem=f"{plan.department.code}-{year}-{_('部门整体绩效目标')}",
    )
