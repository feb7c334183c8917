"""Forms of a stage's 退回 page: the comment and the typed opinions (project, row, field,
standard opinion, text). Each opinion's project, row and field are picked from lists of the
stage's own, never typed; the service and the model still judge them (a page opened before the
rows changed)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from evaluation.models import OPINION_CODES, OPINION_FIELDS, opinion_field_label
from web.inputs import input_html
from web.opinion_rows import style_opinion_row

# A return may carry as many typed opinions as the reviewer adds; the cap only stops a
# runaway request.
MAX_OPINIONS = 500


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("退回意见"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


def field_choices(stage_kind: str) -> list:
    """The fields an opinion may name, as two groups (the project's, a row's); the values
    say which (`p:executed`, `r:progress`), since a project and a row may share a name."""
    project_fields, row_fields = OPINION_FIELDS[stage_kind]
    return [
        ("", _("（不指定栏目）")),
        (
            _("项目的栏目"),
            [(f"p:{f}", opinion_field_label(stage_kind, f, row=False)) for f in project_fields],
        ),
        (
            _("指标行的栏目"),
            [(f"r:{f}", opinion_field_label(stage_kind, f, row=True)) for f in row_fields],
        ),
    ]


@dataclass(frozen=True)
class OpinionChoices:
    """The pickers' lists of one page, built once and shared by every opinion row."""

    projects: list
    rows: list  # grouped under the projects' labels
    row_places: dict[str, tuple[int, int]]  # row id → (entry id, row id)
    fields: list

    @classmethod
    def of(cls, projects, rows, stage_kind: str) -> OpinionChoices:
        """`projects` is [(entry id, label)], `rows` is [(entry id, row id, number, 三级)]."""
        labels = dict(projects)
        places: dict[str, tuple[int, int]] = {}
        groups: dict[int, list[tuple[str, str]]] = {}
        row_label = str(_("第%(n)d行 %(name)s"))
        for entry_id, row_id, number, name in rows:
            places[str(row_id)] = (entry_id, row_id)
            groups.setdefault(entry_id, []).append(
                (str(row_id), row_label % {"n": number, "name": name})
            )
        return cls(
            projects=[("", _("请选择项目")), *projects],
            rows=[
                ("", _("（整个项目）")),
                *((labels.get(entry, entry), options) for entry, options in groups.items()),
            ],
            row_places=places,
            fields=field_choices(stage_kind),
        )


class StageOpinionForm(forms.Form):
    """One typed opinion; a row of the formset left empty is ignored.

    The row list is grouped under the projects' labels (static/js/return-page.js shows only
    the chosen project's group and picks the project of a chosen row).
    """

    project = forms.TypedChoiceField(label=_("项目"), coerce=int, required=False, empty_value=None)
    row = forms.ChoiceField(label=_("指标行"), required=False)
    field = forms.ChoiceField(label=_("栏目"), required=False)
    code = forms.TypedChoiceField(
        label=_("标准意见"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("（不选）")), *OPINION_CODES],
    )
    text = forms.CharField(label=_("说明"), required=False, max_length=2000)

    def __init__(self, *args, choices: OpinionChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_places = choices.row_places
        self.fields["project"].choices = choices.projects
        self.fields["row"].choices = choices.rows
        self.fields["field"].choices = choices.fields
        style_opinion_row(self, project="project", row="row", placeholder=_("需要修改的内容"))

    def clean(self):
        data = super().clean()
        data["entry_id"], data["row_id"], data["field_name"] = data.get("project"), None, ""
        key = data.get("row")
        if key:
            entry_id, row_id = self.row_places[key]  # the choice field admitted only these
            if data.get("project") not in (None, entry_id):
                self.add_error("row", _("这一行不属于所选项目，请重新选择项目或指标行。"))
            data["entry_id"], data["row_id"] = entry_id, row_id
        chosen = data.get("field") or ""
        if chosen:
            part, name = chosen.split(":", 1)
            if part == "r" and not key:
                self.add_error("field", _("所选栏目属于指标行，请同时选择指标行。"))
            elif part == "p" and key:
                self.add_error(
                    "field", _("所选栏目属于项目本身：请不选指标行，或改选指标行的栏目。")
                )
            data["field_name"] = name
        has_content = any(data.get(k) for k in ("project", "row", "field", "code", "text"))
        if has_content and data["entry_id"] is None:
            self.add_error("project", _("请选择这条意见所指的项目。"))
        if has_content and not data.get("code") and not (data.get("text") or "").strip():
            self.add_error("text", _("请选择标准意见或写明需要修改的内容。"))
        data["filled"] = has_content
        return data

    def cells(self) -> list[tuple[SafeString, list[str]]]:
        """Each field's control and its errors: the controls written by `web.inputs` (the
        row list repeats every row of the table in each opinion row; Django's widget templates
        took most of the page's time)."""
        return [
            (input_html(self[name]), self.errors.get(name, []) if self.is_bound else [])
            for name in self.fields
        ]


class StageOpinionFormSetBase(forms.BaseFormSet):
    def __init__(self, *args, choices: OpinionChoices, **kwargs):
        self.choices = choices
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "choices": self.choices}


StageOpinionFormSet = forms.formset_factory(
    StageOpinionForm,
    formset=StageOpinionFormSetBase,
    extra=2,
    max_num=MAX_OPINIONS,
    absolute_max=MAX_OPINIONS,
    validate_max=True,
)
