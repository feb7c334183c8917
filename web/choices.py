"""Choices that are normalised once and never change, for forms built many times a page."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.choices import BaseChoiceIterator


class FixedChoices(BaseChoiceIterator):
    """(value, label) pairs, normalised once and immutable (a tuple).

    Django normalises a list of choices again each time one is set — the field's and its
    widget's setters each — and a form copies its fields for every instance: for the
    project editor's 13 row forms that was a third of building them (decision 018). Django
    passes a choice iterator through unchanged, so the forms of a page can share one of
    these (nothing can change it), and `web.inputs` writes a select's options once per
    choices and value.
    """

    def __init__(self, pairs: Iterable[tuple[Any, Any]]):
        self.pairs = tuple(pairs)
        # No groups (a label that is a list of pairs): `web.inputs` writes the options itself.
        self.flat = not any(isinstance(label, (list, tuple)) for _value, label in self.pairs)

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        return iter(self.pairs)

    # Immutable, like a tuple: Django's copies of a field and its widget may share it.
    def __copy__(self) -> FixedChoices:
        return self

    def __deepcopy__(self, memo) -> FixedChoices:
        return self

    def __len__(self) -> int:
        return len(self.pairs)

    def __repr__(self) -> str:
        return f"FixedChoices({self.pairs!r})"
