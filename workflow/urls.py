from django.urls import path

from workflow import views

app_name = "workflow"

urlpatterns = [
    path("workflow/", views.queue, name="queue"),
    path("workflow/<code:code>/<year:year>/submit/", views.submit, name="submit"),
    path("workflow/<code:code>/<year:year>/withdraw/", views.withdraw, name="withdraw"),
    path("workflow/<code:code>/<year:year>/return/", views.return_plan, name="return"),
    path("workflow/<code:code>/<year:year>/approve/", views.approve, name="approve"),
    path("workflow/<code:code>/<year:year>/unlock/", views.unlock, name="unlock"),
]
