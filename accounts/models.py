"""Roles and scopes: which departments a user may see and what they may do there."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLERK = "clerk", _("填报员")
    REVIEWER = "reviewer", _("审核员")
    AUDITOR = "auditor", _("审计")
    ADMIN = "admin", _("管理员")


class UserProfile(models.Model):
    """A user's role and scope. Clerks edit their departments; reviewers read their county."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("用户"),
    )
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices, default=Role.CLERK)
    departments = models.ManyToManyField(
        "projects.Department",
        blank=True,
        related_name="assigned_profiles",
        verbose_name=_("负责的预算单位"),
        help_text=_("填报员：可编辑的单位；审核员：除所属县外另外可审核的单位。"),
    )
    region_code = models.CharField(
        _("所属县（区划代码）"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", _("行政区划代码是6位数字，例如 130225。"))],
        help_text=_("审核员可审核该区划内的全部单位。"),
    )

    class Meta:
        verbose_name = _("用户角色")
        verbose_name_plural = _("用户角色")

    def __str__(self) -> str:
        return f"{self.user.get_username()} · {self.get_role_display()}"
