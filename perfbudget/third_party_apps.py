"""Chinese names for third-party apps in the admin (#17): INSTALLED_APPS lists these configs
instead of the apps' own. The label stays the app's, so no migration changes; their models'
English names are translated in locale/zh_Hans (LOCALE_PATHS)."""

from __future__ import annotations

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("登录失败锁定")


class TaskResultsConfig(TasksAppConfig):
    verbose_name = _("后台任务记录")
