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
    level2s = list(FrameLevel2.objects.filter(level1__frame=frame).select_related("level1"))
    created = Project.objects.bulk_create(
        Project(
            department=department,
            fiscal_year=year,
            code=f"{code[:6]}{year % 100:02d}P{n:012d}",
            name=f"项目{n}",
            frame=frame,
            budget_total=Decimal("10.5"),
            fiscal_funds=Decimal("10.5"),
            plan_dec=Decimal("10.5"),
            goals=["目标"],
            display_order=n,
        )
        for n in range(1, projects + 1)
    )
    Indicator.objects.bulk_create(
        Indicator(
            project=project,
            order=i,
            level1=level2s[i % len(level2s)].level1,
            level2=level2s[i % len(level2s)],
            name=f"指标{i}",
            value_raw="≥95%",
            comparator="ge",
            value_number=Decimal(95),
            value_unit="%",
        )
        for project in created
        for i in range(indicators)
    )
    return department
