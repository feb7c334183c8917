"""重复: descriptions, bases and values that merely repeat the 三级 name; the same row twice."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.targets import TargetTable
from reviews.checks.base import Hit, Level, ReviewContext, rule
from reviews.checks.text import (
    OUTCOME,
    ValueKind,
    is_satisfaction,
    parsed,
    same_words,
    value_kind,
)


def _repeating(table: TargetTable, field: str) -> Iterator[tuple[int, str]]:
    for number, row in enumerate(table.indicators, start=1):
        if same_words(getattr(row, field), row.name):
            yield number, row.name


@rule(
    "duplication.description",
    level=Level.WARNING,
    title=gettext_lazy("指标描述只是重复指标名称"),
    opinion=2,
)
def description(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    for number, name in _repeating(table, "description"):
        yield Hit(
            "description",
            _("绩效指标描述只是重复了指标名称。"),
            _("说明这项指标衡量什么、怎么计算，例如“年内保障的行政村个数”。"),
            row=number,
            row_name=name,
        )


@rule(
    "duplication.basis",
    level=Level.WARNING,
    title=gettext_lazy("确定依据只是重复指标名称"),
    opinion=11,
)
def basis(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    for number, name in _repeating(table, "basis"):
        yield Hit(
            "basis",
            _("指标值确定依据只是重复了指标名称。"),
            _("写明依据：计划标准、行业标准、历史标准、国际标准或其他，并注明文件或数据来源。"),
            row=number,
            row_name=name,
        )


@rule(
    "duplication.value",
    level=Level.WARNING,
    title=gettext_lazy("指标值只是重复指标名称"),
    opinion=4,
)
def value(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    # 满意度 rows are judged by `satisfaction.quantified`, which says what to write instead.
    for number, row in enumerate(table.indicators, start=1):
        if value_kind(row) is ValueKind.REPEATS_NAME and not is_satisfaction(row):
            yield Hit(
                "value",
                _("指标值“%(value)s”只是重复了指标名称，没有给出目标。") % {"value": row.value},
                _("写出要达到的程度，例如“≥95%”“≤30天”，确实无法量化时写明具体的定性标准。"),
                row=number,
                row_name=row.name,
            )


@rule(
    "duplication.indicator",
    level=Level.WARNING,
    title=gettext_lazy("同一指标重复填写"),
    opinion=11,
)
def indicator(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    seen: dict[str, int] = {}
    for number, row in enumerate(table.indicators, start=1):
        key = row.name.strip()
        if key and key in seen:
            yield Hit(
                "name",
                _("与第%(first)d行是同一个指标。") % {"first": seen[key]},
                _("删除重复的一行，或把两行改成衡量不同内容的指标。"),
                row=number,
                row_name=row.name,
            )
        seen.setdefault(key, number)


# Three 效益 rows with one pasted value (`≥95%` on each) is a template, not three targets;
# two rows may share a value by chance.
BOILERPLATE_ROWS = 3


@rule(
    "duplication.outcome_values",
    level=Level.WARNING,
    title=gettext_lazy("每条效益指标都填同一个值"),
    opinion=2,
)
def outcome_values(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    rows = [
        (number, row)
        for number, row in enumerate(table.indicators, start=1)
        if row.level1 == OUTCOME and value_kind(row) is ValueKind.NUMBER
    ]
    outcome_rows = sum(1 for row in table.indicators if row.level1 == OUTCOME)
    if len(rows) < BOILERPLATE_ROWS or len(rows) != outcome_rows:
        return
    values = {(p.comparator, p.number, p.unit) for p in (parsed(row) for _n, row in rows)}
    if len(values) == 1:
        number, first = rows[0]
        yield Hit(
            "value",
            _("%(count)d条效益指标的指标值都是“%(value)s”，像是套用的模板值。")
            % {"count": len(rows), "value": first.value.strip()},
            _("按每条效益的实际情况分别测算目标值，写明各自的依据（历史数据、计划标准等）。"),
            row=number,
            row_name=first.name,
        )
