"""The shape every channel reads a frame in (no database): {一级: (二级, …)}, every 一级 of the
frame in its order; a 一级 without 二级 (yet) maps to (). Read by `indicators.selectors`."""

from __future__ import annotations

from collections.abc import Mapping

FrameTree = Mapping[str, tuple[str, ...]]


def usable_level1s(tree: FrameTree) -> list[str]:
    """The 一级 a row may use: those with at least one 二级 (a row needs both)."""
    return [level1 for level1, level2s in tree.items() if level2s]
