"""A TargetTable as model rows: what both writers share (#15).

The forms' saves (`projects.services`) and imports (`imports.services`) build, validate and
match a table's rows here, so they store alike: the same fields, the same Chinese places and
messages, the same row matching (`projects.row_matching`) and the same change detection.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from indicators.models import Indicator
from indicators.selectors import FrameIndex
from projects.models import Project
from projects.numbering import unnumbered
from projects.row_matching import match_rows
from projects.targets import TargetTable

# The stored fields of an indicator row a table decides (the rest: project and id).
INDICATOR_FIELDS = (
    "order",
    "level1_id",
    "level2_id",
    "name",
    "description",
    "value_raw",
    "comparator",
    "value_number",
    "value_unit",
    "value_text",
    "basis",
    "weight",
    "direction",
)
PROJECT_FIELDS = (
    "code",
    "name",
    "budget_total",
    "fiscal_funds",
    "other_funds",
    "purpose",
    "spending_plan_kind",
    "goals",
)


ProjectKey = str | tuple[str, str]


def project_key(code: str, name: str) -> ProjectKey:
    """Which stored project a table updates within its unit and year: the one with its code;
    for a table without code, the project without code that has its name."""
    return code or ("", name)


def updated_by(tables: Iterable[TargetTable]) -> Q:
    """The stored projects `tables` update, as a condition on Project (the caller adds the
    unit and the year): by `project_key`, for reading many in one query."""
    tables = list(tables)
    codes = [t.code for t in tables if t.code]
    names = [t.name for t in tables if not t.code]
    return Q(code__in=codes) | Q(code="", name__in=names)


def error_messages(error: ValidationError) -> dict[str, list[str]]:
    """A model's ValidationError as {field: [Chinese message, …]} ("__all__" for the row)."""
    if hasattr(error, "error_dict"):
        return {
            field: [str(m) for e in errs for m in e.messages]
            for field, errs in error.error_dict.items()
        }
    return {"__all__": [str(m) for m in error.messages]}


def field_label(model, field: str) -> str:
    """The field's verbose name, for a place like “项目“X” · 项目名称” ("" for the row)."""
    if field == "__all__":
        return ""
    try:
        return str(model._meta.get_field(field).verbose_name)
    except Exception:
        return field


def add_messages(error: ValidationError, model, place: str, errors: dict[str, list[str]]) -> None:
    """Collect a model's validation messages under readable place names."""
    for field, msgs in error_messages(error).items():
        label = field_label(model, field)
        errors.setdefault(f"{place} · {label}" if label else place, []).extend(msgs)


def validate(obj, place: str, errors: dict[str, list[str]], exclude=None) -> None:
    """Run model validation and collect Chinese messages under a readable place name."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=True, validate_constraints=True)
    except ValidationError as error:
        add_messages(error, type(obj), place, errors)


def attributed(obj, user):
    """Attribute the history row of the next save or delete of `obj` to `user` (a system
    actor has no pk: its rows record no user)."""
    if getattr(user, "pk", None) is not None:
        obj._history_user = user
    return obj


def history_user(user):
    """The user a bulk history row records: None for a system actor."""
    return user if getattr(user, "pk", None) is not None else None


def changed_fields(obj, values: dict) -> list[str]:
    """Set `values` on `obj` and return the names of the fields that really changed."""
    changed = []
    for field, value in values.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed.append(field)
    return changed


def project_values(table: TargetTable, display_order: int) -> dict:
    """The Project field values a table decides."""
    values = {field: getattr(table, field) for field in PROJECT_FIELDS}
    values["goals"] = unnumbered(table.goals)  # the layout numbers them, once
    values.update(
        zip(("plan_mar", "plan_jun", "plan_oct", "plan_dec"), table.spending_plan, strict=True)
    )
    values["display_order"] = display_order
    return values


def build_indicators(
    project: Project,
    table: TargetTable,
    index: FrameIndex,
    place: str,
    errors: dict[str, list[str]],
) -> list[Indicator]:
    """The table's rows as unsaved Indicators, validated; problems go to `errors` by row.

    The 一级/二级 are resolved in the frame the project pins (`index`), with the message the
    review's structure rules give (`FrameIndex.level_problem`), so an editor, an import and
    the API say the same about the same row."""
    rows = []
    for number, row in enumerate(table.indicators, start=1):
        row_place = _("%(place)s · 第%(number)s行指标（%(name)s）") % {
            "place": place,
            "number": number,
            "name": row.name or _("未命名"),
        }
        problem = index.level_problem(row.level1, row.level2)
        if problem is not None:
            errors.setdefault(row_place, []).append(problem)
            continue
        indicator = Indicator(
            project=project,
            order=number,
            level1=index.level1s[row.level1],
            level2=index.level2s[(row.level1, row.level2)],
            name=row.name,
            description=row.description,
            basis=row.basis,
            weight=row.weight,
            direction=row.direction,
        )
        indicator.set_value(row.value)
        indicator.source_id = row.indicator_id  # which stored row this one continues, if any
        # The levels are rows of the frame index just read: skip the existence query per
        # foreign key (two per indicator); clean() still checks that they belong together.
        validate(indicator, row_place, errors, exclude=["project", "level1", "level2"])
        rows.append(indicator)
    return rows


def stored_matches(
    existing: list[Indicator], indicators: list[Indicator]
) -> list[Indicator | None]:
    """For each new row, the stored row it continues (`projects.row_matching`): same id, else
    same 一级/二级/三级 name."""
    found = match_rows(
        [(row.pk, (row.level1_id, row.level2_id, row.name)) for row in existing],
        [(row.source_id, (row.level1_id, row.level2_id, row.name)) for row in indicators],
    )
    return [None if index is None else existing[index] for index in found]


def row_values(indicator: Indicator) -> dict:
    """The values of an indicator row a table decides."""
    return {f: getattr(indicator, f) for f in INDICATOR_FIELDS}
