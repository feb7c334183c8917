"""Tables rebuilt from other provinces' published documents (#16): each imports exactly, with
notes for what was interpreted, or is refused with a message naming the place and the label.

The files are in tests/data/published (built by its build.py)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from imports.readers.base import ERROR, NOTE, WARNING, ImportFileError, Options
from imports.reading import read_upload
from indicators.frames import (
    CAIYU_CODE,
    CLASSIC_CODE,
    frame_in_levels,
    split_score_band,
    year_default_frame_code,
)
from indicators.values import excel_serial_date

DATA = Path(__file__).resolve().parent.parent / "data" / "published"


def read(name: str, **options):
    return read_upload((DATA / name).read_bytes(), Options(**options))


def messages(result, level: str) -> list[str]:
    return [f"{p.place}：{p.message}" for p in result.problems if p.level == level]


IM_VALUES = ["=8", "=24人/次", "=100%", "=44,561", "=100%", "=44,561", "=0万元/人", "=1万元",
             "=2万元", "=0万元", "=3万元", "提高", "≥90%"]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "serial", "serial_place"),
    [
        ("inner_mongolia_2021.docx", "44,561", "第1个表格 第15行 第7格"),
        ("inner_mongolia_2021.xlsx", "44561", "工作表“再生资源回收市场管理经费” 第17行 G列"),
    ],
)
def test_inner_mongolia_target_table(name, serial, serial_place):
    result = read(name)
    assert result.errors == []
    (department,) = result.departments
    assert (department.department_code, department.department_name) == (
        "433001",
        "乌海市供销合作社联合社",
    )
    assert department.fiscal_year == 2021  # from the `(2021年)` line
    assert result.parents == {"433001": ("433", "乌海市供销合作社联合社(部门)")}
    (table,) = department.tables
    assert table.name == "再生资源回收市场管理经费" and table.code == ""
    assert (table.budget_total, table.fiscal_funds, table.other_funds) == (3, 3, 0)
    assert table.goals[0].startswith("围绕国家关于建设节约型社会")
    assert table.frame_code == CLASSIC_CODE  # 成本指标 under 产出
    assert len(table.indicators) == 13
    values = [row.value for row in table.indicators]
    assert values == [v.replace("44,561", serial) for v in IM_VALUES]
    assert [row.level2 for row in table.indicators[:4]] == ["数量指标", "数量指标", "质量指标",
                                                           "时效指标"]  # fmt: skip
    assert {row.level1 for row in table.indicators[:11]} == {"产出指标"}
    assert [row.direction for row in table.indicators[6:8]] == ["negative", "negative"]
    assert table.indicators[0].direction == "positive"
    assert table.indicators[3].weight == Decimal(10)
    warnings = messages(result, WARNING)
    assert f"{serial_place}：“{serial}”像是Excel日期序列号（即2021年12月31日），" in warnings[0]
    assert len(warnings) == 4  # two values and two unit cells
    assert any("传统指标体系" in m for m in messages(result, NOTE))


def test_approval_form_with_other_labels_score_bands_and_the_2021_frame():
    result = read("chongqing_approval_2023.docx")
    assert result.errors == []
    (department,) = result.departments
    assert (department.department_code, department.department_name) == (
        "123001",
        "綦江区交通运输委员会",
    )
    assert department.fiscal_year == 2023
    (table,) = department.tables
    # 当年年度预算 is the year's budget; 项目总预算 (600) is the multi-year total.
    assert (table.budget_total, table.fiscal_funds, table.other_funds) == (540, 500, 40)
    assert table.purpose == "对12公里农村公路进行提档升级改造。"
    assert table.goals == ["完成12公里农村公路改造", "改善沿线群众出行条件"]
    assert table.frame_code == CAIYU_CODE
    assert [(r.level1, r.level2) for r in table.indicators] == [
        ("产出指标", "数量指标"),
        ("产出指标", "质量指标"),
        ("产出指标", "时效指标"),
        ("成本指标", "经济成本指标"),
        ("成本指标", "生态环境成本指标"),  # the empty 社会成本 row is skipped
        ("效益指标", "社会效益指标"),
        ("满意度指标", "服务对象满意度指标"),
    ]
    assert table.indicators[0].description == "完成改造的公路长度"  # 指标解释
    assert table.indicators[0].value == "≥12公里"
    notes = messages(result, NOTE)
    assert "第1个表格 第11行 第1格：一级指标“成本指标(0-20)分”中的“0-20分”是分值" in notes[1]
    assert any("第12行" in n and "未使用的空行，已跳过" in n for n in notes)
    assert any("财预〔2021〕101号" in n for n in notes)


def test_form_without_a_budget_names_the_labels_and_the_table():
    result = read("chongqing_without_budget.docx")
    (error,) = result.errors
    assert error.place == "第1个表格"
    assert error.message.startswith("项目“农村公路提档升级”没有找到预算数（应在第1个表格中“预算数”")
    assert "null" not in error.message


def test_integrated_system_export_with_summary_rows_and_merged_unit_cells():
    result = read("sichuan_summary_rows_2023.xlsx")
    assert result.errors == [] and result.kind == "flat"
    (department,) = result.departments
    assert department.department_code == "820001" and department.fiscal_year == 2023
    assert result.parents == {"820001": ("820", "马踏镇部门")}
    roads, villages = department.tables
    assert roads.budget_total == Decimal("330.984")  # 3,309,840.00 元, a #,##0.00 number
    assert villages.budget_total == Decimal("125")  # "1,250,000.00" typed as text
    assert [r.level1 for r in roads.indicators] == ["产出指标", "产出指标", "成本指标",
                                                   "效益指标", "满意度指标"]  # fmt: skip
    assert roads.indicators[2].value == "≤11.03万元"
    assert roads.frame_code == villages.frame_code == CAIYU_CODE
    notes = messages(result, NOTE)
    assert any("第4行：“820-马踏镇部门”这一行有金额而没有项目名称和指标" in n for n in notes)
    assert any(
        "汇总行“820-马踏镇部门”的金额 500 万元与其下2个项目的预算数之和 455.984 万元相差 "
        "44.016 万元" in n
        for n in notes
    )


def test_summary_row_that_matches_its_projects_says_so():
    from tests.imports.files import workbook_bytes

    rows = [
        ["金额单位：元"],
        ["单位名称", "项目名称", "预算数", "一级指标", "二级指标", "三级指标", "指标值"],
        ["820-马踏镇部门", None, "100.00", None, None, None, None],
        ["820001-马踏镇人民政府", "保洁", "100.00", "产出指标", "数量指标", "保洁面积", "5亩"],
    ]
    result = read_upload(workbook_bytes(rows), Options(fiscal_year=2024))
    assert result.errors == []
    assert any("与其下1个项目的预算数之和一致" in m for m in messages(result, NOTE))


def test_noisy_text_is_imported_as_typed_and_flagged_at_its_cell():
    result = read("noisy_pdf_text_2022.csv")
    assert result.errors == []
    (table,) = result.departments[0].tables
    assert [r.value for r in table.indicators] == ["2280次", "≥95%", "≥9O%"]
    assert table.indicators[1].name == "卫生Z口达标率"
    warnings = messages(result, WARNING)
    assert warnings == [
        "工作表“CSV” 第4行 F列（三级指标）：“卫生Z口达标率”中的“Z”可能是扫描或PDF转换时的识别错误，"
        "已按原文导入，请核对原件。",
        "工作表“CSV” 第5行 G列（指标值）：“≥9O%”中的“O”可能是扫描或PDF转换时的识别错误，"
        "已按原文导入，请核对原件。",
    ]


def test_self_evaluation_table_is_refused_as_such():
    with pytest.raises(ImportFileError) as refused:
        read("anhui_self_evaluation_2022.docx")
    message = str(refused.value)
    assert message.startswith("第1个表格 第3行")
    assert "这是绩效自评表" in message and "未导入任何内容" in message


def test_flat_self_evaluation_sheet_is_refused_as_such():
    from tests.imports.files import workbook_bytes

    rows = [["项目名称", "三级指标", "年度指标值", "实际完成值", "得分"], ["a", "b", "1", "1", "1"]]
    expected = "工作表“Sheet1” 第1行有“实际完成值”一栏：这是绩效自评表"
    with pytest.raises(ImportFileError, match=expected):
        read_upload(workbook_bytes(rows), Options())


def test_a_year_and_unit_chosen_at_upload_fill_what_the_file_lacks():
    result = read("inner_mongolia_2021.docx", fiscal_year=2022)
    assert result.departments[0].fiscal_year == 2022


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("产出指标(50分)", ("产出指标", "50")),
        ("成本指标(0-20)分", ("成本指标", "0-20")),
        ("效益指标（30）", ("效益指标", "30")),
        ("满意度指标", ("满意度指标", "")),
        ("(50分)", ("(50分)", "")),
    ],
)
def test_score_bands(text, expected):
    assert split_score_band(text) == expected


def test_frame_detection_and_year_default():
    assert frame_in_levels([("产出指标", "数量指标"), ("成本指标", "经济成本指标")]) == CAIYU_CODE
    assert frame_in_levels([("产出指标", "成本指标")]) == CLASSIC_CODE
    assert frame_in_levels([("产出指标", "数量指标")]) == ""
    assert year_default_frame_code(2021) == CLASSIC_CODE
    assert year_default_frame_code(2022) == CAIYU_CODE


def test_excel_date_serials():
    assert str(excel_serial_date("44561")) == "2021-12-31"
    assert str(excel_serial_date("44,561")) == "2021-12-31"
    assert excel_serial_date("2280") is None and excel_serial_date("99999") is None
    assert excel_serial_date("4456l") is None


def test_a_serial_among_counts_is_not_flagged():
    from tests.imports.files import workbook_bytes

    rows = [
        ["单位名称", "项目名称", "预算数（万元）", "一级指标", "二级指标", "三级指标", "指标值",
         "计量单位"],
        ["820001-某镇", "义诊", "1", "产出指标", "数量指标", "服务人数", "44561", "人"],
    ]  # fmt: skip
    result = read_upload(workbook_bytes(rows), Options(fiscal_year=2024))
    assert result.errors == [] and messages(result, WARNING) == []
    assert result.departments[0].tables[0].indicators[0].value == "44561人"


def test_unrecognised_workbook_names_what_is_missing_where():
    from tests.imports.files import workbook_bytes

    data = workbook_bytes([["项目名称", "某项目"], ["预算数", "3"]], title="表1")
    with pytest.raises(ImportFileError) as refused:
        read_upload(data, Options())
    assert "工作表“表1”" in str(refused.value) and "一级指标" in str(refused.value)
    assert ERROR  # the level constants are shared with the readers


def _builders():
    import importlib.util

    spec = importlib.util.spec_from_file_location("published_build", DATA / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_several_untitled_forms_in_one_word_file_are_several_projects():
    import docx

    build = _builders()
    document = docx.Document()
    document.add_paragraph("(2021年)")
    for name in ("甲项目", "乙项目"):
        grid = build.im_grid()
        grid[0][1] = name
        build.word_table(document, grid)
    result = read_upload(build._save(document), Options())
    assert result.errors == []
    assert [t.name for t in result.departments[0].tables] == ["甲项目", "乙项目"]
    assert [len(t.indicators) for t in result.departments[0].tables] == [13, 13]


def test_paragraph_text_keeps_tabs_and_line_breaks_as_python_docx_does():
    import docx

    from imports.readers.docx import _paragraph_text

    document = docx.Document()
    paragraph = document.add_paragraph("甲")
    run = paragraph.add_run("乙")
    run.add_tab()
    run.add_break()
    run.add_text("丙")
    assert _paragraph_text(paragraph._p) == paragraph.text == "甲乙\t\n丙"


@pytest.mark.django_db
def test_cli_imports_a_published_form_and_asks_for_a_missing_year(tmp_path, capsys):
    from django.core.management import call_command

    from projects.models import Project

    build = _builders()
    path = tmp_path / "目标表.docx"
    path.write_bytes((DATA / "inner_mongolia_2021.docx").read_bytes())
    call_command("import_targets", str(path))
    out = capsys.readouterr().out
    assert "Excel日期序列号" in out and "项目：新增 1" in out
    project = Project.objects.get(name="再生资源回收市场管理经费")
    assert (project.fiscal_year, project.department.code) == (2021, "433001")
    assert project.indicators.count() == 13
    untitled = tmp_path / "无年度.docx"
    document = __import__("docx").Document()
    build.word_table(document, build.im_grid())
    untitled.write_bytes(build._save(document))
    with pytest.raises(Exception, match="文件中有1处错误"):
        call_command("import_targets", str(untitled))
    assert "无法从文件中确定预算年度，请在上传时选择预算年度" in capsys.readouterr().out
    call_command("import_targets", str(untitled), "--year", "2022", "--department", "433001")
    assert Project.objects.filter(fiscal_year=2022).count() == 1


def test_preview_summary_counts_agree_with_its_row_details(admin_client, seed_plan):
    """Before #16 the line read "指标：更新 5" beside one changed row: it counted every
    indicator of an updated project, and "无变化 0" above projects marked 无变化."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from imports.models import ImportBatch
    from tests.conftest import seed_targets
    from tests.imports.files import export_xlsx

    targets = seed_targets()
    targets.tables[0].indicators[0].value = "≥99%"
    file = SimpleUploadedFile("导入.xlsx", export_xlsx(targets))
    admin_client.post(reverse("imports:upload"), {"file": file})
    batch = ImportBatch.objects.latest("id")
    page = admin_client.get(reverse("imports:preview", args=[batch.pk])).content.decode()
    line = page[page.index('id="would-do"') : page.index("</p>", page.index('id="would-do"'))]
    rows = sum(len(t.indicators) for t in targets.tables)
    assert "项目：更新 1，无变化 10" in line
    assert f"指标：修改 1，不变 {rows - 1}" in line
