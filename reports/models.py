"""Batch export jobs: what was asked, how far the background task got, where the zip is."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.years import fiscal_year_in_range, fiscal_year_validators
from projects.models import Department
from reports import stages


class ExportJob(models.Model):
    """A batch export of department documents (Word + Excel per department) into one zip."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("正在导出")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("发起人"),
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("预算年度"), validators=fiscal_year_validators()
    )
    # The units asked for; empty means every unit the creator may read.
    department_codes = models.JSONField(_("单位编码"), default=list, blank=True)
    # What is exported: the target tables, or a later stage registered in reports.stages (#18).
    stage = models.CharField(
        _("导出内容"), max_length=20, default="targets", choices=stages.stage_choices
    )
    # Written when the zip is built: the codes in it, and the units asked for that had no
    # document for the year ([code, name] pairs, as named on the job page and in the zip).
    exported = models.JSONField(_("已导出单位"), default=list, blank=True)
    skipped = models.JSONField(_("未导出单位"), default=list, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    done = models.PositiveIntegerField(_("已完成单位数"), default=0)
    total = models.PositiveIntegerField(_("单位总数"), default=0)
    file_name = models.CharField(_("文件名"), max_length=255, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("批量导出任务")
        verbose_name_plural = _("批量导出任务")
        ordering = ["-created_at", "-id"]
        constraints = [fiscal_year_in_range("export_fiscal_year_in_range")]

    def __str__(self) -> str:
        scope = (
            gettext("%(count)s个单位") % {"count": len(self.department_codes)}
            if self.department_codes
            else gettext("全部单位")
        )
        return gettext("%(year)s年 %(scope)s（%(status)s）") % {
            "year": self.fiscal_year,
            "scope": scope,
            "status": self.get_status_display(),
        }

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def unit_codes(self) -> set[str]:
        """The units the job shows: those its zip holds or lists once it is built, before
        that those asked for (none: every unit of the creator, nothing named yet)."""
        if self.exported or self.skipped:
            return {*self.exported, *(code for code, _name in self.skipped)}
        return set(self.department_codes)

    @property
    def skipped_units(self) -> list[str]:
        return [Department.label(code, name) for code, name in self.skipped]

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
