"""Parse indicator values as typed (`≥95%`, `40万元`, `及时化解`) into parts, and format parts back.

Real tables mix comparator, number, unit and words in one cell. The parser never drops text:
whatever it cannot read as "comparator + number + unit" stays qualitative text, and the value
as entered is always kept beside the parts (see `ParsedValue.raw`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

# Stored comparator codes -> the glyph printed in tables (the official set: ≥ ＞ ＝ ＜ ≤).
GE, GT, EQ, LT, LE, QUALITATIVE = "ge", "gt", "eq", "lt", "le", "qual"
COMPARATOR_GLYPHS = {GE: "≥", GT: "＞", EQ: "＝", LT: "＜", LE: "≤"}

# Spellings seen in real sheets, longest first so that ">=" wins over ">".
_COMPARATOR_SPELLINGS: list[tuple[str, str]] = sorted(
    [
        (">=", GE),
        ("＞＝", GE),
        ("≥", GE),
        ("≧", GE),
        ("大于等于", GE),
        ("大于或等于", GE),
        ("不低于", GE),
        ("不少于", GE),
        ("不小于", GE),
        ("<=", LE),
        ("＜＝", LE),
        ("≤", LE),
        ("≦", LE),
        ("小于等于", LE),
        ("小于或等于", LE),
        ("不高于", LE),
        ("不超过", LE),
        ("不大于", LE),
        ("不多于", LE),
        (">", GT),
        ("＞", GT),
        ("大于", GT),
        ("高于", GT),
        ("超过", GT),
        ("<", LT),
        ("＜", LT),
        ("小于", LT),
        ("低于", LT),
        ("==", EQ),
        ("=", EQ),
        ("＝", EQ),
        ("等于", EQ),
    ],
    key=lambda pair: -len(pair[0]),
)

# Units that real tables use after a number; anything else after a number is "fused" text
# (e.g. `15保障人数`), which is kept as the unit but reported.
KNOWN_UNITS = frozenset(
    """
    % ％ ‰ 百分比 个 人 人次 户 家 所 村 万元 元 千元 亿元 次
    天 日 月 年 周 小时 分钟 工作日 项 件 份 套 台 辆 座 处 间
    张 本 册 场 期 批 条 篇 名 位 株 棵 亩 公顷 平方米 ㎡ 米 公里
    千米 km 吨 千克 公斤 立方米 m³ 万人 万人次 万户 万亩 分 元/人
    元/月 元/人·月 元/人/月 元/亩 个百分点 百分点 倍 级 星 辆次
    床 班 课时 学时 人/次
    """.split()  # noqa: SIM905 - a word list reads better than 79 quoted strings
)
PERCENT_UNITS = frozenset({"%", "％", "百分比", "百分点", "个百分点"})

_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
# A date or a deadline, the usual 时效 value: `2023年11月底前`, `2023年底`, `2023-11-30`,
# `2023.11.30`, `2023.11底前`, `12月底前`, `6月30日前`. Its number is a year or a month, not
# an amount with a unit, so it stays text (a year alone, `2023年`, is a date too: nobody
# counts 2023 years).
_DATE_TEXT = re.compile(
    r"(?:19|20|21)\d{2}\s*(?:年|-\s*\d{1,2}(?!\d)|[./]\s*\d{1,2}\s*[./]\s*\d{1,2}(?!\d)"
    r"|[./]\s*\d{1,2}\s*(?:$|[前底末]|以前|之前))"
    r"|\d{1,2}\s*月\s*(?:份|底|末|初|中|前|上旬|中旬|下旬|\d{1,2}\s*[日号])"
)
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")


@dataclass(frozen=True)
class ParsedValue:
    """One indicator value: what was typed plus the parts read from it."""

    raw: str
    comparator: str = ""  # one of GE/GT/EQ/LT/LE, QUALITATIVE, or "" when no comparator was given
    number: Decimal | None = None
    unit: str = ""
    text: str = ""  # the qualitative text when the value is not a number
    notes: tuple[str, ...] = field(default=())

    @property
    def is_blank(self) -> bool:
        return not self.raw.strip()

    @property
    def is_quantitative(self) -> bool:
        return self.number is not None

    @property
    def unit_is_known(self) -> bool:
        return self.unit in KNOWN_UNITS

    @property
    def is_percent(self) -> bool:
        return self.unit in PERCENT_UNITS


def _strip_comparator(text: str) -> tuple[str, str]:
    for spelling, code in _COMPARATOR_SPELLINGS:
        if text.startswith(spelling):
            return code, text[len(spelling) :].strip()
    return "", text


def parse_decimal(text: str) -> Decimal | None:
    """Read a plain number such as `1,232` or `８.５`; return None if it is not one."""
    candidate = text.strip().translate(_FULLWIDTH_DIGITS)
    if not candidate or not _NUMBER.fullmatch(candidate):
        return None
    try:
        return Decimal(candidate.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
        return None


def parse_value(raw: str | None) -> ParsedValue:
    """Split a typed value into comparator, number, unit and text, keeping `raw` verbatim."""
    raw = "" if raw is None else str(raw)
    text = raw.strip()
    if not text:
        return ParsedValue(raw=raw)
    comparator, rest = _strip_comparator(text)
    normalised = rest.translate(_FULLWIDTH_DIGITS)
    match = _NUMBER.match(normalised)
    if is_date_text(normalised):  # a date or a deadline: text, whatever comparator it has
        return ParsedValue(raw=raw, comparator=QUALITATIVE, text=text)
    if not match:
        notes = (_("比较符号后没有数值"),) if comparator else ()
        return ParsedValue(raw=raw, comparator=QUALITATIVE, text=text, notes=notes)
    number = Decimal(match.group().replace(",", ""))
    unit = normalised[match.end() :].strip()
    notes: list[str] = []
    if "," in match.group():
        notes.append(_("已去掉千位分隔符"))
    if unit and unit not in KNOWN_UNITS:
        notes.append(_("数值后的“%(unit)s”不是常用计量单位") % {"unit": unit})
    if not unit:
        notes.append(_("没有计量单位"))
    return ParsedValue(raw=raw, comparator=comparator, number=number, unit=unit, notes=tuple(notes))


def is_date_text(text: str) -> bool:
    """Whether `text` (after any comparator) begins with a date: `2023年11月底前`, `12月底前`."""
    return bool(_DATE_TEXT.match(text.strip().translate(_FULLWIDTH_DIGITS)))


def format_number(number: Decimal) -> str:
    """Print a number without exponent or trailing zeros (`95`, `8.5`, `0.13`)."""
    if number == number.to_integral_value():
        return f"{number.quantize(Decimal(1)):f}"
    return f"{number.normalize():f}"


def format_value(
    comparator: str = "", number: Decimal | None = None, unit: str = "", text: str = ""
) -> str:
    """Print parts as tables show them: `≥95%`, `＝8个`, `≤65万元`, or the qualitative text."""
    if number is None:
        return text
    glyph = COMPARATOR_GLYPHS.get(comparator, "")
    return f"{glyph}{format_number(number)}{unit}"


# --- Excel date serials leaked into value and unit cells (`44561` = 2021-12-31) ---

_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (its 1900 leap-year bug is before 1900-03)
_SERIAL = re.compile(r"\d{5}|\d{2},\d{3}")
# Only serials of the years the app holds (2000-01-01 .. 2100-12-31) are taken for dates.
SERIAL_RANGE = range(36526, 73416)


def excel_serial_date(text: str | None) -> date | None:
    """The date a bare Excel serial such as `44561` or `44,561` stands for, else None."""
    candidate = (text or "").strip()
    if not _SERIAL.fullmatch(candidate):
        return None
    serial = int(candidate.replace(",", ""))
    if serial not in SERIAL_RANGE:
        return None
    return _EXCEL_EPOCH + timedelta(days=serial)
