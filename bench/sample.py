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


def make_evaluation(n: int):
    """The self-evaluation of `make_department(n)`: every project's funds executed at 90–100%,
    each indicator's actual at or a little under its target, one in seven with a deviation
    written (the shape of `evaluation.demo`), 分值 spread by the standard scheme."""
    from evaluation.sheets import EvaluationProject, EvaluationRow, EvaluationSheet

    targets = make_department(n)
    projects = []
    for i, table in enumerate(targets.tables):
        rows = []
        for k, row in enumerate(table.indicators):
            short = (i + k) % 7 == 0
            rows.append(
                EvaluationRow(
                    level1=row.level1,
                    level2=row.level2,
                    name=row.name,
                    target=row.value,
                    actual=f"{88 + k}%" if short else f"{90 + k}%",
                    deviation="部分对象资格审核未通过，下年度完善审核流程" if short else "",
                )
            )
        projects.append(
            EvaluationProject(
                name=table.name,
                code=table.code,
                budget=table.budget_total,
                fiscal_funds=table.fiscal_funds,
                goals=list(table.goals),
                annual_budget=table.budget_total,
                executed=table.budget_total * Decimal(90 + i % 11) / 100,
                actual_summary="项目全年按计划实施，主要绩效目标基本实现",
                rows=rows,
            )
        )
    return EvaluationSheet(
        department_code=UNIT_CODE,
        department_name=UNIT_NAME,
        fiscal_year=YEAR,
        projects=projects,
    ).spread()


def make_monitoring(n: int, month: int = 7):
    """The 1–`month`月 monitoring round of `make_department(n)`: money executed at 40–60% of the
    budget, each indicator's progress written, one in seven judged 有可能 with a cause and a
    measure (the shape of `evaluation.demo`)."""
    from evaluation.sheets import MonitoringProject, MonitoringRow, MonitoringSheet

    targets = make_department(n)
    projects = []
    for i, table in enumerate(targets.tables):
        rows = []
        for k, row in enumerate(table.indicators):
            late = (i + k) % 7 == 0
            rows.append(
                MonitoringRow(
                    level1=row.level1,
                    level2=row.level2,
                    name=row.name,
                    target=row.value,
                    progress=f"{50 + k}%",
                    projected=f"{88 + k}%" if late else row.value,
                    likelihood="possible" if late else "certain",
                    cause="funds" if late else "",
                    cause_text="资金拨付滞后" if late else "",
                    measures="加快资金拨付进度" if late else "",
                )
            )
        budget = table.budget_total
        projects.append(
            MonitoringProject(
                name=table.name,
                code=table.code,
                budget=budget,
                spending_plan=table.spending_plan,
                goals=list(table.goals),
                executed=budget * Decimal(40 + i % 21) / 100,
                projected=budget,
                goal_progress="项目按计划推进",
                lag_reason="部分工程款待验收后支付" if i % 5 == 0 else "",
                rows=rows,
            )
        )
    return MonitoringSheet(
        department_code=UNIT_CODE,
        department_name=UNIT_NAME,
        fiscal_year=YEAR,
        period_end_month=month,
        projects=projects,
    )
