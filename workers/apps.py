from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkersConfig(AppConfig):
    """The background worker's heartbeat, so /healthz/ can tell a running worker from none."""

    name = "workers"
    verbose_name = _("后台任务进程")
    default_auto_field = "django.db.models.BigAutoField"
