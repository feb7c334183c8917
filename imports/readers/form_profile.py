"""What a file shows of its form, for the review (#16): whether its indicator table has the
指标值确定依据 column, the score it totals (`年度绩效目标(90分)`: 预算执行 scored apart with 10),
whether it has a spending plan and a 部门整体绩效目标 part.

The traits are `reviews.checks.FORM_TRAITS` with JSON values; a trait the file does not show
is left out, so the county's setting applies. Our own exports and the batch template are
printed in one layout whatever the unit's form: they show nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from reviews.checks import BASIS_ABSENT, BASIS_REQUIRED, ReviewConfig

# `绩效指标(权重分值90分,其中产出指标…)`, `年度绩效目标（90分）`, `绩效指标（满分90分）`.
WEIGHT_TOTAL = re.compile(r"绩效(?:指标|目标)\s*[（(][^）)\d]{0,8}(\d{2,3}(?:\.\d+)?)\s*分")


@dataclass
class TableForm:
    """What one table shows: its basis column (None: no indicator table), its plan, its total."""

    basis: bool | None = None
    plan: bool = False
    weight_total: str = ""


def weight_total_in(texts: Iterable[str | None]) -> str:
    """The total a heading states (`90`), or ""."""
    for text in texts:
        match = WEIGHT_TOTAL.search(re.sub(r"\s+", "", text or ""))
        if match:
            return match.group(1)
    return ""


def form_traits(tables: list[TableForm], *, narrative: bool) -> dict[str, object]:
    """The traits the tables agree on; `narrative`: the file has a 部门整体绩效目标 part."""
    traits: dict[str, object] = {}
    shown = [t.basis for t in tables if t.basis is not None]
    if shown and all(shown):
        traits["basis_column"] = BASIS_REQUIRED
    elif shown and not any(shown):
        traits["basis_column"] = BASIS_ABSENT
    totals = {t.weight_total for t in tables if t.weight_total}
    if len(totals) == 1:
        traits["weight_total"] = totals.pop()
    if tables:
        traits["spending_plan_in_form"] = any(t.plan for t in tables)
    if narrative:
        traits["department_goals_in_form"] = True
    elif tables and not any(t.plan for t in tables):
        # One-project forms of other provinces (审批表, 目标表) have neither part.
        traits["department_goals_in_form"] = False
    return traits


def describe(traits: dict[str, object]) -> str:
    """The import's note: which checks the review will leave out, or "" for the Hebei form."""
    parts = ReviewConfig().with_form(traits).form_differences()
    if not parts:
        return ""
    return _("本文件的表式%(parts)s；导入后按这种表式审核，不再要求填写表中没有的内容。") % {
        "parts": "、".join(parts)
    }
