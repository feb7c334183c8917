"""The change history of a project and its indicators, as field-level changes people can read.

Rows come from django-simple-history; each historical record is compared with the previous one
of the same object, so a change reads "指标值 由 ≥90 改为 ≥95，张三，2026-03-02 10:15".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import pairwise

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import FrameLevel1, FrameLevel2, Indicator
from projects.models import DepartmentPlan, Project
from projects.money import format_exact
from projects.numbering import numbered

# Bookkeeping and parts derived from 指标值 (the verbatim value already shows the change).
HIDDEN_FIELDS = {
    "id", "version", "updated_at", "created_at", "comparator", "value_number", "value_unit",
    "value_text", "project", "department", "frame", "status_changed_at",
}  # fmt: skip
KIND_LABELS = {"+": gettext_lazy("新增"), "~": gettext_lazy("修改"), "-": gettext_lazy("删除")}


@dataclass(frozen=True)
class Change:
    """One field of one object changed by one user at one time."""

    at: datetime
    user: str
    op: str  # simple-history's type: + (新增), ~ (修改), - (删除)
    subject: str  # 项目 / 第3行指标“人员满意度” / 部门整体绩效目标
    field: str
    old: str
    new: str

    @property
    def kind(self) -> str:
        return str(KIND_LABELS[self.op])

    @property
    def sentence(self) -> str:
        when = timezone.localtime(self.at).strftime("%Y-%m-%d %H:%M")
        if self.op != "~":
            return _("%(kind)s%(subject)s，%(user)s，%(when)s") % {
                "kind": self.kind,
                "subject": self.subject,
                "user": self.user,
                "when": when,
            }
        return _("%(subject)s %(field)s 由 %(old)s 改为 %(new)s，%(user)s，%(when)s") % {
            "subject": self.subject,
            "field": self.field,
            "old": self.old or _("（空）"),
            "new": self.new or _("（空）"),
            "user": self.user,
            "when": when,
        }


def _user(record) -> str:
    user = record.history_user
    if user is None:
        return _("系统")
    return user.get_full_name() or user.get_username()


class _Printer:
    """Turns stored values into the text a person recognises (names, 万元, choices)."""

    def __init__(self, model) -> None:
        self.model = model
        self.level1 = dict(FrameLevel1.objects.values_list("id", "name"))
        self.level2 = dict(FrameLevel2.objects.values_list("id", "name"))

    def label(self, field: str) -> str:
        return str(self.model._meta.get_field(field).verbose_name)

    def text(self, field: str, value) -> str:
        if value is None:
            return ""
        if field == "level1":
            return self.level1.get(value, str(value))
        if field == "level2":
            return self.level2.get(value, str(value))
        if isinstance(value, Decimal):
            return format_exact(value)
        if isinstance(value, list):
            return "；".join(numbered(value))
        choices = dict(self.model._meta.get_field(field).flatchoices)
        return str(choices.get(value, value))


def _changes(records: list, subject_of, printer: _Printer) -> Iterable[Change]:
    """Field changes between consecutive records of each object (records oldest first)."""
    by_object: dict[int, list] = {}
    for record in records:
        by_object.setdefault(record.id, []).append(record)
    for versions in by_object.values():
        first = versions[0]
        if first.history_type == "+":
            yield Change(first.history_date, _user(first), "+", subject_of(first), "", "", "")
        for before, after in pairwise(versions):
            if after.history_type == "-":
                yield Change(after.history_date, _user(after), "-", subject_of(before), "", "", "")
                continue
            for change in after.diff_against(before).changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                yield Change(
                    after.history_date,
                    _user(after),
                    "~",
                    subject_of(after),
                    printer.label(change.field),
                    printer.text(change.field, change.old),
                    printer.text(change.field, change.new),
                )
        if len(versions) == 1 and first.history_type == "-":
            yield Change(first.history_date, _user(first), "-", subject_of(first), "", "", "")


def _indicator_subject(record) -> str:
    return _("第%(n)s行指标“%(name)s”") % {"n": record.order, "name": record.name}


def project_changes(project: Project) -> list[Change]:
    """Every change of the project and its indicators (deleted rows included), newest first."""
    project_records = list(
        Project.history.filter(id=project.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    indicator_records = list(
        Indicator.history.filter(project_id=project.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    changes = [
        *_changes(project_records, lambda r: _("项目"), _Printer(Project)),
        *_changes(indicator_records, _indicator_subject, _Printer(Indicator)),
    ]
    return sorted(changes, key=lambda c: c.at, reverse=True)


def plan_changes(plan: DepartmentPlan) -> list[Change]:
    """Every change of a department's overall goals and review status, newest first."""
    records = list(
        DepartmentPlan.history.filter(id=plan.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    changes = _changes(records, lambda r: _("部门整体绩效目标"), _Printer(DepartmentPlan))
    return sorted(changes, key=lambda c: c.at, reverse=True)


def history_headers() -> tuple[str, ...]:
    """Column headings of the .xlsx export of a history."""
    return (_("时间"), _("用户"), _("操作"), _("对象"), _("字段"), _("原值"), _("新值"))


def history_rows(changes: list[Change]) -> list[tuple[str, ...]]:
    """Rows for the .xlsx export of a history."""
    return [
        (
            timezone.localtime(c.at).strftime("%Y-%m-%d %H:%M:%S"),
            c.user,
            c.kind,
            c.subject,
            c.field,
            c.old,
            c.new,
        )
        for c in changes
    ]
