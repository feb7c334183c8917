"""Which stored indicator row each new row continues: the one rule for saves and diffs.

A row is the same row when it carries the stored row's id, else when its 一级/二级/三级 are
the same (imports carry no ids). Matching by identity rather than position keeps the history
and the "what changed" list readable when a row is inserted or removed in the middle.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

Identity = tuple[int | None, Hashable]  # (stored id or None, (一级, 二级, 三级) key)


def match_rows(existing: Sequence[Identity], new: Sequence[Identity]) -> list[int | None]:
    """For each new row, the index of the existing row it continues, or None (a new row).

    Each existing row is matched at most once: first by id, else by the first free row with
    the same key.
    """
    by_id = {row_id: index for index, (row_id, _key) in enumerate(existing) if row_id}
    free = dict.fromkeys(range(len(existing)))  # ordered set of unmatched indexes
    matches: list[int | None] = []
    for new_id, key in new:
        match = by_id.get(new_id) if new_id else None
        if match is None or match not in free:
            match = next((i for i in free if existing[i][1] == key), None)
        if match is not None:
            del free[match]
        matches.append(match)
    return matches
