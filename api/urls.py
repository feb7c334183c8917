from django.urls import path

from api import views

app_name = "api"

urlpatterns = [
    path("api/v1/openapi.json", views.schema, name="schema"),
    path("api/v1/departments/", views.departments, name="departments"),
    path(
        "api/v1/departments/<code:code>/<year:year>/", views.department_year, name="department_year"
    ),
    path(
        "api/v1/departments/<code:code>/<year:year>/review/",
        views.department_review,
        name="department_review",
    ),
]
