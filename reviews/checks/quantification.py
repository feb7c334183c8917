"""量化: quantitative values carry a number and a sensible unit; no vague words, no date serials."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.values import PERCENT_UNITS, format_number
from projects.targets import IndicatorRow, TargetTable
from reviews.checks.base import Hit, Level, ReviewContext, rule
from reviews.checks.text import (
    MONEY_UNITS_IN_WAN,
    ValueKind,
    is_fund_name,
    is_satisfaction,
    value_kind,
)
from reviews.checks.text import (
    parsed as parsed_value,
)

VAGUE_WORDS = ("提高", "改善", "促进", "加强", "有效", "明显", "进一步")
# Excel stores dates as days since 1899-12-30; 36526..73050 covers 2000-01-01..2099-12-31.
EXCEL_EPOCH = datetime.date(1899, 12, 30)
EXCEL_SERIALS = range(36526, 73051)
# Percentage points and growth can exceed 100; shares of a whole cannot.
SHARE_UNITS = PERCENT_UNITS - {"百分点", "个百分点"}


def _numbered(table: TargetTable, kind: ValueKind) -> Iterator[tuple[int, IndicatorRow]]:
    for number, row in enumerate(table.indicators, start=1):
        if value_kind(row) is kind:
            yield number, row


def _excel_date(row: IndicatorRow) -> datetime.date | None:
    parsed = parsed_value(row)
    number = parsed.number
    if number is None or parsed.unit or number != number.to_integral_value():
        return None
    if int(number) not in EXCEL_SERIALS:
        return None
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


def _unit_is_implied(row: IndicatorRow) -> bool:
    """满意度 and 率 indicators are read as %; money rows use the table's 万元."""
    name = row.name.strip()
    return is_satisfaction(row) or name.endswith(("率", "比例")) or is_fund_name(name)


@rule(
    "quantification.unit_missing",
    level=Level.WARNING,
    title=gettext_lazy("数值没有计量单位"),
    opinion=2,
)
def unit_missing(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    for number, row in _numbered(table, ValueKind.NUMBER):
        if parsed_value(row).unit or _unit_is_implied(row) or _excel_date(row):
            continue
        yield Hit(
            "value",
            _("指标值“%(value)s”只有数字，没有计量单位。") % {"value": row.value},
            _("在数字后写上计量单位，例如“%(example)s个”或“%(example)s人”。")
            % {"example": format_number(parsed_value(row).number)},
            row=number,
            row_name=row.name,
        )


@rule(
    "quantification.unit_fused",
    level=Level.WARNING,
    title=gettext_lazy("数值后面跟的不是计量单位"),
    opinion=4,
)
def unit_fused(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    for number, row in _numbered(table, ValueKind.NUMBER):
        parsed = parsed_value(row)
        if not parsed.unit or parsed.unit_is_known or parsed.unit in MONEY_UNITS_IN_WAN:
            continue
        yield Hit(
            "value",
            _("指标值“%(value)s”中，数字后的“%(unit)s”不是计量单位。")
            % {"value": row.value, "unit": parsed.unit},
            _("只写“比较符号＋数值＋单位”，例如“%(number)s人”；名称写在三级指标里。")
            % {"number": format_number(parsed.number)},
            row=number,
            row_name=row.name,
        )


@rule(
    "quantification.percent_over_100",
    level=Level.WARNING,
    title=gettext_lazy("百分比超过100"),
    opinion=4,
)
def percent_over_100(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    for number, row in _numbered(table, ValueKind.NUMBER):
        parsed = parsed_value(row)
        if parsed.unit in SHARE_UNITS and parsed.number > Decimal(100):
            yield Hit(
                "value",
                _("指标值“%(value)s”超过100%%。") % {"value": row.value},
                _("比例不能超过100%；若是数量，请改用“个”“人”等单位。"),
                row=number,
                row_name=row.name,
            )


@rule(
    "quantification.excel_date",
    level=Level.WARNING,
    title=gettext_lazy("指标值像是Excel日期序号"),
    opinion=11,
)
def excel_date(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    for number, row in _numbered(table, ValueKind.NUMBER):
        date = _excel_date(row)
        if date:
            yield Hit(
                "value",
                _("指标值“%(value)s”像是Excel把日期%(date)s存成的序号。")
                % {"value": row.value, "date": date.isoformat()},
                _("若是时间要求，请写成“≤%(month)d月”或具体日期；若是数量，请加上单位。")
                % {"month": date.month},
                row=number,
                row_name=row.name,
            )


@rule(
    "quantification.vague",
    level=Level.WARNING,
    title=gettext_lazy("指标值是模糊表述，没有数值"),
    opinion=2,
)
def vague(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    for number, row in _numbered(table, ValueKind.TEXT):
        words = [word for word in VAGUE_WORDS if word in row.value]
        if words and not is_satisfaction(row):
            yield Hit(
                "value",
                _("指标值“%(value)s”用了“%(words)s”等模糊表述，没有可衡量的数值。")
                % {"value": row.value, "words": "、".join(words)},
                _("写出可以核对的目标，例如“提高到90%”或“≥3个”。"),
                row=number,
                row_name=row.name,
            )


@rule(
    "quantification.quantity_not_number",
    level=Level.WARNING,
    title=gettext_lazy("数量指标没有数值"),
    opinion=4,
)
def quantity_not_number(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    for number, row in _numbered(table, ValueKind.TEXT):
        if row.level2 == "数量指标":
            yield Hit(
                "value",
                _("数量指标的指标值“%(value)s”不是数量。") % {"value": row.value},
                _("数量指标请填写“比较符号＋数值＋单位”，例如“≥26个”。"),
                row=number,
                row_name=row.name,
            )
