"""What a refused save lists: rows matched as the save matches them (id, else 一级/二级/三级)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from projects.models import Project
from projects.row_matching import match_rows
from projects.selectors import project_target_table
from projects.services import project_save_table
from projects.table_diff import table_changes
from projects.targets import IndicatorRow
from tests.projects.forms_helpers import demo_user, post_data


def test_rows_match_by_id_then_by_name_each_stored_row_once():
    existing = [(1, "a"), (2, "b"), (3, "b"), (None, "c")]
    new = [(None, "b"), (2, "x"), (9, "c"), (None, "b"), (None, "z"), (1, "a")]
    # (None,"b") takes the first free "b" (index 1)… which id 2 then cannot take again, so
    # (2,"x") finds no row with key "x"; "c" is matched by name, the second "b" takes index 2.
    assert match_rows(existing, new) == [1, None, 3, 2, None, 0]
    assert match_rows([], [(1, "a")]) == [None]
    assert match_rows([(1, "a")], []) == []


def _row(name: str, value: str = "≥1", *, row_id: int | None = None) -> IndicatorRow:
    return IndicatorRow(
        indicator_id=row_id,
        level1="产出指标",
        level2="数量指标",
        name=name,
        description="",
        value=value,
        basis="",
        weight=None,
        direction="",
    )


@pytest.fixture
def stored(seed_plan):
    project = Project.objects.get(name="妇女之家资金", fiscal_year=2023)
    return project, project_target_table(project_id=project.pk)


def test_an_inserted_row_is_one_new_row_not_a_change_to_every_later_row(stored):
    _project, before = stored
    rows = [_row("新插入的指标"), *before.indicators]
    after = replace(before, indicators=rows)
    assert table_changes(before, after) == ["新增第1行指标：产出指标/数量指标/新插入的指标 ≥1"]


def test_changed_removed_and_reordered_rows_are_each_named_once(stored):
    _project, before = stored
    first, second, third = before.indicators
    after = replace(
        before,
        indicators=[third, replace(first, value="≥99", weight=Decimal("12.5"))],
    )
    changes = table_changes(before, after)
    assert changes == [
        f"第2行指标指标值：“{first.value}” → “≥99”",
        f"第2行指标权重：“{'' if first.weight is None else first.weight}” → “12.5”",
        f"删除了第2行指标：{second.level1}/{second.level2}/{second.name}",
        "调整了指标行的顺序。",
    ]


def test_rows_without_ids_are_matched_by_their_names(stored):
    _project, before = stored
    typed = [replace(r, indicator_id=None) for r in before.indicators]
    typed[1] = replace(typed[1], value="新的值")
    changes = table_changes(before, replace(before, indicators=typed))
    assert changes == [f"第2行指标指标值：“{before.indicators[1].value}” → “新的值”"]


def test_the_conflict_message_after_someone_inserted_a_row_lists_only_that_row(clerk, stored):
    project, table = stored
    url = f"/projects/{project.pk}/edit/"
    opened = clerk.get(url).context["opened"]
    theirs = replace(table, indicators=[_row("别人插入的指标", "10人"), *table.indicators])
    project_save_table(department=project.department, table=theirs, user=demo_user("admin"))
    response = clerk.post(url, post_data(table, purpose="我的用途", opened=opened))
    assert response.status_code == 200
    assert response.context["conflict"]["changes"] == [
        "新增第1行指标：产出指标/数量指标/别人插入的指标 10人"
    ]
    html = response.content.decode()
    assert html.count("<li>", html.index('id="conflict-changes"')) >= 1
    assert "第2行指标" not in html[html.index('id="conflict-changes"') :]
