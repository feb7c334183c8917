from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("departments/", views.DepartmentListView.as_view(), name="department_list"),
    path("departments/<str:code>/<int:year>/", views.department_report, name="department_report"),
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/<int:pk>/", views.project_report, name="project_report"),
]
