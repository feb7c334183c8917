"""The exact data our exports embed (see reports.render.embedded), checked against the tables.

The visible table is what a person reads and may have edited; the embedded records are what
the export knew but could not print (330.984 shown as 330.98, 权重, 指标方向, the plan's kind).
A record is used only where it agrees with the visible table — an amount whose two-decimal
rounding is the visible amount, an indicator row with the same place and names. Anywhere else
the visible text wins and a warning says which embedded value was ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from lxml import etree

from imports.readers.base import NOTE, WARNING, Problem
from imports.readers.rows import DIRECTION_LABELS
from projects.field_labels import CHECKPOINT_LABELS, PROJECT_LABELS
from projects.money import TWO_PLACES
from projects.targets import TargetTable
from reports.render.embedded import AMOUNT_KEYS, NAMESPACE

PLAN_KINDS = ("amount", "percent")
AMOUNT_LABELS = {
    **{f: PROJECT_LABELS[f] for f in ("budget_total", "fiscal_funds", "other_funds")},
    **CHECKPOINT_LABELS,
}
# A safe parser for uploaded XML: no entities, no network, no huge trees.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class EmbeddedDataError(ValueError):
    """The embedded part is there but cannot be read; the visible tables are used alone."""


@dataclass
class ExactTable:
    header: dict[str, str] = field(default_factory=dict)
    rows: dict[int, dict[str, str]] = field(default_factory=dict)


Exact = dict[int, ExactTable]


@dataclass
class TablePlaces:
    """Where a table's values were read: for messages that point at the cell to check."""

    table: str
    amounts: dict[str, str] = field(default_factory=dict)  # AMOUNT_KEYS → cell place
    rows: list[str] = field(default_factory=list)  # indicator rows in order
    visible_columns: set[str] = field(default_factory=set)  # indicator fields with a column


def from_records(records: Iterable[tuple[object, object, object, object]]) -> Exact:
    """Records (table, row, key, value) as read from a file → tables by number."""
    exact: Exact = {}
    for table, row, key, value in records:
        try:
            number, row_number = int(str(table)), int(str(row))
        except ValueError as error:
            raise EmbeddedDataError(f"bad record {table!r}/{row!r}") from error
        entry = exact.setdefault(number, ExactTable())
        target = entry.header if row_number == 0 else entry.rows.setdefault(row_number, {})
        target[str(key)] = "" if value is None else str(value)
    return exact


def is_exact_xml(blob: bytes) -> bool:
    return NAMESPACE.encode() in blob[:512]


def from_xml(blob: bytes) -> Exact:
    """The custom XML part of a .docx → tables by number (EmbeddedDataError if unreadable)."""
    try:
        root = etree.fromstring(blob, _PARSER)
    except etree.XMLSyntaxError as error:
        raise EmbeddedDataError(str(error)) from error
    values = root.iterfind(f"{{{NAMESPACE}}}v")
    return from_records((v.get("t"), v.get("r"), v.get("k"), v.text or "") for v in values)


def unreadable_problem() -> Problem:
    return Problem(
        _("文件"),
        _(
            "文件内嵌的精确数据（精确金额、权重、指标方向）已损坏，未使用；已按表格中显示的内容"
            "导入，金额为表格显示的两位小数，权重和指标方向为空，请导入后核对。"
        ),
        WARNING,
    )


def _decimal(text: str) -> Decimal | None:
    if text == "":
        return None
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise EmbeddedDataError(text) from error
    if not value.is_finite():
        raise EmbeddedDataError(text)
    return value


def _shown(amount: Decimal | None) -> str:
    return _("空白") if amount is None else f"{amount:f}"


def _consistent(visible: Decimal | None, exact: Decimal | None) -> bool:
    """The visible amount is the exact one, or the exact one printed with two decimals."""
    if visible is None or exact is None:
        return visible is None and exact is None
    return visible == exact or exact.quantize(TWO_PLACES, rounding=ROUND_HALF_UP) == visible


class Reconciler:
    """Applies the embedded tables to the tables read from the visible layout."""

    def __init__(self, exact: Exact, problems: list[Problem]):
        self.exact = exact
        self.problems = problems
        self.refined: list[tuple[Decimal, Decimal]] = []  # (shown, exact) amounts refined

    def warn(self, place: str, message: str) -> None:
        self.problems.append(Problem(place, message, WARNING))

    def apply(self, table: TargetTable, number: int, places: TablePlaces) -> None:
        entry = self.exact.get(number)
        if entry is None:
            return
        header = entry.header
        if (header.get("name", "").strip(), header.get("code", "").strip()) != (
            table.name,
            table.code,
        ):
            self.warn(
                places.table,
                _(
                    "项目名称或编码与文件内嵌数据中第%(number)s个表格（“%(name)s”）不一致，"
                    "表格可能被修改或调整了顺序：内嵌的精确金额、权重和指标方向均未使用，已按表格"
                    "中显示的内容导入，请核对金额（两位小数）并补填权重和指标方向。"
                )
                % {"number": number, "name": header.get("name", "")},
            )
            return
        try:
            plan_consistent = self._amounts(table, header, places)
            if plan_consistent and header.get("spending_plan_kind") in PLAN_KINDS:
                table.spending_plan_kind = header["spending_plan_kind"]
            for row_number, values in sorted(entry.rows.items()):
                self._row(table, row_number, values, places)
        except EmbeddedDataError:
            self.warn(places.table, unreadable_problem().message)

    def _amounts(self, table: TargetTable, header: dict[str, str], places: TablePlaces) -> bool:
        """Use each consistent exact amount; True when the spending plan agreed throughout."""
        plan = list(table.spending_plan)
        plan_consistent = True
        for key in AMOUNT_KEYS:
            if key not in header:
                continue
            exact = _decimal(header[key])
            is_plan = key.startswith("plan_")
            visible = plan[int(key[-1]) - 1] if is_plan else getattr(table, key)
            if not _consistent(visible, exact):
                plan_consistent = plan_consistent and not is_plan
                self.warn(
                    places.amounts.get(key, places.table),
                    _(
                        "%(label)s：表格中显示的“%(visible)s”与文件内嵌的精确值 %(exact)s 不一致"
                        "（表格可能被修改过），已按表格中显示的 %(visible)s 导入，内嵌数据未使用。"
                    )
                    % {
                        "label": AMOUNT_LABELS[key],
                        "visible": _shown(visible),
                        "exact": _shown(exact),
                    },
                )
                continue
            if exact is not None and exact != visible:
                self.refined.append((visible, exact))
            if is_plan:
                plan[int(key[-1]) - 1] = exact
            else:
                setattr(table, key, exact)
        table.spending_plan = tuple(plan)
        return plan_consistent

    def _row(self, table: TargetTable, number: int, values: dict[str, str], places) -> None:
        weight = _decimal(values.get("weight", ""))
        direction = values.get("direction", "")
        if direction and direction not in DIRECTION_LABELS:
            raise EmbeddedDataError(direction)
        row = table.indicators[number - 1] if number <= len(table.indicators) else None
        identity = tuple(values.get(k, "").strip() for k in ("level1", "level2", "name"))
        hidden = "、".join(
            part
            for part in (
                _("权重“%(w)s”") % {"w": f"{weight:f}"} if weight is not None else "",
                _("指标方向“%(d)s”") % {"d": DIRECTION_LABELS[direction]} if direction else "",
            )
            if part
        )
        if row is None or (row.level1, row.level2, row.name) != identity:
            self.warn(
                places.rows[number - 1] if row is not None else places.table,
                _(
                    "第%(number)s行指标与文件内嵌数据（“%(name)s”）不一致，指标可能被修改、插入、"
                    "删除或调整了顺序：内嵌的%(hidden)s未使用，请导入后补填。"
                )
                % {"number": number, "name": identity[2], "hidden": hidden},
            )
            return
        place = places.rows[number - 1]
        if "weight" not in places.visible_columns:
            row.weight = weight
        elif weight is not None and row.weight != weight:
            self._visible_wins(place, _("权重"), _shown(row.weight), f"{weight:f}")
        if "direction" not in places.visible_columns:
            row.direction = direction
        elif direction and row.direction != direction:
            visible = str(DIRECTION_LABELS.get(row.direction, row.direction)) or _("空白")
            self._visible_wins(place, _("指标方向"), visible, str(DIRECTION_LABELS[direction]))

    def _visible_wins(self, place: str, label: str, visible: str, hidden: str) -> None:
        self.warn(
            place,
            _(
                "%(label)s：表格中是“%(visible)s”，文件内嵌数据是“%(hidden)s”，已按表格导入，"
                "内嵌数据未使用。"
            )
            % {"label": label, "visible": visible, "hidden": hidden},
        )

    def summary(self) -> Problem | None:
        """One note for the whole file: how many amounts got their hidden decimals back."""
        if not self.refined:
            return None
        shown, exact = self.refined[0]
        return Problem(
            _("文件"),
            _(
                "%(count)s个金额按文件内嵌的精确值导入（表格中显示两位小数，两者一致），"
                "如表格中的 %(shown)s 万元按 %(exact)s 万元导入。"
            )
            % {"count": len(self.refined), "shown": f"{shown:f}", "exact": f"{exact:f}"},
            NOTE,
        )
