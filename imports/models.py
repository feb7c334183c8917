"""A staged import: the uploaded file kept in the database, what it holds, and its outcome."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """One upload: stored bytes (never a path), the parsed departments, problems and result."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("检查中")  # a large file: the worker runs the dry run
        STAGED = "staged", _("待确认")
        APPLYING = "applying", _("导入中")  # a large file: the worker saves it
        APPLIED = "applied", _("已导入")
        DISCARDED = "discarded", _("已放弃")

    class Policy(models.TextChoices):
        UPDATE = "update", _("已存在的项目：更新")
        SKIP = "skip", _("已存在的项目：跳过")
        ABORT = "abort", _("已存在的项目：中止整个导入")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="import_batches",
        verbose_name=_("上传人"),
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    file_name = models.CharField(_("文件名"), max_length=255)
    content = models.BinaryField(_("文件内容"))
    size = models.PositiveIntegerField(_("文件大小"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    kind = models.CharField(_("文件类型"), max_length=10)
    department_code = models.CharField(_("指定单位编码"), max_length=20, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("指定预算年度"), null=True, blank=True)
    data = models.JSONField(_("读取结果"), default=list)
    problems = models.JSONField(_("读取问题"), default=list)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.STAGED
    )
    policy = models.CharField(_("已存在项目的处理"), max_length=10, choices=Policy.choices,
                              blank=True)  # fmt: skip
    summary = models.JSONField(_("导入结果"), default=dict, blank=True)
    applied_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    # When the worker was last asked to check or save it (检查中 / 导入中).
    queued_at = models.DateTimeField(_("排队时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_status_display()}）"

    @property
    def in_worker(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.APPLYING)

    def looks_stuck(self, now=None) -> bool:
        """In the worker for longer than IMPORT_STALE_MINUTES: a stopped worker, most likely."""
        if not self.in_worker or self.queued_at is None:
            return False
        limit = timedelta(minutes=settings.IMPORT_STALE_MINUTES)
        return (now or timezone.now()) - self.queued_at > limit
