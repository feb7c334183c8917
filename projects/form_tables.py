"""The editor's forms ↔ TargetTable: initial values of a stored table, the table the clean
forms describe, and how a header field compares with last year's value."""

from __future__ import annotations

from decimal import Decimal

from indicators.selectors import FrameIndex
from indicators.values import parse_decimal
from projects import field_labels
from projects.forms import CHECKPOINT_FIELDS, IndicatorFormSet, ProjectForm, lines
from projects.money import format_exact
from projects.targets import TargetTable


def weight_initial(weight: Decimal | None) -> str:
    """A stored weight without the padding of its column (10.00 shows 10, 12.50 shows 12.5)."""
    if weight is None:
        return ""
    text = f"{weight:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def money_initial(amount: Decimal | None) -> str:
    """Show a stored amount with all its decimals (330.984 stays 330.984, 8.5 shows 8.50)."""
    return format_exact(amount)


def indicator_formset(data=None, *, frame: FrameIndex, table: TargetTable | None = None):
    """The formset of a table's rows (or bound to posted data)."""
    initial = None
    if table is not None and data is None:
        initial = [
            {
                "level1": r.level1,
                "level2": r.level2,
                "name": r.name,
                "description": r.description,
                "value": r.value,
                "basis": r.basis,
                "weight": weight_initial(r.weight),
                "direction": r.direction,
                "indicator_id": r.indicator_id or "",
                "ORDER": n,
            }
            for n, r in enumerate(table.indicators, start=1)
        ]
    return IndicatorFormSet(data, frame=frame, initial=initial, prefix="rows")


def project_initial(table: TargetTable) -> dict:
    """Form initial values of a stored table; amounts keep every decimal."""
    plan = dict(zip(CHECKPOINT_FIELDS, table.spending_plan, strict=True))
    return {
        "code": table.code,
        "name": table.name,
        "budget_total": money_initial(table.budget_total),
        "fiscal_funds": money_initial(table.fiscal_funds),
        "other_funds": money_initial(table.other_funds),
        "purpose": table.purpose,
        "spending_plan_kind": table.spending_plan_kind,
        **{f: money_initial(v) for f, v in plan.items()},
        "goals": "\n".join(table.goals),
        "version": table.version,
    }


def build_table(form: ProjectForm, formset, base: TargetTable) -> TargetTable:
    """The TargetTable the clean forms describe, on top of the unit and year of `base`."""
    data = form.cleaned_data
    return TargetTable(
        department_code=base.department_code,
        department_name=base.department_name,
        fiscal_year=base.fiscal_year,
        name=data["name"].strip(),
        code=data["code"],
        budget_total=data["budget_total"],
        fiscal_funds=data["fiscal_funds"],
        other_funds=data.get("other_funds"),
        purpose=data["purpose"].strip(),
        spending_plan=form.spending_plan(),
        spending_plan_kind=data["spending_plan_kind"],
        goals=data["goals"],
        indicators=formset.rows(),
        frame_code=base.frame_code,
        project_id=base.project_id,
        version=data.get("version") if base.project_id else None,
        position=base.position,
    )


MONEY_FIELDS = frozenset({"budget_total", "fiscal_funds", "other_funds", *CHECKPOINT_FIELDS})


def same_as_last(name: str, current, last: str) -> bool:
    """Whether a header field still holds last year's value as shown by `project_initial`.

    Compared as the field means it, not as raw text: goals line by line (a browser posts
    CRLF), amounts as numbers (8.5 is 8.50), other text without surrounding spaces.
    """
    text = "" if current is None else str(current)
    if name == "goals":
        return lines(text) == lines(last)
    if name in MONEY_FIELDS:
        amount = parse_decimal(text)
        return amount is not None and amount == parse_decimal(last)
    return text.replace("\r\n", "\n").strip() == last.strip()


_HEADER_FIELDS = ("code", "name", "budget_total", "fiscal_funds", "other_funds", "purpose",
                  "spending_plan_kind")  # fmt: skip
HEADER_LABELS = {f: field_labels.PROJECT_LABELS[f] for f in _HEADER_FIELDS} | {
    "fiscal_funds": field_labels.FISCAL_FUNDS_SHORT
}
