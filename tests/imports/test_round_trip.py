"""Round trip: our Word and Excel exports, imported into the database and read back with the
selector, give exactly the tables that were exported (amounts to 0.000001 万元, weights,
directions and the plan's kind included)."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imports.readers.base import WARNING, Options
from imports.reading import read_upload
from imports.services import targets_import
from indicators.frames import CLASSIC
from indicators.models import FrameAdoption, IndicatorFrame
from projects.models import Department, Project
from projects.numbering import strip_number
from projects.permissions import SYSTEM
from projects.selectors import department_targets
from projects.targets import DepartmentTargets, IndicatorRow, TargetTable
from tests.imports.files import export_docx, export_xlsx

EXPORTS = {"docx": export_docx, "xlsx": export_xlsx}
PAIRS = [(l1, l2) for l1, names in CLASSIC.items() for l2 in names]
ALPHABET = "保障人数村级经费资金满意度群众及时发放项目建设运行ABCxyz0123456789≥≤%（）。，-"
DIRECTIONS = ["", "positive", "negative", "neutral"]
text = st.text(ALPHABET, min_size=1, max_size=12).map(str.strip).filter(bool)
maybe_text = st.one_of(st.just(""), text)
# Goals and items are stored without a leading list number (it is printed once, #17).
item = text.filter(lambda t: strip_number(t) == t)
# 万元 with up to six decimals (0.01 元), like 330.984; stored as DecimalField(16, 6).
wan = st.integers(min_value=0, max_value=99_999_999_999).map(lambda n: Decimal(n).scaleb(-6))
percent = st.integers(min_value=0, max_value=10_000).map(lambda n: Decimal(n).scaleb(-2))
weights = st.one_of(st.none(), st.integers(0, 9_999_999).map(lambda n: Decimal(n).scaleb(-2)))


@st.composite
def indicator_rows(draw) -> list[IndicatorRow]:
    pairs = sorted(draw(st.lists(st.sampled_from(PAIRS), min_size=1, max_size=5)),
                   key=PAIRS.index)  # fmt: skip
    return [
        IndicatorRow(l1, l2, draw(text), draw(maybe_text), draw(maybe_text), draw(maybe_text),
                     weight=draw(weights), direction=draw(st.sampled_from(DIRECTIONS)))
        for l1, l2 in pairs
    ]  # fmt: skip


@st.composite
def tables(draw, code: str, year: int) -> TargetTable:
    fiscal, other = draw(wan), draw(st.one_of(st.none(), wan))
    budget = fiscal + (other or 0)
    kind = draw(st.sampled_from(["amount", "amount", "percent"]))
    micro = int(budget.scaleb(6))  # checkpoints of an amount plan stay within the budget
    checkpoint = (
        st.integers(0, micro).map(lambda n: Decimal(n).scaleb(-6)) if kind == "amount" else percent
    )
    return TargetTable(
        code, "测试镇人民政府", year, name=draw(text), code=draw(st.sampled_from(["", "x"])),
        budget_total=budget, fiscal_funds=fiscal, other_funds=other, purpose=draw(maybe_text),
        spending_plan=tuple(draw(st.one_of(st.none(), checkpoint)) for _ in "1234"),
        spending_plan_kind=kind, goals=draw(st.lists(item, max_size=3)),
        indicators=draw(indicator_rows()),
    )  # fmt: skip


@st.composite
def departments(draw) -> DepartmentTargets:
    code = draw(st.from_regex(r"\A[1-9][0-9]{5}\Z"))
    year = draw(st.integers(2020, 2030))
    items = draw(st.lists(tables(code, year), min_size=1, max_size=3, unique_by=lambda t: t.name))
    for n, table in enumerate(items):  # codes: unique, 21 characters, or empty
        table.code = f"130225{year % 100:02d}P{n:012d}" if table.code else ""
    return DepartmentTargets(
        code, "测试镇人民政府", year,
        overall_goal=draw(maybe_text), sub_goals=draw(st.lists(item, max_size=3)),
        safeguards=draw(st.lists(item, max_size=2)), tables=items,
        region_code="130225" if any(t.code for t in items) else "",
    )  # fmt: skip


def _plain(targets: DepartmentTargets) -> DepartmentTargets:
    for table in targets.tables:
        table.project_id = table.version = table.position = None
        for row in table.indicators:
            row.indicator_id = None
    return targets


def _stored(targets: DepartmentTargets) -> DepartmentTargets:
    department = Department.objects.get(code=targets.department_code)
    return _plain(department_targets(department=department, fiscal_year=targets.fiscal_year))


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", list(EXPORTS))
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(targets=departments())
def test_export_then_import_into_the_database_gives_identical_tables(fmt, targets):
    expected = copy.deepcopy(targets)
    for table in expected.tables:
        table.frame_code = "classic"  # the frame the database pins each project to
    result = read_upload(EXPORTS[fmt](targets), Options())
    assert result.errors == []
    assert [p for p in result.problems if p.level == WARNING] == []
    # The reader names the frame a table's rows show (成本指标 under 产出 is the classic one).
    shown = {t.frame_code for d in result.departments for t in d.tables}
    assert shown <= {"", "classic"}
    for table in result.departments[0].tables:
        table.frame_code = ""
    assert result.departments == [targets]
    with transaction.atomic():  # each example starts from the same empty database
        # The rows are the classic frame's; from 2022 a region without adoption uses the other.
        FrameAdoption.objects.get_or_create(
            region_code=targets.region_code,
            fiscal_year=targets.fiscal_year,
            defaults={"frame": IndicatorFrame.objects.get(code="classic")},
        )
        summary = targets_import(departments=result.departments, user=SYSTEM)
        assert summary.count("created") == len(targets.tables)
        assert _stored(targets) == expected
        transaction.set_rollback(True)


@pytest.mark.parametrize("fmt", list(EXPORTS))
def test_seed_department_from_the_database_round_trips(seed_plan, fmt):
    stored = _plain(department_targets(department=seed_plan.department, fiscal_year=2023))
    data = EXPORTS[fmt](stored)
    Project.objects.all().delete()
    (read,) = read_upload(data, Options()).departments
    summary = targets_import(departments=[read], user=SYSTEM)
    assert summary.count("created") == 11
    assert _stored(stored) == stored  # export → import → database: the same tables
    (again,) = read_upload(data, Options()).departments
    assert targets_import(departments=[again], user=SYSTEM).count("unchanged") == 11


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
