"""成本: cost indicators bound what is spent (≤), are not zero, do not restate the budget, and
exist where the year's frame makes 成本指标 a 一级 of its own (财预〔2021〕101号, 2022年起)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.frames import CAIYU_CODE, COST_LEVEL1, FRAME_NAMES, year_default_frame_code
from indicators.values import EQ
from projects.money import format_exact
from projects.targets import TargetTable
from reviews.checks.base import Hit, Level, ReviewContext, rule
from reviews.checks.text import MONEY_UNITS_IN_WAN, amount_in_wan, is_cost, is_fund_name
from reviews.checks.text import parsed as parsed_value

NEGATIVE = "negative"  # Indicator.Direction.NEGATIVE: the lower, the better


def _money_unit(unit: str) -> bool:
    """`万元`, `元`, and per-unit money such as `万元/人`, `元/公里`."""
    return unit.split("/", 1)[0] in MONEY_UNITS_IN_WAN


@rule(
    "cost.reverse_equals",
    level=Level.WARNING,
    title=gettext_lazy("反向成本指标用了“=”"),
    opinion=4,
)
def reverse_equals(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    for number, row in enumerate(table.indicators, start=1):
        value = parsed_value(row)
        if is_cost(row) and row.direction == NEGATIVE and value.comparator == EQ:
            yield Hit(
                "value",
                _("“%(name)s”是反向指标（越低越好），指标值“%(value)s”却用了“=”。")
                % {"name": row.name, "value": row.value},
                _("成本是上限，写成“≤”，例如“≤%(value)s”。")
                % {"value": row.value.strip().lstrip("=＝").strip()},
                row=number,
                row_name=row.name,
            )


@rule(
    "cost.zero",
    level=Level.WARNING,
    title=gettext_lazy("成本指标目标为0"),
    opinion=4,
)
def zero(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    for number, row in enumerate(table.indicators, start=1):
        value = parsed_value(row)
        if is_cost(row) and value.number == Decimal(0) and _money_unit(value.unit):
            yield Hit(
                "value",
                _("成本指标“%(name)s”的目标是“%(value)s”：不花钱的事项不必设成本指标。")
                % {"name": row.name, "value": row.value},
                _("填写实际的成本上限（如“≤0.5万元/人”）；本项目不发生这项成本就删去这一行。"),
                row=number,
                row_name=row.name,
            )


@rule(
    "cost.whole_budget",
    level=Level.WARNING,
    title=gettext_lazy("成本指标只是重复项目预算数"),
    opinion=2,
)
def whole_budget(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    # Fund names (`项目资金数`) have their own rules (money.fund_indicator, fund_as_output).
    if not table.budget_total:
        return
    for number, row in enumerate(table.indicators, start=1):
        if not is_cost(row) or is_fund_name(row.name):
            continue
        value = parsed_value(row)
        if value.unit and not _money_unit(value.unit):
            continue
        if amount_in_wan(row) == table.budget_total:
            yield Hit(
                "value",
                _("成本指标“%(value)s”就是项目预算数%(total)s万元，没有说明成本控制在什么水平。")
                % {"value": row.value, "total": format_exact(table.budget_total)},
                _("改为单位成本或分项成本，例如“每公里改造成本 ≤45万元”“人均培训成本 ≤800元”。"),
                row=number,
                row_name=row.name,
            )


def _frame_code(table: TargetTable, ctx: ReviewContext) -> str:
    """The frame the table is judged in: its own, else the year's tree, else the year rule."""
    if table.frame_code:
        return table.frame_code
    if ctx.frame is not None:
        return CAIYU_CODE if COST_LEVEL1 in ctx.frame else ""
    return year_default_frame_code(table.fiscal_year)


@rule(
    "cost.missing",
    level=Level.WARNING,
    title=gettext_lazy("本年度指标体系要求成本指标，但没有填"),
    opinion=1,
)
def missing(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    if not table.indicators or any(is_cost(row) for row in table.indicators):
        return
    if _frame_code(table, ctx) == CAIYU_CODE:
        yield Hit(
            "indicators",
            _("本表采用%(frame)s，成本指标是一级指标，但没有任何成本指标。")
            % {"frame": FRAME_NAMES[CAIYU_CODE]},
            _("增加经济成本指标（如“每公里改造成本 ≤45万元”），有社会、生态环境成本的一并填写。"),
        )
