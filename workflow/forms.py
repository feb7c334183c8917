"""Forms of the review actions; each validates its own input, services check state and role."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import DepartmentPlan
from workflow.models import OPINION_CODES


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("退回意见"),
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        max_length=5000,
        error_messages={"required": _("退回时必须填写审核意见，说明需要修改的内容。")},
    )


class OpinionForm(forms.Form):
    """One per-row opinion; an empty row of the formset is ignored."""

    project = forms.TypedChoiceField(label=_("项目"), coerce=int, required=False, empty_value=None)
    indicator_order = forms.IntegerField(
        label=_("指标行号"), required=False, min_value=1, max_value=10000
    )
    indicator_name = forms.CharField(label=_("三级指标"), required=False, max_length=200)
    code = forms.TypedChoiceField(
        label=_("意见类型"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—"), *OPINION_CODES],
    )
    text = forms.CharField(label=_("说明"), required=False, max_length=2000)

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", _("（整个单位）")), *projects]
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = f"{css} form-control-sm"

    def clean(self):
        data = super().clean()
        has_content = any(
            data.get(k) for k in ("project", "indicator_order", "indicator_name", "text")
        )
        if has_content and not data.get("code"):
            self.add_error("code", _("请选择意见类型（1–11）。"))
        return data


class OpinionFormSetBase(forms.BaseFormSet):
    def __init__(self, *args, projects=(), **kwargs):
        self.projects = projects
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "projects": self.projects}


OpinionFormSet = forms.formset_factory(
    OpinionForm, formset=OpinionFormSetBase, extra=3, max_num=200, validate_max=True
)


class ApproveForm(forms.Form):
    grade = forms.ChoiceField(
        label=_("审核等级"),
        required=False,
        choices=[("", _("（不评级）")), *DepartmentPlan.Grade.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    comment = forms.CharField(
        label=_("审核意见"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
    )


class UnlockForm(forms.Form):
    reason = forms.CharField(
        label=_("取消审核的原因"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
        error_messages={"required": _("取消审核时必须说明原因，请填写后再提交。")},
    )
