"""TargetTable: the one plain representation of a 项目绩效目标表 that every part of the app shares.

Forms, importers and the API produce TargetTables; checks judge them; services save them;
selectors read them back; `reports.layout` turns them into the Grid that HTML, Word and Excel
render. They are plain dataclasses: no database, no Django, easy to build in tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from indicators.values import parse_value

# The spending plan's four cumulative checkpoints, as the official form heads them.
CHECKPOINT_LABELS = ("3月底", "6月底", "10月底", "12月底")


@dataclass
class IndicatorRow:
    """One indicator row; `value` is the text as entered, parts are derived from it."""

    level1: str
    level2: str
    name: str
    description: str = ""
    value: str = ""
    basis: str = ""
    weight: Decimal | None = None
    direction: str = ""
    indicator_id: int | None = None  # the stored row this one is, when read from the database

    @property
    def parsed(self):
        return parse_value(self.value)


@dataclass
class TargetTable:
    """One project's table: header, amounts (万元), spending plan, goals and indicators."""

    department_code: str
    department_name: str
    fiscal_year: int
    name: str
    code: str = ""
    budget_total: Decimal | None = None
    fiscal_funds: Decimal | None = None
    other_funds: Decimal | None = None
    purpose: str = ""
    # Cumulative plan at 3月底, 6月底, 10月底, 12月底; None is a blank checkpoint.
    spending_plan: tuple[Decimal | None, ...] = (None, None, None, None)
    spending_plan_kind: str = "amount"
    goals: list[str] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    frame_code: str = ""
    project_id: int | None = None
    version: int | None = None
    position: int | None = None  # the project's place in its department's document

    @property
    def department_heading(self) -> str:
        return f"{self.department_code}{self.department_name}"


@dataclass
class DepartmentTargets:
    """A department's document for one year: overall goals plus its project tables in order."""

    department_code: str
    department_name: str
    fiscal_year: int
    overall_goal: str = ""
    sub_goals: list[str] = field(default_factory=list)
    safeguards: list[str] = field(default_factory=list)
    tables: list[TargetTable] = field(default_factory=list)
    region_code: str = ""
    # The unit above this one (主管部门) as a file names it; an import creates or attaches it.
    parent_code: str = ""
    parent_name: str = ""
    # What the file shows of its form (reviews.checks.FORM_TRAITS → JSON value), e.g.
    # {"basis_column": "absent", "weight_total": "90"}: the review runs the checks that fit.
    form: dict[str, Any] = field(default_factory=dict)

    @property
    def department_heading(self) -> str:
        return f"{self.department_code}{self.department_name}"


def table_title(position: int, table: TargetTable) -> str:
    """The heading above a table in the department document: `1.信访维稳经费绩效目标表`."""
    return f"{position}.{table.name}绩效目标表"


# --- JSON form (fixtures, API): amounts as strings so that no float ever touches them ---


def _money_to_json(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:f}"


def _money_from_json(text: Any) -> Decimal | None:
    if text is None or text == "":
        return None
    if isinstance(text, float):
        raise TypeError("amounts must be strings or integers in JSON, never floats")
    return Decimal(str(text))


# What table_to_dict keeps: not the unit, year and identity (the page it is posted back to
# knows them), nor a row's stored id.
_SEALED_FIELDS = tuple(
    f.name
    for f in fields(TargetTable)
    if f.name
    not in {
        "project_id",
        "version",
        "position",
        "department_code",
        "department_name",
        "fiscal_year",
    }
)
_SEALED_ROW_FIELDS = tuple(f.name for f in fields(IndicatorRow) if f.name != "indicator_id")


def table_to_dict(table: TargetTable) -> dict[str, Any]:
    """The table as JSON-ready data (amounts as exact strings), without the unit, year and
    identity. Built field by field: dataclasses.asdict deep-copies every value, and the editor
    seals the table on every page."""
    data = {name: getattr(table, name) for name in _SEALED_FIELDS}
    for key in ("budget_total", "fiscal_funds", "other_funds"):
        data[key] = _money_to_json(data[key])
    data["spending_plan"] = [_money_to_json(a) for a in table.spending_plan]
    data["goals"] = list(table.goals)
    data["indicators"] = [
        {
            **{name: getattr(row, name) for name in _SEALED_ROW_FIELDS},
            "weight": _money_to_json(row.weight),
        }
        for row in table.indicators
    ]
    return data


def table_from_dict(
    data: dict[str, Any], *, department_code: str, department_name: str, fiscal_year: int
) -> TargetTable:
    rows = [
        IndicatorRow(**{**row, "weight": _money_from_json(row.get("weight"))})
        for row in data.get("indicators", [])
    ]
    return TargetTable(
        department_code=department_code,
        department_name=department_name,
        fiscal_year=fiscal_year,
        name=data["name"],
        code=data.get("code", ""),
        budget_total=_money_from_json(data.get("budget_total")),
        fiscal_funds=_money_from_json(data.get("fiscal_funds")),
        other_funds=_money_from_json(data.get("other_funds")),
        purpose=data.get("purpose", ""),
        spending_plan=tuple(_money_from_json(a) for a in data.get("spending_plan", [None] * 4)),
        spending_plan_kind=data.get("spending_plan_kind", "amount"),
        goals=list(data.get("goals", [])),
        indicators=rows,
        frame_code=data.get("frame_code", ""),
    )


def department_to_dict(targets: DepartmentTargets) -> dict[str, Any]:
    return {
        "department_code": targets.department_code,
        "department_name": targets.department_name,
        "region_code": targets.region_code,
        "parent_code": targets.parent_code,
        "parent_name": targets.parent_name,
        "fiscal_year": targets.fiscal_year,
        "overall_goal": targets.overall_goal,
        "sub_goals": list(targets.sub_goals),
        "safeguards": list(targets.safeguards),
        "tables": [table_to_dict(t) for t in targets.tables],
        "form": dict(targets.form),
    }


def department_from_dict(data: dict[str, Any]) -> DepartmentTargets:
    common = {
        "department_code": data["department_code"],
        "department_name": data["department_name"],
        "fiscal_year": int(data["fiscal_year"]),
    }
    return DepartmentTargets(
        **common,
        region_code=data.get("region_code", ""),
        parent_code=data.get("parent_code", ""),
        parent_name=data.get("parent_name", ""),
        overall_goal=data.get("overall_goal", ""),
        sub_goals=list(data.get("sub_goals", [])),
        safeguards=list(data.get("safeguards", [])),
        tables=[table_from_dict(t, **common) for t in data.get("tables", [])],
        form=dict(data.get("form") or {}),
    )
