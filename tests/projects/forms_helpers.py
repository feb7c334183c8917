"""Build edit-form POST data from TargetTables, and log in users of each role."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management import call_command

from projects.money import format_exact
from projects.targets import TargetTable

PLAN_FIELDS = ("plan_mar", "plan_jun", "plan_oct", "plan_dec")


def _money(amount: Decimal | None) -> str:
    return format_exact(amount)


def post_data(table: TargetTable, **overrides) -> dict[str, str]:
    """The form fields a browser would post for `table` (all rows, in order)."""
    data = {
        "code": table.code,
        "name": table.name,
        "budget_total": _money(table.budget_total),
        "fiscal_funds": _money(table.fiscal_funds),
        "other_funds": _money(table.other_funds),
        "purpose": table.purpose,
        "spending_plan_kind": table.spending_plan_kind,
        "goals": "\n".join(table.goals),
        "version": "" if table.version is None else str(table.version),
        "rows-TOTAL_FORMS": str(len(table.indicators)),
        "rows-INITIAL_FORMS": "0" if table.project_id is None else str(len(table.indicators)),
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
    }
    data.update({f: _money(v) for f, v in zip(PLAN_FIELDS, table.spending_plan, strict=True)})
    for n, row in enumerate(table.indicators):
        data.update(
            {
                f"rows-{n}-level1": row.level1,
                f"rows-{n}-level2": row.level2,
                f"rows-{n}-name": row.name,
                f"rows-{n}-description": row.description,
                f"rows-{n}-value": row.value,
                f"rows-{n}-basis": row.basis,
                f"rows-{n}-weight": "" if row.weight is None else f"{row.weight:f}",
                f"rows-{n}-direction": row.direction,
                f"rows-{n}-ORDER": str(n + 1),
                f"rows-{n}-indicator_id": str(row.indicator_id or ""),
            }
        )
    data.update({k: str(v) for k, v in overrides.items()})
    return data


def demo_user(username: str):
    """One of the demo accounts (clerk of 802010, reviewer of 130225, auditor, admin)."""
    if not get_user_model().objects.filter(username=username).exists():
        call_command("create_demo_accounts", verbosity=0)
    return get_user_model().objects.get(username=username)
