"""Import of 项目支出绩效自评表 from Word: our own export round-trips, and the Anhui form's
layout (年度资金总额 left at 0, the numbers on 财政拨款) is read by its labels."""

from __future__ import annotations

import io
from decimal import Decimal

import docx
import pytest
from django.core.management import CommandError, call_command

from evaluation import importing
from evaluation.layout import evaluation_document
from evaluation.models import EvaluatedProject, SelfEvaluation
from reports.render import docx as word
from tests.evaluation.conftest import fill_evaluation, read_evaluation

D = Decimal
pytestmark = pytest.mark.django_db


def test_our_own_export_imports_back_to_the_same_values(evaluation, unit_clerk):
    typed = fill_evaluation(read_evaluation(evaluation))
    typed.projects[0].rows[0].actual = "20"
    typed.projects[0].rows[0].deviation = "两个村尚未完成"
    typed.projects[0].actual_summary = "全年完成信访维稳任务"
    data = word.render_bytes(evaluation_document(typed))

    tables = importing.read_docx(io.BytesIO(data))
    assert len(tables) == 11 and tables[0].name == "信访维稳经费"
    report = importing.evaluation_import(evaluation=evaluation, tables=tables, user=unit_clerk)
    assert (report.projects, report.problems) == (11, [])
    stored = read_evaluation(evaluation)
    assert [[r.actual for r in p.rows] for p in stored.projects] == [
        [r.actual for r in p.rows] for p in typed.projects
    ]
    first = stored.projects[0]
    assert first.rows[0].deviation == "两个村尚未完成"
    assert first.actual_summary == "全年完成信访维稳任务" and first.executed == D("40.00")
    assert first.rows[0].final_score == D("19.23") and first.rows[0].score is None


def _anhui_docx(path, rows):
    """The published Anhui layout: one table, labels with colons, funds on 财政拨款."""
    document = docx.Document()
    document.add_paragraph("项目支出绩效自评表")
    table = document.add_table(rows=0, cols=8)

    def add(*texts):
        cells = table.add_row().cells
        for cell, text in zip(cells, texts, strict=False):
            cell.text = text

    add("项目名称", "信访维稳经费", "", "", "", "", "", "")
    add("项目资金(万元)", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
    add("", "年度资金总额:", "0", "0", "0", "10", "0", "0")
    add("", "其中:本年财政拨款", "40", "38.5", "36.125", "", "", "")
    add("年度总体目标", "预期目标", "", "", "实际完成情况", "", "", "")
    add("", "保障信访维稳", "", "", "化解信访事件12件", "", "", "")
    add(
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    )
    for row in rows:
        add(*row)
    document.save(path)


def test_the_anhui_form_is_read_by_its_labels(tmp_path, evaluation):
    path = tmp_path / "anhui.docx"
    _anhui_docx(
        path,
        [
            ("产出指标(50分)", "数量指标", "保障行政村数", "=26个", "26", "25", "25", ""),
            (
                "产出指标(50分)",
                "质量指标",
                "项目资金数",
                "40万元",
                "36.125",
                "25",
                "20",
                "结余退回",
            ),
            ("效益指标(30分)", "社会效益指标", "信访办结率", "≥90%", "95%", "30", "30", ""),
        ],
    )
    out = io.StringIO()
    call_command(
        "import_selfeval", str(path), "--department", "802010", "--year", "2023", stdout=out
    )
    text = out.getvalue()
    assert "已导入1个项目、2条指标" in text
    assert "第1个表格第8行：“保障行政村数”的年度指标值为“=26个”，与审核通过的“26”不同" in text
    assert "三级指标“信访办结率”不在“信访维稳经费”审核通过的指标中" in text
    entry = EvaluatedProject.objects.get(evaluation=evaluation, project__name="信访维稳经费")
    # 年度资金总额 left at 0: the 财政拨款 row's numbers, exact
    assert (entry.annual_budget, entry.executed) == (D("38.5"), D("36.125"))
    assert entry.actual_summary == "化解信访事件12件"
    money = entry.rows.get(indicator__name="项目资金数")
    assert (money.actual_raw, money.score, money.deviation) == ("36.125", D("20"), "结余退回")
    # a score that equals the proposal (25 of 25 for 26 of 26) stays a proposal
    assert entry.rows.get(indicator__name="保障行政村数").score is None


def test_the_command_opens_the_self_evaluation_for_approved_targets(tmp_path, approved):
    path = tmp_path / "anhui.docx"
    _anhui_docx(path, [("产出指标", "数量指标", "保障行政村数", "26", "26", "25", "25", "")])
    call_command(
        "import_selfeval",
        str(path),
        "--department",
        "802010",
        "--year",
        "2023",
        stdout=io.StringIO(),
    )
    assert SelfEvaluation.objects.get().projects.count() == 11


def test_a_file_without_a_self_evaluation_table_is_refused(tmp_path, approved):
    path = tmp_path / "plain.docx"
    document = docx.Document()
    document.add_paragraph("不是自评表")
    document.save(path)
    with pytest.raises(CommandError, match="没有找到自评表"):
        call_command("import_selfeval", str(path), "--department", "802010", "--year", "2023")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="无法读取"):
        call_command("import_selfeval", str(broken), "--department", "802010", "--year", "2023")


def test_our_excel_export_imports_back_with_exact_amounts(tmp_path, evaluation, unit_clerk):
    from reports.render import xlsx

    typed = fill_evaluation(read_evaluation(evaluation))
    typed.projects[0].executed = D("36.125")
    typed.projects[0].rows[0].actual = "20"
    path = tmp_path / "selfeval.xlsx"
    xlsx.render(evaluation_document(typed), path)
    tables = importing.read_xlsx(str(path))
    assert len(tables) == 11
    report = importing.evaluation_import(evaluation=evaluation, tables=tables, user=unit_clerk)
    assert report.problems == []
    stored = read_evaluation(evaluation).projects[0]
    assert stored.executed == D("36.125") and stored.rows[0].actual == "20"


def test_a_code_before_the_name_and_unknown_rows_in_a_sheet(tmp_path, evaluation, unit_clerk):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "自评表"
    sheet.append(["项目名称", "130225230000000000001信访维稳经费"])
    sheet.append(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"])
    sheet.append(["产出指标", "数量指标", "保障行政村数", "26", "26", 25, 25])
    sheet.append(["产出指标", "数量指标", "新增指标", "5个", "5个", 10, 10])
    path = tmp_path / "sichuan.xlsx"
    book.save(path)
    out = io.StringIO()
    call_command(
        "import_selfeval", str(path), "--department", "802010", "--year", "2023", stdout=out
    )
    text = out.getvalue()
    assert "已导入1个项目、1条指标" in text
    assert "工作表“自评表”第4行：三级指标“新增指标”不在“信访维稳经费”审核通过的指标中" in text
