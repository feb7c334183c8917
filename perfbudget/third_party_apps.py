"""Chinese names for third-party apps in the admin (#17): INSTALLED_APPS lists these configs
instead of the apps' own. The label stays the app's, so no migration changes; their models'
English names are translated in locale/zh_Hans (LOCALE_PATHS)."""

from __future__ import annotations

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("登录失败锁定")

    def ready(self) -> None:
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        # The admin names records by their __str__, which axes writes in English.
        AccessAttempt.__str__ = _attempt_text
        AccessLog.__str__ = _log_text
        AccessFailureLog.__str__ = _failure_text


def _attempt_text(attempt) -> str:
    return str(_("%(user)s 的登录尝试（%(time)s）")) % {
        "user": attempt.username,
        "time": attempt.attempt_time,
    }


def _log_text(log) -> str:
    return str(_("%(user)s 的登录记录（%(time)s）")) % {
        "user": log.username,
        "time": log.attempt_time,
    }


def _failure_text(failure) -> str:
    return str(_("%(user)s 登录失败（%(time)s，%(ip)s）")) % {
        "user": failure.username,
        "time": failure.attempt_time,
        "ip": failure.ip_address,
    }


class TaskResultsConfig(TasksAppConfig):
    verbose_name = _("后台任务记录")
