"""Forms of the review actions; each validates its own input, services check state and role."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import DepartmentPlan
from web.opinion_rows import style_opinion_row
from workflow.models import OPINION_CODES


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("退回意见"),
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        max_length=5000,
        error_messages={"required": _("退回时必须填写审核意见，说明需要修改的内容。")},
    )


# A return may carry as many typed opinions as the reviewer adds (the 添加意见 button); the
# cap only stops a runaway request, and says so in Chinese.
MAX_OPINIONS = 500


class OpinionForm(forms.Form):
    """One per-row opinion; an empty row of the formset is ignored.

    The project and the indicator row are picked from lists of the plan's projects and their
    rows (`indicator` is `<project id>-<row>`), never typed; the row names the opinion shows
    come from the table, so a typo cannot point an opinion at a row that does not exist.
    """

    project = forms.TypedChoiceField(label=_("项目"), coerce=int, required=False, empty_value=None)
    indicator = forms.ChoiceField(label=_("指标行"), required=False)
    code = forms.TypedChoiceField(
        label=_("意见类型"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("请选择")), *OPINION_CODES],
    )
    text = forms.CharField(label=_("说明"), required=False, max_length=2000)

    def __init__(self, *args, projects=(), rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", _("（整个单位）")), *projects]
        labels = dict(projects)
        self.rows: dict[str, tuple[int, int, str]] = {}
        groups: dict[int, list[tuple[str, str]]] = {}
        for project_id, order, name in rows:
            key = f"{project_id}-{order}"
            self.rows[key] = (project_id, order, name)
            groups.setdefault(project_id, []).append(
                (key, _("第%(n)d行 %(name)s") % {"n": order, "name": name})
            )
        self.fields["indicator"].choices = [
            ("", _("（整个项目）")),
            *((labels.get(pid, pid), options) for pid, options in groups.items()),
        ]
        style_opinion_row(self, project="project", row="indicator", placeholder=_("说明"))

    def clean(self):
        data = super().clean()
        data["indicator_order"], data["indicator_name"] = None, ""
        key = data.get("indicator")
        if key:
            project_id, order, name = self.rows[key]  # the choice field admitted only these
            if data.get("project") not in (None, project_id):
                self.add_error("indicator", _("这一行不属于所选项目，请重新选择项目或指标行。"))
            data["project"], data["indicator_order"], data["indicator_name"] = (
                project_id,
                order,
                name,
            )
        has_content = any(data.get(k) for k in ("project", "indicator", "text"))
        if has_content and not data.get("code"):
            self.add_error("code", _("请选择意见类型（1–11）。"))
        return data


class OpinionFormSetBase(forms.BaseFormSet):
    def __init__(self, *args, projects=(), rows=(), **kwargs):
        self.projects = projects
        self.rows = rows
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "projects": self.projects, "rows": self.rows}


OpinionFormSet = forms.formset_factory(
    OpinionForm,
    formset=OpinionFormSetBase,
    extra=2,
    max_num=MAX_OPINIONS,
    absolute_max=MAX_OPINIONS,
    validate_max=True,
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
