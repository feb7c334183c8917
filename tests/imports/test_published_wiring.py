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
