"""The frame of a region-year without adoption follows the year (#16): from 2022 the
财预〔2021〕101号 frame, before that the classic one; every frame reader answers the same."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.frames import CAIYU_CODE, CLASSIC_CODE
from indicators.models import FrameAdoption, IndicatorFrame
from indicators.selectors import (
    FrameIndex,
    frame_for,
    frame_index,
    frame_trees,
    year_frame_index,
    year_frame_tree,
)

pytestmark = pytest.mark.django_db


def _code(region: str, year: int) -> str:
    with CaptureQueriesContext(connection) as queries:
        frame = frame_for(region_code=region, fiscal_year=year)
    assert len(queries) == 2  # the adoption, then the year's frame and the default together
    tree = year_frame_tree(region_code=region, fiscal_year=year)
    trees, fallback = frame_trees(fiscal_year=year)
    assert tree == frame_index(frame).tree == trees[fallback]
    _same_index(region, year, frame_index(frame))
    return frame.code


def _same_index(region: str, year: int, expected: FrameIndex) -> None:
    """`year_frame_index` reads in one query what `frame_index(frame_for(...))` reads in three:
    the same frame, and the same levels (model instances with their ids) in the same order."""
    with CaptureQueriesContext(connection) as queries:
        index = year_frame_index(region_code=region, fiscal_year=year)
    assert len(queries) == 1
    assert index.frame == expected.frame
    assert (index.frame.code, index.frame.name, index.frame.is_default) == (
        expected.frame.code, expected.frame.name, expected.frame.is_default,
    )  # fmt: skip
    assert list(index.level1s.items()) == list(expected.level1s.items())
    assert list(index.level2s.items()) == list(expected.level2s.items())
    assert all(l2.level1 is index.level1s[l1] for (l1, _), l2 in index.level2s.items())
    assert all(l1.frame is index.frame for l1 in index.level1s.values())
    assert index.tree == expected.tree


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
    _same_index("130225", 2024, frame_index(IndicatorFrame.objects.get(code=CLASSIC_CODE)))


def test_without_the_year_frame_the_default_frame_is_used():
    IndicatorFrame.objects.filter(code=CAIYU_CODE).delete()
    assert _code("999999", 2024) == CLASSIC_CODE


def test_a_frame_without_levels_and_no_frame_at_all():
    empty = IndicatorFrame.objects.create(code="empty-frame", name="空体系")
    FrameAdoption.objects.create(region_code="130225", fiscal_year=2024, frame=empty)
    index = year_frame_index(region_code="130225", fiscal_year=2024)
    assert (index.frame, index.level1s, index.level2s, index.tree) == (empty, {}, {}, {})
    FrameAdoption.objects.all().delete()
    IndicatorFrame.objects.exclude(pk=empty.pk).delete()  # no year frame, no default
    with pytest.raises(IndicatorFrame.DoesNotExist):
        frame_for(region_code="130225", fiscal_year=2024)
    with pytest.raises(IndicatorFrame.DoesNotExist):
        year_frame_index(region_code="130225", fiscal_year=2024)
