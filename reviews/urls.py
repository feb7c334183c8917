from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("reviews/", views.overview_latest, name="overview_latest"),
    path("reviews/<year:year>/", views.overview, name="overview"),
    path(
        "reviews/departments/<code:code>/<year:year>/",
        views.department_review,
        name="department_review",
    ),
    path(
        "reviews/departments/<code:code>/<year:year>/findings.xlsx",
        views.department_findings_xlsx,
        name="department_findings_xlsx",
    ),
]
