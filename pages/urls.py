from django.urls import path

from pages import delete_views, edit_views, list_export, views

app_name = "projects"

urlpatterns = [
    path("departments/", views.DepartmentListView.as_view(), name="department_list"),
    path("departments/<code:code>/<year:year>/", views.department_report, name="department_report"),
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/<id:pk>/", views.project_report, name="project_report"),
    path("projects/<id:pk>/history/", views.project_history, name="project_history"),
    path("projects/<id:pk>/history.xlsx", views.project_history_xlsx, name="project_history_xlsx"),
    path("departments/<code:code>/<year:year>/history/", views.plan_history, name="plan_history"),
    path(
        "departments/<code:code>/<year:year>/history.xlsx",
        views.plan_history_xlsx,
        name="plan_history_xlsx",
    ),
    # Data entry (#7)
    path("projects/<id:pk>/edit/", edit_views.project_edit, name="project_edit"),
    path("projects/<id:pk>/carry-forward/", edit_views.project_carry, name="project_carry"),
    path("projects/<id:pk>/delete/", delete_views.project_delete_confirm, name="project_delete"),
    path("departments/<code:code>/<year:year>/edit/", edit_views.plan_edit, name="plan_edit"),
    path(
        "departments/<code:code>/<year:year>/projects/new/",
        edit_views.project_new,
        name="project_new",
    ),
    path(
        "departments/<code:code>/<year:year>/preview/",
        edit_views.project_preview,
        name="project_preview",
    ),
    path(
        "departments/<code:code>/<year:year>/carry-forward/",
        edit_views.department_carry,
        name="department_carry",
    ),
    path("projects/export.xlsx", list_export.project_list_export, name="project_list_export"),
    path(
        "departments/export.xlsx",
        list_export.department_list_export,
        name="department_list_export",
    ),
    path("indicator-library/suggest/", edit_views.library_suggest, name="library_suggest"),
]
