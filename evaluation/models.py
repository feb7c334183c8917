"""In-year monitoring (运行监控) and the year-end self-evaluation (绩效自评) of approved targets.

Both reference the approved rows — the Project for 年初预算数 and the Indicator for its 年度指标值
— and never copy them: approved targets are locked, and a change goes through a budget
adjustment, so what a monitoring row shows is what was approved. Each has its own review
status; only `evaluation.services` changes it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import validate_clean_text
from core.years import fiscal_year_validators
from evaluation import scoring
from indicators import values
from projects.models import MONEY, NON_NEGATIVE
from reviews.checks.base import OPINIONS

SCORE = {"max_digits": 6, "decimal_places": 2}
SCORE_RANGE = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class Status(models.TextChoices):
    DRAFT = "draft", _("待送审")
    SUBMITTED = "submitted", _("已送审")
    RETURNED = "returned", _("被退回")
    APPROVED = "approved", _("已审核")


class Stage(models.Model):
    """What a monitoring round and a self-evaluation share: unit, year, review status."""

    department = models.ForeignKey(
        "projects.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("预算单位"),
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("预算年度"), validators=fiscal_year_validators()
    )
    status = models.CharField(
        _("审核状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.RETURNED)


class MonitoringRound(Stage):
    """项目支出绩效目标执行监控 of one unit and year for the period 1–N月."""

    period_end_month = models.PositiveSmallIntegerField(
        _("监控截止月份"),
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("监控时间段为1月至该月，例如7表示1–7月。"),
    )
    history = HistoricalRecords(verbose_name=_("运行监控历史"))

    class Meta:
        verbose_name = _("运行监控")
        verbose_name_plural = _("运行监控")
        ordering = ["department__code", "-fiscal_year", "-period_end_month"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "fiscal_year", "period_end_month"],
                name="one_monitoring_round_per_period",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end_month__gte=1, period_end_month__lte=12),
                name="monitoring_month_1_to_12",
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(unit)s %(year)s年%(period)s运行监控") % {
            "unit": self.department,
            "year": self.fiscal_year,
            "period": self.period_label,
        }

    @property
    def period_label(self) -> str:
        return period_label(self.period_end_month)


def period_label(month: int) -> str:
    """`1–7月`, or `1月` for January alone."""
    return "1月" if month == 1 else f"1–{month}月"


class MonitoredProject(models.Model):
    """One approved project's money and goal in a monitoring round (万元)."""

    round = models.ForeignKey(
        MonitoringRound, on_delete=models.CASCADE, related_name="projects", verbose_name=_("监控")
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="+", verbose_name=_("项目")
    )
    order = models.PositiveIntegerField(_("顺序"), default=0)
    adjusted_budget = models.DecimalField(
        _("调整后预算数"),
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text=_("未调整时留空，按年初预算数计算。"),
        **MONEY,
    )
    executed = models.DecimalField(
        _("执行数"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY
    )
    projected = models.DecimalField(
        _("全年预计执行数"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY
    )
    goal_progress = models.TextField(
        _("总体目标执行情况"), blank=True, validators=[validate_clean_text]
    )
    lag_reason = models.TextField(
        _("执行进度偏慢原因"), blank=True, validators=[validate_clean_text]
    )
    remainder_plan = models.TextField(
        _("预计结余资金的处理"), blank=True, validators=[validate_clean_text]
    )
    history = HistoricalRecords(verbose_name=_("运行监控项目历史"))

    class Meta:
        verbose_name = _("运行监控项目")
        verbose_name_plural = _("运行监控项目")
        ordering = ["round", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "project"], name="one_row_per_round_project")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.project.name}"


class MonitoredIndicator(models.Model):
    """One approved indicator's progress in a monitoring round."""

    class Likelihood(models.TextChoices):
        CERTAIN = "certain", _("确定能")
        POSSIBLE = "possible", _("有可能")
        IMPOSSIBLE = "impossible", _("完全不可能")

    class Cause(models.TextChoices):
        FUNDS = "funds", _("经费保障")
        RULES = "rules", _("制度保障")
        STAFF = "staff", _("人员保障")
        FACILITIES = "facilities", _("硬件条件保障")
        OTHER = "other", _("其他")

    entry = models.ForeignKey(
        MonitoredProject, on_delete=models.CASCADE, related_name="rows", verbose_name=_("项目")
    )
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="+", verbose_name=_("指标")
    )
    progress = models.CharField(
        _("完成情况"), max_length=200, blank=True, validators=[validate_clean_text]
    )
    projected = models.CharField(
        _("全年预计完成情况"), max_length=200, blank=True, validators=[validate_clean_text]
    )
    likelihood = models.CharField(
        _("完成目标可能性"), max_length=10, choices=Likelihood.choices, blank=True
    )
    cause = models.CharField(_("偏差原因"), max_length=10, choices=Cause.choices, blank=True)
    cause_text = models.TextField(_("偏差原因说明"), blank=True, validators=[validate_clean_text])
    measures = models.TextField(_("纠偏措施"), blank=True, validators=[validate_clean_text])
    history = HistoricalRecords(verbose_name=_("运行监控指标历史"))

    class Meta:
        verbose_name = _("运行监控指标")
        verbose_name_plural = _("运行监控指标")
        ordering = ["entry", "indicator__order", "indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "indicator"], name="one_row_per_monitored_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry} · {self.indicator.name}"


class SelfEvaluation(Stage):
    """项目支出绩效自评 of one unit and year (all its approved projects)."""

    scheme = models.CharField(
        _("评分方案"),
        max_length=20,
        choices=[(code, s.label) for code, s in scoring.SCHEMES.items()],
        default=scoring.STANDARD.code,
    )
    reviewed_total = models.DecimalField(
        _("复核调整后总分"), null=True, blank=True, validators=SCORE_RANGE, **SCORE
    )
    history = HistoricalRecords(verbose_name=_("绩效自评历史"))

    class Meta:
        verbose_name = _("绩效自评")
        verbose_name_plural = _("绩效自评")
        ordering = ["department__code", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "fiscal_year"], name="one_self_evaluation_per_year"
            )
        ]

    def __str__(self) -> str:
        return gettext("%(unit)s %(year)s年绩效自评") % {
            "unit": self.department,
            "year": self.fiscal_year,
        }


class EvaluatedProject(models.Model):
    """One approved project's funds, result and confirmed funds score in the self-evaluation."""

    evaluation = models.ForeignKey(
        SelfEvaluation, on_delete=models.CASCADE, related_name="projects", verbose_name=_("自评")
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="+", verbose_name=_("项目")
    )
    order = models.PositiveIntegerField(_("顺序"), default=0)
    annual_budget = models.DecimalField(
        _("全年预算数"),
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text=_("未调整时留空，按年初预算数计算。"),
        **MONEY,
    )
    executed = models.DecimalField(
        _("全年执行数"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY
    )
    funds_score = models.DecimalField(
        _("预算执行得分"), null=True, blank=True, validators=SCORE_RANGE, **SCORE
    )
    funds_score_reason = models.TextField(
        _("改分理由"), blank=True, validators=[validate_clean_text]
    )
    actual_summary = models.TextField(
        _("实际完成情况"), blank=True, validators=[validate_clean_text]
    )
    history = HistoricalRecords(verbose_name=_("绩效自评项目历史"))

    class Meta:
        verbose_name = _("绩效自评项目")
        verbose_name_plural = _("绩效自评项目")
        ordering = ["evaluation", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "project"], name="one_row_per_evaluation_project"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} · {self.project.name}"


class EvaluatedIndicator(models.Model):
    """One approved indicator's 实际完成值 and confirmed 得分 (blank: the app's proposal)."""

    class Achievement(models.TextChoices):
        ACHIEVED = scoring.ACHIEVED, _("达成")
        PARTLY = scoring.PARTLY, _("部分达成")
        NOT_ACHIEVED = scoring.NOT_ACHIEVED, _("未达成")

    entry = models.ForeignKey(
        EvaluatedProject, on_delete=models.CASCADE, related_name="rows", verbose_name=_("项目")
    )
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="+", verbose_name=_("指标")
    )
    actual_raw = models.CharField(
        _("实际完成值"),
        max_length=200,
        blank=True,
        help_text=_("按填报原样保存。"),
        validators=[validate_clean_text],
    )
    actual_number = models.DecimalField(
        _("实际完成数值"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    actual_unit = models.CharField(_("实际完成值单位"), max_length=30, blank=True)
    achievement = models.CharField(
        _("达成情况"), max_length=12, choices=Achievement.choices, blank=True
    )
    score = models.DecimalField(_("得分"), null=True, blank=True, validators=SCORE_RANGE, **SCORE)
    score_reason = models.TextField(_("改分理由"), blank=True, validators=[validate_clean_text])
    deviation = models.TextField(
        _("偏差原因分析及改进措施"), blank=True, validators=[validate_clean_text]
    )
    history = HistoricalRecords(verbose_name=_("绩效自评指标历史"))

    class Meta:
        verbose_name = _("绩效自评指标")
        verbose_name_plural = _("绩效自评指标")
        ordering = ["entry", "indicator__order", "indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "indicator"], name="one_row_per_evaluated_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry} · {self.indicator.name}"

    def set_actual(self, raw: str) -> values.ParsedValue:
        """Store the actual as typed and its parsed number and unit together."""
        parsed = values.parse_value(raw)
        self.actual_raw = parsed.raw
        self.actual_number = parsed.number
        self.actual_unit = parsed.unit
        return parsed


class StageActionManager(models.Manager):
    """A stage's trail is read with its return opinions: one more query when it has actions,
    none when it has none (the stage page's history and panel show them; decision 022)."""

    def get_queryset(self):
        return super().get_queryset().prefetch_related("opinions")


class StageAction(models.Model):
    """One review transition of a monitoring round or a self-evaluation (the audit trail)."""

    class Kind(models.TextChoices):
        SUBMIT = "submit", _("送审")
        RETURN = "return", _("退回")
        APPROVE = "approve", _("审核通过")

    monitoring = models.ForeignKey(
        MonitoringRound,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("运行监控"),
    )
    evaluation = models.ForeignKey(
        SelfEvaluation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("绩效自评"),
    )
    kind = models.CharField(_("操作"), max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    from_status = models.CharField(_("原状态"), max_length=10, choices=Status.choices)
    to_status = models.CharField(_("新状态"), max_length=10, choices=Status.choices)
    comment = models.TextField(_("意见"), blank=True)

    objects = StageActionManager()

    class Meta:
        verbose_name = _("监控与自评审核记录")
        verbose_name_plural = _("监控与自评审核记录")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(monitoring__isnull=True, evaluation__isnull=False)
                | models.Q(monitoring__isnull=False, evaluation__isnull=True),
                name="stage_action_of_one_stage",
            )
        ]

    def __str__(self) -> str:
        return f"{self.monitoring or self.evaluation} · {self.get_kind_display()}"

    @property
    def opinion_groups(self) -> list[tuple[str, int | None, list[StageOpinion]]]:
        """The opinions by project in the order they were given: (project name, entry id,
        opinions); read from the prefetched opinions, no query."""
        groups: dict[tuple[str, int | None], list[StageOpinion]] = {}
        for opinion in self.opinions.all():
            groups.setdefault((opinion.project_name, opinion.entry_id), []).append(opinion)
        return [(name, entry, items) for (name, entry), items in groups.items()]


# --- opinions on a return ---

# The fields an opinion may name, per stage: (the project's, a row's). The names are the
# pages' form fields, which are also the names the checks' findings carry.
OPINION_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "monitoring": (
        (
            "adjusted_budget",
            "executed",
            "projected",
            "goal_progress",
            "lag_reason",
            "remainder_plan",
        ),
        ("progress", "projected", "likelihood", "cause", "cause_text", "measures"),
    ),
    "evaluation": (
        ("annual_budget", "executed", "funds_score", "funds_score_reason", "actual_summary"),
        ("actual", "achievement", "score", "score_reason", "deviation"),
    ),
}
_MODEL_FIELD = {"actual": "actual_raw"}  # a form field stored under another name


def opinion_field_label(stage: str, field: str, *, row: bool) -> str:
    """The Chinese label of a field an opinion names (its model's verbose name)."""
    model = {
        ("monitoring", False): MonitoredProject,
        ("monitoring", True): MonitoredIndicator,
        ("evaluation", False): EvaluatedProject,
        ("evaluation", True): EvaluatedIndicator,
    }[(stage, row)]
    return str(model._meta.get_field(_MODEL_FIELD.get(field, field)).verbose_name)


# The 11 standard opinions have one home, the review rules' vocabulary (as for the targets).
OPINION_CODES = list(OPINIONS.items())


class StageOpinion(models.Model):
    """One opinion of a 退回 of a monitoring round or a self-evaluation: at a project, optionally
    at one of its indicator rows and a field, with a standard opinion and/or free text.

    The labels (project, row number and 三级 name, field) are copied when the opinion is
    written, so the trail still reads if a row is later removed (its link is then cleared).
    """

    action = models.ForeignKey(
        StageAction, on_delete=models.CASCADE, related_name="opinions", verbose_name=_("审核记录")
    )
    monitored_project = models.ForeignKey(
        MonitoredProject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("运行监控项目"),
    )
    monitored_row = models.ForeignKey(
        MonitoredIndicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("运行监控指标"),
    )
    evaluated_project = models.ForeignKey(
        EvaluatedProject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("绩效自评项目"),
    )
    evaluated_row = models.ForeignKey(
        EvaluatedIndicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("绩效自评指标"),
    )
    field = models.CharField(_("栏目"), max_length=40, blank=True)
    code = models.PositiveSmallIntegerField(
        _("标准意见"), null=True, blank=True, choices=OPINION_CODES
    )
    text = models.TextField(_("说明"), blank=True, validators=[validate_clean_text])
    project_name = models.CharField(_("项目名称"), max_length=300)
    row_number = models.PositiveIntegerField(_("指标行号"), null=True, blank=True)
    row_name = models.CharField(_("三级指标"), max_length=200, blank=True)
    field_label = models.CharField(_("栏目名称"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("监控与自评审核意见")
        verbose_name_plural = _("监控与自评审核意见")
        ordering = ["action", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(monitored_project__isnull=True)
                | models.Q(evaluated_project__isnull=True),
                name="stage_opinion_of_one_stage",
            ),
            models.CheckConstraint(
                condition=models.Q(monitored_row__isnull=True)
                | models.Q(evaluated_row__isnull=True),
                name="stage_opinion_row_of_one_stage",
            ),
        ]

    def __str__(self) -> str:
        return " ".join(p for p in (self.place, self.what) if p)

    @property
    def entry_id(self) -> int | None:
        return self.monitored_project_id or self.evaluated_project_id

    @property
    def row_id(self) -> int | None:
        return self.monitored_row_id or self.evaluated_row_id

    @property
    def anchor(self) -> str:
        """The id of the stage page's element the opinion is about (`row-…`, `project-…`)."""
        if self.row_id:
            return f"row-{self.row_id}"
        return f"project-{self.entry_id}" if self.entry_id else ""

    @property
    def place(self) -> str:
        """Where, below the project: `第2行“受益人数”` and the field's label."""
        parts = []
        if self.row_number:
            row = gettext("第%(n)s行") % {"n": self.row_number}
            parts.append(f"{row}“{self.row_name}”" if self.row_name else row)
        if self.field_label:
            parts.append(self.field_label)
        return " ".join(parts)

    @property
    def what(self) -> str:
        """The standard opinion and the text: `2.指标不够细化、量化 — 请补充…`."""
        standard = f"{self.code}.{self.get_code_display()}" if self.code else ""
        return " — ".join(p for p in (standard, self.text) if p)

    def clean(self):
        """Each opinion sits at a project of its action's stage, a row of that project and a
        field the page shows (the stage's own project or row fields)."""
        errors = {}
        action = self.action
        if action.kind != StageAction.Kind.RETURN:
            errors["action"] = gettext("审核意见只能随退回一起填写。")
        stage_kind = "monitoring" if action.monitoring_id else "evaluation"
        if stage_kind == "monitoring":
            entry, row, other = self.monitored_project, self.monitored_row, self.evaluated_project
            entry_stage = entry and entry.round_id
            stage_id = action.monitoring_id
        else:
            entry, row, other = self.evaluated_project, self.evaluated_row, self.monitored_project
            entry_stage = entry and entry.evaluation_id
            stage_id = action.evaluation_id
        if entry is None or other is not None or (self.monitored_row and self.evaluated_row):
            errors["field"] = gettext("每条意见都要选择本表中的一个项目，请重新选择。")
        elif entry_stage != stage_id:
            errors["field"] = gettext(
                "意见所指的项目“%(name)s”不属于这张表，请刷新页面后重新选择项目。"
            ) % {"name": entry.project.name if entry.project_id else ""}
        elif row is not None and row.entry_id != entry.pk:
            errors["field"] = gettext(
                "意见所指的指标行不属于所选项目“%(name)s”，请重新选择项目或指标行。"
            ) % {"name": self.project_name}
        elif self.field:
            project_fields, row_fields = OPINION_FIELDS[stage_kind]
            if self.field not in (row_fields if row is not None else project_fields):
                if self.field in row_fields:
                    errors["field"] = gettext("所选栏目属于指标行，请同时选择指标行。")
                elif self.field in project_fields:
                    errors["field"] = gettext(
                        "所选栏目属于项目本身，不属于指标行：请不选指标行，或改选指标行的栏目。"
                    )
                else:
                    errors["field"] = gettext("所选栏目不存在，请重新选择。")
        if not self.code and not (self.text or "").strip():
            errors["text"] = gettext("请选择标准意见或写明需要修改的内容。")
        if errors:
            raise ValidationError(errors)
