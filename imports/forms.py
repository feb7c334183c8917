"""Forms of the import pages: the upload and the confirmation with its policy."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from core.years import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR, fiscal_year_validators
from imports.models import ImportBatch
from imports.safety import MAX_UPLOAD_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("文件"),
        help_text=_(
            "Word（.docx）或 Excel（.xlsx）绩效目标表、批量导入模板，或平面表（.xlsx/.csv），"
            "不超过 5 MB。项目支出绩效自评表（Word或Excel）导入为该年度的绩效自评，"
            "请同时填写单位编码和预算年度。"
        ),
    )
    department_code = forms.CharField(
        label=_("单位编码（可选）"),
        required=False,
        max_length=20,
        validators=[RegexValidator(r"^[0-9A-Za-z]+$", _("单位编码只能包含数字和字母。"))],
        help_text=_("文件中没有单位编码时使用，如 802010。"),
    )
    fiscal_year = forms.IntegerField(
        label=_("预算年度（可选）"),
        required=False,
        validators=fiscal_year_validators(),
        widget=forms.NumberInput(attrs={"min": FIRST_FISCAL_YEAR, "max": LAST_FISCAL_YEAR}),
        help_text=_("文件中没有写明年度时使用。"),
    )

    error_messages = {"too_large": _("文件太大（%(size).1f MB），单个文件不能超过 5 MB。")}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                self.error_messages["too_large"],
                code="too_large",
                params={"size": upload.size / 1024 / 1024},
            )
        return upload


class ConfirmForm(forms.Form):
    policy = forms.ChoiceField(
        label=_("本年度已存在的项目（编码相同，或无编码时名称相同）"),
        choices=ImportBatch.Policy.choices,
        initial=ImportBatch.Policy.UPDATE,
        widget=forms.RadioSelect,
    )
