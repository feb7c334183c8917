"""Budget units, their yearly overall goals and their projects (with the spending plan)."""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import validate_clean_text
from core.years import fiscal_year_in_range, fiscal_year_validators
from projects.money import format_exact

PROJECT_CODE_LENGTH = 21
PROJECT_CODE_PATTERN = re.compile(r"[0-9A-Z]{21}")
MONEY = {"max_digits": 16, "decimal_places": 6}  # 万元 exact to 0.000001 万元 = 0.01 元
NON_NEGATIVE = [MinValueValidator(Decimal(0))]


def validate_string_list(value: object) -> None:
    """Ordered text items are a JSON list of non-empty strings the app can print."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("条目必须是文字列表。"), code="invalid_list")
    if any(not item.strip() for item in value):
        raise ValidationError(_("条目不能为空，请删除空白条目或填写内容。"), code="blank_item")
    validate_clean_text(value)


class Department(models.Model):
    """A 预算单位 (budget unit), e.g. 802010 乐亭县大相各庄镇人民政府."""

    code = models.CharField(
        _("单位编码"),
        max_length=20,
        unique=True,
        validators=[RegexValidator(r"^[0-9A-Za-z]+$", _("单位编码只能包含数字和字母。"))],
    )
    name = models.CharField(_("单位名称"), max_length=200, validators=[validate_clean_text])
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("主管部门"),
    )
    region_code = models.CharField(
        _("行政区划代码"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", _("行政区划代码是6位数字，例如 130225。"))],
    )

    history = HistoricalRecords(verbose_name=_("预算单位历史"))

    class Meta:
        verbose_name = _("预算单位")
        verbose_name_plural = _("预算单位")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.label(self.code, self.name)

    @staticmethod
    def label(code: str, name: str) -> str:
        """How a unit is named in lists and choices (also from plain values, no instance)."""
        return f"{code} {name}"

    @property
    def heading(self) -> str:
        """The unit line printed above every table: `802010乐亭县大相各庄镇人民政府`."""
        return f"{self.code}{self.name}"


class DepartmentPlan(models.Model):
    """部门整体绩效目标 of one department for one fiscal year, and the year's review status.

    The plan and all the department's projects of that year are submitted and reviewed
    together, so the status lives here; only `workflow.services` changes it.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("待送审")
        SUBMITTED = "submitted", _("已送审")
        APPROVED = "approved", _("已审核")
        RETURNED = "returned", _("被退回")

    class Grade(models.TextChoices):
        EXCELLENT = "A", _("优")
        GOOD = "B", _("良")
        FAIR = "C", _("中")
        POOR = "D", _("差")

    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="plans", verbose_name=_("预算单位")
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("预算年度"), validators=fiscal_year_validators()
    )
    overall_goal = models.TextField(_("总体绩效目标"), blank=True, validators=[validate_clean_text])
    sub_goals = models.JSONField(
        _("分项绩效目标"), default=list, blank=True, validators=[validate_string_list]
    )
    safeguards = models.JSONField(
        _("工作保障措施"), default=list, blank=True, validators=[validate_string_list]
    )
    status = models.CharField(
        _("审核状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    grade = models.CharField(_("审核等级"), max_length=1, choices=Grade.choices, blank=True)
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("部门整体绩效目标历史"))

    class Meta:
        verbose_name = _("部门整体绩效目标")
        verbose_name_plural = _("部门整体绩效目标")
        ordering = ["department__code", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "fiscal_year"], name="one_plan_per_department_year"
            ),
            fiscal_year_in_range("plan_fiscal_year_in_range"),
        ]

    def __str__(self) -> str:
        return gettext("%(department)s %(year)s年部门整体绩效目标") % {
            "department": self.department,
            "year": self.fiscal_year,
        }

    @property
    def is_editable(self) -> bool:
        """Clerks may change the year's data only while it is a draft or was returned."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.APPROVED


class Project(models.Model):
    """A budget project and the header of its 项目绩效目标表 (amounts in 万元)."""

    class SpendingPlanKind(models.TextChoices):
        AMOUNT = "amount", _("累计金额（万元）")
        PERCENT = "percent", _("累计比例（%）")

    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="projects", verbose_name=_("预算单位")
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("预算年度"), validators=fiscal_year_validators()
    )
    code = models.CharField(
        _("项目编码"),
        max_length=PROJECT_CODE_LENGTH,
        blank=True,
        help_text=_("21位：6位区划码＋2位年度＋字母＋12位。没有编码时留空，不要编造。"),
    )
    name = models.CharField(_("项目名称"), max_length=200, validators=[validate_clean_text])
    frame = models.ForeignKey(
        "indicators.IndicatorFrame",
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("指标体系"),
    )
    budget_total = models.DecimalField(_("预算数"), validators=NON_NEGATIVE, **MONEY)
    fiscal_funds = models.DecimalField(_("其中：财政资金"), validators=NON_NEGATIVE, **MONEY)
    other_funds = models.DecimalField(
        _("其他资金"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY
    )
    purpose = models.TextField(_("资金用途"), blank=True, validators=[validate_clean_text])
    # Cumulative plan; a blank checkpoint stays NULL (printed blank), never 0.
    plan_mar = models.DecimalField(
        _("3月底"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY
    )
    plan_jun = models.DecimalField(
        _("6月底"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY
    )
    plan_oct = models.DecimalField(
        _("10月底"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY
    )
    plan_dec = models.DecimalField(
        _("12月底"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY
    )
    spending_plan_kind = models.CharField(
        _("支出计划口径"),
        max_length=10,
        choices=SpendingPlanKind.choices,
        default=SpendingPlanKind.AMOUNT,
        help_text=_("表头写“资金支出计划（%）”，但很多单位填的是累计金额。"),
    )
    goals = models.JSONField(
        _("绩效目标"), default=list, blank=True, validators=[validate_string_list]
    )
    display_order = models.PositiveIntegerField(_("排列顺序"), default=0)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("项目历史"))

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["department__code", "fiscal_year", "display_order", "id"]
        indexes = [models.Index(fields=["department", "fiscal_year", "display_order"])]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "code"],
                condition=~models.Q(code=""),
                name="unique_project_code_per_year",
                violation_error_message=_("本年度已有相同项目编码的项目。"),
            ),
            models.CheckConstraint(
                condition=models.Q(budget_total__gte=0) & models.Q(fiscal_funds__gte=0),
                name="project_amounts_not_negative",
            ),
            fiscal_year_in_range("project_fiscal_year_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.code or gettext('（无编码）')} {self.name}"

    @property
    def spending_plan(self) -> tuple[Decimal | None, ...]:
        return (self.plan_mar, self.plan_jun, self.plan_oct, self.plan_dec)

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.code:
            self.code = self.code.strip().upper()
            if len(self.code) != PROJECT_CODE_LENGTH:
                errors.setdefault("code", []).append(
                    _("项目编码应为21位，现在是%(n)d位，请核对后重新填写。") % {"n": len(self.code)}
                )
            elif not PROJECT_CODE_PATTERN.fullmatch(self.code):
                errors.setdefault("code", []).append(
                    _("项目编码只能包含数字和大写字母，请删除空格、横线等其他字符。")
                )
        if self.budget_total is not None and self.fiscal_funds is not None:
            funds = self.fiscal_funds + (self.other_funds or Decimal(0))
            if funds != self.budget_total:
                errors.setdefault("budget_total", []).append(
                    _(
                        "预算数（%(total)s）应等于财政资金与其他资金之和（%(funds)s），"
                        "请修改预算数或资金来源。"
                    )
                    % {"total": format_exact(self.budget_total), "funds": format_exact(funds)}
                )
        if errors:
            raise ValidationError(errors)

    def code_prefix_warning(self) -> str:
        """Warn (never block) when the code's region/year prefix differs from unit and year.

        Real codes carry over years (`13022522…` in 2023), so this is only a hint.
        """
        if len(self.code) != PROJECT_CODE_LENGTH:
            return ""
        region, year = self.code[:6], self.code[6:8]
        notes = []
        if self.department.region_code and region != self.department.region_code:
            notes.append(
                _("区划码%(code)s与单位区划%(unit)s不同")
                % {
                    "code": region,
                    "unit": self.department.region_code,
                }
            )
        if year != f"{self.fiscal_year % 100:02d}":
            notes.append(
                _("年度位“%(code)s”与预算年度%(year)d不同（跨年结转项目属正常）")
                % {
                    "code": year,
                    "year": self.fiscal_year,
                }
            )
        return "；".join(str(n) for n in notes)
