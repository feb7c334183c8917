"""Reads of indicator frames."""

from __future__ import annotations

from dataclasses import dataclass

from indicators.models import (
    FrameAdoption,
    FrameLevel1,
    FrameLevel2,
    IndicatorFrame,
    LibraryIndicator,
)


def frame_for(*, region_code: str, fiscal_year: int) -> IndicatorFrame:
    """The frame a region uses in a year; the default frame when none was assigned."""
    adoption = (
        FrameAdoption.objects.select_related("frame")
        .filter(region_code=region_code, fiscal_year=fiscal_year)
        .first()
    )
    if adoption:
        return adoption.frame
    return IndicatorFrame.objects.get(is_default=True)


@dataclass(frozen=True)
class FrameIndex:
    """A frame's tree as dictionaries, for resolving names typed in tables."""

    frame: IndicatorFrame
    level1s: dict[str, FrameLevel1]
    level2s: dict[tuple[str, str], FrameLevel2]

    def level1_names(self) -> list[str]:
        return list(self.level1s)

    def level2_names(self, level1: str) -> list[str]:
        return [l2 for (l1, l2) in self.level2s if l1 == level1]


def frame_index(frame: IndicatorFrame) -> FrameIndex:
    """Load a frame's whole tree in two queries."""
    level1s = {l1.name: l1 for l1 in FrameLevel1.objects.filter(frame=frame).order_by("order")}
    level2s = {
        (l2.level1.name, l2.name): l2
        for l2 in FrameLevel2.objects.filter(level1__frame=frame)
        .select_related("level1")
        .order_by("level1__order", "order")
    }
    return FrameIndex(frame=frame, level1s=level1s, level2s=level2s)


def library_suggestions(
    *, level1: str = "", level2: str = "", query: str = "", limit: int = 20
) -> list[dict]:
    """Active library indicators for a row's 一级/二级, optionally matching typed text."""
    items = LibraryIndicator.objects.filter(is_active=True)
    if level1:
        items = items.filter(level1=level1)
    if level2:
        items = items.filter(level2=level2)
    if query:
        items = items.filter(name__icontains=query.strip())
    return list(items.values("name", "description", "value_example", "basis")[:limit])
