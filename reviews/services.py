"""Writes of the reviews room: the form a unit-year was filed on (#16)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction

from projects.models import DepartmentPlan
from reviews.checks import FORM_TRAITS, ReviewConfig
from reviews.models import PlanForm


@transaction.atomic
def plan_form_record(
    *, plan: DepartmentPlan, traits: Mapping[str, object], source: str, user
) -> PlanForm | None:
    """Keep what a file showed of its form for the plan's year (`reviews.checks.FORM_TRAITS`
    with JSON values): the review of that year then runs the checks that fit the form. The
    file's traits replace the year's earlier record; a trait it does not show is left blank
    (the county's setting applies). Nothing known: nothing recorded, None.

    `user` is the acting user (the import's); the record itself names its source."""
    del user  # who imported is in the import batch and the history of the plan's projects
    parsed = ReviewConfig().with_form(traits)  # validates: bad values are dropped
    values: dict[str, object] = {
        name: getattr(parsed, name) if name in traits else None for name in FORM_TRAITS
    }
    if all(value is None for value in values.values()):
        return None
    values["basis_column"] = values["basis_column"] or ""
    if isinstance(values["weight_total"], Decimal):
        values["weight_total"] = values["weight_total"].quantize(Decimal("0.01"))
    form, _created = PlanForm.objects.update_or_create(
        plan=plan, defaults={**values, "source": source[:255]}
    )
    return form
