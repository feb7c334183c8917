from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("imports/", views.upload, name="upload"),
    path("imports/template.xlsx", views.template, name="template"),
    path("imports/<id:pk>/", views.preview, name="preview"),
    path("imports/<id:pk>/confirm/", views.confirm, name="confirm"),
    path("imports/<id:pk>/requeue/", views.requeue, name="requeue"),
]
