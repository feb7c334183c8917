"""Reads of indicator frames."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

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

    @cached_property
    def tree(self) -> dict[str, tuple[str, ...]]:
        """{一级: (二级, …)} in the frame's order, for the 一级 that have 二级: what the review
        judges rows by (reviews.selectors reads the same shape straight from the tables)."""
        tree: dict[str, list[str]] = {}
        for level1, level2 in self.level2s:
            tree.setdefault(level1, []).append(level2)
        return {level1: tuple(names) for level1, names in tree.items()}

    @cached_property
    def level1_choices(self) -> tuple[tuple[str, str], ...]:
        return tuple((name, name) for name in self.level1s)

    @cached_property
    def level2_choices(self) -> tuple[tuple[str, str], ...]:
        """Every 二级 name once, in frame order (the editor narrows them by 一级 as one types)."""
        return tuple((name, name) for name in dict.fromkeys(l2 for (_l1, l2) in self.level2s))


_LEVEL1_COLUMNS = ("id", "name", "order", "updated_at")
_LEVEL2_COLUMNS = ("level2s__id", "level2s__name", "level2s__order", "level2s__updated_at")


def frame_index(frame: IndicatorFrame) -> FrameIndex:
    """Load a frame's whole tree in one query (一级 joined with their 二级).

    The levels are model instances, as services assign them to indicators.
    """
    level1s: dict[str, FrameLevel1] = {}
    level2s: dict[tuple[str, str], FrameLevel2] = {}
    rows = (
        FrameLevel1.objects.filter(frame=frame)
        .order_by("order", "id", "level2s__order", "level2s__id")
        .values_list(*_LEVEL1_COLUMNS, *_LEVEL2_COLUMNS)
    )
    db = rows.db
    for id1, name1, order1, updated1, id2, name2, order2, updated2 in rows:
        level1 = level1s.get(name1)
        if level1 is None:
            level1 = FrameLevel1.from_db(
                db, ["id", "frame_id", "name", "order", "updated_at"],
                [id1, frame.pk, name1, order1, updated1],
            )  # fmt: skip
            level1.frame = frame
            level1s[name1] = level1
        if id2 is not None:
            level2 = FrameLevel2.from_db(
                db, ["id", "level1_id", "name", "order", "updated_at"],
                [id2, id1, name2, order2, updated2],
            )  # fmt: skip
            level2.level1 = level1
            level2s[(name1, name2)] = level2
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
