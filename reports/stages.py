"""Document builders of the budget-performance stages for the batch export (#18).

`reports` sits below the rooms that own the later stages (monitoring, self-evaluation), so it
cannot import them: a room registers, at start-up (its AppConfig.ready), how to find the units
that have its stage in a year and how to build their documents. The batch export asks this
registry for any stage other than the target tables, which it builds itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from projects.models import Department
from reports.layout import Document

TARGETS = "targets"


@dataclass(frozen=True)
class StageExport:
    code: str
    label: str  # what the form and the zip's name call it (lazy translation)
    # ids of the departments (from the queryset) that have the stage in the year
    units: Callable[[QuerySet[Department], int], set[int]]
    # (file name without extension, document) of one unit's year
    documents: Callable[[Department, int], list[tuple[str, Document]]]


_STAGES: dict[str, StageExport] = {}


def register(stage: StageExport) -> None:
    _STAGES[stage.code] = stage


def stage_of(code: str) -> StageExport | None:
    return _STAGES.get(code)


def stage_choices() -> list[tuple[str, str]]:
    return [(TARGETS, _("绩效目标表")), *((s.code, s.label) for s in _STAGES.values())]


def stage_label(code: str) -> str:
    return str(dict(stage_choices()).get(code, code))
