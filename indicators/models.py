"""Indicator frames (一级 → 二级 trees) and the indicator rows of a project's target table."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import validate_clean_text
from core.years import fiscal_year_in_range, fiscal_year_validators
from indicators import values


class IndicatorFrame(models.Model):
    """A 指标体系: the official tree of 一级 and 二级 indicator categories."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    is_default = models.BooleanField(
        _("默认体系"), default=False, help_text=_("没有为地区和年度指定体系时使用。")
    )

    class Meta:
        verbose_name = _("指标体系")
        verbose_name_plural = _("指标体系")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_indicator_frame",
            )
        ]

    def __str__(self) -> str:
        return self.name


class FrameLevel1(models.Model):
    """一级指标 of a frame (产出指标, 效益指标, …)."""

    frame = models.ForeignKey(
        IndicatorFrame, on_delete=models.CASCADE, related_name="level1s", verbose_name=_("指标体系")
    )
    name = models.CharField(_("一级指标"), max_length=50)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    # Printed on every table that uses the level: a rename must reach cached documents.
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("一级指标")
        verbose_name_plural = _("一级指标")
        ordering = ["frame", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["frame", "name"], name="unique_level1_per_frame")
        ]

    def __str__(self) -> str:
        return f"{self.frame.name} · {self.name}"


class FrameLevel2(models.Model):
    """二级指标, always under one 一级 of one frame."""

    level1 = models.ForeignKey(
        FrameLevel1, on_delete=models.CASCADE, related_name="level2s", verbose_name=_("一级指标")
    )
    name = models.CharField(_("二级指标"), max_length=50)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("二级指标")
        verbose_name_plural = _("二级指标")
        ordering = ["level1", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["level1", "name"], name="unique_level2_per_level1")
        ]

    def __str__(self) -> str:
        return f"{self.level1.name} · {self.name}"


class FrameAdoption(models.Model):
    """Which frame a region uses in a fiscal year (each region-year uses exactly one)."""

    region_code = models.CharField(_("行政区划代码"), max_length=6)
    fiscal_year = models.PositiveSmallIntegerField(
        _("预算年度"), validators=fiscal_year_validators()
    )
    frame = models.ForeignKey(
        IndicatorFrame,
        on_delete=models.PROTECT,
        related_name="adoptions",
        verbose_name=_("指标体系"),
    )

    class Meta:
        verbose_name = _("指标体系适用范围")
        verbose_name_plural = _("指标体系适用范围")
        ordering = ["region_code", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "fiscal_year"], name="one_frame_per_region_year"
            ),
            fiscal_year_in_range("adoption_fiscal_year_in_range"),
        ]

    def __str__(self) -> str:
        return gettext("%(region)s %(year)s年 · %(frame)s") % {
            "region": self.region_code,
            "year": self.fiscal_year,
            "frame": self.frame.name,
        }


class Indicator(models.Model):
    """One row of the indicator tree: 一级 / 二级 / 三级, description, value and its basis."""

    class Direction(models.TextChoices):
        POSITIVE = "positive", _("正向")
        NEGATIVE = "negative", _("反向")
        NEUTRAL = "neutral", _("中性")

    class Comparator(models.TextChoices):
        NONE = "", _("未填")
        GE = values.GE, "≥"
        GT = values.GT, "＞"
        EQ = values.EQ, "＝"
        LT = values.LT, "＜"
        LE = values.LE, "≤"
        QUALITATIVE = values.QUALITATIVE, _("定性")

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("项目"),
    )
    order = models.PositiveIntegerField(_("顺序"), default=0)
    level1 = models.ForeignKey(
        FrameLevel1, on_delete=models.PROTECT, related_name="+", verbose_name=_("一级指标")
    )
    level2 = models.ForeignKey(
        FrameLevel2, on_delete=models.PROTECT, related_name="+", verbose_name=_("二级指标")
    )
    name = models.CharField(_("三级指标"), max_length=200, validators=[validate_clean_text])
    description = models.TextField(_("绩效指标描述"), blank=True, validators=[validate_clean_text])
    value_raw = models.CharField(
        _("指标值"),
        max_length=200,
        blank=True,
        help_text=_("按填报原样保存。"),
        validators=[validate_clean_text],
    )
    comparator = models.CharField(
        _("计算符号"), max_length=4, choices=Comparator.choices, blank=True
    )
    value_number = models.DecimalField(
        _("指标数值"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    value_unit = models.CharField(
        _("计量单位"), max_length=30, blank=True, validators=[validate_clean_text]
    )
    value_text = models.CharField(
        _("定性指标值"), max_length=200, blank=True, validators=[validate_clean_text]
    )
    basis = models.TextField(_("指标值确定依据"), blank=True, validators=[validate_clean_text])
    weight = models.DecimalField(
        _("权重"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    direction = models.CharField(
        _("指标方向"), max_length=10, choices=Direction.choices, blank=True
    )
    history = HistoricalRecords(verbose_name=_("绩效指标历史"))

    class Meta:
        verbose_name = _("绩效指标")
        verbose_name_plural = _("绩效指标")
        ordering = ["project", "order", "id"]
        indexes = [models.Index(fields=["project", "order"])]

    def __str__(self) -> str:
        return f"{self.level1.name} / {self.level2.name} / {self.name}"

    def set_value(self, raw: str) -> values.ParsedValue:
        """Store the value as typed and its parsed parts together, so they never disagree."""
        parsed = values.parse_value(raw)
        self.value_raw = parsed.raw
        self.comparator = parsed.comparator
        self.value_number = parsed.number
        self.value_unit = parsed.unit
        self.value_text = parsed.text
        return parsed

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.level2_id and self.level1_id and self.level2.level1_id != self.level1_id:
            errors["level2"] = _(
                "二级指标“%(level2)s”不属于一级指标“%(level1)s”，请重新选择二级指标。"
            ) % {
                "level2": self.level2.name,
                "level1": self.level1.name,
            }
        frame_id = getattr(self.project, "frame_id", None) if self.project_id else None
        if frame_id and self.level1_id and self.level1.frame_id != frame_id:
            errors["level1"] = _(
                "一级指标“%(level1)s”不属于本项目所用的指标体系，请从本年度的指标体系中选择。"
            ) % {"level1": self.level1.name}
        if errors:
            raise ValidationError(errors)


class LibraryIndicator(models.Model):
    """A common 三级 indicator offered as a suggestion while typing (managed in the admin).

    Stored by 一级/二级 *names*, not frame rows: the same common indicators serve every frame
    whose categories carry those names.
    """

    level1 = models.CharField(_("一级指标"), max_length=50)
    level2 = models.CharField(_("二级指标"), max_length=50)
    name = models.CharField(_("三级指标"), max_length=200)
    description = models.TextField(_("绩效指标描述"), blank=True)
    value_example = models.CharField(
        _("指标值示例"), max_length=200, blank=True, help_text=_("如 ≥95%，选用后可修改。")
    )
    basis = models.CharField(_("指标值确定依据"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("常用指标")
        verbose_name_plural = _("常用指标库")
        ordering = ["level1", "level2", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["level1", "level2", "name"], name="unique_library_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.level1} / {self.level2} / {self.name}"
