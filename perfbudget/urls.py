"""Root URLs."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter
from django.utils.translation import gettext_lazy as _

from pages.views import home
from perfbudget.health import health
from perfbudget.session import session_extend
from web.converters import CodeConverter, IdConverter, YearConverter

# Registered before the apps' URL modules are included below, which use them.
register_converter(IdConverter, "id")
register_converter(YearConverter, "year")
register_converter(CodeConverter, "code")


admin.site.site_header = _("预算绩效目标管理 · 后台")
admin.site.site_title = _("预算绩效目标管理")

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz/", health, name="health"),
    path("session/extend/", session_extend, name="session_extend"),
    path("admin/", admin.site.urls),
    path("", include("pages.urls")),
    path("", include("reviews.urls")),
    path("", include("reports.urls")),
    path("", include("workflow.urls")),
    path("", include("evaluation.urls")),
    path("", include("notices.urls")),
    path("", include("imports.urls")),
    path("", include("api.urls")),
]
