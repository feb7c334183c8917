"""Small readings of indicator rows and text shared by several rule families."""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from indicators.values import ParsedValue, parse_value
from projects.targets import IndicatorRow

OUTPUT, OUTCOME, SATISFACTION, COST = "产出指标", "效益指标", "满意度指标", "成本指标"

# Template defaults left in by clerks (domain.md): `目标内容1`, `指标1`, `文字描述`, `XX`.
_PLACEHOLDER_WHOLE = re.compile(
    r"(?:目标内容|绩效目标|三级指标|指标|指标名称|指标值|指标内容)\d*|文字描述|请(?:输入|填写).*"
)
_PLACEHOLDER_PART = re.compile(r"[XＸ×]{2,}")
_NUMBERING = re.compile(r"^\s*(?:\d+|[一二三四五六七八九十]+)\s*[.、．)）]\s*")
_NOISE = re.compile(r"[\s，。,.、；;:：“”\"'（）()]")
FUND_NAME = re.compile(r"(?:资金|经费|预算)(?:数|额|总额|规模|金额)?$")
MONEY_UNITS_IN_WAN = {
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "万元": Decimal(1),
    "亿元": Decimal(10000),
}


class ValueKind(StrEnum):
    """What an indicator value is, so that each defect is reported by exactly one rule."""

    BLANK = "blank"
    PLACEHOLDER = "placeholder"
    NUMBER = "number"
    REPEATS_NAME = "repeats_name"
    TEXT = "text"


def strip_numbering(text: str) -> str:
    """`1.目标内容1` → `目标内容1` (list numbering typed into the cell)."""
    return _NUMBERING.sub("", text.strip(), count=1)


# Every rule reads the same few values; parsing once per distinct text keeps a 2,000-project
# department well under a second. ParsedValue is frozen, so sharing results is safe.
@lru_cache(maxsize=8192)
def _parse(raw: str) -> ParsedValue:
    return parse_value(raw)


def parsed(row: IndicatorRow) -> ParsedValue:
    """`row.parsed`, memoised by the value text."""
    return _parse(row.value)


@lru_cache(maxsize=8192)
def is_placeholder(text: str) -> bool:
    core = strip_numbering(text)
    return bool(_PLACEHOLDER_WHOLE.fullmatch(core) or _PLACEHOLDER_PART.search(core))


def same_words(left: str, right: str) -> bool:
    """Equal once spaces and punctuation are ignored (and neither is empty)."""
    a, b = _NOISE.sub("", left), _NOISE.sub("", right)
    return bool(a) and a == b


def value_kind(row: IndicatorRow) -> ValueKind:
    return _value_kind(row.value, row.name)


@lru_cache(maxsize=8192)
def _value_kind(value: str, name: str) -> ValueKind:
    if not value.strip():
        return ValueKind.BLANK
    if is_placeholder(value):
        return ValueKind.PLACEHOLDER
    if _parse(value).is_quantitative:
        return ValueKind.NUMBER
    if same_words(value, name):
        return ValueKind.REPEATS_NAME
    return ValueKind.TEXT


def is_satisfaction(row: IndicatorRow) -> bool:
    return row.level1 == SATISFACTION or "满意度" in row.level2


def is_cost(row: IndicatorRow) -> bool:
    """Cost sits under 产出 in the classic frame and is a 一级 of its own in the 101 frame."""
    return row.level1 == COST or "成本" in row.level2


def is_fund_name(name: str) -> bool:
    """`项目资金数`, `工作经费数`: the money itself typed as an indicator."""
    return bool(FUND_NAME.search(name.strip()))


def amount_in_wan(row: IndicatorRow) -> Decimal | None:
    """The value as 万元 when it is money (a money unit, or no unit: tables are in 万元)."""
    value = parsed(row)
    if value.number is None:
        return None
    if not value.unit:
        return value.number
    factor = MONEY_UNITS_IN_WAN.get(value.unit)
    return None if factor is None else value.number * factor
