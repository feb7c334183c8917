"""The spending plan's label says what its figures are (#16). The seed's Hebei form reads
资金支出计划（%） above cumulative amounts (12月底 = the budget), so 40.00 read as 40%: our tables
print 资金支出计划（万元） for amounts and （%） for percentages, and a kind its figures contradict
is a review finding — amounts are never printed under a % label without one."""

from __future__ import annotations

import io
from decimal import Decimal

import docx
import openpyxl

from projects import official_form as form
from reports.layout import department_document, project_document, target_grid
from reports.render import docx as word
from reports.render import xlsx
from reviews.checks import run_table
from tests.conftest import make_table, seed_targets
from tests.reports.export_readers import docx_table_rows, sheet_rows
from tests.reports.html_tables import read_tables
from tests.reviews.helpers import context

AMOUNTS, PERCENT = "资金支出计划（万元）", "资金支出计划（%）"


def _plan_rows(rows) -> list[list[str]]:
    """The plan's label row and the row of figures under it."""
    index = next(
        i for i, row in enumerate(rows) if row and (row[0] or "").startswith("资金支出计划")
    )
    return [[c for c in rows[i] if c] for i in (index, index + 1)]


def _every_text(rows) -> set[str]:
    return {c for row in rows for c in row if c}


def test_seed_html_prints_the_amount_label_above_its_amounts(admin_client, seed_plan):
    html = admin_client.get("/departments/802010/2023/").content.decode()
    tables = read_tables(html)
    assert len(tables) == 11
    label, figures = _plan_rows(tables[0].rows)
    assert label == [AMOUNTS, "3月底", "6月底", "10月底", "12月底"]
    assert figures[-1] == "40.00"  # 信访维稳经费: 12月底 equals its budget of 40.00 万元
    assert PERCENT not in html


def test_seed_word_and_excel_read_back_with_the_amount_label():
    targets = seed_targets()
    assert {t.spending_plan_kind for t in targets.tables} == {"amount"}
    document = department_document(targets)
    word_file = docx.Document(io.BytesIO(word.render_bytes(document)))
    header_tables = word_file.tables[0::2]
    assert len(header_tables) == 11
    for table in header_tables:
        rows = docx_table_rows(table)
        assert _plan_rows(rows)[0][0] == AMOUNTS
        assert PERCENT not in _every_text(rows)
    output = io.BytesIO()
    xlsx.render(document, output)
    workbook = openpyxl.load_workbook(io.BytesIO(output.getvalue()))
    sheets = [s for s in workbook.worksheets if s.title[0].isdigit()]  # one per table
    assert len(sheets) == 11
    for sheet in sheets:
        rows = sheet_rows(sheet, first_row=2)
        assert _plan_rows(rows)[0][0] == AMOUNTS
        assert PERCENT not in _every_text(rows)
    first = _plan_rows(sheet_rows(sheets[0], first_row=2))
    assert first[1][-1] == "40.00"


def _percent_table(*plan: str):
    table = make_table(budget="40.00")
    table.spending_plan_kind = "percent"
    table.spending_plan = tuple(Decimal(p) for p in plan)
    return table


def test_a_percent_plan_prints_the_percent_label_without_a_finding():
    table = _percent_table("25", "50", "75", "100")
    assert _plan_rows(target_grid(table).texts())[0][0] == PERCENT
    assert not [f for f in run_table(table, context()) if f.location.field == "spending_plan"]


def test_amounts_under_a_percent_label_always_come_with_a_finding():
    table = _percent_table("10", "20", "30", "40")  # ends at the budget: amounts
    label, figures = _plan_rows(target_grid(table).texts())
    assert label[0] == PERCENT and figures[-1] == "40.00"
    (finding,) = [f for f in run_table(table, context()) if f.location.field == "spending_plan"]
    assert finding.rule == "money.plan_kind" and "看起来是金额" in finding.problem


def test_word_of_one_percent_table_reads_back_with_the_percent_label():
    document = project_document(_percent_table("25", "50", "75", "100"))
    word_file = docx.Document(io.BytesIO(word.render_bytes(document)))
    assert _plan_rows(docx_table_rows(word_file.tables[0]))[0][0] == form.SPENDING_PLAN
