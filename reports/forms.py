"""The batch export form: a year and, optionally, which departments."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from projects.models import Department
from reports.selectors import export_years


class BatchExportForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label=_("预算年度"), coerce=int)
    departments = forms.ModelMultipleChoiceField(
        label=_("预算单位"),
        queryset=Department.objects.order_by("code"),
        to_field_name="code",
        required=False,
        help_text=_("不选则导出该年度全部单位。按住 Ctrl 可多选。"),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [
            (y, gettext("%(year)s年") % {"year": y}) for y in export_years()
        ]

    def department_codes(self) -> list[str]:
        return [d.code for d in self.cleaned_data["departments"]]
