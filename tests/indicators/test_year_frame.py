"""The frame of a region-year without adoption follows the year (#16): from 2022 the
财预〔2021〕101号 frame, before that the classic one; every frame reader answers the same."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.frames import CAIYU_CODE, CLASSIC_CODE
from indicators.models import FrameAdoption, IndicatorFrame
from indicators.selectors import frame_for, frame_index, frame_trees, year_frame_tree

pytestmark = pytest.mark.django_db


def _code(region: str, year: int) -> str:
    with CaptureQueriesContext(connection) as queries:
        frame = frame_for(region_code=region, fiscal_year=year)
    assert len(queries) == 2  # the adoption, then the year's frame and the default together
    tree = year_frame_tree(region_code=region, fiscal_year=year)
    trees, fallback = frame_trees(fiscal_year=year)
    assert tree == frame_index(frame).tree == trees[fallback]
    return frame.code


@pytest.mark.parametrize(("year", "code"), [(2021, CLASSIC_CODE), (2022, CAIYU_CODE),
                                             (2024, CAIYU_CODE)])  # fmt: skip
def test_a_region_without_adoption_uses_the_frame_of_the_year(year, code):
    assert _code("999999", year) == code


def test_an_adoption_wins_over_the_year():
    FrameAdoption.objects.create(
        region_code="130225", fiscal_year=2024, frame=IndicatorFrame.objects.get(code=CLASSIC_CODE)
    )
    with CaptureQueriesContext(connection) as queries:
        assert frame_for(region_code="130225", fiscal_year=2024).code == CLASSIC_CODE
    assert len(queries) == 1
    classic = frame_index(IndicatorFrame.objects.get(code=CLASSIC_CODE)).tree
    assert year_frame_tree(region_code="130225", fiscal_year=2024) == classic


def test_without_the_year_frame_the_default_frame_is_used():
    IndicatorFrame.objects.filter(code=CAIYU_CODE).delete()
    assert _code("999999", 2024) == CLASSIC_CODE
