"""The generated department both file benchmarks use: N projects in the seed's shape."""

from __future__ import annotations

from decimal import Decimal

LEVELS = [
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("产出指标", "成本指标"),
    ("效益指标", "社会效益指标"),
    ("效益指标", "经济效益指标"),
    ("效益指标", "可持续影响指标"),
    ("满意度指标", "服务对象满意度指标"),
]
UNIT_CODE, UNIT_NAME, YEAR = "802010", "乐亭县大相各庄镇人民政府", 2023


def make_department(n: int, *, exact: bool = False):
    """N projects with 8–10 indicators each. `exact` adds what the official layout cannot
    show (amounts with three decimals, weights, directions), as the import benchmark needs."""
    # Imported here: the import benchmark builds files in workers after Django is set up.
    from projects.targets import DepartmentTargets, IndicatorRow, TargetTable

    extra = {"weight": Decimal(10), "direction": "positive"} if exact else {}
    tables = []
    for i in range(n):
        rows = [
            IndicatorRow(
                level1=LEVELS[min(k, 7)][0],
                level2=LEVELS[min(k, 7)][1],
                name=f"指标{k + 1}：保障行政村数",
                description=f"项目{i + 1}的第{k + 1}项指标描述",
                value=f"≥{90 + k}%",
                basis="计划标准",
                **extra,
            )
            for k in range(8 + i % 3)
        ]
        budget = Decimal(10 + i % 90) + Decimal("0.984" if exact else "0.25")
        tables.append(
            TargetTable(
                department_code=UNIT_CODE,
                department_name=UNIT_NAME,
                fiscal_year=YEAR,
                name=f"第{i + 1}号项目经费",
                code=f"13022523P{i:012d}",
                budget_total=budget,
                fiscal_funds=budget,
                purpose="解决信访事件，维持社会稳定",
                spending_plan=(None, budget / 2, None, budget),
                goals=["目标内容1", "目标内容2"],
                indicators=rows,
            )
        )
    return DepartmentTargets(
        department_code=UNIT_CODE,
        department_name=UNIT_NAME,
        fiscal_year=YEAR,
        overall_goal="总体绩效目标",
        sub_goals=["分项一"],
        safeguards=["措施一"],
        tables=tables,
        region_code="130225" if exact else "",
    )
