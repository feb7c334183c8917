"""`manage.py review_targets`: text and JSON output, clear failures for unknown unit or year."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def _run(*args: str) -> str:
    out = StringIO()
    call_command("review_targets", *args, stdout=out)
    return out.getvalue()


def test_json_lists_every_finding_with_its_place(seed_plan):
    data = json.loads(_run("--department", "802010", "--year", "2023", "--format", "json"))
    assert len(data) == 126
    assert data[0] == {
        "rule": "completeness.goals",
        "level": "error",
        "project_index": 1,
        "project_code": "13022523P0066B010022C",
        "project_name": "信访维稳经费",
        "row": None,
        "field": "goals",
        "item": 1,
        "message": "第1个项目“信访维稳经费” · 绩效目标 · 第1条："
        "绩效目标“目标内容1”是模板默认内容。",
        "hint": "删去模板文字，写明本项目要做成什么、做到什么程度，例如“保障26个行政村……”。",
        "opinion": 1,
    }


def test_text_output_ends_with_a_summary(seed_plan):
    lines = _run("--department", "802010", "--year", "2023").splitlines()
    assert (
        lines[-1] == "802010乐亭县大相各庄镇人民政府 2023年：11 个项目，错误 19 条，提示 107 条。"
    )
    assert lines[0].startswith("[错误] completeness.goals 第1个项目“信访维稳经费”")


def test_unknown_department_fails_clearly(seed_plan):
    with pytest.raises(CommandError, match="没有单位编码为 999999 的预算单位"):
        _run("--department", "999999", "--year", "2023")


def test_year_without_targets_fails_clearly(seed_plan):
    with pytest.raises(CommandError, match="802010 在 2019 年没有绩效目标"):
        _run("--department", "802010", "--year", "2019")


def test_command_exits_non_zero_from_the_shell(seed_plan):
    from django.core.management import ManagementUtility

    utility = ManagementUtility(["manage.py", "review_targets", "--department", "0", "--year", "1"])
    with pytest.raises(SystemExit) as stop:
        utility.execute()
    assert stop.value.code == 1
