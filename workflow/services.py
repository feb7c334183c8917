"""Every review transition of a department-year: 送审, 取消送审, 退回, 审核通过, 取消审核.

Each function runs in one transaction, locks the plan row, re-checks the current status and
the user's role (so two open tabs cannot approve twice, and a withdrawn submission cannot be
approved), changes the status and writes the ReviewAction row of the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notices.services import notify_review
from projects import permissions
from projects.exceptions import DomainError
from projects.models import DepartmentPlan
from workflow.models import OPINION_CODES, ReviewAction, ReviewOpinion

Status = DepartmentPlan.Status
Kind = ReviewAction.Kind
VALID_OPINION_CODES = {code for code, _label in OPINION_CODES}

# action → (statuses it may start from, status it leads to): the permission module's table,
# which pages ask through `permissions.allowed_transitions`.
TRANSITIONS = permissions.TRANSITIONS


class WorkflowError(DomainError):
    """A transition that the current status or the input does not allow."""


@dataclass(frozen=True)
class Opinion:
    """A reviewer's opinion on one row (or on a whole project when `indicator_order` is None)."""

    code: int
    text: str = ""
    project_id: int | None = None
    indicator_order: int | None = None
    indicator_name: str = ""


def _locked_plan(plan: DepartmentPlan) -> DepartmentPlan:
    return DepartmentPlan.objects.select_for_update().select_related("department").get(pk=plan.pk)


def _check_status(plan: DepartmentPlan, kind: str) -> str:
    allowed, target = TRANSITIONS[kind]
    if plan.status not in allowed:
        raise WorkflowError(
            _("当前状态为“%(status)s”，不能%(action)s。页面可能已过期，请刷新后查看最新状态。")
            % {"status": plan.get_status_display(), "action": Kind(kind).label}
        )
    return target


def _transition(
    *, plan: DepartmentPlan, user, kind: str, comment: str = "", grade: str = ""
) -> ReviewAction:
    locked = _locked_plan(plan)
    target = _check_status(locked, kind)
    action = ReviewAction.objects.create(
        plan=locked,
        kind=kind,
        actor=user,
        from_status=locked.status,
        to_status=target,
        comment=comment.strip(),
        grade=grade,
    )
    locked.status = target
    locked.status_changed_at = timezone.now()
    fields = ["status", "status_changed_at", "updated_at"]
    if kind in (Kind.APPROVE, Kind.UNLOCK):
        locked.grade = grade if kind == Kind.APPROVE else ""
        fields.append("grade")
    locked._history_user = user
    locked.save(update_fields=fields)
    plan.refresh_from_db()
    return action


def _require(user, plan: DepartmentPlan, kind: str) -> None:
    """Refuse (NotAllowed) a user who does not take this action on the plan's unit."""
    refusal = permissions.transition_refusal(user, plan, kind)
    if refusal is not None:
        raise refusal


@transaction.atomic
def plan_submit(*, plan: DepartmentPlan, user, blocking_errors: int = 0) -> ReviewAction:
    """送审: the assigned clerk sends the year's plan and projects to the county."""
    _require(user, plan, Kind.SUBMIT)
    if blocking_errors:
        raise WorkflowError(
            _("还有%(n)s个错误未修改，请按智能审核的提示修改后再送审。") % {"n": blocking_errors}
        )
    action = _transition(plan=plan, user=user, kind=Kind.SUBMIT)
    notify_review(action=action, user=user)
    return action


@transaction.atomic
def plan_withdraw(*, plan: DepartmentPlan, user) -> ReviewAction:
    """取消送审: the clerk takes a submission back before it is reviewed."""
    _require(user, plan, Kind.WITHDRAW)
    action = _transition(plan=plan, user=user, kind=Kind.WITHDRAW)
    notify_review(action=action, user=user)
    return action


@transaction.atomic
def plan_return(
    *, plan: DepartmentPlan, user, comment: str, opinions: list[Opinion] = ()
) -> ReviewAction:
    """退回: the reviewer sends the submission back with a required comment and opinions."""
    _require(user, plan, Kind.RETURN)
    if not comment or not comment.strip():
        raise WorkflowError(_("退回时必须填写审核意见，说明需要修改的内容。"))
    bad = [o.code for o in opinions if o.code not in VALID_OPINION_CODES]
    if bad:
        raise WorkflowError(
            _("意见类型%(code)s不存在，请从1–11的标准意见中选择。") % {"code": bad[0]}
        )
    project_ids = set(
        plan.department.projects.filter(fiscal_year=plan.fiscal_year).values_list("pk", flat=True)
    )
    if any(o.project_id is not None and o.project_id not in project_ids for o in opinions):
        raise WorkflowError(_("审核意见指向的项目不属于本单位本年度，请刷新页面后重新填写。"))
    action = _transition(plan=plan, user=user, kind=Kind.RETURN, comment=comment)
    saved = ReviewOpinion.objects.bulk_create(
        ReviewOpinion(
            action=action,
            project_id=o.project_id,
            indicator_order=o.indicator_order,
            indicator_name=o.indicator_name,
            code=o.code,
            text=o.text.strip(),
        )
        for o in opinions
    )
    notify_review(action=action, user=user, opinions=saved)
    return action


@transaction.atomic
def plan_approve(*, plan: DepartmentPlan, user, grade: str = "", comment: str = "") -> ReviewAction:
    """审核通过: the reviewer approves; the year is locked everywhere."""
    _require(user, plan, Kind.APPROVE)
    if grade and grade not in DepartmentPlan.Grade.values:
        raise WorkflowError(_("审核等级只能是优、良、中、差之一，请重新选择。"))
    action = _transition(plan=plan, user=user, kind=Kind.APPROVE, comment=comment, grade=grade)
    notify_review(action=action, user=user)
    return action


@transaction.atomic
def plan_unlock(*, plan: DepartmentPlan, user, reason: str) -> ReviewAction:
    """取消审核: the reviewer unlocks an approved year, with a reason; it goes back to the clerk."""
    _require(user, plan, Kind.UNLOCK)
    if not reason or not reason.strip():
        raise WorkflowError(_("取消审核时必须说明原因，请填写后再提交。"))
    action = _transition(plan=plan, user=user, kind=Kind.UNLOCK, comment=reason)
    notify_review(action=action, user=user)
    return action


@transaction.atomic
def plan_record_historical(*, plan: DepartmentPlan, user, note: str) -> None:
    """Record a past year's targets as approved without a review here: the year was reviewed
    outside the app and its targets arrive with its 自评表 (decision 022, follow-up). Only the
    system (command line) or an administrator; the note goes into the plan's history and, with
    a real user, into the audit trail."""
    if user is not permissions.SYSTEM and permissions.role_of(user) != permissions.Role.ADMIN:
        raise WorkflowError(_("只有管理员可以把历史年度的绩效目标登记为已审核。"))
    locked = _locked_plan(plan)
    if locked.status == Status.APPROVED:
        return
    if user is not permissions.SYSTEM:
        ReviewAction.objects.create(
            plan=locked,
            kind=Kind.APPROVE,
            actor=user,
            from_status=locked.status,
            to_status=Status.APPROVED,
            comment=note,
        )
    locked.status = Status.APPROVED
    locked.status_changed_at = timezone.now()
    locked._history_user = None if user is permissions.SYSTEM else user
    locked._change_reason = note
    locked.save(update_fields=["status", "status_changed_at", "updated_at"])
    plan.refresh_from_db()
