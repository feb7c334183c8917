"""The loaded seed department equals the seed text, field by field (the fixture cannot drift)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from indicators.models import Indicator
from projects.models import Department, DepartmentPlan, Project
from tests.seed_text import read_seed

SEED = read_seed()


def _amount(text: str | None) -> Decimal | None:
    return Decimal(text) if text else None


def test_seed_text_has_the_eleven_tables_and_the_narrative():
    assert len(SEED.tables) == 11
    assert [t.position for t in SEED.tables] == list(range(1, 12))
    assert len(SEED.sub_goals) == 5
    assert len(SEED.safeguards) == 2


def test_department_and_plan_match_the_seed(seed_plan):
    department = Department.objects.get(code="802010")
    assert department.name == "乐亭县大相各庄镇人民政府"
    assert department.region_code == "130225"
    plan = DepartmentPlan.objects.get(department=department, fiscal_year=2023)
    assert plan.overall_goal == SEED.overall_goal
    assert plan.sub_goals == SEED.sub_goals
    assert plan.safeguards == SEED.safeguards


@pytest.mark.parametrize("seed_table", SEED.tables, ids=lambda t: t.name)
def test_every_project_field_matches_the_seed(seed_plan, seed_table):
    rows = seed_table.rows
    project = Project.objects.get(fiscal_year=2023, code=rows[1][1])
    assert project.display_order == seed_table.position
    assert project.name == rows[1][3] == seed_table.name
    assert rows[0] == [f"{project.department.code}{project.department.name}", "单位：万元"]
    assert project.budget_total == Decimal(rows[2][2])
    assert project.fiscal_funds == Decimal(rows[2][4])
    assert project.other_funds == _amount(rows[2][6])
    assert project.purpose == rows[3][1]
    assert list(project.spending_plan) == [_amount(x) for x in rows[5][1:]]
    goals = [re.sub(r"^\d+\.", "", line) for line in rows[6][1].split("\n")]
    assert project.goals == goals


@pytest.mark.parametrize("seed_table", SEED.tables, ids=lambda t: t.name)
def test_every_indicator_matches_the_seed_in_order(seed_plan, seed_table):
    project = Project.objects.get(fiscal_year=2023, code=seed_table.rows[1][1])
    stored = list(
        Indicator.objects.filter(project=project)
        .select_related("level1", "level2")
        .order_by("order")
    )
    expected, level1 = [], None
    for row in seed_table.rows[8:]:
        level1 = row[0] if row[0] is not None else level1
        expected.append((level1, *row[1:]))
    assert [
        (i.level1.name, i.level2.name, i.name, i.description, i.value_raw, i.basis) for i in stored
    ] == expected


def test_blank_checkpoints_are_stored_blank_not_zero(seed_plan):
    project = Project.objects.get(code="13022522P00476X100150")
    assert project.spending_plan == (None, Decimal("25"), None, None)
    assert project.other_funds is None


def test_placeholders_are_kept_as_real_data(seed_plan):
    placeholders = Project.objects.filter(fiscal_year=2023, goals=["目标内容1"]).count()
    assert placeholders == 9
    assert Indicator.objects.filter(value_raw="文字描述").count() == 1
