"""Domain errors raised by services; views turn them into messages near the field."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.errors import DomainError, NotAllowed

__all__ = ["ConcurrentEditError", "DomainError", "LockedError", "NotAllowed", "TargetDataError"]


class TargetDataError(DomainError):
    """Data that cannot be saved; `errors` maps a place (项目/行/字段) to messages in Chinese."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("；".join(f"{place}：{'；'.join(msgs)}" for place, msgs in errors.items()))


class ConcurrentEditError(DomainError):
    """Someone else saved the object after the user opened it."""

    def __init__(self, *, current_version: int, expected_version: int):
        self.current_version = current_version
        self.expected_version = expected_version
        super().__init__(
            _(
                "该记录已被他人修改（当前版本 %(current)s，您打开的是版本 %(expected)s），"
                "请刷新页面查看最新内容后再保存。"
            )
            % {"current": current_version, "expected": expected_version}
        )


class LockedError(NotAllowed):
    """The department-year was submitted or approved: its data cannot change now (for anyone,
    system jobs included; `projects.permissions.edit_refusal` answers it)."""

    def __init__(self, plan):
        self.plan = plan
        hint = (
            _("请先取消送审，或等待审核结果。")
            if plan.status == plan.Status.SUBMITTED
            else _("如需修改，请联系审核员取消审核。")
        )
        super().__init__(
            _("%(department)s%(year)s年的绩效目标%(status)s，不能修改。%(hint)s")
            % {
                "department": plan.department,
                "year": plan.fiscal_year,
                "status": plan.get_status_display(),
                "hint": hint,
            }
        )
