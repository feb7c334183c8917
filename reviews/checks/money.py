"""资金: funds add up, the cumulative plan rises to the budget, money indicators agree with it."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from itertools import pairwise

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.money import format_exact
from projects.targets import CHECKPOINT_LABELS, TargetTable
from reviews.checks.base import Hit, Level, ReviewContext, rule
from reviews.checks.text import OUTPUT, amount_in_wan, is_cost, is_fund_name
from reviews.checks.text import parsed as parsed_value

HUNDRED = Decimal(100)


def _filled(table: TargetTable) -> list[tuple[int, Decimal]]:
    """(1-based checkpoint, amount) of the non-blank checkpoints; blank means unchanged."""
    return [(i, a) for i, a in enumerate(table.spending_plan, start=1) if a is not None]


def _plan_target(table: TargetTable) -> Decimal | None:
    return HUNDRED if table.spending_plan_kind == "percent" else table.budget_total


def _kind_mismatch(table: TargetTable) -> str:
    """ "amounts" when a % plan ends at the budget, "percent" when an amount plan ends at 100."""
    filled, budget = _filled(table), table.budget_total
    if not filled or budget is None or budget == HUNDRED:
        return ""
    last = filled[-1][1]
    if table.spending_plan_kind == "percent" and last == budget:
        return "amounts"
    if table.spending_plan_kind != "percent" and last == HUNDRED:
        return "percent"
    return ""


@rule("money.fund_sum", level=Level.ERROR, title=gettext_lazy("资金来源之和不等于预算数"))
def fund_sum(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    if table.budget_total is None or table.fiscal_funds is None:
        return
    funds = table.fiscal_funds + (table.other_funds or Decimal(0))
    if funds != table.budget_total:
        yield Hit(
            "budget_total",
            _("预算数%(total)s万元不等于财政资金与其他资金之和%(funds)s万元。")
            % {"total": format_exact(table.budget_total), "funds": format_exact(funds)},
            _("核对预算批复，修改预算数或资金来源，使预算数＝财政资金＋其他资金。"),
        )


@rule("money.plan_missing", level=Level.WARNING, title=gettext_lazy("资金支出计划未填"))
def plan_missing(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    if ctx.config.spending_plan_in_form and not _filled(table):
        yield Hit(
            "spending_plan",
            _("资金支出计划四个时点都没有填写。"),
            _("按3月底、6月底、10月底、12月底填写累计支出计划，12月底应等于预算数。"),
        )


@rule("money.plan_decreasing", level=Level.ERROR, title=gettext_lazy("累计支出计划出现下降"))
def plan_decreasing(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    filled = _filled(table)
    for (_before, earlier), (index, later) in pairwise(filled):
        if later < earlier:
            yield Hit(
                "spending_plan",
                _("%(when)s累计计划%(later)s小于之前的%(earlier)s，累计数不能下降。")
                % {
                    "when": CHECKPOINT_LABELS[index - 1],
                    "later": format_exact(later),
                    "earlier": format_exact(earlier),
                },
                _("支出计划按累计数填写：每个时点填到该时点为止的累计支出。"),
                item=index,
            )


@rule(
    "money.plan_kind",
    level=Level.WARNING,
    title=gettext_lazy("支出计划口径与所填数值不符（金额与百分比混用）"),
)
def plan_kind(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    mismatch = _kind_mismatch(table)
    if mismatch == "amounts":
        yield Hit(
            "spending_plan",
            _("支出计划按百分比口径填报，但数值止于预算数%(total)s，看起来是金额。")
            % {"total": format_exact(table.budget_total)},
            _("把口径改为“累计金额（万元）”，或把各时点改为累计百分比（12月底为100）。"),
        )
    elif mismatch == "percent":
        yield Hit(
            "spending_plan",
            _("支出计划按金额口径填报，但数值止于100，看起来是百分比。"),
            _("把口径改为“累计比例（%）”，或把各时点改为累计金额（12月底等于预算数）。"),
        )


@rule("money.plan_end", level=Level.ERROR, title=gettext_lazy("支出计划最终数不等于预算数"))
def plan_end(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    filled, target = _filled(table), _plan_target(table)
    if not filled or target is None or _kind_mismatch(table):
        return
    index, last = filled[-1]
    if last != target:
        yield Hit(
            "spending_plan",
            _("支出计划最后一个时点为%(last)s，应等于%(target)s。")
            % {"last": format_exact(last), "target": format_exact(target)},
            _("12月底的累计计划应等于预算数（按比例填报时为100%）。"),
            item=index,
        )


@rule(
    "money.cost_over_budget",
    level=Level.ERROR,
    title=gettext_lazy("成本指标超过项目预算"),
    opinion=4,
)
def cost_over_budget(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    if table.budget_total is None:
        return
    for number, row in enumerate(table.indicators, start=1):
        amount = amount_in_wan(row) if parsed_value(row).unit else None
        if is_cost(row) and not is_fund_name(row.name) and amount and amount > table.budget_total:
            yield Hit(
                "value",
                _("成本指标“%(value)s”超过项目预算数%(total)s万元。")
                % {"value": row.value, "total": format_exact(table.budget_total)},
                _("核对成本口径和单位（元与万元），成本不应超过预算数。"),
                row=number,
                row_name=row.name,
            )


@rule(
    "money.fund_indicator",
    level=Level.WARNING,
    title=gettext_lazy("资金数类指标与预算数不一致"),
    opinion=4,
)
def fund_indicator(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    if table.budget_total is None:
        return
    for number, row in enumerate(table.indicators, start=1):
        amount = amount_in_wan(row)
        if is_fund_name(row.name) and amount is not None and amount != table.budget_total:
            yield Hit(
                "value",
                _("指标值“%(value)s”与项目预算数%(total)s万元不一致。")
                % {"value": row.value, "total": format_exact(table.budget_total)},
                _("核对金额和单位（表内金额单位为万元），使其与预算数一致。"),
                row=number,
                row_name=row.name,
            )


@rule(
    "money.fund_as_output",
    level=Level.WARNING,
    title=gettext_lazy("把资金数额当作产出指标"),
    opinion=7,
)
def fund_as_output(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    for number, row in enumerate(table.indicators, start=1):
        if row.level1 == OUTPUT and is_fund_name(row.name) and not is_cost(row):
            yield Hit(
                "level2",
                _("“%(name)s”是投入的资金，不是%(level2)s。")
                % {"name": row.name, "level2": row.level2},
                _("资金数额放在“成本指标”下，或改为反映产出的指标（如保障人数、完成项目数）。"),
                row=number,
                row_name=row.name,
            )
