"""In-app notices: what happened to a user's units (submitted, returned, approved, unlocked)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.models import Department


class Notice(models.Model):
    """One message to one user about one department-year, read or not yet."""

    class Kind(models.TextChoices):
        # The review actions' values (workflow.models.ReviewAction.Kind), so a notice names
        # what happened in the workflow's own words.
        SUBMIT = "submit", _("已送审")
        WITHDRAW = "withdraw", _("已取消送审")
        RETURN = "return", _("被退回")
        APPROVE = "approve", _("审核通过")
        UNLOCK = "unlock", _("取消审核")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("接收人"),
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    unit = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="notices", verbose_name=_("预算单位")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    # What of the unit-year the notice is about when it is not the targets: a stage's title
    # (“1–7月运行监控”, “绩效自评”), which the list names and its link says it opens.
    about = models.CharField(_("事项"), max_length=60, blank=True, default="")
    text = models.TextField(_("内容"))
    link = models.CharField(_("链接"), max_length=300)
    created = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created", "-id"]
        indexes = [
            # The nav badge counts a user's unread notices on every page.
            models.Index(fields=["recipient", "read_at"], name="notice_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.get_kind_display()} · {self.unit_id} {self.year}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
