"""The stages' documents for the reports room's batch export (#18): registered at start-up
(`EvaluationConfig.ready`) in `reports.stages`, since reports may not import this room.

Monitoring: each unit's latest round of the year (one table per project, as the page's
export). Self-evaluation: the unit's self-evaluation of the year. Units without one are listed
as not exported, as for target tables.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from evaluation import layout, selectors
from evaluation.models import MonitoringRound, SelfEvaluation
from projects.models import Department
from reports import stages
from reports.layout import Document

MONITORING, SELFEVAL = "monitoring", "selfeval"


def _monitoring_units(departments: QuerySet[Department], fiscal_year: int) -> set[int]:
    found = MonitoringRound.objects.filter(department__in=departments, fiscal_year=fiscal_year)
    return set(found.values_list("department_id", flat=True))


def _monitoring_documents(department: Department, fiscal_year: int) -> list[tuple[str, Document]]:
    latest = (
        MonitoringRound.objects.filter(department=department, fiscal_year=fiscal_year)
        .order_by("-period_end_month")
        .first()
    )
    if latest is None:
        return []
    latest.department = department
    sheet = selectors.monitoring_sheet(latest)
    return [(layout.monitoring_title(sheet), layout.monitoring_document(sheet))]


def _selfeval_units(departments: QuerySet[Department], fiscal_year: int) -> set[int]:
    found = SelfEvaluation.objects.filter(department__in=departments, fiscal_year=fiscal_year)
    return set(found.values_list("department_id", flat=True))


def _selfeval_documents(department: Department, fiscal_year: int) -> list[tuple[str, Document]]:
    evaluation = selectors.evaluation_of(department, fiscal_year)
    if evaluation is None:
        return []
    evaluation.department = department
    sheet = selectors.evaluation_sheet(evaluation)
    return [(layout.evaluation_title(sheet), layout.evaluation_document(sheet))]


def register() -> None:
    stages.register(
        stages.StageExport(
            MONITORING, _("运行监控表（最近一期）"), _monitoring_units, _monitoring_documents
        )
    )
    stages.register(
        stages.StageExport(SELFEVAL, _("绩效自评表"), _selfeval_units, _selfeval_documents)
    )
