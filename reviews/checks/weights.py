"""权重: where weights are used, every row has one and they total the county's sum."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.values import format_number
from projects.targets import TargetTable
from reviews.checks.base import Hit, Level, ReviewContext, rule


def _uses_weights(table: TargetTable) -> bool:
    return any(row.weight is not None for row in table.indicators)


@rule("weights.missing", level=Level.ERROR, title=gettext_lazy("部分指标没有权重"), opinion=11)
def missing(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    if not _uses_weights(table):
        return
    for number, row in enumerate(table.indicators, start=1):
        if row.weight is None:
            yield Hit(
                "weight",
                _("其他指标填了权重，这一行没有。"),
                _("使用权重时，每条指标都要填写权重。"),
                row=number,
                row_name=row.name,
            )


@rule("weights.total", level=Level.ERROR, title=gettext_lazy("权重合计不符"), opinion=11)
def total(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    weights = [row.weight for row in table.indicators]
    if not weights or any(w is None for w in weights):
        return
    expected = ctx.config.weight_total
    actual = sum(weights, Decimal(0))
    if actual != expected:
        yield Hit(
            "indicators",
            _("各指标权重合计%(actual)s，应为%(expected)s。")
            % {"actual": format_number(actual), "expected": format_number(expected)},
            _("调整各指标权重，使合计等于%(expected)s。") % {"expected": format_number(expected)},
        )
