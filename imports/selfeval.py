"""A 项目支出绩效自评表 given to the target import (command line or upload) is recognised and
handed to the self-evaluation (#18, decision 022 follow-up).

`imports` sits above `evaluation` and `workflow`, so the hand-over lives here: it reads the
file with `evaluation.importing`, creates the year's targets from the 自评表 when the year has
none (through this room's own `targets_import`, recorded as approved by
`workflow.services.plan_record_historical`: only the command line or an administrator may), opens
the self-evaluation and stores the actuals, all in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from evaluation import importing, selectors, services
from evaluation.models import SelfEvaluation
from imports import safety
from imports.readers.base import ImportFileError
from imports.services import ImportRefused, targets_import
from projects import permissions
from projects.models import Department, DepartmentPlan, Project
from workflow.services import plan_record_historical


def historical_note() -> str:
    return _("历史年度：绩效目标随自评表导入，视为当年已审核（审核在本系统之外完成）。")


@dataclass
class SelfEvalOutcome:
    evaluation: SelfEvaluation
    report: importing.ImportReport
    created_projects: int = 0

    def lines(self) -> list[str]:
        lines = list(self.report.problems)
        if self.created_projects:
            lines.append(
                _("本年度原来没有绩效目标：已按自评表建立%(count)s个项目的目标，登记为已审核。")
                % {"count": self.created_projects}
            )
        lines.append(
            _("已导入绩效自评：%(projects)s个项目、%(indicators)s条指标。")
            % {"projects": self.report.projects, "indicators": self.report.indicators}
        )
        return lines


def selfeval_tables(data: bytes) -> list[importing.ImportedTable]:
    """The file's 自评表 tables; [] when it is not a 自评表 (then it is read as targets).

    The package checks of every upload (size, type, inflated size: `safety.sniff`) run first,
    so nothing is parsed that the target import would not parse; they raise ImportFileError.
    """
    if safety.sniff(data) == safety.CSV:
        return []
    return importing.read_bytes(data)


class _DryRun(Exception):
    def __init__(self, outcome: SelfEvalOutcome):
        self.outcome = outcome


def selfeval_import(
    *,
    tables: list[importing.ImportedTable],
    department_code: str,
    fiscal_year: int | None,
    user,
    dry_run: bool = False,
) -> SelfEvalOutcome:
    """Store the 自评表 as the unit's self-evaluation of the year (one transaction).

    Raises ImportFileError with a Chinese message when the unit or year is missing, the year's
    targets exist but are not approved, or the year has none and the user may not record them.
    """
    if not department_code or not fiscal_year:
        raise ImportFileError(
            _(
                "这是一份绩效自评表：请同时填写单位编码和预算年度"
                "（命令行用 --department 和 --year）后再导入。"
            )
        )
    department = Department.objects.filter(code=department_code).first()
    if department is None:
        raise ImportFileError(_("没有编码为 %(code)s 的单位。") % {"code": department_code})
    try:
        with transaction.atomic():
            outcome = _store(tables, department, fiscal_year, user)
            if dry_run:
                raise _DryRun(outcome)
    except _DryRun as run:
        return run.outcome
    except ImportRefused as refused:
        details = "；".join(
            f"{place}：{'；'.join(messages)}" for place, messages in refused.summary.errors.items()
        )
        raise ImportFileError(
            _("按自评表建立绩效目标时出错，未导入任何内容：%(details)s") % {"details": details}
        ) from refused
    except DomainError as error:
        raise ImportFileError(str(error)) from error
    return outcome


def _store(tables, department: Department, fiscal_year: int, user) -> SelfEvalOutcome:
    created = 0
    if not Project.objects.filter(department=department, fiscal_year=fiscal_year).exists():
        if user is not permissions.SYSTEM and permissions.role_of(user) != permissions.Role.ADMIN:
            raise ImportFileError(
                _(
                    "%(year)s年还没有绩效目标。自评表只能导入到审核通过的目标上；"
                    "若这是系统启用前的历史年度，请由管理员导入，目标将随自评表一并建立。"
                )
                % {"year": fiscal_year}
            )
        targets = importing.as_targets(
            tables,
            department_code=department.code,
            department_name=department.name,
            fiscal_year=fiscal_year,
        )
        created = targets_import(departments=[targets], user=user).imported
        plan = DepartmentPlan.objects.get(department=department, fiscal_year=fiscal_year)
        plan_record_historical(plan=plan, user=user, note=historical_note())
    evaluation = selectors.evaluation_of(department, fiscal_year)
    if evaluation is None:
        evaluation = services.evaluation_open(
            department=department,
            fiscal_year=fiscal_year,
            user=user,
            scheme=importing.scheme_of(tables),
        )
    evaluation.department = department
    report = importing.evaluation_import(evaluation=evaluation, tables=tables, user=user)
    return SelfEvalOutcome(evaluation=evaluation, report=report, created_projects=created)
