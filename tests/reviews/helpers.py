"""Builders for review tests: a table no rule objects to, and a context with the classic frame."""

from __future__ import annotations

from projects.targets import DepartmentTargets, IndicatorRow, TargetTable
from reviews.checks import Finding, ReviewConfig, ReviewContext, run_department, run_table
from tests.conftest import make_table

CLASSIC_FRAME = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}


def clean_rows() -> list[IndicatorRow]:
    return [
        IndicatorRow(
            "产出指标", "数量指标", "保障行政村数", "年内保障的行政村个数", "≥26个", "计划标准"
        ),
        IndicatorRow(
            "产出指标", "时效指标", "资金拨付及时率", "按季度拨付的比例", "100%", "计划标准"
        ),
        IndicatorRow("产出指标", "成本指标", "人均补助标准", "每人每月补助", "≤300元", "行业标准"),
        IndicatorRow(
            "效益指标", "社会效益指标", "信访事件化解率", "当年化解的比例", "≥90%", "历史标准"
        ),
        IndicatorRow(
            "满意度指标", "服务对象满意度指标", "群众满意度", "问卷调查结果", "≥95", "计划标准"
        ),
    ]


def clean_table(**kwargs) -> TargetTable:
    """A table in the classic frame that no rule objects to."""
    table = make_table(code="13022523P0066B010022C", **kwargs)
    table.indicators = clean_rows()
    table.goals = ["保障26个行政村信访维稳工作正常开展"]
    return table


def context(**config) -> ReviewContext:
    return ReviewContext(config=ReviewConfig(**config), frame=CLASSIC_FRAME, region_code="130225")


def findings_of(table: TargetTable, **config) -> list[Finding]:
    return run_table(table, context(**config))


def rules_of(table: TargetTable, **config) -> set[str]:
    return {f.rule for f in findings_of(table, **config)}


def department(*tables: TargetTable, goal: str = "保障全镇各项工作正常运转") -> DepartmentTargets:
    return DepartmentTargets(
        department_code="900001",
        department_name="测试单位",
        fiscal_year=2023,
        overall_goal=goal,
        tables=list(tables),
        region_code="130225",
    )


def department_rules(targets: DepartmentTargets) -> set[str]:
    return {f.rule for f in run_department(targets, context())}
