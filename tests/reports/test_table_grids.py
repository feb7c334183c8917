"""A document's tables are laid out one at a time, so a big export holds one Grid at a time."""

from __future__ import annotations

import gc
import io
import weakref

import pytest

from projects.models import Department
from projects.selectors import department_targets
from reports import layout as layout_module
from reports.layout import DocumentLayout, department_document, document_layout, target_grid
from reports.render import docx, xlsx


@pytest.fixture
def targets(seed_plan):
    department = Department.objects.get(code="802010")
    return department_targets(department=department, fiscal_year=2023)


def test_lazy_tables_equal_the_tables_laid_out_at_once(targets):
    grids = document_layout(targets).grids
    eager = [target_grid(t, n) for n, t in enumerate(targets.tables, start=1)]
    assert len(grids) == 11
    assert list(grids) == eager
    assert grids[0] == eager[0] and grids[-1] == eager[-1] and grids[3] == eager[3]
    assert grids[2:5] == eager[2:5]
    assert grids == eager and grids == document_layout(targets).grids
    assert document_layout(targets) == document_layout(targets)
    assert grids[::-1] == eager[::-1]
    with pytest.raises(IndexError):
        grids[11]
    with pytest.raises(IndexError):
        grids[-12]


def test_headings_come_without_laying_out_and_match_the_grids(targets, monkeypatch):
    layout = document_layout(targets)
    expected = [(g.title, g.anchor) for g in layout.grids]
    monkeypatch.setattr(layout_module, "target_grid", _refuse)
    assert layout.headings == expected
    assert expected[0] == ("1.信访维稳经费绩效目标表", "table-1")
    # A layout made of a plain list of Grids answers the same way.
    plain = DocumentLayout("h", 2023, "", [], [], grids=[target_grid(targets.tables[0], 7)])
    assert plain.headings == [(plain.grids[0].title, "table-7")]


def _refuse(*args, **kwargs):
    raise AssertionError("headings must not lay out a table")


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
