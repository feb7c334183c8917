"""What every reader returns: departments as TargetTables, and problems with their place."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.text import REMOVED_NOTE, clean_text
from projects.targets import DepartmentTargets

ERROR, WARNING, NOTE = "error", "warning", "note"
LEVEL_LABELS = {
    ERROR: gettext_lazy("错误"),
    WARNING: gettext_lazy("请核对"),
    NOTE: gettext_lazy("说明"),
}


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says what was expected, in Chinese."""


@dataclass(frozen=True)
class Problem:
    """One thing found while reading: where (sheet/table, row, column), what, and how serious.

    Errors block the import; warnings and notes (what was assumed or converted) do not.
    """

    place: str
    message: str
    level: str = ERROR

    @property
    def level_label(self) -> str:
        return str(LEVEL_LABELS[self.level])

    def to_dict(self) -> dict[str, str]:
        return {"place": self.place, "message": self.message, "level": self.level}


@dataclass
class ReadResult:
    """The departments a file holds and every problem met while reading it."""

    departments: list[DepartmentTargets] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    kind: str = ""
    # unit code → (parent code, parent name): 主管部门 lines and summary rows of the file
    parents: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]


@dataclass(frozen=True)
class Options:
    """What the user chose at upload: department code and year, used when the file lacks them."""

    department_code: str = ""
    fiscal_year: int | None = None


def cell_str(value: object) -> str:
    """A cell value as text: blank for None, `12` for the spreadsheet float 12.0, trimmed ends."""
    if value is None:
        return ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return repr(value)
        # Through the shortest repr, written out in full: 1e-06 is 0.000001, never "1e-06".
        text = f"{Decimal(repr(value)):f}"
        return text.removesuffix(".0") if value.is_integer() else text
    return str(value).strip()


def squeeze(text: str | None) -> str:
    """Text without any whitespace (labels like `其中：财政    资金`)."""
    return re.sub(r"\s+", "", text or "")


_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
# The widest numbers the models hold (money: 16 digits, 6 decimals); anything longer is a typo
# or tampering and gets a located message instead of reaching Decimal arithmetic.
MAX_INTEGER_DIGITS, MAX_DECIMALS = 10, 6
_SEPARATED = re.compile(r"^[+-]?\d{1,3}([,，]\d{3})+(\.\d+)?$")


def parse_amount(text: object) -> tuple[Decimal | None, str]:
    """A number as typed (`40.00`, `3,309,840.00`, a spreadsheet number) → (Decimal, note).

    Returns (None, "") for a blank cell and (None, message) when the text is not a number.
    Thousands separators are removed (reported in the note); floats from spreadsheets are
    read through their shortest decimal form, never through binary arithmetic.
    """
    if text is None:
        return None, ""
    if isinstance(text, bool):
        return None, _("“%(text)s”不是金额") % {"text": text}
    # Spreadsheet numbers go through the same checks as typed text (exactly: see cell_str).
    raw = cell_str(text) if isinstance(text, int | float) else str(text).strip()
    cleaned = re.sub(r"\s+", "", raw).removesuffix("万元").removesuffix("元")
    if cleaned == "":
        return None, ""
    note = ""
    if _SEPARATED.match(cleaned):
        cleaned, note = re.sub(r"[,，]", "", cleaned), _("已去掉千分位分隔符")
    if not _NUMBER.match(cleaned):
        return None, _("“%(text)s”不是金额，请只填写数字（如 40.00）") % {"text": raw}
    whole, _dot, fraction = cleaned.lstrip("+-").partition(".")
    if len(whole.lstrip("0")) > MAX_INTEGER_DIGITS or len(fraction) > MAX_DECIMALS:
        return None, _(
            "“%(text)s”位数过多：整数部分最多%(whole)s位，小数最多%(fraction)s位，请核对。"
        ) % {"text": shorten(raw), "whole": MAX_INTEGER_DIGITS, "fraction": MAX_DECIMALS}
    try:
        return Decimal(cleaned), note
    except InvalidOperation:  # pragma: no cover - the pattern above admits only numbers
        return None, _("“%(text)s”不是金额") % {"text": raw}


def shorten(text: str, limit: int = 24) -> str:
    """Long typed text quoted in a message: its start and an ellipsis."""
    return text if len(text) <= limit else f"{text[:limit]}…"


def clean_cell(value: object, where: Callable[[], str], problems: list[Problem]) -> object:
    """A cell's text under the app's text policy (core.text): line-break look-alikes become
    line feeds, control characters are removed with a note at the cell's place. `where` names
    the place only when needed (a county's sheet has a million cells)."""
    if not isinstance(value, str):
        return value
    cleaned, removed = clean_text(value)
    if removed:
        problems.append(Problem(where(), str(REMOVED_NOTE) % {"count": removed}, NOTE))
    return cleaned


_CODE_NAME = re.compile(r"^\s*([0-9A-Za-z]{3,20})\s*[-－—_ ]?\s*(\S.*?)\s*$")
_BRACKETED_CODE = re.compile(r"^\s*[（(\[【]\s*([0-9A-Za-z]{3,20})\s*[）)\]】]\s*(\S.*?)\s*$")
_TRAILING_CODE = re.compile(r"^\s*(\S.*?)\s*[（(\[【]\s*(\d{3,20})\s*[）)\]】]\s*$")


def split_code_name(text: str) -> tuple[str, str]:
    """`820001-井研县马踏镇人民政府`, `802010乐亭县…`, `(433001)乌海市…` or `井研县教育局（123001）`
    → (code, name); no code → ("", text)."""
    if match := _BRACKETED_CODE.match(text or ""):
        return match.group(1), match.group(2)
    if match := _TRAILING_CODE.match(text or ""):
        return match.group(2), match.group(1)
    match = _CODE_NAME.match(text or "")
    if match and not match.group(2)[0].isdigit():
        return match.group(1), match.group(2)
    return "", (text or "").strip()


_YEAR = re.compile(r"(20\d{2})\s*年")


def year_in(text: str) -> int | None:
    """A budget year named in a title (`2024年部门预算…`)."""
    match = _YEAR.search(text or "")
    return int(match.group(1)) if match else None
