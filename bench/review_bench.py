"""Run every review rule on 2,000 generated projects and print the figures (not a timed test).

Usage: .venv/bin/python bench/review_bench.py [projects]
The tables are built in memory (no database) with the seed's typical defects mixed in, so the
figures measure the rules themselves; the stored-data selector adds a fixed number of queries.
"""

from __future__ import annotations

import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "perfbudget.settings")

import django

django.setup()

from projects.targets import DepartmentTargets, IndicatorRow, TargetTable  # noqa: E402
from reviews.checks import RULES, ReviewContext, run_department  # noqa: E402

FRAME = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}
ROWS = [
    ("产出指标", "数量指标", "保障人数", "≥26个"),
    ("产出指标", "数量指标", "项目资金数", "40万元"),
    ("产出指标", "时效指标", "及时拨付", "及时拨付"),
    ("产出指标", "成本指标", "人均成本", "≤300元"),
    ("效益指标", "社会效益指标", "提高群众生活水平", "明显提高"),
    ("效益指标", "社会效益指标", "信访化解率", "≥90%"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥95"),
    ("满意度指标", "服务对象满意度指标", "人员满意度", "文字描述"),
]


def generated_table(n: int) -> TargetTable:
    budget = Decimal(n % 97 + 1) + Decimal("0.25")
    rows = [
        IndicatorRow(l1, l2, name, name if n % 2 else f"{name}的说明", value, "计划标准")
        for l1, l2, name, value in ROWS
    ]
    return TargetTable(
        department_code="900001",
        department_name="基准单位",
        fiscal_year=2023,
        name=f"项目{n}",
        code=f"13022523P{n:012d}",
        budget_total=budget,
        fiscal_funds=budget,
        purpose="用途",
        spending_plan=(None, budget / 2, None, budget),
        goals=["目标内容1"] if n % 3 == 0 else ["保障各项工作正常开展"],
        indicators=rows,
    )


def main(projects: int) -> None:
    targets = DepartmentTargets(
        "900001", "基准单位", 2023, overall_goal="总体目标", region_code="130225"
    )
    targets.tables = [generated_table(n) for n in range(projects)]
    ctx = ReviewContext(frame=FRAME, region_code="130225")
    run_department(targets, ctx)  # warm up (translations, regexes)
    runs = []
    for _run in range(3):
        start = time.perf_counter()
        findings = run_department(targets, ctx)
        runs.append(time.perf_counter() - start)
    best = min(runs)
    rows = sum(len(t.indicators) for t in targets.tables)
    print(f"rules: {len(RULES)}; projects: {projects}; indicator rows: {rows}")
    print(f"findings: {len(findings)}")
    print(f"best of 3: {best:.3f} s per department of {projects} projects")
    print(f"per project: {best / projects * 1000:.3f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
