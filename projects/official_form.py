"""The printed labels of the Hebei 项目绩效目标表 and the department document's 第一部分.

One home for the words `reports.layout` writes and `imports.readers.layout` reads back: the
form prints them verbatim in every language (they are the document's format, not UI text),
so they are plain strings, not translations.
"""

UNIT_CAPTION = "单位：万元"
CODE = "项目编码"
NAME = "项目名称"
BUDGET_AND_PURPOSE = "预算规模及资金用途"
BUDGET_TOTAL = "预算数"
FISCAL_FUNDS = "其中：财政资金"
OTHER_FUNDS = "其他资金"
# The label says （%） although the seed's figures are amounts (see `spending_plan_kind`).
SPENDING_PLAN = "资金支出计划（%）"
SPENDING_PLAN_PREFIX = "资金支出计划"
GOALS = "绩效目标"

# The indicator table's headings in column order → IndicatorRow fields.
INDICATOR_HEADINGS = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    "绩效指标描述": "description",
    "指标值": "value",
    "指标值确定依据": "basis",
}

# 第一部分 部门整体绩效目标: its numbered sections.
PART_ONE_SECTIONS = {"一": "总体绩效目标", "二": "分项绩效目标", "三": "工作保障措施"}


def section_heading(numeral: str) -> str:
    """`一、总体绩效目标`: a 第一部分 section's heading as printed."""
    return f"{numeral}、{PART_ONE_SECTIONS[numeral]}"
