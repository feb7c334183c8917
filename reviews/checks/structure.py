"""结构: every 一级 is in the year's frame and every 二级 belongs to its 一级.

`ctx.frame` is the frame's tree as `indicators.selectors` reads it: every 一级, one without
二级 mapping to (). A row under such a 一级 is a 二级 finding (the 一级 is in the frame; no 二级
belongs to it), as the save refuses it (`FrameIndex.level_problem`); the names offered instead
are the 一级 a row can use.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.tree import usable_level1s
from projects.targets import TargetTable
from reviews.checks.base import Hit, Level, ReviewContext, rule


@rule(
    "structure.level1",
    level=Level.ERROR,
    title=gettext_lazy("一级指标不在本年度指标体系中"),
    opinion=6,
)
def level1(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    if ctx.frame is None:
        return
    for number, row in enumerate(table.indicators, start=1):
        if row.level1 not in ctx.frame:
            yield Hit(
                "level1",
                _("一级指标“%(level1)s”不在本年度的指标体系中。") % {"level1": row.level1},
                _("请改为：%(names)s。") % {"names": "、".join(usable_level1s(ctx.frame))},
                row=number,
                row_name=row.name,
            )


@rule(
    "structure.level2",
    level=Level.ERROR,
    title=gettext_lazy("二级指标不属于所填一级指标"),
    opinion=7,
)
def level2(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    if ctx.frame is None:
        return
    for number, row in enumerate(table.indicators, start=1):
        allowed = ctx.frame.get(row.level1)
        if allowed is not None and row.level2 not in allowed:
            hint = (
                _("请改为：%(names)s。") % {"names": "、".join(allowed)}
                if allowed
                else _("该一级指标下还没有二级指标，请改用：%(names)s。")
                % {"names": "、".join(usable_level1s(ctx.frame))}
            )
            yield Hit(
                "level2",
                _("二级指标“%(level2)s”不属于一级指标“%(level1)s”。")
                % {"level2": row.level2, "level1": row.level1},
                hint,
                row=number,
                row_name=row.name,
            )
