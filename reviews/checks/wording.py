"""措辞: the 三级 name says what is measured, the value says how much, in the right unit.

A number inside the name (`村组干部230人`) belongs in the value; people and households are
counted in 人 and 户, not in `个`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.values import format_number
from projects.targets import TargetTable
from reviews.checks.base import Hit, Level, ReviewContext, rule
from reviews.checks.text import parsed as parsed_value

# A count or an amount with its unit inside a name. Not a year (`2023年`), not a code such as
# `12345热线` or `PM2.5` (no counting unit follows), not `1人1档`-like slogans (see below).
_COUNTED_UNITS = (
    "万人次|人次|万人|万户|万元|千元|亿元|元|公里|千米|平方米|万亩|亩|人|户|个|名|村|所|家|"
    "项|件|套|台|辆|座|处|间|场|次|吨|株|棵|条|篇|期|批|%|％"
)
NUMBER_IN_NAME = re.compile(rf"(?<![\d.])(\d+(?:\.\d+)?)\s*({_COUNTED_UNITS})")
# People and households: words of a name that count persons (`培训人数`, `村组干部`, `脱贫户`).
PEOPLE_WORDS = ("人数", "人员", "人口", "人次", "干部", "职工", "教师", "学生", "群众",
                "老人", "儿童", "农民", "村民", "居民", "患者", "残疾人", "党员")  # fmt: skip
HOUSEHOLD_WORDS = ("户数", "农户", "住户", "家庭", "脱贫户", "低保户", "贫困户")
PIECE_UNIT = "个"


def number_in_name(name: str) -> tuple[str, str] | None:
    """The number and unit typed into a 三级 name (`村组干部230人` → ("230", "人"))."""
    for match in NUMBER_IN_NAME.finditer(name):
        number, unit = match.group(1), match.group(2)
        following = name[match.end() : match.end() + 1]
        if following.isdigit():
            continue  # `1人1档`: a slogan, not a target
        return number, unit
    return None


@rule(
    "wording.number_in_name",
    level=Level.WARNING,
    title=gettext_lazy("三级指标名称里写了数值"),
    opinion=4,
)
def number_in_name_rule(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    for number, row in enumerate(table.indicators, start=1):
        found = number_in_name(row.name)
        if found is None:
            continue
        amount, unit = found
        short = row.name.replace(f"{amount}{unit}", "", 1).strip() or row.name
        yield Hit(
            "name",
            _("三级指标名称“%(name)s”里写了“%(amount)s%(unit)s”，数值应写在指标值里。")
            % {"name": row.name, "amount": amount, "unit": unit},
            _("名称只写衡量什么（如“%(short)s”），指标值写“=%(amount)s%(unit)s”。")
            % {"short": short, "amount": amount, "unit": unit},
            row=number,
            row_name=row.name,
        )


def _person_unit(name: str) -> str:
    """人 or 户 when the name counts people or households, else ""."""
    if any(word in name for word in HOUSEHOLD_WORDS):
        return "户"
    if any(word in name for word in PEOPLE_WORDS):
        return "人"
    return ""


@rule(
    "wording.people_in_pieces",
    level=Level.WARNING,
    title=gettext_lazy("人数或户数用了“个”作单位"),
    opinion=4,
)
def people_in_pieces(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    for number, row in enumerate(table.indicators, start=1):
        value = parsed_value(row)
        if value.number is None or value.unit != PIECE_UNIT:
            continue
        unit = _person_unit(row.name)
        if unit:
            yield Hit(
                "value",
                _("“%(name)s”数的是人或户，指标值“%(value)s”却用了“个”作单位。")
                % {"name": row.name, "value": row.value},
                _("人数用“人”（或“人次”），户数用“户”，例如“≥%(number)s%(unit)s”。")
                % {"number": format_number(value.number), "unit": unit},
                row=number,
                row_name=row.name,
            )
