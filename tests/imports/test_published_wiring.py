"""Published tables through the import service (#16): the frame a file shows, the units it
creates (region and parent) and the summary's indicator counts."""

from __future__ import annotations

import pytest

from imports.services import import_preview, targets_import
from indicators.frames import CAIYU_CODE, CLASSIC_CODE
from indicators.models import FrameAdoption, IndicatorFrame
from projects.models import Project
from tests.conftest import make_user
from tests.imports.test_published_tables import read

pytestmark = pytest.mark.django_db


def test_a_file_with_cost_as_a_level1_imports_in_the_2021_frame():
    """Before: the project was made in the region/year frame (here classic, by adoption), which
    refused every 成本指标 row of the file."""
    FrameAdoption.objects.create(
        region_code="", fiscal_year=2023, frame=IndicatorFrame.objects.get(code=CLASSIC_CODE)
    )
    admin = make_user("admin", "admin")
    departments = read("chongqing_approval_2023.docx").departments
    preview = import_preview(departments=departments, user=admin)
    assert preview.errors == {} and preview.count("created") == 1
    summary = targets_import(departments=departments, user=admin)
    assert summary.count("created") == 1
    project = Project.objects.get(name=departments[0].tables[0].name)
    assert project.frame.code == CAIYU_CODE
    rows = project.indicators.order_by("order").select_related("level1", "level2")
    assert [(r.level1.name, r.level2.name) for r in rows][3:5] == [
        ("成本指标", "经济成本指标"),
        ("成本指标", "生态环境成本指标"),
    ]


def _stage_and_confirm(user, name: str):
    from imports.readers.base import Options
    from imports.services import import_confirm, import_stage
    from tests.imports.test_published_tables import DATA

    data = (DATA / name).read_bytes()
    batch = import_stage(user=user, file_name=name, data=data, options=Options())
    return batch, import_confirm(batch=batch, user=user, policy="update")


def test_units_created_by_an_import_are_in_the_importers_county_under_their_parent():
    """Before: the units had no region (no reviewer of the county saw them) and no parent,
    though the file names both the unit and its 主管部门."""
    from projects.models import Department
    from projects.permissions import visible_departments

    admin = make_user("county-admin", "admin", region_code="511123")
    reviewer = make_user("county-reviewer", "reviewer", region_code="511123")
    other = make_user("other-reviewer", "reviewer", region_code="130225")
    batch, summary = _stage_and_confirm(admin, "sichuan_summary_rows_2023.xlsx")
    assert batch.data[0]["parent_code"] == "820"  # kept in the stored batch
    unit = Department.objects.get(code="820001")
    assert (unit.region_code, unit.parent.code, unit.parent.name) == ("511123", "820", "马踏镇部门")
    assert unit.parent.region_code == "511123"
    assert sorted(summary.departments_created) == ["820", "820001"]
    seen = set(visible_departments(reviewer).values_list("code", flat=True))
    assert {"820", "820001"} <= seen
    assert not visible_departments(other).filter(code__in=["820", "820001"]).exists()


def test_a_clerk_may_not_create_the_parent_unit_a_file_names():
    from imports.services import ImportRefused
    from projects.models import Department

    unit = Department.objects.create(code="820001", name="井研县马踏镇人民政府")
    clerk = make_user("clerk", "clerk", departments=[unit], region_code="511123")
    departments = read("sichuan_summary_rows_2023.xlsx").departments
    with pytest.raises(ImportRefused) as refused:
        targets_import(departments=departments, user=clerk)
    (place,) = [p for p in refused.value.summary.errors if p.startswith("主管部门820")]
    assert "只有管理员" in refused.value.summary.errors[place][0]
    assert not Department.objects.filter(code="820").exists()
    unit.refresh_from_db()
    assert unit.parent is None


def test_cli_and_confirm_count_the_indicator_rows_the_preview_details(seed_plan, tmp_path, capsys):
    """Before: "指标：更新 40" for one changed and one removed row — every indicator of the
    updated projects was counted."""
    from django.core.management import call_command

    from imports.diff import ADDED, CHANGED, REMOVED
    from imports.readers.base import Options
    from imports.selectors import batch_preview
    from imports.services import import_confirm, import_stage
    from tests.conftest import seed_targets
    from tests.imports.files import export_xlsx

    targets = seed_targets()
    targets.tables[0].indicators[0].value = "≥99%"
    del targets.tables[1].indicators[-1]
    data = export_xlsx(targets)
    admin = make_user("admin", "admin")
    batch = import_stage(user=admin, file_name="t.xlsx", data=data, options=Options())
    diffs = [d for preview in batch_preview(batch, admin) for d in preview.rows]
    detailed = sum(d.count(s) for d in diffs for s in (ADDED, CHANGED, REMOVED))
    assert detailed == 2
    assert batch.summary["preview"]["indicator_counts"]["updated"] == detailed
    summary = import_confirm(batch=batch, user=admin, policy="update")
    assert summary.indicators("updated") == detailed and summary.count("updated") == 2
    assert "指标：新增 0，更新 2，" in summary.lines()[2]
    # The CLI, on a file that changes the first row back: one changed row.
    targets.tables[0].indicators[0].value = seed_targets().tables[0].indicators[0].value
    path = tmp_path / "back.xlsx"
    path.write_bytes(export_xlsx(targets))
    call_command("import_targets", str(path))
    assert "指标：新增 0，更新 1，" in capsys.readouterr().out
