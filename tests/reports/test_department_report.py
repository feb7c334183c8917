"""The department page shows the seed document table for table, cell for cell."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from projects.models import Project
from projects.selectors import department_targets
from reports.layout import COLUMNS, department_document, target_grid
from tests.reports.export_readers import document_grids
from tests.reports.html_tables import read_tables
from tests.seed_text import read_printed_seed as read_seed

SEED = read_seed()
REPORT_URL = "/departments/802010/2023/"


def _squash(text: str) -> str:
    # The seed's Word text has stray spaces inside labels (“其中：财政    资金”).
    return "".join(text.split())


def _seed_cells(seed_table) -> list[list[str]]:
    """Seed rows without the continuation cells of vertical merges, whitespace squashed."""
    return [[_squash(c) for c in row if c is not None] for row in seed_table.rows]


@pytest.fixture
def grids(seed_plan):
    from projects.models import Department

    department = Department.objects.get(code="802010")
    targets = department_targets(department=department, fiscal_year=2023)
    return document_grids(department_document(targets))


def test_grid_cells_equal_the_seed_cells(grids):
    assert len(grids) == 11
    for grid, seed_table in zip(grids, SEED.tables, strict=True):
        assert grid.title == f"{seed_table.position}.{seed_table.name}绩效目标表"
        assert [[_squash(t) for t in row] for row in grid.texts()] == _seed_cells(seed_table)


def test_every_grid_row_fills_all_columns(grids):
    for grid in grids:
        covered: dict[int, int] = {}  # column -> further rows a rowspan from above still covers
        for row in grid.rows:
            taken = set(covered)
            column = 0
            for cell in row.cells:
                while column in taken:
                    column += 1
                for offset in range(cell.colspan):
                    taken.add(column + offset)
                if cell.rowspan > 1:
                    covered[column] = cell.rowspan
                column += cell.colspan
            assert taken == set(range(COLUMNS)), grid.title
            covered = {col: left - 1 for col, left in covered.items() if left > 1}


def test_level1_is_merged_over_its_level2_rows(grids):
    first = grids[0]
    output = next(c for row in first.rows for c in row.cells if c.text == "产出指标")
    assert output.rowspan == 2  # 数量指标 and 质量指标


def test_every_html_cell_equals_the_seed(admin_client, seed_plan):
    response = admin_client.get(REPORT_URL)
    assert response.status_code == 200
    tables = read_tables(response.content.decode())
    assert len(tables) == len(SEED.tables) == 11
    for html_table, seed_table in zip(tables, SEED.tables, strict=True):
        assert html_table.title == f"{seed_table.position}.{seed_table.name}绩效目标表"
        assert [[_squash(c) for c in row] for row in html_table.rows] == _seed_cells(seed_table)


def test_html_spans_equal_the_grid_spans(admin_client, grids):
    tables = read_tables(admin_client.get(REPORT_URL).content.decode())
    for html_table, grid in zip(tables, grids, strict=True):
        assert html_table.spans == [
            [(c.rowspan, c.colspan) for c in row.cells] for row in grid.rows
        ]


def test_blank_checkpoints_render_blank_and_amounts_have_two_decimals(admin_client, seed_plan):
    tables = read_tables(admin_client.get(REPORT_URL).content.decode())
    reform = tables[1]
    assert reform.rows[5] == ["", "25.00", "", ""]
    assert reform.rows[2][2] == "25.00" and reform.rows[2][6] == ""


def test_narrative_and_table_of_contents(admin_client, seed_plan):
    html = admin_client.get(REPORT_URL).content.decode()
    assert "第一部分<br>部门整体绩效目标" in html
    for heading in ("一、总体绩效目标", "二、分项绩效目标", "三、工作保障措施"):
        assert heading in html
    assert SEED.overall_goal in html
    for number, item in enumerate(SEED.sub_goals + SEED.safeguards, start=1):
        assert f"、{item}</p>" in html, number
    for seed_table in SEED.tables:
        link = f'<a href="#table-{seed_table.position}">{seed_table.position}.{seed_table.name}'
        assert link in html


def test_print_css_puts_one_table_per_a4_page(client):
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/perfbudget.css")).read_text(encoding="utf-8")
    assert "size: A4 portrait" in css
    assert "break-before: page" in css


def test_project_report_shows_one_table(admin_client, seed_plan):
    project = Project.objects.get(code="13022523P00H60410032U")
    response = admin_client.get(reverse("projects:project_report", args=[project.pk]))
    assert response.status_code == 200
    tables = read_tables(response.content.decode())
    assert len(tables) == 1
    assert [[_squash(c) for c in row] for row in tables[0].rows] == _seed_cells(SEED.tables[2])


def test_unknown_department_year_and_project_are_404(admin_client, seed_plan):
    assert admin_client.get("/departments/999999/2023/").status_code == 404
    assert admin_client.get("/departments/802010/2019/").status_code == 404
    assert admin_client.get("/projects/999999/").status_code == 404


def test_pages_require_login(client, seed_plan):
    response = client.get(REPORT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get("/healthz/").status_code == 200


def test_grid_of_generated_table_has_blank_other_funds():
    from tests.conftest import make_table

    grid = target_grid(make_table())
    budget_row = grid.rows[2]
    assert [c.text for c in budget_row.cells][-1] == ""
    assert budget_row.cells[2].value is not None
