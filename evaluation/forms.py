"""Forms of the monitoring and self-evaluation pages: one small form per project and per row.

Each form is prefixed by its stored id (`p12-executed`, `r40-progress`), so a page of many
projects posts flat fields and each error lands next to its field. The forms only read what
was typed; the services judge it (model validation) and the checks say what is missing.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluation.models import EvaluatedIndicator, MonitoredIndicator
from evaluation.sheets import EvaluationProject, EvaluationRow, MonitoringProject, MonitoringRow

MONEY_FIELD = {
    "required": False,
    "max_digits": 16,
    "decimal_places": 6,
    "min_value": Decimal(0),
    "error_messages": {
        "invalid": _("请填写数字（单位：万元），例如 12.5；不要带单位或文字。"),
        "min_value": _("金额不能为负数，请填写0或正数。"),
        "max_decimal_places": _("金额最多保留6位小数（精确到0.01元），请删去多余的小数位。"),
    },
}
SCORE_FIELD = {
    "required": False,
    "max_digits": 5,
    "decimal_places": 2,
    "min_value": Decimal(0),
    "max_value": Decimal(100),
    "error_messages": {
        "invalid": _("请填写数字分数，例如 8.5。"),
        "min_value": _("分数不能为负数，请填写0到100之间的分数。"),
        "max_value": _("分数不能超过100，请填写0到100之间的分数。"),
        "max_decimal_places": _("分数最多保留2位小数，请删去多余的小数位。"),
        "max_digits": _("分数不能超过100，请填写0到100之间的分数。"),
    },
}


def _text(label, rows: int = 2) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}))


def _line(label) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=200)


def _choices(choices) -> list:
    return [("", _("请选择")), *choices]


def shown(value):
    """A stored value as the form shows it: an amount without trailing zeros (8, not
    8.000000), exact to the last digit stored; anything else as it is."""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return value


def _initial(source, names) -> dict:
    """The stored values as the form shows them (`shown`)."""
    return {name: shown(getattr(source, name)) for name in names}


class Styled(forms.Form):
    """Bootstrap's small controls on every field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            css = "form-select form-select-sm" if select else "form-control form-control-sm"
            field.widget.attrs["class"] = css


class MonitoredProjectForm(Styled):
    adjusted_budget = forms.DecimalField(label=_("调整后预算数"), **MONEY_FIELD)
    executed = forms.DecimalField(label=_("执行数"), **MONEY_FIELD)
    projected = forms.DecimalField(label=_("全年预计执行数"), **MONEY_FIELD)
    goal_progress = _text(_("总体目标执行情况"))
    lag_reason = _text(_("执行进度偏慢原因"))
    remainder_plan = _text(_("预计结余资金的处理"))

    @classmethod
    def of(cls, project: MonitoringProject, data=None) -> MonitoredProjectForm:
        initial = _initial(project, cls.base_fields)
        return cls(data, initial=initial, prefix=f"p{project.entry_id}")


class MonitoredRowForm(Styled):
    progress = _line(_("完成情况"))
    projected = _line(_("全年预计完成情况"))
    likelihood = forms.ChoiceField(
        label=_("完成目标可能性"),
        required=False,
        choices=_choices(MonitoredIndicator.Likelihood.choices),
    )
    cause = forms.ChoiceField(
        label=_("偏差原因"), required=False, choices=_choices(MonitoredIndicator.Cause.choices)
    )
    cause_text = _text(_("偏差原因说明"), 1)
    measures = _text(_("纠偏措施"), 1)

    @classmethod
    def of(cls, row: MonitoringRow, data=None) -> MonitoredRowForm:
        initial = _initial(row, cls.base_fields)
        return cls(data, initial=initial, prefix=f"r{row.row_id}")


class EvaluatedProjectForm(Styled):
    annual_budget = forms.DecimalField(label=_("全年预算数"), **MONEY_FIELD)
    executed = forms.DecimalField(label=_("全年执行数"), **MONEY_FIELD)
    funds_score = forms.DecimalField(label=_("预算执行得分"), **SCORE_FIELD)
    funds_score_reason = _text(_("改分理由"), 1)
    actual_summary = _text(_("实际完成情况"))

    @classmethod
    def of(cls, project: EvaluationProject, data=None) -> EvaluatedProjectForm:
        initial = _initial(project, cls.base_fields)
        return cls(data, initial=initial, prefix=f"p{project.entry_id}")


class EvaluatedRowForm(Styled):
    actual = _line(_("实际完成值"))
    achievement = forms.ChoiceField(
        label=_("达成情况"),
        required=False,
        choices=_choices(EvaluatedIndicator.Achievement.choices),
    )
    score = forms.DecimalField(label=_("得分"), **SCORE_FIELD)
    score_reason = _text(_("改分理由"), 1)
    deviation = _text(_("偏差原因分析及改进措施"), 1)

    @classmethod
    def of(cls, row: EvaluationRow, data=None) -> EvaluatedRowForm:
        initial = _initial(row, cls.base_fields)
        return cls(data, initial=initial, prefix=f"r{row.row_id}")


def apply(form: forms.Form, target) -> None:
    """Copy a valid form's values onto its sheet project or row."""
    for name, value in form.cleaned_data.items():
        setattr(
            target, name, "" if value is None and isinstance(getattr(target, name), str) else value
        )


class OpenMonitoringForm(Styled):
    period_end_month = forms.TypedChoiceField(
        label=_("监控时间段"),
        coerce=int,
        choices=lambda: [(m, _("1–%(m)s月") % {"m": m}) for m in range(1, 13)],
        initial=7,
    )


class ReviewForm(Styled):
    comment = forms.CharField(
        label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reviewed_total = forms.DecimalField(label=_("复核调整后总分"), **SCORE_FIELD)
