"""`manage.py export_targets --stage monitoring|selfeval` (targets stays the default)."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def _export(tmp_path, name, *args):
    path = tmp_path / name
    call_command(
        "export_targets",
        "--department",
        "802010",
        "--year",
        "2023",
        *args,
        "--output",
        str(path),
        stdout=io.StringIO(),
    )
    return path


def test_the_stored_monitoring_round_as_word(tmp_path, monitoring):
    path = _export(tmp_path, "m.docx", "--stage", "monitoring", "--format", "docx")
    printed = docx.Document(str(path))
    assert printed.paragraphs[0].text == "1.信访维稳经费绩效目标执行监控表"
    assert len(printed.tables) == 22


def test_a_blank_monitoring_table_for_approved_targets(tmp_path, approved):
    path = _export(tmp_path, "m.xlsx", "--stage", "monitoring", "--month", "6", "--format", "xlsx")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet["B5"].value == "2023年1–6月"


def test_no_blank_table_before_approval(tmp_path, seed_plan):
    with pytest.raises(CommandError, match="尚未审核通过"):
        _export(tmp_path, "m.xlsx", "--stage", "selfeval", "--format", "xlsx")


def test_the_self_evaluation_as_excel(tmp_path, evaluation):
    path = _export(tmp_path, "s.xlsx", "--stage", "selfeval", "--format", "xlsx")
    book = openpyxl.load_workbook(path)
    assert (
        len(book.worksheets) == 11 and book.worksheets[0]["A1"].value == "1.信访维稳经费绩效自评表"
    )


def test_targets_stay_the_default(tmp_path, seed_plan):
    path = _export(tmp_path, "t.docx", "--format", "docx")
    assert docx.Document(str(path)).paragraphs[0].text.endswith("年部门预算绩效目标")


def test_a_stage_needs_one_department(seed_plan):
    with pytest.raises(CommandError, match="--department"):
        call_command("export_targets", "--all", "--year", "2023", "--stage", "selfeval")
