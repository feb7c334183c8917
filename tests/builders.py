"""Fast builders of large departments for query-count tests (bulk inserts, valid data)."""

from __future__ import annotations

from decimal import Decimal

from indicators.models import FrameLevel2, Indicator, IndicatorFrame
from projects.models import Department, DepartmentPlan, Project


def bulk_department(
    code: str = "990001", year: int = 2023, projects: int = 200, indicators: int = 10
) -> Department:
    """A department with `projects` projects of `indicators` indicators each."""
    department = Department.objects.create(code=code, name=f"批量单位{code}", region_code="130225")
    DepartmentPlan.objects.create(
        department=department, fiscal_year=year, overall_goal="总体目标", sub_goals=["分项"]
    )
    frame = IndicatorFrame.objects.get(code="classic")
    level2s = {
        l2.name: l2
        for l2 in FrameLevel2.objects.filter(level1__frame=frame).select_related("level1")
    }
    # Clean rows (no findings of the automated checks): 产出 first, then 效益, then 满意度.
    pattern = [
        ("数量指标", "保障人数", "≥{n}人"),
        ("质量指标", "验收合格率", "≥{n}%"),
        ("社会效益指标", "群众受益率", "≥{n}%"),
        ("服务对象满意度指标", "群众满意度", "≥95%"),
    ]
    rows = (
        sorted(
            (pattern[0] if i == 0 else pattern[-1] if i == indicators - 1 else pattern[1 + i % 2])
            for i in range(indicators)
        )
        if indicators >= 3
        else [pattern[0]] * indicators
    )
    order = {"数量指标": 0, "质量指标": 1, "社会效益指标": 2, "服务对象满意度指标": 3}
    rows.sort(key=lambda r: order[r[0]])
    created = Project.objects.bulk_create(
        Project(
            department=department,
            fiscal_year=year,
            code=f"130225{year % 100:02d}P{code[:6]}{n:06d}",
            name=f"项目{n}",
            frame=frame,
            budget_total=Decimal("10.5"),
            fiscal_funds=Decimal("10.5"),
            plan_dec=Decimal("10.5"),
            goals=[f"保障项目{n}顺利实施"],
            purpose=f"项目{n}资金用途",
            display_order=n,
        )
        for n in range(1, projects + 1)
    )
    Indicator.objects.bulk_create(
        Indicator(
            project=project,
            order=i,
            level1=level2s[level2].level1,
            level2=level2s[level2],
            name=f"{name}{i + 1}",
            description=f"{name}{i + 1}达到目标值",
            value_raw=value.format(n=90 + i % 10),
            comparator="ge",
            value_number=Decimal(95 if "{n}" not in value else 90 + i % 10),
            value_unit="人" if value.endswith("人") else "%",
            basis="计划标准",
        )
        for project in created
        for i, (level2, name, value) in enumerate(rows)
    )
    return department
