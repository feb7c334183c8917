"""Root URLs."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.urls import include, path, register_converter

from perfbudget.converters import CodeConverter, IdConverter, YearConverter
from projects.views import home

# Registered before the apps' URL modules are included below, which use them.
register_converter(IdConverter, "id")
register_converter(YearConverter, "year")
register_converter(CodeConverter, "code")


@login_not_required
def health(request):
    """Liveness and database check for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok", "database": "ok"})
    except Exception as error:
        return JsonResponse({"status": "error", "database": str(error)}, status=503)


admin.site.site_header = "预算绩效目标管理 · 后台"
admin.site.site_title = "perfbudget"

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz/", health, name="health"),
    path("admin/", admin.site.urls),
    path("", include("projects.urls")),
    path("", include("reviews.urls")),
    path("", include("reports.urls")),
    path("", include("workflow.urls")),
    path("", include("imports.urls")),
    path("", include("api.urls")),
]
