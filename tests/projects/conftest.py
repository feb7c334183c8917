"""Fixtures of the editor tests: one seed table (信访维稳经费 of 802010) and its frame."""

from __future__ import annotations

import pytest

from indicators.selectors import FrameIndex, frame_for, frame_index
from projects.models import Department, Project
from projects.selectors import project_target_table
from projects.targets import TargetTable


@pytest.fixture
def table(seed_plan) -> TargetTable:
    project = Project.objects.get(department__code="802010", name="信访维稳经费")
    return project_target_table(project_id=project.pk)


@pytest.fixture
def seed_frame(seed_plan) -> FrameIndex:
    department = Department.objects.get(code="802010")
    return frame_index(frame_for(region_code=department.region_code, fiscal_year=2023))
