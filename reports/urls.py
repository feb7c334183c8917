from django.urls import path, register_converter

from reports import views

app_name = "reports"


class FormatConverter:
    regex = "docx|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "fmt")

urlpatterns = [
    path(
        "departments/<code:code>/<year:year>/export.<fmt:fmt>",
        views.department_export,
        name="department_export",
    ),
    path("projects/<id:pk>/export.<fmt:fmt>", views.project_export, name="project_export"),
    path("exports/", views.export_job_new, name="export_new"),
    path("exports/<id:pk>/", views.export_job, name="export_job"),
    path("exports/<id:pk>/download/", views.export_job_download, name="export_download"),
]
