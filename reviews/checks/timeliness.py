"""时效: a 时效 indicator says by when (a date, a deadline) or within how long, never "at least
so long".

`维持时效 ≥1年` or `完成时间 ≥1年` measures nothing: a duration with ≥ is met by any delay.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.values import GE, GT
from projects.targets import IndicatorRow, TargetTable
from reviews.checks.base import Hit, Level, ReviewContext, rule
from reviews.checks.text import parsed as parsed_value

DURATION_UNITS = frozenset({"年", "月", "个月", "周", "天", "日", "工作日", "小时", "分钟"})
# Names that speak of keeping something up rather than of finishing it in time.
LASTING_WORDS = ("维持", "保持", "持续", "长期", "有效期")


def is_timeliness(row: IndicatorRow) -> bool:
    return "时效" in row.level2


def _measures_nothing(row: IndicatorRow) -> bool:
    value = parsed_value(row)
    lasting = any(word in row.name for word in LASTING_WORDS)
    at_least = value.comparator in (GE, GT) and value.unit in DURATION_UNITS
    return at_least or (lasting and value.unit in DURATION_UNITS)


@rule(
    "timeliness.measures_nothing",
    level=Level.WARNING,
    title=gettext_lazy("时效指标没有完成时限"),
    opinion=4,
)
def measures_nothing(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    for number, row in enumerate(table.indicators, start=1):
        if is_timeliness(row) and _measures_nothing(row):
            yield Hit(
                "value",
                _("时效指标“%(name)s %(value)s”只是一段时长，没有说明何时完成或多长时间内完成。")
                % {"name": row.name, "value": row.value},
                _(
                    "写明完成时限，例如“资金拨付时间 ≤%(year)s年6月底”或“办结时限 ≤15个工作日”；"
                    "要衡量持续多久的，放到可持续影响指标。"
                )
                % {"year": table.fiscal_year},
                row=number,
                row_name=row.name,
            )
