"""The vocabulary of automated review: levels, locations, findings, rules and their settings.

Rules judge plain TargetTables (no database), so the same checks run on a form being edited,
an uploaded file before import and stored data. Everything a rule needs from the database
(the year's indicator frame, the county's thresholds) arrives in a `ReviewContext`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects import field_labels as labels
from projects.targets import DepartmentTargets, TargetTable


class Level(StrEnum):
    """`error` blocks 送审; `warning` is shown to clerk and reviewer but does not block."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return _("错误") if self is Level.ERROR else _("提示")


# The fixed list of per-indicator review opinions used by the integrated budget systems.
OPINIONS: dict[int, Any] = {
    1: gettext_lazy("指标不够完整"),
    2: gettext_lazy("指标不够细化、量化"),
    3: gettext_lazy("指标与项目的相关性不够"),
    4: gettext_lazy("指标与指标值不匹配"),
    5: gettext_lazy("建议拆分指标"),
    6: gettext_lazy("一级指标类型错误"),
    7: gettext_lazy("二级指标类型错误"),
    8: gettext_lazy("建议增加明确效益指标"),
    9: gettext_lazy("建议增加明确产出指标"),
    10: gettext_lazy("建议增加满意度指标"),
    11: gettext_lazy("其他"),
}

# A finding's field: a project's or an indicator's (`name` is the indicator's 三级指标).
FIELD_LABELS: dict[str, Any] = {
    "overall_goal": labels.OVERALL_GOAL,
    **{f: labels.PROJECT_LABELS[f] for f in ("code", "budget_total", "purpose", "goals")},
    "fiscal_funds": labels.FISCAL_FUNDS_SHORT,
    "spending_plan": labels.SPENDING_PLAN,
    "indicators": labels.INDICATORS,
    **{
        f: labels.INDICATOR_LABELS[f]
        for f in ("level1", "level2", "name", "description", "value", "basis", "weight")
    },
}


@dataclass(frozen=True)
class Location:
    """Where a finding points: stable enough for the edit page and for return opinions.

    `project_index` is the 1-based position of the table in the department document (None for
    the department's overall goals); `row` is the 1-based indicator row; `item` the 1-based
    entry of a list field such as `goals`; `field` is the English field name of TargetTable or
    IndicatorRow.
    """

    project_index: int | None
    project_code: str = ""
    project_name: str = ""
    row: int | None = None
    row_name: str = ""
    field: str = ""
    item: int | None = None

    @property
    def anchor(self) -> str:
        """The fragment of the department report (same as `reports.layout.anchor_for`)."""
        return "part-one" if self.project_index is None else f"table-{self.project_index}"

    @property
    def label(self) -> str:
        """The place in Chinese: `第3个项目“村级经费” · 第2行指标“及时拨付” · 指标值`."""
        if self.project_index is None:
            parts = [_("部门整体绩效目标")]
        else:
            parts = [
                _("第%(n)d个项目“%(name)s”") % {"n": self.project_index, "name": self.project_name}
            ]
        if self.row is not None:
            parts.append(_("第%(n)d行指标“%(name)s”") % {"n": self.row, "name": self.row_name})
        if self.field:
            parts.append(str(FIELD_LABELS.get(self.field, self.field)))
        if self.item is not None:
            parts.append(_("第%(n)d条") % {"n": self.item})
        return " · ".join(parts)


@dataclass(frozen=True)
class Finding:
    """One problem found by one rule at one place, with a hint how to fix it."""

    rule: str
    level: Level
    location: Location
    problem: str
    hint: str
    opinion: int | None = None

    @property
    def message(self) -> str:
        return f"{self.location.label}：{self.problem}"

    @property
    def opinion_label(self) -> str:
        return str(OPINIONS[self.opinion]) if self.opinion else ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the CLI and of later APIs."""
        loc = self.location
        return {
            "rule": self.rule,
            "level": str(self.level),
            "project_index": loc.project_index,
            "project_code": loc.project_code,
            "project_name": loc.project_name,
            "row": loc.row,
            "field": loc.field,
            "item": loc.item,
            "message": self.message,
            "hint": self.hint,
            "opinion": self.opinion,
        }


@dataclass(frozen=True)
class Hit:
    """What a rule function yields; the runner adds the rule's id, level and the project."""

    field: str
    problem: str
    hint: str
    row: int | None = None
    row_name: str = ""
    item: int | None = None


# The 指标值确定依据 column of a form: required (the Hebei form), optional, or not on the form.
BASIS_REQUIRED, BASIS_OPTIONAL, BASIS_ABSENT = "required", "optional", "absent"
BASIS_CHOICES = (BASIS_REQUIRED, BASIS_OPTIONAL, BASIS_ABSENT)
# What a form profile says (`ReviewConfig` fields): the traits a file can show and a plan keep.
FORM_TRAITS = ("basis_column", "weight_total", "spending_plan_in_form", "department_goals_in_form")


@dataclass(frozen=True)
class ReviewConfig:
    """The county's review settings as plain values (see `reviews.models.ReviewSettings`).

    The last four fields are the form profile (`FORM_TRAITS`): which form the tables are
    filed on, so that checks built for one form are not run on another. A plan or an
    imported file that shows its form overrides the county's default (`with_form`).
    """

    satisfaction_threshold: Decimal = Decimal(90)
    satisfaction_required: bool = True
    weight_total: Decimal = Decimal(100)
    code_carryover_years: int = 2
    disabled_rules: frozenset[str] = frozenset()
    basis_column: str = BASIS_REQUIRED
    spending_plan_in_form: bool = True
    department_goals_in_form: bool = True

    def with_form(self, traits: Mapping[str, Any] | None) -> ReviewConfig:
        """This config with the traits a plan or a file shows (JSON values: the total as
        text); unknown keys and malformed values are ignored, the county's value stays."""
        changes: dict[str, Any] = {}
        for name, value in (traits or {}).items():
            if name == "basis_column" and value in BASIS_CHOICES:
                changes[name] = value
            elif name == "weight_total" and value not in (None, "", True, False):
                try:
                    total = Decimal(str(value))
                except ArithmeticError:
                    continue
                if total.is_finite() and total > 0:
                    changes[name] = total
            elif name in ("spending_plan_in_form", "department_goals_in_form") and isinstance(
                value, bool
            ):
                changes[name] = value
        return replace(self, **changes) if changes else self

    @property
    def basis_required(self) -> bool:
        return self.basis_column == BASIS_REQUIRED

    def form_differences(self) -> list[str]:
        """How the form differs from the Hebei form the checks were built for, in Chinese
        (the review page and the import's note say which form the tables are judged by)."""
        parts = []
        if self.basis_column == BASIS_ABSENT:
            parts.append(_("没有“指标值确定依据”一栏"))
        elif self.basis_column == BASIS_OPTIONAL:
            parts.append(_("“指标值确定依据”可不填"))
        if self.weight_total != Decimal(100):
            parts.append(
                _("指标权重满分%(total)s分") % {"total": f"{self.weight_total.normalize():f}"}
            )
        if not self.spending_plan_in_form:
            parts.append(_("没有资金支出计划"))
        if not self.department_goals_in_form:
            parts.append(_("没有部门整体绩效目标"))
        return parts


@dataclass(frozen=True)
class ReviewContext:
    """Everything rules need besides the table: settings, the year's frame, the unit's region.

    `frame` maps each 一级 name to its 二级 names; None skips the structure rules (no frame
    known, e.g. a table judged without a database). `taken_codes` are project codes already
    used elsewhere in the year (by other units), for checks before import.
    """

    config: ReviewConfig = field(default_factory=ReviewConfig)
    frame: Mapping[str, tuple[str, ...]] | None = None
    region_code: str = ""
    taken_codes: frozenset[str] = frozenset()


TableCheck = Callable[[TargetTable, ReviewContext], Iterable[Hit]]
DepartmentCheck = Callable[[DepartmentTargets, ReviewContext], Iterable[tuple[int | None, Hit]]]


@dataclass(frozen=True)
class Rule:
    """A registered rule: id (`family.name`), level, title, opinion code and its function."""

    id: str
    level: Level
    title: Any
    opinion: int | None
    check: Callable[..., Iterable[Any]]
    scope: str = "table"  # "table": judges one TargetTable; "department": the whole document
    # A department rule that can also judge one table alone, from what the context knows of
    # the rest of the year (an editor showing one table runs it too).
    one_table: bool = False

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str,
    *,
    level: Level,
    title: Any,
    opinion: int | None = None,
    scope: str = "table",
    one_table: bool = False,
) -> Callable[[Callable[..., Iterator[Any]]], Callable[..., Iterator[Any]]]:
    """Register a check function under a stable id (ids are stored in settings: never rename)."""

    def register(check: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} is registered twice")
        if one_table and scope != "department":
            raise ValueError(f"rule {rule_id}: only a department rule can be marked one_table")
        RULES[rule_id] = Rule(rule_id, level, title, opinion, check, scope, one_table)
        return check

    return register
