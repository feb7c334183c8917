"""A document's tables are laid out one at a time, so a big export holds one Grid at a time."""

from __future__ import annotations

import gc
import io
import weakref

import pytest

from projects.models import Department
from projects.selectors import department_targets
from reports import layout as layout_module
from reports.layout import ALL_FORMATS, HTML, XLSX, TableGrids, department_document, target_grid
from reports.render import docx, xlsx
from tests.reports.export_readers import document_grids


@pytest.fixture
def targets(seed_plan):
    department = Department.objects.get(code="802010")
    return department_targets(department=department, fiscal_year=2023)


def test_lazy_tables_equal_the_tables_laid_out_at_once(targets):
    grids = TableGrids(targets.tables)
    eager = [target_grid(t, n) for n, t in enumerate(targets.tables, start=1)]
    assert len(grids) == 11
    assert list(grids) == eager
    assert grids[0] == eager[0] and grids[-1] == eager[-1] and grids[3] == eager[3]
    assert grids[2:5] == eager[2:5]
    assert grids[::-1] == eager[::-1]
    with pytest.raises(IndexError):
        grids[11]
    with pytest.raises(IndexError):
        grids[-12]
    # The department document shows the same tables after its narrative, in every format.
    for fmt in ALL_FORMATS:
        assert document_grids(department_document(targets), fmt)[-11:] == eager


def test_the_outline_comes_without_laying_out_and_matches_the_grids(targets, monkeypatch):
    document = department_document(targets)
    expected = [(g.title, g.anchor) for g in document_grids(document)]
    monkeypatch.setattr(layout_module, "target_grid", _refuse)
    monkeypatch.setattr(layout_module, "index_grid", _refuse)
    for fmt in ALL_FORMATS:
        tables = [
            (e.text, e.anchor) for e in document.outline(fmt) if e.anchor.startswith("table-")
        ]
        assert tables == expected
    assert expected[0] == ("1.信访维稳经费绩效目标表", "table-1")
    assert [part.name for part in document.parts(XLSX)][:2] == ["目录", "部门整体绩效目标"]
    assert [part.name for part in document.parts(HTML)][:1] == ["部门整体绩效目标"]


def _refuse(*args, **kwargs):
    raise AssertionError("the outline must not lay out a table or the 目录")


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_an_export_never_holds_more_than_one_laid_out_table(targets, monkeypatch, fmt):
    alive: list[weakref.ref] = []
    most_alive = 0
    original = layout_module.target_grid

    def laying_out(table, position=1):
        nonlocal most_alive
        gc.collect()
        most_alive = max(most_alive, sum(ref() is not None for ref in alive))
        grid = original(table, position)
        alive.append(weakref.ref(grid))
        return grid

    monkeypatch.setattr(layout_module, "target_grid", laying_out)
    renderer = docx.render if fmt == "docx" else xlsx.render
    output = io.BytesIO()
    renderer(department_document(targets), output)
    assert len(alive) == 11  # every table laid out exactly once
    # When a table is laid out, at most the one before it is still referenced (by the loop
    # variable); a list of all Grids would leave ten of them alive at the last table.
    assert most_alive <= 1
    assert output.getvalue()[:2] == b"PK"
