"""Reads of indicator frames: the one frame reader (#15).

A frame is read as a tree {一级: (二级, …)} in the frame's order, with every 一级 — one that has
no 二级 (yet) maps to (). The editor, the saves, imports, the API, the review pages and the
CLI all read it here (`frame_index` for one frame with its rows, `frame_trees` for several),
and all say the same about a row through `level_problem` and the structure rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby
from operator import itemgetter

from django.db.models import (
    Case,
    Exists,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.frames import COST_LEVEL1, year_default_frame_code
from indicators.models import (
    FrameAdoption,
    FrameLevel1,
    FrameLevel2,
    IndicatorFrame,
    LibraryIndicator,
)
from indicators.tree import FrameTree, usable_level1s


def frame_for(*, region_code: str, fiscal_year: int) -> IndicatorFrame:
    """The frame a region uses in a year: its adoption; without one the year's rule
    (`year_default_frame_code`: the 2021 frame from 2022), then the default frame."""
    adoption = (
        FrameAdoption.objects.select_related("frame")
        .filter(region_code=region_code, fiscal_year=fiscal_year)
        .first()
    )
    if adoption:
        return adoption.frame
    year_code = year_default_frame_code(fiscal_year)
    # One query for both candidates, as many as the default alone took.
    candidates = list(IndicatorFrame.objects.filter(Q(code=year_code) | Q(is_default=True)))
    for frame in candidates:
        if frame.code == year_code:
            return frame
    if not candidates:
        raise IndicatorFrame.DoesNotExist("no frame for the year and no default frame")
    return candidates[0]


# Why a 成本指标 一级 may be refused, and what to do: the frame applied depends on the
# region's adoption and the year, and a table of the other frame is not wrong as such.
_COST_ADVICE = gettext_lazy(
    "本表按本地区该年度采用的“%(frame)s”检查；2022年起多数省份采用财预〔2021〕101号体系，"
    "成本指标为一级指标。如本地区该年度采用该体系，请管理员在指标体系中设置；"
    "否则请按所列一级指标填写。"
)


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
        """{一级: (二级, …)} in the frame's order, every 一级 (without 二级: ()): what the review
        judges rows by, the same as `frame_trees` reads for several frames."""
        tree: dict[str, list[str]] = {level1: [] for level1 in self.level1s}
        for level1, level2 in self.level2s:
            tree[level1].append(level2)
        return {level1: tuple(names) for level1, names in tree.items()}

    def level_problem(self, level1: str, level2: str) -> str | None:
        """Why a row's 一级/二级 cannot be stored in this frame (Chinese, with the names to
        use instead), or None. A 一级 of the frame without any 二级 is a 二级 problem, as the
        review's structure rules find it: the 一级 is there, no 二级 belongs to it."""
        if level1 not in self.level1s:
            problem = _("一级指标“%(level1)s”不在“%(frame)s”中，请改为：%(names)s。") % {
                "level1": level1,
                "frame": self.frame.name,
                "names": "、".join(usable_level1s(self.tree)),
            }
            if level1 == COST_LEVEL1:
                problem += _COST_ADVICE % {"frame": self.frame.name}
            return problem
        if (level1, level2) in self.level2s:
            return None
        allowed = self.tree[level1]
        if not allowed:
            return _(
                "二级指标“%(level2)s”不属于一级指标“%(level1)s”：该一级指标下还没有二级指标，"
                "请改用：%(names)s。"
            ) % {"level2": level2, "level1": level1, "names": "、".join(usable_level1s(self.tree))}
        return _("二级指标“%(level2)s”不属于一级指标“%(level1)s”，请改为：%(names)s。") % {
            "level2": level2,
            "level1": level1,
            "names": "、".join(allowed),
        }

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
    rows = (
        FrameLevel1.objects.filter(frame=frame)
        .order_by("order", "id", "level2s__order", "level2s__id")
        .values_list(*_LEVEL1_COLUMNS, *_LEVEL2_COLUMNS)
    )
    return _index_of(rows.db, frame, rows)


def _index_of(db: str, frame: IndicatorFrame, rows: Iterable[tuple]) -> FrameIndex:
    """The FrameIndex of `frame` from rows of _LEVEL1_COLUMNS + _LEVEL2_COLUMNS (a 一级
    without 二级 has None in the latter; a frame without levels, None in all)."""
    level1s: dict[str, FrameLevel1] = {}
    level2s: dict[tuple[str, str], FrameLevel2] = {}
    for id1, name1, order1, updated1, id2, name2, order2, updated2 in rows:
        if id1 is None:
            continue
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


_FRAME_COLUMNS = ("id", "code", "name", "description", "is_default")
_LEVEL_COLUMNS = tuple(f"level1s__{column}" for column in (*_LEVEL1_COLUMNS, *_LEVEL2_COLUMNS))
_LEVEL_ORDER = (
    "level1s__order", "level1s__id", "level1s__level2s__order", "level1s__level2s__id"
)  # fmt: skip


def year_frame_index(*, region_code: str, fiscal_year: int) -> FrameIndex:
    """`frame_index(frame_for(...))` in one query instead of three: the candidate frames (the
    region's adoption that year, the year's frame, the default frame) with their levels (a
    few dozen rows), the best one chosen as `frame_for` chooses. The project editor asks it
    on every request; a ranking expression in SQL cost more to build than the two queries
    it saved, so the rank is taken here."""
    year_code = year_default_frame_code(fiscal_year)
    adopted = FilteredRelation(
        "adoptions",
        condition=Q(adoptions__region_code=region_code, adoptions__fiscal_year=fiscal_year),
    )  # at most one a frame: one adoption per region and year
    rows = (
        IndicatorFrame.objects.annotate(adopted=adopted)
        .filter(Q(adopted__isnull=False) | Q(code=year_code) | Q(is_default=True))
        .order_by("code", *_LEVEL_ORDER)
        .values_list(*_FRAME_COLUMNS, "adopted__id", *_LEVEL_COLUMNS)
    )
    best, best_rank = None, 0
    for _pk, candidate in groupby(rows, key=itemgetter(0)):
        frame_rows = list(candidate)
        _id, code, _name, _description, is_default, adoption = frame_rows[0][:6]
        rank = 3 if adoption is not None else 2 if code == year_code else 1 if is_default else 0
        if rank > best_rank:
            best, best_rank = frame_rows, rank
    if best is None:
        raise IndicatorFrame.DoesNotExist("no frame for the year and no default frame")
    frame = IndicatorFrame.from_db(rows.db, _FRAME_COLUMNS, best[0][:5])
    return _index_of(rows.db, frame, (row[6:] for row in best))


_TREE_ORDER = (
    "pk", "level1s__order", "level1s__id", "level1s__level2s__order", "level1s__level2s__id"
)  # fmt: skip


def _read_trees(frames, flag: str) -> tuple[dict[int, FrameTree], int | None]:
    """Trees of `frames` (one query, one row per 二级 or per empty 一级/frame), and the id of
    the frame with the highest true value of column `flag` (the last one among equals)."""
    rows = frames.order_by(*_TREE_ORDER).values_list(
        "pk", flag, "level1s__name", "level1s__level2s__name"
    )
    trees: dict[int, dict[str, list[str]]] = {}
    flagged, best = None, 0
    for frame, rank, level1, level2 in rows:
        tree = trees.setdefault(frame, {})
        if rank and rank >= best:
            flagged, best = frame, rank
        if level1 is not None:
            names = tree.setdefault(level1, [])
            if level2 is not None:
                names.append(level2)
    return {pk: {k: tuple(v) for k, v in tree.items()} for pk, tree in trees.items()}, flagged


def frame_trees(
    *, frame_ids: Iterable[int] | None = None, fiscal_year: int | None = None
) -> tuple[dict[int, FrameTree], int | None]:
    """Frame id → its tree (as `FrameIndex.tree`), for the given frames or every frame, and
    the id of the frame a region without adoption uses (None when there is none among them):
    with `fiscal_year` the year's frame (`year_default_frame_code`) else the default frame, as
    `frame_for` answers; without it the default frame. One query. The county overview judges
    many units with the frames of their regions this way."""
    frames = IndicatorFrame.objects.all()
    if frame_ids is not None:
        frames = frames.filter(pk__in=list(frame_ids))
    if fiscal_year is None:
        return _read_trees(frames, "is_default")
    rank = Case(
        When(code=year_default_frame_code(fiscal_year), then=Value(2)),
        When(is_default=True, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return _read_trees(frames.annotate(rank=rank), "rank")


def year_frame_tree(*, region_code: str, fiscal_year: int) -> FrameTree | None:
    """The tree of the frame `frame_for` answers (the region's adoption that year, else the
    year's frame, else the default frame), in one query; None when there is none."""
    adopted = FrameAdoption.objects.filter(
        frame=OuterRef("pk"), region_code=region_code, fiscal_year=fiscal_year
    )
    rank = Case(
        When(Exists(adopted), then=Value(3)),
        When(code=year_default_frame_code(fiscal_year), then=Value(2)),
        When(is_default=True, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    frames = IndicatorFrame.objects.annotate(rank=rank).filter(rank__gt=0)
    trees, chosen = _read_trees(frames, "rank")
    return trees.get(chosen) if chosen is not None else None


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
