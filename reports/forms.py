"""The batch export form: a year and, optionally, which units — only what the user may read."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.years import YEAR_RANGE_MESSAGE, fiscal_year_validators
from projects import permissions
from reports import stages
from reports.selectors import export_years
from reports.services import no_units_message, year_without_documents_message


class BatchExportForm(forms.Form):
    fiscal_year = forms.IntegerField(
        label=_("预算年度"),
        widget=forms.Select,
        validators=fiscal_year_validators(),
        error_messages={"required": _("请选择预算年度。"), "invalid": YEAR_RANGE_MESSAGE},
    )
    stage = forms.ChoiceField(
        label=_("导出内容"),
        choices=[],  # set in __init__: target tables and the stages registered (reports.stages)
        initial=stages.TARGETS,
        required=False,  # not sent (older links, scripts): the target tables
        help_text=_("运行监控导出各单位最近一期的监控表；没有该内容的单位列在结果中。"),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("没有这种导出内容，请从列表中选择。")},
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("预算单位"),
        queryset=None,  # the user's units, set in __init__
        to_field_name="code",
        required=False,
        help_text=_("不选则导出该年度全部单位（没有绩效目标的单位列在结果中）。按住 Ctrl 可多选。"),
        widget=forms.SelectMultiple(attrs={"size": 12, "class": "form-select"}),
        # One answer for a unit that does not exist and one that is not the user's.
        error_messages={
            "invalid_choice": _("没有这些单位，或您无权导出：%(value)s。请从列表中选择单位。")
        },
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.years = export_years(user)
        self.fields["fiscal_year"].widget.choices = [
            (year, gettext("%(year)s年") % {"year": year}) for year in self.years
        ]
        self.fields["stage"].choices = stages.stage_choices()
        self.fields["departments"].queryset = permissions.visible_departments(user).order_by("code")

    @cached_property
    def has_units(self) -> bool:
        return self.fields["departments"].queryset.exists()

    def clean_fiscal_year(self) -> int:
        year = self.cleaned_data["fiscal_year"]
        if year not in self.years:
            if not self.has_units:
                raise ValidationError(no_units_message(), code="no_units")
            raise ValidationError(year_without_documents_message(year), code="no_documents")
        return year

    def clean_stage(self) -> str:
        return self.cleaned_data["stage"] or stages.TARGETS

    def department_codes(self) -> list[str]:
        return [d.code for d in self.cleaned_data["departments"]]
