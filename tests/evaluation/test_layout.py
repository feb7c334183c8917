"""The monitoring and self-evaluation tables: one layout function each, printed by the unchanged
HTML, Word and Excel renderers, read back to the same values, opened by LibreOffice."""

from __future__ import annotations

import io
import re
import sys
import weakref
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest

from evaluation.layout import evaluation_document, monitoring_document
from evaluation.sheets import EvaluationProject, EvaluationRow, EvaluationSheet
from reports.layout import DOCX, HTML, XLSX, Document
from reports.render import docx as word
from reports.render import html, xlsx
from tests.evaluation.conftest import (
    fill_evaluation,
    fill_monitoring,
    read_evaluation,
    read_monitoring,
)
from tests.reports.export_readers import (
    document_grids,
    docx_table_rows,
    grid_rows,
    sheet_rows,
    soffice_pdf_text,
)

D = Decimal


def anhui_sheet() -> EvaluationSheet:
    """安徽 池州市贵池区棠溪镇 2022 村级补助及运转经费 (the rows the published text shows, with
    the table's own 分值 as weights)."""
    rows = [
        ("产出指标", "数量指标", "补助村(社区)数量", "=8个", "8", D(8)),
        ("产出指标", "数量指标", "保障村干部人数", "=42个", "42", D(8)),
        ("产出指标", "质量指标", "补助资格合规性", "合规", "达成预期指标", D(8)),
        (
            "产出指标",
            "质量指标",
            "经费审批流程规范性",
            "严格执行相关制度规定",
            "达成预期指标",
            D(8),
        ),
        ("产出指标", "时效指标", "补助经费到位及时性", "及时", "达成预期指标", D(8)),
        ("产出指标", "成本指标", "项目总成本", "≤202.6万元", "132.9", D(10)),
        ("效益指标", "经济效益指标", "对两委正常运行的影响程度", "效果明显", "达成预期指标", D(10)),
        ("效益指标", "社会效益指标", "提高干部工作积极性", "效果明显", "达成预期指标", D(10)),
    ]
    project = EvaluationProject(
        name="村级补助及运转经费",
        budget=D("202.64"),
        fiscal_funds=D("202.64"),
        annual_budget=D("132.912"),
        executed=D("132.912"),
        goals=["保障村级组织正常运转"],
        actual_summary="完成预算资金1329120.67元",
        rows=[
            EvaluationRow(level1=a, level2=b, name=c, target=t, actual=x, weight=w)
            for a, b, c, t, x, w in rows
        ],
    )
    return EvaluationSheet(
        department_code="219001",
        department_name="池州市贵池区棠溪镇人民政府",
        fiscal_year=2022,
        parent_heading="219池州市贵池区棠溪镇人民政府",
        projects=[project],
    ).spread()


def test_the_anhui_table_scores_as_published():
    project = anhui_sheet().projects[0]
    assert [r.final_score for r in project.rows] == [
        D("8.00"),
        D("8.00"),
        D("8.00"),
        D("8.00"),
        D("8.00"),
        D("10.00"),
        D("10.00"),
        D("10.00"),
    ]
    # 10 (funds) + 50 + 20: the 满意度 and the third 效益 row are cut off in the published text
    assert project.points_total == D(80) and project.total == D("80.00")
    assert project.grade_label == "良"


def _printed(document):
    grids = document_grids(document)
    book = openpyxl.load_workbook(io.BytesIO(_xlsx(document)))
    printed = docx.Document(io.BytesIO(word.render_bytes(document)))
    return grids, book, printed


def _xlsx(document) -> bytes:
    buffer = io.BytesIO()
    xlsx.render(document, buffer)
    return buffer.getvalue()


def test_the_self_evaluation_reads_back_from_word_and_excel():
    document = evaluation_document(anhui_sheet())
    grids, book, printed = _printed(document)
    (grid,) = grids
    header, indicators = printed.tables
    assert docx_table_rows(header) + docx_table_rows(indicators) == grid_rows(grid)
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "1.村级补助及运转经费绩效自评表"
    assert sheet_rows(sheet, first_row=2) == grid_rows(grid)
    rows = grid_rows(grid)
    assert rows[4] == [
        None,
        "年度资金总额",
        "202.64",
        "132.91",
        "132.91",
        "10.00",
        "100.00%",
        "10.00",
    ]
    assert rows[11][:1] == ["产出指标（50分）"] and rows[17][0] == "效益指标（20分）"
    assert rows[-1] == ["总分", "80.00", "80.00", "自评等级：良"]
    # the exact amount behind a printed one: Excel holds 132.912, not 132.91
    values = [c.value for c in sheet[6] if c.value is not None]
    assert 132.912 in values
    markup = str(html.render_document(document))
    assert "自评等级：良" in markup and "产出指标（50分）" in markup


@pytest.mark.django_db
def test_the_monitoring_table_reads_back_from_word_and_excel(monitoring, unit_clerk):
    sheet = fill_monitoring(read_monitoring(monitoring))
    first = sheet.projects[0]
    first.executed, first.lag_reason = D("8"), "工程款按进度支付"
    first.rows[0].likelihood, first.rows[0].cause = "possible", "funds"
    first.rows[0].cause_text, first.rows[0].measures = "资金拨付延迟", "加快拨付"
    document = monitoring_document(sheet)
    grids, book, printed = _printed(document)
    assert len(grids) == 11 and len(printed.tables) == 22 and len(book.worksheets) == 11
    rows = grid_rows(grids[0])
    assert rows[3] == ["监控时间段", "2023年1–7月"]
    assert rows[4][6:8] == ["支出计划（6月底）", "计划进度"]
    assert rows[5] == [
        None,
        "40.00",
        "",
        "8.00",
        "20.00%",
        "40.00",
        "20.00",
        "50.00%",
        "工程款按进度支付",
    ]
    assert rows[9][6:] == ["有可能", "经费保障：资金拨付延迟", "加快拨付"]
    for n, grid in enumerate(grids):
        assert docx_table_rows(printed.tables[2 * n]) + docx_table_rows(
            printed.tables[2 * n + 1]
        ) == grid_rows(grid)
        assert sheet_rows(book.worksheets[n], first_row=2) == grid_rows(grid)


@pytest.mark.django_db
def test_libreoffice_opens_both_tables_in_word_and_excel(tmp_path, monitoring, evaluation):
    documents = {
        "monitoring": monitoring_document(fill_monitoring(read_monitoring(monitoring))),
        "selfeval": evaluation_document(fill_evaluation(read_evaluation(evaluation))),
    }
    files = []
    for name, document in documents.items():
        word.render(document, tmp_path / f"{name}-word.docx")
        xlsx.render(document, tmp_path / f"{name}-excel.xlsx")
        files += [tmp_path / f"{name}-word.docx", tmp_path / f"{name}-excel.xlsx"]
    texts = soffice_pdf_text(*files)
    for file in files:
        flat = re.sub(r"\s+", "", texts[file.name])
        document = documents[file.stem.split("-")[0]]
        for grid in document_grids(document):
            assert grid.title in flat, (file.name, grid.title)
    assert "自评等级：优" in re.sub(r"\s+", "", texts["selfeval-word.docx"])


def test_a_unit_year_without_projects_still_prints_and_says_so():
    sheet = EvaluationSheet(department_code="1", department_name="空单位", fiscal_year=2023)
    document = evaluation_document(sheet)
    _grids, book, printed = _printed(document)
    assert len(book.worksheets) == 1
    assert "本年度没有审核通过的项目。" in docx_table_rows(printed.tables[0])[0]


def _parts(data: bytes) -> list[tuple[str, bytes]]:
    """A package's parts in order; Excel's core properties carry the time it was written."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [
            (info.filename, re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"T", package.read(info)))
            for info in package.infolist()
        ]


def _eager(document: Document) -> Document:
    """The same document with every table laid out beforehand, as it was before #18's
    lazy tables: the lazy one must print the same bytes."""
    return replace(document, sections=tuple(document.sections_in(HTML)))


@pytest.mark.parametrize("kind", ["monitoring", "selfeval"])
@pytest.mark.parametrize("projects", [0, 1, 13])
def test_tables_laid_out_as_read_print_the_same_bytes(kind, projects):
    sys.path.append(str(Path(__file__).resolve().parents[2] / "bench"))
    from sample import make_evaluation, make_monitoring

    if kind == "monitoring":
        document = monitoring_document(make_monitoring(projects))
    else:
        document = evaluation_document(make_evaluation(projects))
    eager = _eager(document)
    assert document.outline(DOCX) == eager.outline(DOCX)
    assert document.parts(XLSX) == eager.parts(XLSX)
    assert _parts(word.render_bytes(document)) == _parts(word.render_bytes(eager))
    assert _parts(_xlsx(document)) == _parts(_xlsx(eager))
    assert html.render_document(document) == html.render_document(eager)


@pytest.mark.parametrize("kind", ["monitoring", "selfeval"])
def test_a_stage_document_holds_one_table_at_a_time(kind):
    sys.path.append(str(Path(__file__).resolve().parents[2] / "bench"))
    from sample import make_evaluation, make_monitoring

    if kind == "monitoring":
        document = monitoring_document(make_monitoring(5))
    else:
        document = evaluation_document(make_evaluation(5))
    seen = []
    for grid in document.sections_in(DOCX):
        seen.append(weakref.ref(grid))
        del grid
        # every table read before this one is gone: nothing keeps a laid-out Grid
        assert all(ref() is None for ref in seen)
    assert len(seen) == 5
    # titles and anchors for the outline without laying a table out
    assert [e.anchor for e in document.outline(DOCX)] == [f"{kind}-{n}" for n in range(1, 6)]
