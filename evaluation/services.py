"""Writes of monitoring rounds and self-evaluations: open, save, and the review cycle.

Each function is one transaction and takes the acting user as `user=` (a user, or
`projects.permissions.SYSTEM` for system jobs). Who may act is asked of `projects.permissions`
(the unit's clerk fills and sends, the county's reviewer returns and approves); a save locks
the row, refuses a stale version, validates every changed row with the models' rules and
writes history with the user.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import Role
from core.errors import DomainError, NotAllowed
from evaluation import checks, scoring, selectors
from evaluation.models import (
    OPINION_CODES,
    OPINION_FIELDS,
    EvaluatedIndicator,
    EvaluatedProject,
    MonitoredIndicator,
    MonitoredProject,
    MonitoringRound,
    SelfEvaluation,
    Stage,
    StageAction,
    StageOpinion,
    Status,
    opinion_field_label,
)
from evaluation.sheets import EvaluationSheet, MonitoringSheet
from indicators.models import Indicator
from notices.services import notify_stage_approve, notify_stage_return, notify_stage_submit
from projects import permissions
from projects.exceptions import ConcurrentEditError
from projects.models import Department, DepartmentPlan, Project

T = TypeVar("T", bound=Stage)
Place = tuple[int | None, int | None, str]  # (entry id, row id or None, field)


class EvaluationDataError(DomainError):
    """Values that cannot be saved; `errors` maps a place (entry, row, field) to messages."""

    def __init__(self, errors: dict[Place, list[str]]):
        self.errors = errors
        super().__init__("；".join(m for messages in errors.values() for m in messages))


def _history_user(user):
    return user if getattr(user, "pk", None) is not None else None


def fill_refusal(user, department: Department, stage: Stage | None = None) -> NotAllowed | None:
    """May `user` fill this unit's monitoring or self-evaluation now, and if not, why."""
    if user is not permissions.SYSTEM:
        role = permissions.role_of(user)
        if not (
            role == Role.ADMIN
            or (role == Role.CLERK and permissions.is_assigned_clerk(user, department))
        ):
            return NotAllowed(
                _("您无权填报预算单位%(unit)s的运行监控和绩效自评：只有本单位的填报员可以填报。")
                % {"unit": department.code}
            )
    if stage is not None and not stage.is_editable:
        return NotAllowed(
            _("当前状态为“%(status)s”，不能修改。如需修改，请先由审核员退回。")
            % {"status": stage.get_status_display()}
        )
    return None


def _require_fill(user, department: Department, stage: Stage | None = None) -> None:
    refusal = fill_refusal(user, department, stage)
    if refusal is not None:
        raise refusal


def _approved_plan(department: Department, fiscal_year: int) -> DepartmentPlan:
    plan = DepartmentPlan.objects.filter(department=department, fiscal_year=fiscal_year).first()
    if plan is None or not plan.is_locked:
        raise DomainError(
            _(
                "%(year)s年的绩效目标尚未审核通过：运行监控和绩效自评只能在目标审核通过后开始，"
                "请先完成目标的送审和审核。"
            )
            % {"year": fiscal_year}
        )
    return plan


# --- monitoring ---


@transaction.atomic
def monitoring_open(
    *, department: Department, fiscal_year: int, period_end_month: int, user
) -> MonitoringRound:
    """Open the round 1–N月 for the unit's approved targets: one row per project and per
    approved indicator, referencing them."""
    _require_fill(user, department)
    if not 1 <= period_end_month <= 12:
        raise DomainError(_("监控截止月份应在1到12之间，请重新选择。"))
    _approved_plan(department, fiscal_year)
    if (
        selectors.rounds_of(department, fiscal_year)
        .filter(period_end_month=period_end_month)
        .exists()
    ):
        raise DomainError(
            _("1–%(month)s月的运行监控已经开始，请直接打开填写。") % {"month": period_end_month}
        )
    monitoring = MonitoringRound(
        department=department, fiscal_year=fiscal_year, period_end_month=period_end_month
    )
    monitoring._history_user = _history_user(user)
    monitoring.save()
    projects = list(Project.objects.filter(department=department, fiscal_year=fiscal_year))
    entries = bulk_create_with_history(
        [MonitoredProject(round=monitoring, project=p, order=p.display_order) for p in projects],
        MonitoredProject,
        default_user=_history_user(user),
    )
    by_project = {e.project_id: e for e in entries}
    rows = [
        MonitoredIndicator(entry=by_project[i.project_id], indicator=i)
        for i in Indicator.objects.filter(project__in=projects).only("pk", "project_id")
    ]
    bulk_create_with_history(rows, MonitoredIndicator, default_user=_history_user(user))
    return monitoring


def _locked(stage: T, version: int | None) -> T:
    locked = type(stage).objects.select_for_update().get(pk=stage.pk)
    locked.department = stage.department
    if version is not None and locked.version != version:
        raise ConcurrentEditError(current_version=locked.version, expected_version=version)
    return locked


def _apply(objects: dict[int, object], place: dict[int, Place], values: dict[int, dict]):
    """Set values on the stored rows, validate the changed ones; return (changed, fields)."""
    changed, fields, errors = [], set(), {}
    for pk, new in values.items():
        obj = objects.get(pk)
        if obj is None:
            raise DomainError(_("表中的行已不存在，请刷新页面后重新填写。"))
        names = [name for name, value in new.items() if getattr(obj, name) != value]
        if not names:
            continue
        for name in names:
            setattr(obj, name, new[name])
        try:
            obj.full_clean(
                exclude=["round", "project", "entry", "indicator", "evaluation"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            entry, row, _field = place[pk]
            for name, messages in error.message_dict.items():
                errors.setdefault((entry, row, name), []).extend(messages)
        changed.append(obj)
        fields.update(names)
    return changed, sorted(fields), errors


def _bump(stage: Stage, user) -> None:
    stage.version += 1
    stage._history_user = _history_user(user)
    stage.save(update_fields=["version", "updated_at"])


_MONITORED_PROJECT = (
    "adjusted_budget",
    "executed",
    "projected",
    "goal_progress",
    "lag_reason",
    "remainder_plan",
)
_MONITORED_ROW = ("progress", "projected", "likelihood", "cause", "cause_text", "measures")


@transaction.atomic
def monitoring_save(*, monitoring: MonitoringRound, sheet: MonitoringSheet, user) -> int:
    """Save the typed values of `sheet` (read at `sheet.version`); return the new version."""
    _require_fill(user, monitoring.department, monitoring)
    locked = _locked(monitoring, sheet.version)
    _require_fill(user, locked.department, locked)
    entries = {e.pk: e for e in MonitoredProject.objects.filter(round=locked)}
    rows = {r.pk: r for r in MonitoredIndicator.objects.filter(entry__round=locked)}
    entry_values, row_values, places = {}, {}, {}
    for project in sheet.projects:
        entry_values[project.entry_id] = {f: getattr(project, f) for f in _MONITORED_PROJECT}
        for row in project.rows:
            row_values[row.row_id] = {f: getattr(row, f) for f in _MONITORED_ROW}
            places[row.row_id] = (project.entry_id, row.row_id, "")
    entry_places = {pk: (pk, None, "") for pk in entry_values}
    changed_entries, entry_fields, errors = _apply(entries, entry_places, entry_values)
    changed_rows, row_fields, row_errors = _apply(rows, places, row_values)
    errors.update(row_errors)
    if errors:
        raise EvaluationDataError(errors)
    if changed_entries:
        bulk_update_with_history(
            changed_entries, MonitoredProject, entry_fields, default_user=_history_user(user)
        )
    if changed_rows:
        bulk_update_with_history(
            changed_rows, MonitoredIndicator, row_fields, default_user=_history_user(user)
        )
    if changed_entries or changed_rows:
        _bump(locked, user)
    monitoring.version = locked.version
    return locked.version


# --- self-evaluation ---


@transaction.atomic
def evaluation_open(
    *, department: Department, fiscal_year: int, user, scheme: str = scoring.STANDARD.code
) -> SelfEvaluation:
    """Open the year's self-evaluation for the approved targets (after the year has ended is
    the practice; the app does not forbid an early start)."""
    _require_fill(user, department)
    if scheme not in scoring.SCHEMES:
        raise DomainError(_("评分方案不存在，请重新选择。"))
    _approved_plan(department, fiscal_year)
    if SelfEvaluation.objects.filter(department=department, fiscal_year=fiscal_year).exists():
        raise DomainError(_("本年度的绩效自评已经开始，请直接打开填写。"))
    evaluation = SelfEvaluation(department=department, fiscal_year=fiscal_year, scheme=scheme)
    evaluation._history_user = _history_user(user)
    evaluation.save()
    projects = list(Project.objects.filter(department=department, fiscal_year=fiscal_year))
    entries = bulk_create_with_history(
        [
            EvaluatedProject(evaluation=evaluation, project=p, order=p.display_order)
            for p in projects
        ],
        EvaluatedProject,
        default_user=_history_user(user),
    )
    by_project = {e.project_id: e for e in entries}
    rows = [
        EvaluatedIndicator(entry=by_project[i.project_id], indicator=i)
        for i in Indicator.objects.filter(project__in=projects).only("pk", "project_id")
    ]
    bulk_create_with_history(rows, EvaluatedIndicator, default_user=_history_user(user))
    return evaluation


_EVALUATED_PROJECT = (
    "annual_budget",
    "executed",
    "funds_score",
    "funds_score_reason",
    "actual_summary",
)
_EVALUATED_ROW = (
    "actual_raw",
    "actual_number",
    "actual_unit",
    "achievement",
    "score",
    "score_reason",
    "deviation",
)


def _row_values(row) -> dict:
    parsed = EvaluatedIndicator()
    parsed.set_actual(row.actual)
    values = {
        "actual_raw": parsed.actual_raw,
        "actual_number": parsed.actual_number,
        "actual_unit": parsed.actual_unit,
    }
    return values | {
        "achievement": row.achievement,
        "score": row.score,
        "score_reason": row.score_reason,
        "deviation": row.deviation,
    }


@transaction.atomic
def evaluation_save(*, evaluation: SelfEvaluation, sheet: EvaluationSheet, user) -> int:
    """Save the typed actuals and confirmed scores of `sheet`; return the new version."""
    _require_fill(user, evaluation.department, evaluation)
    locked = _locked(evaluation, sheet.version)
    _require_fill(user, locked.department, locked)
    entries = {e.pk: e for e in EvaluatedProject.objects.filter(evaluation=locked)}
    rows = {r.pk: r for r in EvaluatedIndicator.objects.filter(entry__evaluation=locked)}
    entry_values, row_values, places = {}, {}, {}
    for project in sheet.projects:
        entry_values[project.entry_id] = {f: getattr(project, f) for f in _EVALUATED_PROJECT}
        for row in project.rows:
            row_values[row.row_id] = _row_values(row)
            places[row.row_id] = (project.entry_id, row.row_id, "")
    entry_places = {pk: (pk, None, "") for pk in entry_values}
    changed_entries, entry_fields, errors = _apply(entries, entry_places, entry_values)
    changed_rows, row_fields, row_errors = _apply(rows, places, row_values)
    errors.update(
        {(e, r, "actual" if f == "actual_raw" else f): m for (e, r, f), m in row_errors.items()}
    )
    if errors:
        raise EvaluationDataError(errors)
    if changed_entries:
        bulk_update_with_history(
            changed_entries, EvaluatedProject, entry_fields, default_user=_history_user(user)
        )
    if changed_rows:
        bulk_update_with_history(
            changed_rows, EvaluatedIndicator, row_fields, default_user=_history_user(user)
        )
    if changed_entries or changed_rows:
        _bump(locked, user)
    evaluation.version = locked.version
    return locked.version


# --- the review cycle (both stages) ---

_STARTS = {
    StageAction.Kind.SUBMIT: ({Status.DRAFT, Status.RETURNED}, Status.SUBMITTED),
    StageAction.Kind.RETURN: ({Status.SUBMITTED}, Status.RETURNED),
    StageAction.Kind.APPROVE: ({Status.SUBMITTED}, Status.APPROVED),
}


def status_allows(stage: Stage, kind: str) -> bool:
    """Does the stage's status allow `kind` now (who may is another question)?"""
    return stage.status in _STARTS[kind][0]


def allowed_actions(user, stage: Stage) -> frozenset[str]:
    """What `user` may do with the stage now: what pages offer."""
    allowed = set()
    for kind, (starts, _target) in _STARTS.items():
        if stage.status not in starts:
            continue
        if kind == StageAction.Kind.SUBMIT:
            if permissions.can_submit(user, stage.department):
                allowed.add(kind)
        elif permissions.can_review(user, stage.department):
            allowed.add(kind)
    return frozenset(allowed)


def _findings(stage: Stage) -> list[checks.Finding]:
    if isinstance(stage, MonitoringRound):
        return checks.monitoring_findings(selectors.monitoring_sheet(stage))
    return checks.evaluation_findings(selectors.evaluation_sheet(stage))


def _checked(*, stage: Stage, user, kind: str) -> T:
    """The stage locked, once its status and the user's role allow `kind` (else why not)."""
    locked = _locked(stage, None)
    starts, _target = _STARTS[kind]
    if locked.status not in starts:
        raise DomainError(
            _("当前状态为“%(status)s”，不能%(action)s。页面可能已过期，请刷新后查看最新状态。")
            % {"status": locked.get_status_display(), "action": StageAction.Kind(kind).label}
        )
    who = (permissions.can_submit if kind == StageAction.Kind.SUBMIT else permissions.can_review)(
        user, locked.department
    )
    if not who:
        raise NotAllowed(
            _("只有本单位的填报员可以送审。")
            if kind == StageAction.Kind.SUBMIT
            else _("只有本县的审核员可以退回或审核通过。")
        )
    if kind == StageAction.Kind.SUBMIT:
        problems = checks.blocking(_findings(locked))
        if problems:
            raise DomainError(
                _("还有%(n)s处需要修改，例如：%(first)s 请修改后再送审。")
                % {"n": len(problems), "first": problems[0].message}
            )
    return locked


def _stage_link(stage: Stage) -> dict:
    return {"monitoring": stage} if isinstance(stage, MonitoringRound) else {"evaluation": stage}


def _write(*, locked: Stage, stage: Stage, user, kind: str, comment: str = "") -> StageAction:
    """The action row and the new status (after `_checked`)."""
    _starts, target = _STARTS[kind]
    action = StageAction.objects.create(
        **_stage_link(locked),
        kind=kind,
        actor=_history_user(user),
        from_status=locked.status,
        to_status=target,
        comment=comment.strip(),
    )
    locked.status = target
    locked.status_changed_at = timezone.now()
    locked._history_user = _history_user(user)
    locked.save(update_fields=["status", "status_changed_at", "updated_at"])
    stage.status = locked.status
    return action


def _transition(*, stage: Stage, user, kind: str, comment: str = "") -> StageAction:
    locked = _checked(stage=stage, user=user, kind=kind)
    return _write(locked=locked, stage=stage, user=user, kind=kind, comment=comment)


@transaction.atomic
def stage_submit(*, stage: Stage, user) -> StageAction:
    """送审: refused while a blocking check remains (its first message says what to fix). The
    county's reviewers of the unit get a notice leading to the stage's page."""
    action = _transition(stage=stage, user=user, kind=StageAction.Kind.SUBMIT)
    notify_stage_submit(
        unit=stage.department,
        year=stage.fiscal_year,
        what=str(_stage_title(stage)),
        link=_stage_url(stage),
        user=user,
    )
    return action


@dataclass(frozen=True)
class Opinion:
    """A reviewer's opinion on a return: at a project of the stage (its entry id), optionally
    one of its rows and a field (the page's field name), with a standard opinion (1–11) and/or
    free text."""

    entry_id: int
    row_id: int | None = None
    field: str = ""
    code: int | None = None
    text: str = ""


def _stage_kind(stage: Stage) -> str:
    return "monitoring" if isinstance(stage, MonitoringRound) else "evaluation"


def _opinion_rows(stage: Stage, opinions: Sequence[Opinion]) -> list[tuple[str, StageOpinion]]:
    """The opinions as unsaved rows with their labels, each with its “第n条意见：” (three bulk
    reads at most). What is not there (a project or row id unknown, a code outside 1–11) is
    refused here; where things belong is the model's rule (`StageOpinion.clean`)."""
    kind = _stage_kind(stage)
    if kind == "monitoring":
        entry_model, row_model, link, row_link = (
            MonitoredProject,
            MonitoredIndicator,
            "monitored_project",
            "monitored_row",
        )
    else:
        entry_model, row_model, link, row_link = (
            EvaluatedProject,
            EvaluatedIndicator,
            "evaluated_project",
            "evaluated_row",
        )
    entry_ids = {o.entry_id for o in opinions}
    row_ids = {o.row_id for o in opinions if o.row_id is not None}
    entries = entry_model.objects.select_related("project").in_bulk(entry_ids)
    rows = row_model.objects.select_related("indicator").in_bulk(row_ids) if row_ids else {}
    numbers = _row_numbers(row_model, rows.values())
    valid_codes = {code for code, _label in OPINION_CODES}
    built = []
    for number, opinion in enumerate(opinions, start=1):
        where = _("第%(n)s条意见：") % {"n": number}
        entry = entries.get(opinion.entry_id)
        if entry is None:
            raise DomainError(where + _("所指的项目不在这张表中，请刷新页面后重新选择项目。"))
        if opinion.row_id is not None and opinion.row_id not in rows:
            raise DomainError(where + _("所指的指标行不存在，请刷新页面后重新选择指标行。"))
        if opinion.code is not None and opinion.code not in valid_codes:
            raise DomainError(
                where
                + _("标准意见%(code)s不存在，请从1–11的标准意见中选择。") % {"code": opinion.code}
            )
        row = rows.get(opinion.row_id) if opinion.row_id is not None else None
        field_label = ""
        if opinion.field:
            fields = OPINION_FIELDS[kind][0 if row is None else 1]
            if opinion.field in fields:
                field_label = opinion_field_label(kind, opinion.field, row=row is not None)
        item = StageOpinion(
            **{link: entry, row_link: row},
            field=opinion.field,
            code=opinion.code,
            text=opinion.text.strip(),
            project_name=entry.project.name,
            row_number=numbers.get(row.pk) if row is not None else None,
            row_name=row.indicator.name if row is not None else "",
            field_label=field_label,
        )
        built.append((where, item))
    return built


def _row_numbers(row_model, rows) -> dict[int, int]:
    """Each row's number within its project as the page shows it (1-based, the rows in
    indicator order): one query for the projects the opinions name."""
    entry_ids = {r.entry_id for r in rows}
    if not entry_ids:
        return {}
    numbers, counts = {}, {}
    for pk, entry_id in (
        row_model.objects.filter(entry_id__in=entry_ids)
        .order_by("entry_id", "indicator__order", "indicator_id")
        .values_list("pk", "entry_id")
    ):
        counts[entry_id] = counts.get(entry_id, 0) + 1
        numbers[pk] = counts[entry_id]
    return numbers


@transaction.atomic
def stage_return(
    *, stage: Stage, user, comment: str = "", opinions: Sequence[Opinion] = ()
) -> StageAction:
    """退回 with the reviewer's comment and/or opinions at projects, rows and fields (a return
    needs at least one of them); each opinion is checked (a project of this stage, a row of
    that project, a field of the page) before anything is written. The unit's clerks get a
    notice that lists the opinions."""
    kind = StageAction.Kind.RETURN
    locked = _checked(stage=stage, user=user, kind=kind)
    opinions = tuple(opinions)
    if not comment.strip() and not opinions:
        raise DomainError(
            _(
                "退回时必须填写审核意见，或至少添加一条具体意见：在退回页面勾选智能审核发现的问题，"
                "或选择项目（和指标行）写明需要修改的内容。"
            )
        )
    built = _opinion_rows(locked, opinions)
    probe = StageAction(**_stage_link(locked), kind=kind)
    for where, item in built:
        item.action = probe
        try:
            item.full_clean(
                exclude=["action", *_OPINION_LINKS],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            raise DomainError(where + "；".join(error.messages)) from error
    action = _write(locked=locked, stage=stage, user=user, kind=kind, comment=comment)
    for _where, item in built:
        item.action = action
    saved = StageOpinion.objects.bulk_create(item for _where, item in built)
    notify_stage_return(
        unit=locked.department,
        year=locked.fiscal_year,
        what=str(_stage_title(locked)),
        link=_stage_url(locked),
        user=user,
        comment=action.comment,
        opinions=saved,
    )
    return action


_OPINION_LINKS = ("monitored_project", "monitored_row", "evaluated_project", "evaluated_row")


def _stage_title(stage: Stage) -> str:
    if isinstance(stage, MonitoringRound):
        return _("%(period)s运行监控") % {"period": stage.period_label}
    return _("绩效自评")


def _stage_url(stage: Stage) -> str:
    code, year = stage.department.code, stage.fiscal_year
    if isinstance(stage, MonitoringRound):
        return reverse("evaluation:monitoring", args=[code, year, stage.period_end_month])
    return reverse("evaluation:selfeval", args=[code, year])


@transaction.atomic
def stage_approve(
    *, stage: Stage, user, comment: str = "", reviewed_total: Decimal | None = None
) -> StageAction:
    """审核通过 (locks the stage); for a self-evaluation the county may record an adjusted
    total (自评复核). The unit's clerks get a notice with the self-evaluation's score, grade
    and adjusted total, and the comment."""
    if reviewed_total is not None:
        if not isinstance(stage, SelfEvaluation):
            raise DomainError(_("只有绩效自评可以填写复核调整后总分。"))
        if not Decimal(0) <= reviewed_total <= Decimal(100):
            raise DomainError(_("复核调整后总分应在0到100之间，请重新填写。"))
    action = _transition(stage=stage, user=user, kind=StageAction.Kind.APPROVE, comment=comment)
    if reviewed_total is not None:
        SelfEvaluation.objects.filter(pk=stage.pk).update(reviewed_total=reviewed_total)
        stage.reviewed_total = reviewed_total
    notify_stage_approve(
        unit=stage.department,
        year=stage.fiscal_year,
        what=str(_stage_title(stage)),
        link=_stage_url(stage),
        user=user,
        comment=action.comment,
        **_approval_scores(stage),
    )
    return action


def _approval_scores(stage: Stage) -> dict:
    """What an approval's notice says of a self-evaluation's scores (two queries); nothing for
    a monitoring round, which has none."""
    if not isinstance(stage, SelfEvaluation):
        return {}
    scores = {}
    average = selectors.evaluation_sheet(stage).average
    if average is not None:
        scores.update(score=average, grade=_grade_label(average))
    if stage.reviewed_total is not None:
        reviewed = scoring.cents(stage.reviewed_total)  # as stored, two decimals
        scores.update(reviewed_total=reviewed, reviewed_grade=_grade_label(reviewed))
    return scores


def _grade_label(score: Decimal) -> str:
    return str(scoring.GRADE_LABELS[scoring.grade(score)])
