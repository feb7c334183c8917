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
# The Hebei form prints 资金支出计划（%） although most units (the seed too) fill in cumulative
# amounts, so 40.00 read as 40%. A table prints the label of its plan's kind
# (`spending_plan_label`); the review flags a kind its figures contradict (money.plan_kind).
SPENDING_PLAN = "资金支出计划（%）"
SPENDING_PLAN_AMOUNTS = "资金支出计划（万元）"
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


def spending_plan_label(kind: str) -> str:
    """The plan row's label for `Project.spending_plan_kind`: （%） for percentages only."""
    return SPENDING_PLAN if kind == "percent" else SPENDING_PLAN_AMOUNTS
