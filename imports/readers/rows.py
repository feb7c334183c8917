"""Indicator rows as other provinces print them, shared by the layout and flat readers.

A row arrives as the texts of its cells by field. What the columns mean is read from their
content where headings are ambiguous: 指标性质 / 指标方向 hold a comparator in some provinces
(Sichuan) and 正向/反向 in others (Inner Mongolia, where 指标方向 then holds `=`). Score bands
beside a 一级 (`产出指标(50分)`) are weights, not part of the name; leaked Excel date serials
and text that looks mis-recognised (PDF/OCR) are imported as typed and reported with their
place. Every interpretation is a problem of level note or warning; nothing is guessed silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from imports.readers.base import ERROR, NOTE, WARNING, Problem, parse_amount, shorten
from indicators.frames import FRAME_NAMES, frame_in_levels, split_score_band
from indicators.models import Indicator
from indicators.values import excel_serial_date
from projects.targets import DepartmentTargets, IndicatorRow

COMPARATORS = {"≥", "≤", "＞", "＜", "＝", "=", ">", "<", ">=", "<=", "＞＝", "＜＝",
               "大于等于", "小于等于", "大于", "小于", "等于", "定性"}  # fmt: skip
# 指标方向 as files print it (正向/反向/中性) → the stored code: Indicator.Direction's words in
# their Chinese source text, whatever language is active.
with translation.override(None):
    DIRECTIONS = {str(label): value for value, label in Indicator.Direction.choices}
# The stored code → its label, for messages and the import preview.
DIRECTION_LABELS = dict(Indicator.Direction.choices)
QUALITATIVE = "定性"
_LEADING_COMPARATOR = re.compile(r"^\s*(?:[≥≤＞＜＝=<>]|大于|小于|等于|不低于|不高于|不超过)")
_NUMERIC = re.compile(r"^\s*[+-]?[0-9０-９]")
# Signs of text flattened from PDF or OCR: one Latin letter between Chinese characters
# (`卫生Z口`), a letter O/l/I among digits (`1O0%`), replacement characters.
_NOISE = re.compile(
    r"[\u4e00-\u9fff](?P<letter>[A-Za-z])[\u4e00-\u9fff]|\d(?P<digit>[OolI])(?![A-Za-z])"
    r"|(?P<box>[�□■])"
)


@dataclass
class Cells:
    """One indicator row's texts by field; `qualifiers` are the 指标性质/指标方向 cells."""

    level1: str = ""
    level2: str = ""
    name: str = ""
    description: str = ""
    value: str = ""
    unit: str = ""
    basis: str = ""
    weight: str = ""
    qualifiers: tuple[tuple[str, str], ...] = ()  # (field key, text)


def noise_warning(text: str) -> str | None:
    """A warning for text that looks mis-recognised, or None."""
    match = _NOISE.search(text or "")
    if match is None:
        return None
    found = match.group("letter") or match.group("digit") or match.group("box")
    return _(
        "“%(text)s”中的“%(found)s”可能是扫描或PDF转换时的识别错误，已按原文导入，请核对原件。"
    ) % {"text": shorten(text), "found": found}


class IndicatorBuilder:
    """Builds IndicatorRows from Cells, recording what it interpreted (once per kind)."""

    def __init__(self, problems: list[Problem], *, noise: bool = True):
        self.problems = problems
        self.noise = noise  # our own exports are never OCR output: no noise warnings there
        self.composed = False
        self._bands: set[str] = set()

    def problem(self, place: str, message: str, level: str = ERROR) -> None:
        self.problems.append(Problem(place, message, level))

    def level1(self, text: str, place: str) -> str:
        """The 一级 name without its score band (noted once per distinct cell text)."""
        name, band = split_score_band(text)
        if band and text not in self._bands:
            self._bands.add(text)
            self.problem(
                place,
                _("一级指标“%(text)s”中的“%(band)s分”是分值，不是名称的一部分，已读作“%(name)s”。")
                % {"text": text, "band": band, "name": name},
                NOTE,
            )
        return name

    def build(self, cells: Cells, where: Callable[[str], str], project: str) -> IndicatorRow | None:
        """The row, or None for an unused placeholder row (skipped with a note)."""
        if not cells.name:
            if cells.value or cells.unit:
                self.problem(
                    where("name"),
                    _("项目“%(name)s”的这一行指标没有三级指标名称，请填写。") % {"name": project},
                )
            elif cells.level1 or cells.level2:
                self.problem(
                    where("name"),
                    _(
                        "这一行只有一级/二级指标（%(levels)s），没有三级指标和指标值，"
                        "是未使用的空行，已跳过。"
                    )
                    % {"levels": "/".join(t for t in (cells.level1, cells.level2) if t)},
                    NOTE,
                )
                return None
        sign, direction = self._qualifiers(cells, where)
        value = self._value(cells, sign, where)
        for key in ("name", "value", "description") if self.noise else ():
            text = value if key == "value" else getattr(cells, key)
            if message := noise_warning(text):
                self.problem(where(key), message, WARNING)
        return IndicatorRow(
            level1=cells.level1,
            level2=cells.level2,
            name=cells.name,
            description=cells.description,
            value=value,
            basis=cells.basis,
            weight=self._weight(cells.weight, where),
            direction=direction,
        )

    def _qualifiers(self, cells: Cells, where) -> tuple[str, str]:
        sign = direction = ""
        for key, raw in cells.qualifiers:
            text = re.sub(r"\s+", "", raw)
            if not text:
                continue
            if text in COMPARATORS:
                sign = text
            elif text.removesuffix("指标") in DIRECTIONS:
                direction = DIRECTIONS[text.removesuffix("指标")]
            elif text in DIRECTIONS.values():
                direction = text  # the stored code (our own template and exports)
            else:
                self.problem(
                    where(key),
                    _(
                        "“%(text)s”既不是计算符号（≥、≤、＝、＞、＜、定性）也不是指标方向（正向、"
                        "反向、中性），未导入，请改正后重新上传。"
                    )
                    % {"text": text},
                )
        return sign, direction

    def _value(self, cells: Cells, sign: str, where) -> str:
        """The value as tables print it: the typed value, with the comparator and unit of
        their own columns joined to it (`≥` `95` `%` → `≥95%`)."""
        value, unit = cells.value, cells.unit
        serial = excel_serial_date(value)
        if serial and (not unit or excel_serial_date(unit) or "时效" in cells.level2):
            self.problem(where("value"), _serial_message(value, serial), WARNING)
        if excel_serial_date(unit):
            self.problem(
                where("unit"),
                _("计量单位“%(text)s”像是Excel日期序列号（即%(date)s），没有并入指标值，请核对。")
                % {"text": unit, "date": _date(excel_serial_date(unit))},
                WARNING,
            )
            unit = ""
        if not value:
            return value
        numeric = _NUMERIC.match(value)  # `=提高` would be no comparison at all
        if sign and sign != QUALITATIVE and numeric and not _LEADING_COMPARATOR.match(value):
            value, self.composed = f"{sign}{value}", True
        if unit and sign != QUALITATIVE and not value.endswith(unit):
            value, self.composed = f"{value}{unit}", True
        return value

    def _weight(self, text: str, where):
        if not text:
            return None
        weight, note = parse_amount(text.rstrip("%％"))
        if weight is None:
            self.problem(where("weight"), _("权重%(note)s") % {"note": note})
        return weight


def _date(day) -> str:
    return _("%(year)s年%(month)s月%(day)s日") % {
        "year": day.year,
        "month": day.month,
        "day": day.day,
    }


def _serial_message(text: str, day) -> str:
    return _(
        "“%(text)s”像是Excel日期序列号（即%(date)s），已按原文导入；"
        "请核对，改为日期写法（如“%(date)s前”）。"
    ) % {"text": text, "date": _date(day)}


def settle_frames(department: DepartmentTargets, place: str, problems: list[Problem]) -> None:
    """Pin each table to the frame its rows show (成本指标 as a 一级 → 财预〔2021〕101号) and say
    which was applied; tables that do not tell take the document's, else the region/year
    default decided when the import is checked."""
    shown = {id(t): frame_in_levels((r.level1, r.level2) for r in t.indicators)
             for t in department.tables}  # fmt: skip
    codes = {code for code in shown.values() if code}
    document = codes.pop() if len(codes) == 1 else ""
    for table in department.tables:
        table.frame_code = shown[id(table)] or document
    used = sorted({t.frame_code for t in department.tables if t.frame_code})
    for code in used:
        problems.append(
            Problem(
                place,
                _("按文件中成本指标所在的层级采用%(frame)s。") % {"frame": FRAME_NAMES[code]},
                NOTE,
            )
        )
