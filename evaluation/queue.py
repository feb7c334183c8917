"""The reviewer queue of the two stages (#18): monitoring rounds and self-evaluations sent for
review (已送审) in the units the user reads, oldest first, with how long they have waited.
Clerks see their units' stages that were sent or returned. Two queries at any size."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from evaluation.models import MonitoringRound, SelfEvaluation, Stage, Status
from projects import permissions
from projects.models import Department
from web.url_filler import CODE, YEAR, url_filler

MONITORING, SELFEVAL = "monitoring", "selfeval"


@dataclass
class QueueRow:
    kind: str
    department: Department
    fiscal_year: int
    status: str
    status_label: str
    changed_at: datetime | None
    month: int | None = None
    url: str = ""

    @property
    def stage_label(self) -> str:
        if self.kind == MONITORING:
            return _("运行监控（1—%(month)s月）") % {"month": self.month}
        return _("绩效自评")

    @property
    def waiting_days(self) -> int | None:
        if self.changed_at is None:
            return None
        return (timezone.now() - self.changed_at).days


def _statuses(user) -> list[str]:
    if permissions.role_of(user) == Role.CLERK:
        return [Status.SUBMITTED, Status.RETURNED]
    return [Status.SUBMITTED]


MONTH = (55, "[0-9]+")  # a sample for url_filler: the month's <int:...> converter


def _row(stage: Stage, kind: str, url: Callable[..., str]) -> QueueRow:
    month = getattr(stage, "period_end_month", None)
    return QueueRow(
        kind=kind,
        department=stage.department,
        fiscal_year=stage.fiscal_year,
        status=stage.status,
        status_label=str(Status(stage.status).label),
        changed_at=stage.status_changed_at,
        month=month,
        url=url(stage.department.code, stage.fiscal_year, *([month] if month is not None else [])),
    )


def stage_queue(user) -> list[QueueRow]:
    """The stages waiting for this user, oldest first (returned ones first for a clerk)."""
    departments = permissions.visible_departments(user)
    statuses = _statuses(user)
    # the links of a page of rows: the URL patterns resolved once, not once a row
    monitoring_url = url_filler("evaluation:monitoring", CODE, YEAR, MONTH)
    selfeval_url = url_filler("evaluation:selfeval", CODE, YEAR)
    rows = [
        _row(stage, MONITORING, monitoring_url)
        for stage in MonitoringRound.objects.filter(
            department__in=departments, status__in=statuses
        ).select_related("department")
    ] + [
        _row(stage, SELFEVAL, selfeval_url)
        for stage in SelfEvaluation.objects.filter(
            department__in=departments, status__in=statuses
        ).select_related("department")
    ]
    oldest = timezone.now()
    return sorted(
        rows,
        key=lambda r: (
            r.status != Status.RETURNED,
            r.changed_at or oldest,
            r.department.code,
            r.kind,
            r.month or 0,
        ),
    )
