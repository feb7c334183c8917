"""Writing notices: one per recipient for each review transition (and each 送审, 退回 and
审核通过 of a monitoring round or a self-evaluation), e-mailed when configured.

The workflow calls `notify_review` inside its transition's transaction, so a transition and its
notices are saved together or not at all. E-mail goes out only after the commit
(`transaction.on_commit`), and a mail server that fails is logged, never the user's problem.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import NotAllowed
from notices.models import Notice
from projects import permissions
from projects.models import Department, DepartmentPlan, Project

logger = logging.getLogger(__name__)

Kind = Notice.Kind
# Who hears of each action: the county's reviewers of a submission (or its withdrawal), the
# unit's clerks of a decision.
_TO_REVIEWERS = {Kind.SUBMIT, Kind.WITHDRAW}


class _Action(Protocol):
    """What a review action (workflow.models.ReviewAction) tells a notice."""

    kind: str
    plan: DepartmentPlan
    comment: str
    grade: str


class _Opinion(Protocol):
    """What a return's opinion (workflow.models.ReviewOpinion) tells a notice."""

    project_id: int | None
    indicator_order: int | None
    indicator_name: str
    text: str

    def get_code_display(self) -> str: ...


def notify_review(*, action: _Action, user, opinions: Sequence[_Opinion] = ()) -> list[Notice]:
    """Notices of a review action taken by `user`, to everyone it concerns but `user`.
    Runs in the caller's transaction; e-mail (when enabled) is sent after it commits."""
    plan = action.plan
    department = plan.department
    kind = Kind(action.kind)
    people = (
        permissions.reviewers_of(department)
        if kind in _TO_REVIEWERS
        else permissions.clerks_of(department)
    )
    recipients = list(people.exclude(pk=getattr(user, "pk", None)))
    if not recipients:
        return []
    text = _notice_text(kind, department, plan.fiscal_year, user, action, opinions)
    link = _link(kind, department, plan.fiscal_year)
    notices = Notice.objects.bulk_create(
        Notice(
            recipient=person,
            kind=kind,
            unit=department,
            year=plan.fiscal_year,
            text=text,
            link=link,
        )
        for person in recipients
    )
    if settings.NOTICE_EMAIL_ENABLED:
        addresses = [person.email for person in recipients if person.email]
        subject = _subject(kind, department, plan.fiscal_year)
        transaction.on_commit(lambda: _send_mail(subject, _mail_body(text, link), addresses))
    return notices


class _StageOpinion(Protocol):
    """What an opinion of a stage's return (evaluation.models.StageOpinion) tells a notice."""

    project_name: str
    place: str  # the row and field below the project, already worded
    what: str  # the standard opinion and the text, already worded


def notify_stage_return(
    *,
    unit: Department,
    year: int,
    what: str,
    link: str,
    user,
    comment: str,
    opinions: Sequence[_StageOpinion] = (),
) -> list[Notice]:
    """Notices of the 退回 of a monitoring round or a self-evaluation (`what`: its title, e.g.
    “1–7月运行监控”) to the unit's clerks, listing the opinions like a targets' return.
    Runs in the caller's transaction; e-mail (when enabled) after it commits."""
    names = _stage_names(unit, year, what, user)
    lines = [_("%(unit)s %(year)s年%(what)s被%(who)s退回，请按意见修改后重新送审。") % names]
    if comment.strip():
        lines.append(_("审核意见：%(text)s") % {"text": comment.strip()})
    for number, opinion in enumerate(opinions, start=1):
        where = " ".join(p for p in (opinion.project_name, opinion.place) if p)
        lines.append(f"{number}. {where}：{opinion.what}")
    return _stage_notices(
        kind=Kind.RETURN,
        people=permissions.clerks_of(unit),
        unit=unit,
        year=year,
        about=what,
        user=user,
        text="\n".join(lines),
        link=link,
        subject=_("【预算绩效目标管理】%(unit)s %(year)s年%(what)s被退回") % names,
    )


def notify_stage_submit(*, unit: Department, year: int, what: str, link: str, user) -> list[Notice]:
    """Notices of the 送审 of a monitoring round or a self-evaluation to the county's reviewers
    of the unit (as a targets' submission), leading to the stage's page.
    Runs in the caller's transaction; e-mail (when enabled) after it commits."""
    names = _stage_names(unit, year, what, user)
    return _stage_notices(
        kind=Kind.SUBMIT,
        people=permissions.reviewers_of(unit),
        unit=unit,
        year=year,
        about=what,
        user=user,
        text=_("%(unit)s %(year)s年%(what)s已由%(who)s送审，请审核。") % names,
        link=link,
        subject=_("【预算绩效目标管理】%(unit)s %(year)s年%(what)s已送审") % names,
    )


def notify_stage_approve(
    *,
    unit: Department,
    year: int,
    what: str,
    link: str,
    user,
    comment: str = "",
    score: Decimal | None = None,
    grade: str = "",
    reviewed_total: Decimal | None = None,
    reviewed_grade: str = "",
) -> list[Notice]:
    """Notices of the 审核通过 of a monitoring round or a self-evaluation to the unit's clerks:
    for a self-evaluation its score (the projects' mean) and grade and, when the county
    adjusted it, the 复核调整后总分 and its grade; then the reviewer's comment. The grades come
    worded by the caller (notices knows no scoring). Runs in the caller's transaction; e-mail
    (when enabled) after it commits."""
    names = _stage_names(unit, year, what, user)
    lines = [_("%(unit)s %(year)s年%(what)s已由%(who)s审核通过，已锁定。") % names]
    if score is not None:
        lines.append(
            _("自评平均得分：%(score)s，等级：%(grade)s") % {"score": score, "grade": grade}
        )
    if reviewed_total is not None:
        lines.append(
            _("复核调整后总分：%(score)s，等级：%(grade)s")
            % {"score": reviewed_total, "grade": reviewed_grade}
        )
    if comment.strip():
        lines.append(_("审核意见：%(text)s") % {"text": comment.strip()})
    return _stage_notices(
        kind=Kind.APPROVE,
        people=permissions.clerks_of(unit),
        unit=unit,
        year=year,
        about=what,
        user=user,
        text="\n".join(lines),
        link=link,
        subject=_("【预算绩效目标管理】%(unit)s %(year)s年%(what)s审核通过") % names,
    )


def _stage_names(unit: Department, year: int, what: str, user) -> dict:
    return {"unit": _unit(unit), "year": year, "what": what, "who": _who(user)}


def _stage_notices(
    *,
    kind: str,
    people,
    unit: Department,
    year: int,
    about: str,
    user,
    text: str,
    link: str,
    subject: str,
) -> list[Notice]:
    """One notice per person but the acting user; the mail after the commit when enabled."""
    recipients = list(people.exclude(pk=getattr(user, "pk", None)))
    if not recipients:
        return []
    notices = Notice.objects.bulk_create(
        Notice(
            recipient=person,
            kind=kind,
            unit=unit,
            year=year,
            about=about,
            text=text,
            link=link,
        )
        for person in recipients
    )
    if settings.NOTICE_EMAIL_ENABLED:
        addresses = [person.email for person in recipients if person.email]
        transaction.on_commit(lambda: _send_mail(subject, _mail_body(text, link), addresses))
    return notices


@transaction.atomic
def mark_read(*, notice: Notice, user) -> Notice:
    """Mark one of the user's own notices read (the view finds it with
    `selectors.own_notice_or_404`; anyone else's is refused)."""
    if notice.recipient_id != getattr(user, "pk", None):
        raise NotAllowed(_("这条通知不是发给您的。"))
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
    return notice


@transaction.atomic
def mark_all_read(*, user) -> int:
    """Mark every unread notice of the user read; how many were unread."""
    return Notice.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def _who(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return _("系统")
    return user.get_full_name() or user.get_username()


def _unit(department: Department) -> str:
    return f"{department.name}（{department.code}）"


def _subject(kind: str, department: Department, year: int) -> str:
    return _("【预算绩效目标管理】%(unit)s %(year)s年绩效目标%(what)s") % {
        "unit": _unit(department),
        "year": year,
        "what": Kind(kind).label,
    }


def _notice_text(
    kind: str, department: Department, year: int, user, action: _Action, opinions
) -> str:
    names = {"unit": _unit(department), "year": year, "who": _who(user)}
    comment = (action.comment or "").strip()
    if kind == Kind.SUBMIT:
        return _("%(unit)s %(year)s年绩效目标已由%(who)s送审，请审核。") % names
    if kind == Kind.WITHDRAW:
        return _("%(unit)s %(year)s年绩效目标已由%(who)s取消送审，暂不需要审核。") % names
    if kind == Kind.APPROVE:
        lines = [_("%(unit)s %(year)s年绩效目标已由%(who)s审核通过，本年度已锁定。") % names]
        if action.grade:
            grade = DepartmentPlan.Grade(action.grade).label
            lines.append(_("审核等级：%(grade)s") % {"grade": grade})
        if comment:
            lines.append(_("审核意见：%(text)s") % {"text": comment})
        return "\n".join(lines)
    if kind == Kind.UNLOCK:
        return "\n".join(
            [
                _("%(unit)s %(year)s年绩效目标已由%(who)s取消审核，退回修改。") % names,
                _("原因：%(text)s") % {"text": comment},
            ]
        )
    lines = [
        _("%(unit)s %(year)s年绩效目标被%(who)s退回，请按意见修改后重新送审。") % names,
        _("审核意见：%(text)s") % {"text": comment},
    ]
    lines.extend(_opinion_lines(opinions))
    return "\n".join(lines)


def _opinion_lines(opinions: Iterable[_Opinion]) -> list[str]:
    """One line per opinion of a return: where (project, row, indicator) and what."""
    opinions = list(opinions)
    ids = {o.project_id for o in opinions if o.project_id is not None}
    names = dict(Project.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    lines = []
    for number, opinion in enumerate(opinions, start=1):
        where = []
        if opinion.project_id is not None:
            where.append(names.get(opinion.project_id, ""))
        else:
            where.append(_("整个单位"))
        if opinion.indicator_order:
            where.append(_("第%(n)s行") % {"n": opinion.indicator_order})
        if opinion.indicator_name:
            where.append(opinion.indicator_name)
        what = opinion.get_code_display()
        if opinion.text:
            what = f"{what}：{opinion.text}"
        lines.append(f"{number}. {' '.join(w for w in where if w)}：{what}")
    return lines


def _link(kind: str, department: Department, year: int) -> str:
    """Where a notice leads: the clerk to the editor of a year to fix, anyone else to the
    department page's review status."""
    if kind in (Kind.RETURN, Kind.UNLOCK):
        return reverse("projects:plan_edit", args=[department.code, year])
    return reverse("projects:department_report", args=[department.code, year]) + "#review-status"


def _mail_body(text: str, link: str) -> str:
    site = settings.NOTICE_SITE_URL.rstrip("/")
    where = _("查看：%(url)s") % {"url": site + link} if site else _("请登录系统查看。")
    return f"{text}\n\n{where}\n"


def _send_mail(subject: str, body: str, addresses: list[str]) -> None:
    """Send one message per address; a failing mail server is logged, never raised."""
    if not addresses:
        return
    try:
        connection = get_connection()
        connection.send_messages(
            [EmailMessage(subject, body, to=[address]) for address in addresses]
        )
    except Exception:  # the transition is saved; mail is a courtesy
        logger.exception("notice e-mail failed", extra={"recipients": len(addresses)})
