"""Edit forms of the department plan and of one project's 绩效目标表 (header + indicator rows).

Forms check what a clerk can fix while typing (sums, the spending plan, required parts, the
frame); `projects.form_tables` turns their clean data into a TargetTable and back, and the
service then saves it in one transaction. The spending-plan rules live here, not in the
model: imported real data may break them and must still be storable.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.params import record_id
from indicators.models import Indicator
from indicators.selectors import FrameIndex
from indicators.values import KNOWN_UNITS, format_value, parse_decimal
from projects.models import PROJECT_CODE_LENGTH, PROJECT_CODE_PATTERN, Project
from projects.money import format_exact
from projects.targets import CHECKPOINT_LABELS, IndicatorRow
from web.choices import FixedChoices

CHECKPOINT_FIELDS = ("plan_mar", "plan_jun", "plan_oct", "plan_dec")
HUNDRED = Decimal(100)
COMPARATOR_CHOICES = [
    ("", _("（不用）")),
    ("ge", "≥"),
    ("gt", "＞"),
    ("eq", "＝"),
    ("lt", "＜"),
    ("le", "≤"),
]


DIRECTION_CHOICES = (("", _("（未填）")), *Indicator.Direction.choices)


def _money_field(label: str, *, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_digits=16,
        decimal_places=6,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control money"}),
        error_messages={
            "invalid": _("请填写数字（万元），例如 8.5 或 330.984。"),
            "min_value": _("金额不能为负数。"),
            "max_decimal_places": _("金额最多精确到分：万元后最多6位小数。"),
            "max_digits": _("金额太大，请核对单位是否为万元。"),
            "max_whole_digits": _("金额太大，请核对单位是否为万元。"),
            "required": _("请填写金额（万元），没有时填 0。"),
        },
    )


def _copied(obj):
    """A new object of obj's class holding a copy of its attribute dict."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    return new


class RowFieldCopy:
    """Every row form deep-copies its ~12 declared fields, and Django's `__deepcopy__` does it
    through `copy.copy`'s generic reduce protocol for each field and widget: ~1.5 ms of the
    editor (decision 018). This copy makes the same new objects Django's does — field, widget,
    the widget's attrs, error_messages, validators, a choice field's choices on the field and
    its widget — from the instances' dicts, so no mutable object is shared between forms; the
    immutable rest (label, lazy texts, limits) is shared, as Django shares it too."""

    def __deepcopy__(self, memo):
        result = _copied(self)
        memo[id(self)] = result
        result.widget = _copied(self.widget)
        result.widget.attrs = self.widget.attrs.copy()
        result.error_messages = self.error_messages.copy()
        result.validators = self.validators[:]
        if isinstance(self, forms.ChoiceField):
            # The setter gives the field and its widget each a new list of a list (fixed
            # choices are shared as they are: nothing can change them).
            result.choices = self.choices
        return result


class RowChoiceField(RowFieldCopy, forms.ChoiceField):
    pass


class RowCharField(RowFieldCopy, forms.CharField):
    pass


class RowDecimalField(RowFieldCopy, forms.DecimalField):
    pass


class FrameLevel2Field(RowFieldCopy, forms.ChoiceField):
    """二级: the select lists the 二级 of the row's 一级 (set per form, a few names), while any
    二级 of the frame is a valid choice (`names`, an immutable set per page), so the form's
    clean() can say which 一级 a mismatched one belongs under."""

    names: frozenset[str] = frozenset()

    def valid_value(self, value) -> bool:
        return value in self.names


class WeightField(RowFieldCopy, forms.DecimalField):
    """权重 as the clerk types it: `10`, `１０` or `10%` (sheets often write the percent sign)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().rstrip("%％").strip()
            parsed = parse_decimal(value)
            value = parsed if parsed is not None else value
        return super().to_python(value)


T = TypeVar("T")


def grouped_by_level1(items: list[T], level1_of: Callable[[T], str]) -> list[T]:
    """`items` with the rows of each 一级 together: groups in the order their 一级 first
    appears, rows within a group in their given order (a stable regrouping). A row added at
    the bottom thus joins its 一级's rows instead of splitting the table's merged cell."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(level1_of(item), []).append(item)
    return [item for group in groups.values() for item in group]


def split_level1s(level1s: list[str]) -> list[str]:
    """The 一级 whose rows are not all together in `level1s` (in order of first appearance)."""
    seen: list[str] = []
    split: list[str] = []
    for level1 in level1s:
        if seen and level1 != seen[-1] and level1 in seen and level1 not in split:
            split.append(level1)
        seen.append(level1)
    return split


def lines(text: str) -> list[str]:
    """The non-blank lines of a text box, stripped (goals are one per line)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class MarkInvalidMixin:
    """Add Bootstrap's `is-invalid` to widgets with errors, so styling and focus find them."""

    def full_clean(self):
        super().full_clean()
        hidden = False
        for name in self.errors:
            if name in self.fields:
                # Each form has its own copy of its fields (Django deep-copies them per form).
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                hidden = hidden or self.fields[name].widget.is_hidden
        if hidden:
            # Nobody sees a hidden field's error (version): say it where the page lists errors.
            self.add_error(
                None,
                ValidationError(
                    _("页面数据无效（可能已过期或被改动），请重新打开本页，再填写并保存。"),
                    code="hidden_field",
                ),
            )


class ProjectForm(MarkInvalidMixin, forms.Form):
    """The header of a 项目绩效目标表: code, name, amounts, purpose, spending plan and goals."""

    code = forms.CharField(
        label=_("项目编码"),
        required=False,
        max_length=40,
        help_text=_("21位：6位区划码＋2位年度＋字母＋12位。没有编码时留空，不要编造。"),
        widget=forms.TextInput(
            attrs={"class": "form-control font-monospace", "spellcheck": "false"}
        ),
    )
    name = forms.CharField(
        label=_("项目名称"),
        max_length=200,
        error_messages={"required": _("请填写项目名称。")},
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    budget_total = _money_field(_("预算数"), required=True)
    fiscal_funds = _money_field(_("其中：财政资金"), required=True)
    other_funds = _money_field(_("其他资金"))
    purpose = forms.CharField(
        label=_("资金用途"),
        error_messages={"required": _("请填写资金用途。")},
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
    spending_plan_kind = forms.ChoiceField(
        label=_("支出计划口径"),
        choices=Project.SpendingPlanKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    plan_mar = _money_field(CHECKPOINT_LABELS[0])
    plan_jun = _money_field(CHECKPOINT_LABELS[1])
    plan_oct = _money_field(CHECKPOINT_LABELS[2])
    plan_dec = _money_field(CHECKPOINT_LABELS[3])
    goals = forms.CharField(
        label=_("绩效目标"),
        help_text=_("每行一条，表中自动编号（1. 2. …）。"),
        error_messages={"required": _("请至少填写一条绩效目标。")},
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, fiscal_year: int, project_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fiscal_year = fiscal_year
        self.project_id = project_id

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split()).upper()
        if not code:
            return ""
        if len(code) != PROJECT_CODE_LENGTH:
            raise ValidationError(
                _("项目编码应为21位，现在是%(n)d位，请核对后重新填写；没有编码时请留空。"),
                code="code_length",
                params={"n": len(code)},
            )
        if not PROJECT_CODE_PATTERN.fullmatch(code):
            raise ValidationError(
                _("项目编码只能包含数字和大写字母，请删除横线等其他字符。"), code="code_chars"
            )
        taken = Project.objects.filter(fiscal_year=self.fiscal_year, code=code)
        if self.project_id:
            taken = taken.exclude(pk=self.project_id)
        other = taken.select_related("department").first()
        if other is not None:
            raise ValidationError(
                _("%(year)d年已有项目使用该编码（%(unit)s：%(name)s），同一年度编码不能重复。"),
                code="code_taken",
                params={"year": self.fiscal_year, "unit": other.department, "name": other.name},
            )
        return code

    def clean_goals(self) -> list[str]:
        goals = lines(self.cleaned_data["goals"])
        if not goals:
            raise ValidationError(_("请至少填写一条绩效目标。"), code="required")
        return goals

    def clean(self):
        data = super().clean()
        self._check_sum(data)
        self._check_spending_plan(data)
        return data

    def _check_sum(self, data: dict) -> None:
        total, fiscal = data.get("budget_total"), data.get("fiscal_funds")
        if total is None or fiscal is None or "other_funds" in self.errors:
            return
        funds = fiscal + (data.get("other_funds") or Decimal(0))
        if funds != total:
            self.add_error(
                "budget_total",
                ValidationError(
                    _(
                        "预算数（%(total)s）应等于财政资金与其他资金之和（%(funds)s），"
                        "请修改预算数或资金来源。"
                    ),
                    code="sum",
                    params={"total": format_exact(total), "funds": format_exact(funds)},
                ),
            )

    def _check_spending_plan(self, data: dict) -> None:
        """Cumulative: never decreasing, never above the target, last filled equals the target."""
        if any(f in self.errors for f in CHECKPOINT_FIELDS):
            return
        percent = data.get("spending_plan_kind") == Project.SpendingPlanKind.PERCENT
        target = HUNDRED if percent else data.get("budget_total")
        filled = [
            (f, label, data.get(f))
            for f, label in zip(CHECKPOINT_FIELDS, CHECKPOINT_LABELS, strict=True)
        ]
        filled = [(f, label, v) for f, label, v in filled if v is not None]
        if not filled:
            self.add_error(
                "plan_dec",
                ValidationError(_("请填写12月底的累计支出计划。"), code="plan_required"),
            )
            return
        if target is None:
            return
        what = _("100%") if percent else _("预算数 %(t)s") % {"t": format_exact(target)}
        previous = None
        for field, label, value in filled:
            if value > target:
                self.add_error(field, self._plan_error("plan_over", label, value, what))
            elif previous is not None and value < previous[2]:
                self.add_error(
                    field,
                    ValidationError(
                        _(
                            "%(label)s累计计划（%(value)s）小于%(before)s（%(prev)s）。"
                            "支出计划是累计数，只能增加不能减少，请改为不小于%(prev)s。"
                        ),
                        code="plan_decreasing",
                        params={
                            "label": label,
                            "value": format_exact(value),
                            "before": previous[1],
                            "prev": format_exact(previous[2]),
                        },
                    ),
                )
            previous = (field, label, value)
        field, label, value = filled[-1]
        if value != target and field not in self.errors:
            self.add_error(field, self._plan_error("plan_end", label, value, what))

    @staticmethod
    def _plan_error(code: str, label: str, value: Decimal, what: str) -> ValidationError:
        messages = {
            "plan_over": _("%(label)s累计计划（%(value)s）超过了%(what)s，请改为不超过%(what)s。"),
            "plan_end": _(
                "最后填写的节点%(label)s（%(value)s）应等于%(what)s：全年计划累计到年底应支出完毕。"
            ),
        }
        return ValidationError(
            messages[code],
            code=code,
            params={"label": label, "value": format_exact(value), "what": what},
        )

    def spending_plan(self) -> tuple[Decimal | None, ...]:
        return tuple(self.cleaned_data.get(f) for f in CHECKPOINT_FIELDS)


LevelChoices = tuple[FixedChoices, frozenset[str]]


class IndicatorForm(MarkInvalidMixin, forms.Form):
    """One indicator row; 二级 must belong to 一级 in the year's frame."""

    # 一级 and 二级 choices are set per form from the frame (`level_choices`).
    level1 = RowChoiceField(
        label=_("一级指标"),
        choices=FixedChoices(()),
        error_messages={"required": _("请选择一级指标。")},
        widget=forms.Select(attrs={"class": "form-select form-select-sm level1"}),
    )
    level2 = FrameLevel2Field(
        label=_("二级指标"),
        choices=FixedChoices(()),
        error_messages={"required": _("请选择二级指标。")},
        widget=forms.Select(attrs={"class": "form-select form-select-sm level2"}),
    )
    name = RowCharField(
        label=_("三级指标"),
        max_length=200,
        error_messages={"required": _("请填写三级指标名称，可从建议中选择。")},
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm indicator-name"}),
    )
    description = RowCharField(
        label=_("绩效指标描述"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    value = RowCharField(
        label=_("指标值"),
        required=False,
        max_length=200,
        strip=False,
        help_text=_("可直接输入（如 ≥95%），或用下方的符号、数值、单位组合。"),
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm indicator-value"}),
    )
    comparator = RowChoiceField(
        label=_("计算符号"),
        required=False,
        choices=FixedChoices(COMPARATOR_CHOICES),
        widget=forms.Select(attrs={"class": "form-select form-select-sm value-comparator"}),
    )
    number = RowDecimalField(
        label=_("数值"),
        required=False,
        max_digits=20,
        decimal_places=6,
        error_messages={"invalid": _("请填写数字，例如 95 或 8.5。")},
        widget=forms.TextInput(
            attrs={"class": "form-control form-control-sm value-number", "inputmode": "decimal"}
        ),
    )
    unit = RowCharField(
        label=_("计量单位"),
        required=False,
        max_length=30,
        widget=forms.TextInput(
            attrs={"class": "form-control form-control-sm value-unit", "list": "known-units"}
        ),
    )
    basis = RowCharField(
        label=_("指标值确定依据"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    # Optional: many counties weigh rows (the review checks the total); blank means unweighted.
    # Limits follow Indicator.weight (max_digits=7, decimal_places=2).
    weight = WeightField(
        label=_("权重"),
        required=False,
        min_value=Decimal(0),
        max_digits=7,
        decimal_places=2,
        error_messages={
            "invalid": _("权重请填写数字，例如 10 或 12.5；不设权重时留空。"),
            "min_value": _("权重不能为负数，请填写 0 或正数；不设权重时留空。"),
            "max_decimal_places": _("权重最多保留2位小数，例如 12.5 或 33.33。"),
            "max_digits": _("权重太大：最多5位整数，请核对。"),
            "max_whole_digits": _("权重太大：最多5位整数，请核对。"),
        },
        widget=forms.TextInput(
            attrs={"class": "form-control form-control-sm indicator-weight", "inputmode": "decimal"}
        ),
    )
    direction = RowChoiceField(
        label=_("指标方向"),
        required=False,
        choices=FixedChoices(DIRECTION_CHOICES),
        error_messages={"invalid_choice": _("指标方向只能选择正向、反向或中性，不填时留空。")},
        widget=forms.Select(attrs={"class": "form-select form-select-sm indicator-direction"}),
    )

    # The stored row this one is (hidden): a renamed row then stays the same row in the
    # history. The service only matches ids of this project's rows, so a forged id is ignored.
    indicator_id = RowCharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args, frame: FrameIndex, level_choices: LevelChoices | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.frame = frame
        level1, level2_names = level_choices or self.level_choices(frame)
        self.fields["level1"].choices = level1
        self.fields["level2"].names = level2_names
        self._narrow_level2()

    def _narrow_level2(self) -> None:
        """The 二级 select offers the 二级 of the row's 一级 (and the row's own 二级, so a
        mismatch stays visible next to its error), as the page's script narrows it on load
        and whenever 一级 changes; the field still accepts every 二级 of the frame and says
        which 一级 a wrong one belongs under. A frame lists ~200 二级 names, and writing them
        all into every row was most of the editor's time (decision 018)."""
        level1, level2 = self["level1"].value(), self["level2"].value()
        names = list(self.frame.tree.get(level1, ())) if level1 else []
        if level2 and level2 not in names and level2 in self.fields["level2"].names:
            names.append(level2)
        self.fields["level2"].choices = FixedChoices(
            (("", _("请选择")), *((name, name) for name in names))
        )

    @staticmethod
    def level_choices(frame: FrameIndex) -> LevelChoices:
        """The 一级 choices and the set of 二级 names of the frame (a formset reads them once;
        both immutable, so every row form may hold them)."""
        return FixedChoices((("", _("请选择")), *frame.level1_choices)), frozenset(
            name for name, _label in frame.level2_choices
        )

    def has_changed(self) -> bool:
        # Moving a new, still blank row around is not typing in it.
        return any(name not in ("ORDER", "DELETE") for name in self.changed_data)

    def clean(self):
        data = super().clean()
        level1, level2 = data.get("level1"), data.get("level2")
        if level1 and level2 and (level1, level2) not in self.frame.level2s:
            self.add_error(
                "level2",
                ValidationError(
                    _("二级指标“%(l2)s”不属于一级指标“%(l1)s”，请从：%(options)s 中选择。"),
                    code="level2_mismatch",
                    params={
                        "l2": level2,
                        "l1": level1,
                        "options": "、".join(self.frame.level2_names(level1)),
                    },
                ),
            )
        if not data.get("value", "").strip() and data.get("number") is not None:
            # Typed as parts only: compose the printed value from them.
            data["value"] = format_value(data.get("comparator", ""), data["number"], data["unit"])
        if not data.get("value", "").strip() and not self.errors:
            self.add_error(
                "value",
                ValidationError(
                    _("请填写指标值：定量指标如 ≥95%，定性指标写达到的效果。"), code="required"
                ),
            )
        return data

    def row(self) -> IndicatorRow:
        data = self.cleaned_data
        stored_id = data.get("indicator_id", "").strip()
        return IndicatorRow(
            indicator_id=record_id(stored_id),
            level1=data["level1"],
            level2=data["level2"],
            name=data["name"].strip(),
            description=data["description"].strip(),
            value=data["value"].strip(),
            basis=data["basis"].strip(),
            weight=data.get("weight"),
            direction=data.get("direction", ""),
        )


class BaseIndicatorFormSet(forms.BaseFormSet):
    """Indicator rows in the order the clerk arranged them; 一级 rows are kept together."""

    def __init__(self, *args, frame: FrameIndex, **kwargs):
        self.frame = frame
        self.level_choices = self.form.level_choices(frame)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {
            **super().get_form_kwargs(index),
            "frame": self.frame,
            "level_choices": self.level_choices,
        }

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            frame=self.frame,
            level_choices=self.level_choices,
            renderer=self.renderer,
        )
        self.add_fields(form, None)
        return form

    # The 一级 whose rows were not together as submitted and were put together (for a note).
    regrouped: list[str] = []

    def kept_forms(self) -> list[IndicatorForm]:
        """Forms not marked for deletion and not left blank, in the submitted order, except
        that the rows of one 一级 are put together (a table merges its 一级 cells): where a
        一级 first appears, in their submitted order (see `grouped_by_level1`)."""
        ordered = list(self.ordered_forms)
        return grouped_by_level1(ordered, lambda form: form.cleaned_data.get("level1", ""))

    def clean(self):
        # A broken management form (tampered row count) is already a non-form error, and
        # without it Django refuses to order the rows.
        if any(self.errors) or not self.management_form.is_valid():
            return
        submitted = list(self.ordered_forms)
        if not submitted:
            raise ValidationError(_("请至少填写一行绩效指标。"), code="no_rows")
        self.regrouped = split_level1s([form.cleaned_data["level1"] for form in submitted])

    def rows(self) -> list[IndicatorRow]:
        return [form.row() for form in self.kept_forms()]


IndicatorFormSet = forms.formset_factory(
    IndicatorForm,
    formset=BaseIndicatorFormSet,
    extra=0,
    can_order=True,
    can_delete=True,
)


# Generous bounds for typed text (real goals run to a few hundred characters); they keep a
# pasted document or a hostile post out of the database and the exports.
PLAN_TEXT_LIMIT = 5000
PLAN_ITEM_LIMIT = 1000


class DepartmentPlanForm(MarkInvalidMixin, forms.Form):
    """部门整体绩效目标: one paragraph plus two ordered lists of items."""

    overall_goal = forms.CharField(
        label=_("总体绩效目标"),
        max_length=PLAN_TEXT_LIMIT,
        error_messages={
            "required": _("请填写总体绩效目标。"),
            "max_length": _("总体绩效目标最多%(limit_value)d字，现在是%(show_value)d字，请精简。"),
        },
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    ITEM_LABELS = {"sub_goals": _("分项绩效目标"), "safeguards": _("工作保障措施")}

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.items = {
            "sub_goals": self._posted_items(data, "sub_goals"),
            "safeguards": self._posted_items(data, "safeguards"),
        }

    @staticmethod
    def _posted_items(data, name: str) -> list[str] | None:
        if data is None:
            return None
        return [item.strip() for item in data.getlist(name) if item.strip()]

    def clean(self):
        data = super().clean()
        data["sub_goals"] = self.items["sub_goals"] or []
        data["safeguards"] = self.items["safeguards"] or []
        if not data["sub_goals"]:
            self.add_error(None, ValidationError(_("请至少填写一条分项绩效目标。"), code="sub"))
        for name, label in self.ITEM_LABELS.items():
            for number, item in enumerate(data[name], start=1):
                if len(item) > PLAN_ITEM_LIMIT:
                    self.add_error(None, self._item_too_long(label, number, len(item)))
        return data

    @staticmethod
    def _item_too_long(label: str, number: int, length: int) -> ValidationError:
        return ValidationError(
            _("第%(n)d条%(what)s有%(length)d字，最多%(limit)d字，请精简或拆成几条。"),
            code="item_length",
            params={"n": number, "what": label, "length": length, "limit": PLAN_ITEM_LIMIT},
        )


UNIT_SUGGESTIONS = sorted(KNOWN_UNITS)
