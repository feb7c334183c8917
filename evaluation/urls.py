from django.urls import path

from evaluation import review_views, views

app_name = "evaluation"

urlpatterns = [
    path("evaluation/queue/", views.stage_queue, name="queue"),
    path("evaluation/<year:year>/", views.county, name="county"),
    path("evaluation/<code:code>/<year:year>/", views.overview, name="overview"),
    path(
        "evaluation/<code:code>/<year:year>/monitoring/<int:month>/",
        views.monitoring,
        name="monitoring",
    ),
    path(
        "evaluation/<code:code>/<year:year>/monitoring/<int:month>/return/",
        review_views.monitoring_return,
        name="monitoring_return",
    ),
    path(
        "evaluation/<code:code>/<year:year>/monitoring/<int:month>/export.<str:fmt>",
        views.monitoring_export,
        name="monitoring_export",
    ),
    path("evaluation/<code:code>/<year:year>/selfeval/", views.selfeval, name="selfeval"),
    path(
        "evaluation/<code:code>/<year:year>/selfeval/return/",
        review_views.selfeval_return,
        name="selfeval_return",
    ),
    path(
        "evaluation/<code:code>/<year:year>/selfeval/export.<str:fmt>",
        views.selfeval_export,
        name="selfeval_export",
    ),
]
