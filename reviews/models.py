"""Per-county review settings: thresholds and which rules are on, changeable by an admin."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from reviews.checks import (
    BASIS_ABSENT,
    BASIS_OPTIONAL,
    BASIS_REQUIRED,
    FORM_TRAITS,
    RULES,
    ReviewConfig,
)


class BasisColumn(models.TextChoices):
    """The form's 指标值确定依据 column."""

    REQUIRED = BASIS_REQUIRED, _("有，必填")
    OPTIONAL = BASIS_OPTIONAL, _("有，可不填")
    ABSENT = BASIS_ABSENT, _("表中没有这一列")


def validate_rule_ids(value: object) -> None:
    """Disabled rules are a list of registered rule ids."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("停用规则必须是规则编号列表。"), code="invalid_list")
    unknown = sorted(set(value) - set(RULES))
    if unknown:
        raise ValidationError(
            _("没有这些规则：%(ids)s。") % {"ids": "、".join(unknown)}, code="unknown_rule"
        )


class ReviewSettings(models.Model):
    """Review settings of one scope: a unit's 主管部门, a region (county), or the default.

    The most specific row wins: the unit's own or its parent department's, then its region's,
    then the default row (no region, no department), then the built-in defaults.
    """

    name = models.CharField(_("名称"), max_length=100)
    region_code = models.CharField(
        _("行政区划代码"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", _("行政区划代码是6位数字，例如 130225。"))],
        help_text=_("适用于该区划的所有单位；与“主管部门”二选一，都不填即为默认设置。"),
    )
    department = models.OneToOneField(
        "projects.Department",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="review_settings",
        verbose_name=_("主管部门"),
        help_text=_("适用于该部门及其下属单位。"),
    )
    satisfaction_threshold = models.DecimalField(
        _("满意度最低目标（%）"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(90),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    satisfaction_required = models.BooleanField(_("必须有满意度指标"), default=True)
    weight_total = models.DecimalField(
        _("权重合计"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(100),
        validators=[MinValueValidator(Decimal(1))],
        help_text=_("一般为100；预算执行率另计10分的省份填90。"),
    )
    code_carryover_years = models.PositiveSmallIntegerField(
        _("编码年度允许早于预算年度的年数"),
        default=2,
        help_text=_("跨年结转项目沿用原编码；超过这个年数才提示。"),
    )
    disabled_rules = models.JSONField(
        _("停用的规则"), default=list, blank=True, validators=[validate_rule_ids]
    )
    # The form profile: which form the units of this scope file on (see ReviewConfig).
    basis_column = models.CharField(
        _("指标值确定依据列"),
        max_length=10,
        choices=BasisColumn.choices,
        default=BasisColumn.REQUIRED,
        help_text=_("河北等省的表式有这一列且必填；四川、重庆、内蒙古等省的表式没有这一列。"),
    )
    spending_plan_in_form = models.BooleanField(
        _("表中有资金支出计划"),
        default=True,
        help_text=_("不勾选：不再提示“资金支出计划未填”。"),
    )
    department_goals_in_form = models.BooleanField(
        _("填报部门整体绩效目标"),
        default=True,
        help_text=_("不勾选：不再要求填写部门总体绩效目标（只报项目表的地区）。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("审核设置")
        verbose_name_plural = _("审核设置")
        ordering = ["region_code", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region_code="") | models.Q(department__isnull=True),
                name="review_settings_one_scope",
                violation_error_message=_("行政区划代码和主管部门只能填一个。"),
            ),
            models.UniqueConstraint(
                fields=["region_code"],
                condition=~models.Q(region_code=""),
                name="one_review_settings_per_region",
                violation_error_message=_("该区划已有审核设置。"),
            ),
            models.UniqueConstraint(
                fields=["region_code"],
                condition=models.Q(region_code="", department__isnull=True),
                name="one_default_review_settings",
                violation_error_message=_("已有默认审核设置（不填区划和主管部门的那一条）。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def to_config(self) -> ReviewConfig:
        return ReviewConfig(
            satisfaction_threshold=self.satisfaction_threshold,
            satisfaction_required=self.satisfaction_required,
            weight_total=self.weight_total,
            code_carryover_years=self.code_carryover_years,
            disabled_rules=frozenset(self.disabled_rules),
            basis_column=self.basis_column,
            spending_plan_in_form=self.spending_plan_in_form,
            department_goals_in_form=self.department_goals_in_form,
        )


class PlanForm(models.Model):
    """The form a unit-year's tables were filed on, where it differs from the county's.

    Recorded by an import whose file shows its form (a 90-point header, no 指标值确定依据
    column, no spending plan) or set by an admin. A blank field keeps the county's setting;
    the review of that year runs the checks that fit the form (`ReviewConfig.with_form`).
    """

    plan = models.OneToOneField(
        "projects.DepartmentPlan",
        on_delete=models.CASCADE,
        related_name="review_form",
        verbose_name=_("部门年度"),
    )
    basis_column = models.CharField(
        _("指标值确定依据列"),
        max_length=10,
        choices=BasisColumn.choices,
        blank=True,
        help_text=_("留空：按本县审核设置。"),
    )
    weight_total = models.DecimalField(
        _("权重合计"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(1))],
        help_text=_("表头写“年度绩效目标(90分)”的表式填90；留空：按本县审核设置。"),
    )
    spending_plan_in_form = models.BooleanField(
        _("表中有资金支出计划"), null=True, blank=True, help_text=_("留空：按本县审核设置。")
    )
    department_goals_in_form = models.BooleanField(
        _("填报部门整体绩效目标"), null=True, blank=True, help_text=_("留空：按本县审核设置。")
    )
    source = models.CharField(
        _("来源"), max_length=255, blank=True, help_text=_("例如导入的文件名。")
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("年度表式")
        verbose_name_plural = _("年度表式")

    def __str__(self) -> str:
        return str(self.plan)

    def traits(self) -> dict[str, object]:
        """The fields that are set, as `ReviewConfig.with_form` takes them."""
        values = {name: getattr(self, name) for name in FORM_TRAITS}
        if values["weight_total"] is not None:
            values["weight_total"] = str(values["weight_total"])
        return {name: value for name, value in values.items() if value not in (None, "")}
