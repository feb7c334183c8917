"""A row added at the bottom joins its 一级 group (#17 item 7): the save and the preview
order rows by 一级, stably, instead of refusing."""

from __future__ import annotations

from django.http import QueryDict

from projects.forms import grouped_by_level1, split_level1s
from projects.post_parsing import preview_table
from projects.targets import TargetTable


def test_grouping_keeps_first_appearance_and_order_within_groups():
    rows = [("产出", 1), ("效益", 2), ("产出", 3), ("满意度", 4), ("效益", 5)]
    assert grouped_by_level1(rows, lambda r: r[0]) == [
        ("产出", 1),
        ("产出", 3),
        ("效益", 2),
        ("效益", 5),
        ("满意度", 4),
    ]
    together = [("产出", 1), ("产出", 2), ("效益", 3)]
    assert grouped_by_level1(together, lambda r: r[0]) == together


def test_split_groups_are_named_once_each():
    assert split_level1s(["产出", "效益", "产出", "效益", "产出"]) == ["产出", "效益"]
    assert split_level1s(["产出", "产出", "效益", "满意度"]) == []


def test_preview_shows_rows_in_the_order_the_save_stores(db):
    data = QueryDict(mutable=True)
    data.update({"rows-TOTAL_FORMS": "3"})
    for n, (level1, name) in enumerate(
        [("产出指标", "甲"), ("效益指标", "乙"), ("产出指标", "丙")]
    ):
        data.update(
            {f"rows-{n}-level1": level1, f"rows-{n}-name": name, f"rows-{n}-ORDER": str(n + 1)}
        )
    base = TargetTable(department_code="802010", department_name="x", fiscal_year=2023, name="")
    assert [r.name for r in preview_table(data, base).indicators] == ["甲", "丙", "乙"]
