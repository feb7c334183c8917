"""满意度: satisfaction targets are numbers, at or above the county's threshold."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.values import PERCENT_UNITS, format_number
from projects.targets import TargetTable
from reviews.checks.base import Hit, Level, ReviewContext, rule
from reviews.checks.text import ValueKind, is_satisfaction, value_kind
from reviews.checks.text import parsed as parsed_value

NOT_A_NUMBER = (ValueKind.TEXT, ValueKind.REPEATS_NAME)


@rule(
    "satisfaction.quantified",
    level=Level.ERROR,
    title=gettext_lazy("满意度指标没有量化目标"),
    opinion=2,
)
def quantified(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    threshold = format_number(ctx.config.satisfaction_threshold)
    for number, row in enumerate(table.indicators, start=1):
        if is_satisfaction(row) and value_kind(row) in NOT_A_NUMBER:
            yield Hit(
                "value",
                _("满意度指标的指标值“%(value)s”不是数值目标。") % {"value": row.value},
                _("填写满意度目标，例如“≥%(threshold)s%%”。") % {"threshold": threshold},
                row=number,
                row_name=row.name,
            )


@rule(
    "satisfaction.threshold",
    level=Level.WARNING,
    title=gettext_lazy("满意度目标低于本县要求"),
    opinion=11,
)
def threshold(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    minimum = ctx.config.satisfaction_threshold
    for number, row in enumerate(table.indicators, start=1):
        parsed = parsed_value(row)
        if not is_satisfaction(row) or parsed.number is None:
            continue
        # A bare number in a 满意度 row is read as a percentage (`≥95`).
        if (not parsed.unit or parsed.unit in PERCENT_UNITS) and parsed.number < minimum:
            yield Hit(
                "value",
                _("满意度目标“%(value)s”低于本县要求的%(minimum)s%%。")
                % {"value": row.value, "minimum": format_number(minimum)},
                _("满意度目标一般不低于%(minimum)s%%，请调高或说明理由。")
                % {"minimum": format_number(minimum)},
                row=number,
                row_name=row.name,
            )
