"""完整性: goals present and not placeholders; 产出, 效益, 满意度 present; every row filled in."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.targets import DepartmentTargets, TargetTable
from reviews.checks.base import Hit, Level, ReviewContext, rule
from reviews.checks.text import OUTCOME, OUTPUT, SATISFACTION, is_placeholder

REQUIRED_ROW_FIELDS = ("name", "value", "basis")
TEXT_ROW_FIELDS = ("name", "description", "value", "basis")


@rule(
    "completeness.department_goal",
    level=Level.ERROR,
    title=gettext_lazy("部门总体绩效目标未填或为模板内容"),
    opinion=1,
    scope="department",
)
def department_goal(targets: DepartmentTargets, ctx: ReviewContext) -> Iterator[tuple[None, Hit]]:
    if not ctx.config.department_goals_in_form:
        return  # the county's or the file's form has no 部门整体绩效目标
    goal = targets.overall_goal.strip()
    if not goal or is_placeholder(goal):
        yield (
            None,
            Hit(
                "overall_goal",
                _("总体绩效目标未填写或仍是模板内容。"),
                _("用一段话写明本年度部门整体要达成的目标，与分项绩效目标相呼应。"),
            ),
        )


@rule(
    "completeness.goals",
    level=Level.ERROR,
    title=gettext_lazy("项目绩效目标未填或为模板内容"),
    opinion=1,
)
def goals(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    if not any(goal.strip() for goal in table.goals):
        yield Hit("goals", _("没有填写绩效目标。"), _("写明项目资金本年度要达成的产出和效果。"))
        return
    for number, goal in enumerate(table.goals, start=1):
        if is_placeholder(goal):
            yield Hit(
                "goals",
                _("绩效目标“%(goal)s”是模板默认内容。") % {"goal": goal},
                _("删去模板文字，写明本项目要做成什么、做到什么程度，例如“保障26个行政村……”。"),
                item=number,
            )


@rule(
    "completeness.amounts",
    level=Level.ERROR,
    title=gettext_lazy("预算数或财政资金未填"),
    opinion=11,
)
def amounts(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    if table.budget_total is None:
        yield Hit("budget_total", _("没有填写预算数。"), _("按预算批复填写预算数（万元）。"))
    if table.fiscal_funds is None:
        yield Hit("fiscal_funds", _("没有填写财政资金。"), _("填写预算数中的财政资金（万元）。"))


@rule(
    "completeness.purpose",
    level=Level.WARNING,
    title=gettext_lazy("资金用途未填"),
    opinion=11,
)
def purpose(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    if not table.purpose.strip():
        yield Hit("purpose", _("没有填写资金用途。"), _("简要写明资金用于哪些事项。"))


@rule(
    "completeness.indicators",
    level=Level.ERROR,
    title=gettext_lazy("没有绩效指标"),
    opinion=1,
)
def indicators(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    if not table.indicators:
        yield Hit(
            "indicators",
            _("没有任何绩效指标。"),
            _("至少填写产出、效益、满意度指标各一条。"),
        )


def _missing_level1(table: TargetTable, level1: str) -> bool:
    return bool(table.indicators) and all(row.level1 != level1 for row in table.indicators)


@rule("completeness.output", level=Level.ERROR, title=gettext_lazy("缺少产出指标"), opinion=9)
def output(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    if _missing_level1(table, OUTPUT):
        yield Hit(
            "indicators",
            _("没有产出指标。"),
            _("增加反映完成多少、多好、多快的产出指标，如数量、质量、时效指标。"),
        )


@rule("completeness.outcome", level=Level.ERROR, title=gettext_lazy("缺少效益指标"), opinion=8)
def outcome(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    if _missing_level1(table, OUTCOME):
        yield Hit(
            "indicators",
            _("没有效益指标。"),
            _("增加反映资金带来的社会、经济或生态效益的指标。"),
        )


@rule(
    "completeness.satisfaction",
    level=Level.ERROR,
    title=gettext_lazy("缺少满意度指标"),
    opinion=10,
)
def satisfaction(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    if ctx.config.satisfaction_required and _missing_level1(table, SATISFACTION):
        yield Hit(
            "indicators",
            _("没有满意度指标。"),
            _("增加服务对象满意度指标，例如“群众满意度 ≥90%”。"),
        )


@rule(
    "completeness.row_parts",
    level=Level.ERROR,
    title=gettext_lazy("指标名称、指标值或确定依据未填"),
    opinion=1,
)
def row_parts(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    # A form without the 指标值确定依据 column (or where it is optional) is not asked for it.
    required = REQUIRED_ROW_FIELDS if ctx.config.basis_required else REQUIRED_ROW_FIELDS[:2]
    hint = (
        _("每条指标都要填写三级指标名称、指标值和指标值确定依据。")
        if ctx.config.basis_required
        else _("每条指标都要填写三级指标名称和指标值。")
    )
    for number, row in enumerate(table.indicators, start=1):
        for name in required:
            if not getattr(row, name).strip():
                yield Hit(
                    name,
                    _("这一项没有填写。"),
                    hint,
                    row=number,
                    row_name=row.name,
                )


@rule(
    "completeness.placeholder",
    level=Level.ERROR,
    title=gettext_lazy("指标中留有模板占位文字"),
    opinion=1,
)
def placeholder(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    for number, row in enumerate(table.indicators, start=1):
        for name in TEXT_ROW_FIELDS:
            text = getattr(row, name)
            if text.strip() and is_placeholder(text):
                yield Hit(
                    name,
                    _("“%(text)s”是模板占位文字，不是实际内容。") % {"text": text},
                    _("换成本项目的实际内容，指标值写成“比较符号＋数值＋单位”，如“≥95%”。"),
                    row=number,
                    row_name=row.name,
                )
