from django.urls import path

from notices import views

app_name = "notices"

urlpatterns = [
    path("notices/", views.notice_list, name="list"),
    path("notices/<id:pk>/open/", views.notice_open, name="open"),
    path("notices/<id:pk>/read/", views.notice_read, name="read"),
    path("notices/read-all/", views.notice_read_all, name="read_all"),
]
