"""The review trail: every workflow action with who, when, comment, grade and opinions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.models import DepartmentPlan
from reviews.checks.base import OPINIONS

# The 11 standard opinions have one home, the review rules' vocabulary.
OPINION_CODES = list(OPINIONS.items())


class ReviewAction(models.Model):
    """One transition of a department-year: 送审, 取消送审, 退回, 审核通过, 取消审核."""

    class Kind(models.TextChoices):
        SUBMIT = "submit", _("送审")
        WITHDRAW = "withdraw", _("取消送审")
        RETURN = "return", _("退回")
        APPROVE = "approve", _("审核通过")
        UNLOCK = "unlock", _("取消审核")

    plan = models.ForeignKey(
        DepartmentPlan, on_delete=models.CASCADE, related_name="actions", verbose_name=_("部门年度")
    )
    kind = models.CharField(_("操作"), max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_actions",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    from_status = models.CharField(
        _("原状态"), max_length=10, choices=DepartmentPlan.Status.choices
    )
    to_status = models.CharField(_("新状态"), max_length=10, choices=DepartmentPlan.Status.choices)
    comment = models.TextField(_("意见"), blank=True)
    grade = models.CharField(
        _("审核等级"), max_length=1, choices=DepartmentPlan.Grade.choices, blank=True
    )

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["plan", "at", "id"]

    def __str__(self) -> str:
        return f"{self.plan} · {self.get_kind_display()} · {self.actor}"


class ReviewOpinion(models.Model):
    """A per-row opinion attached to a return, from the 11 standard opinion codes."""

    action = models.ForeignKey(
        ReviewAction, on_delete=models.CASCADE, related_name="opinions", verbose_name=_("审核记录")
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_opinions",
        verbose_name=_("项目"),
    )
    indicator_order = models.PositiveIntegerField(_("指标行号"), null=True, blank=True)
    indicator_name = models.CharField(_("三级指标"), max_length=200, blank=True)
    code = models.PositiveSmallIntegerField(_("意见类型"), choices=OPINION_CODES)
    text = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("审核意见")
        verbose_name_plural = _("审核意见")
        ordering = ["action", "project_id", "indicator_order", "id"]

    def __str__(self) -> str:
        return f"{self.get_code_display()} {self.indicator_name}".strip()
