"""TargetTable fields as the user reads them, from the models' `verbose_name`s.

One home for the labels that messages, the review findings, the import reader and the
editor's conflict list print beside a field. Where they print other wording than the model
(the tables' short 财政资金, the importer's 指标性质) it is written here once.
"""

from __future__ import annotations

from django.db.models import Model
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator
from projects.models import DepartmentPlan, Project


def verbose_name(model: type[Model], name: str):
    """A model field's label (lazy, translated when printed)."""
    return model._meta.get_field(name).verbose_name


OVERALL_GOAL = verbose_name(DepartmentPlan, "overall_goal")
# The tables and findings print the short 财政资金; the model and the official form (and the
# exact amounts embedded in exports) say 其中：财政资金.
FISCAL_FUNDS_SHORT = _("财政资金")
SPENDING_PLAN = _("资金支出计划")
INDICATORS = _("绩效指标")

PROJECT_LABELS = {
    name: verbose_name(Project, name)
    for name in ("code", "name", "budget_total", "fiscal_funds", "other_funds", "purpose")
} | {
    "spending_plan_kind": verbose_name(Project, "spending_plan_kind"),
    "goals": verbose_name(Project, "goals"),
}
# The spending plan's four checkpoints (3月底 … 12月底) as `资金支出计划 3月底`.
CHECKPOINT_LABELS = {
    f"plan_{n}": format_lazy("{} {}", SPENDING_PLAN, verbose_name(Project, field))
    for n, field in enumerate(("plan_mar", "plan_jun", "plan_oct", "plan_dec"), start=1)
}
INDICATOR_LABELS = {
    "level1": verbose_name(Indicator, "level1"),
    "level2": verbose_name(Indicator, "level2"),
    "name": verbose_name(Indicator, "name"),
    "description": verbose_name(Indicator, "description"),
    "value": verbose_name(Indicator, "value_raw"),
    "unit": verbose_name(Indicator, "value_unit"),
    "basis": verbose_name(Indicator, "basis"),
    "weight": verbose_name(Indicator, "weight"),
    "direction": verbose_name(Indicator, "direction"),
}
