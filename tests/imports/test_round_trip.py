"""Round trip: our Word and Excel exports read back give exactly the data that was exported."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from imports.readers.base import Options
from imports.reading import read_upload
from imports.services import targets_import
from indicators.frames import CLASSIC
from projects.models import Project
from projects.selectors import department_targets
from projects.targets import DepartmentTargets, IndicatorRow, TargetTable
from tests.imports.files import export_docx, export_xlsx

EXPORTS = {"docx": export_docx, "xlsx": export_xlsx}
PAIRS = [(l1, l2) for l1, names in CLASSIC.items() for l2 in names]
ALPHABET = "保障人数村级经费资金满意度群众及时发放项目建设运行ABCxyz0123456789≥≤%（）。，-"
text = st.text(ALPHABET, min_size=1, max_size=12).map(str.strip).filter(bool)
maybe_text = st.one_of(st.just(""), text)
cents = st.integers(min_value=0, max_value=99_999_999).map(lambda n: Decimal(n).scaleb(-2))


@st.composite
def indicator_rows(draw) -> list[IndicatorRow]:
    pairs = sorted(draw(st.lists(st.sampled_from(PAIRS), min_size=1, max_size=5)),
                   key=PAIRS.index)  # fmt: skip
    return [
        IndicatorRow(l1, l2, draw(text), draw(maybe_text), draw(maybe_text), draw(maybe_text))
        for l1, l2 in pairs
    ]


@st.composite
def tables(draw, code: str, year: int) -> TargetTable:
    fiscal, other = draw(cents), draw(st.one_of(st.none(), cents))
    budget = fiscal + (other or 0)
    plan = tuple(draw(st.one_of(st.none(), cents.filter(lambda a: a <= budget))) for _ in "1234")
    last = next((v for v in reversed(plan) if v is not None), None)
    assume(not (last == 100 and budget != 100))  # reads as a percentage plan (see layout)
    return TargetTable(
        code, "测试镇人民政府", year, name=draw(text), code=draw(st.sampled_from(["", "x"])),
        budget_total=budget, fiscal_funds=fiscal, other_funds=other, purpose=draw(maybe_text),
        spending_plan=plan, goals=draw(st.lists(text, max_size=3)),
        indicators=draw(indicator_rows()),
    )  # fmt: skip


@st.composite
def departments(draw) -> DepartmentTargets:
    code = draw(st.from_regex(r"\A[1-9][0-9]{5}\Z"))
    year = draw(st.integers(2020, 2030))
    items = draw(st.lists(tables(code, year), min_size=1, max_size=3))
    for n, table in enumerate(items):  # codes: unique, 21 characters, or empty
        table.code = f"130225{year % 100:02d}P{n:012d}" if table.code else ""
    return DepartmentTargets(
        code, "测试镇人民政府", year,
        overall_goal=draw(maybe_text), sub_goals=draw(st.lists(text, max_size=3)),
        safeguards=draw(st.lists(text, max_size=2)), tables=items,
        region_code="130225" if any(t.code for t in items) else "",
    )  # fmt: skip


@pytest.mark.parametrize("fmt", list(EXPORTS))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(targets=departments())
def test_export_then_import_gives_identical_data(fmt, targets):
    result = read_upload(EXPORTS[fmt](targets), Options())
    assert result.errors == []
    assert result.departments == [targets]


def _plain(targets: DepartmentTargets) -> DepartmentTargets:
    for table in targets.tables:
        table.project_id = table.version = table.position = None
        for row in table.indicators:
            row.indicator_id = None
    return targets


@pytest.mark.parametrize("fmt", list(EXPORTS))
def test_seed_department_from_the_database_round_trips(seed_plan, fmt):
    stored = department_targets(department=seed_plan.department, fiscal_year=2023)
    data = EXPORTS[fmt](stored)
    (read,) = read_upload(data, Options()).departments
    for table in read.tables:
        table.frame_code = "classic"
    assert _plain(read) == _plain(department_targets(department=seed_plan.department,
                                                     fiscal_year=2023))  # fmt: skip
    summary = targets_import(departments=[read], user=None)
    assert summary.count("unchanged") == 11


def test_cli_imports_dry_runs_and_fails_when_nothing_is_imported(db, tmp_path, seed_plan, capsys):
    stored = department_targets(department=seed_plan.department, fiscal_year=2023)
    Project.objects.all().delete()
    path = tmp_path / "seed.xlsx"
    path.write_bytes(export_xlsx(stored))
    call_command("import_targets", str(path), "--dry-run")
    assert "（试运行，未写入）项目：新增 11" in capsys.readouterr().out
    assert Project.objects.count() == 0
    call_command("import_targets", str(path))
    assert Project.objects.count() == 11
    with pytest.raises(Exception, match="没有可导入的项目"):
        call_command("import_targets", str(path), "--on-existing", "skip")
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04broken")
    with pytest.raises(Exception, match="损坏"):
        call_command("import_targets", str(bad))
