"""编码: filled in, 21 digits and capitals, unique in the year, prefix fits region and year."""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.models import PROJECT_CODE_LENGTH
from projects.targets import DepartmentTargets, TargetTable
from reviews.checks.base import Hit, Level, ReviewContext, rule

ALLOWED = re.compile(r"[0-9A-Z]*")


@rule("codes.missing", level=Level.WARNING, title=gettext_lazy("项目编码未填写"), opinion=11)
def missing(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    # Flat sheets often carry no codes. A blank code can be stored (and is never invented),
    # so it is a warning: the reviewer sees it and the clerk is told where to find the code.
    if not table.code.strip():
        yield Hit(
            "code",
            _("项目编码未填写。"),
            _(
                "从预算管理一体化系统复制该项目的21位项目编码填入；"
                "本地区确无项目编码时可以留空，但不要编造。"
            ),
        )


@rule("codes.length", level=Level.ERROR, title=gettext_lazy("项目编码不是21位"))
def length(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    code = table.code.strip()
    if code and len(code) != PROJECT_CODE_LENGTH:
        yield Hit(
            "code",
            _("项目编码“%(code)s”有%(n)d位，应为21位。") % {"code": code, "n": len(code)},
            _("从预算管理一体化系统复制完整的项目编码；没有编码时留空，不要编造。"),
        )


@rule("codes.characters", level=Level.ERROR, title=gettext_lazy("项目编码含有非法字符"))
def characters(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    code = table.code.strip()
    if code and not ALLOWED.fullmatch(code):
        yield Hit(
            "code",
            _("项目编码“%(code)s”含有数字和大写字母以外的字符。") % {"code": code},
            _("删除空格、横线等字符，字母改为大写。"),
        )


@rule("codes.kind_letter", level=Level.WARNING, title=gettext_lazy("项目编码第9位不是字母"))
def kind_letter(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    code = table.code.strip()
    if len(code) == PROJECT_CODE_LENGTH and not code[8].isalpha():
        yield Hit(
            "code",
            _("项目编码第9位“%(char)s”应是表示项目类别的字母（如P）。") % {"char": code[8]},
            _("核对编码是否错位或少抄了字符。"),
        )


@rule("codes.region", level=Level.WARNING, title=gettext_lazy("项目编码区划码与单位不符"))
def region(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    code = table.code.strip()
    if len(code) == PROJECT_CODE_LENGTH and ctx.region_code and code[:6] != ctx.region_code:
        yield Hit(
            "code",
            _("项目编码前6位“%(prefix)s”与本单位行政区划代码%(region)s不同。")
            % {"prefix": code[:6], "region": ctx.region_code},
            _("核对是否填了其他地区的项目编码。"),
        )


def _year_problem(code_year: str, fiscal_year: int, carryover: int) -> str:
    if not (code_year.isascii() and code_year.isdigit()):
        return _("第7、8位“%(year)s”应是年度数字。") % {"year": code_year}
    age = fiscal_year % 100 - int(code_year)
    if age < 0:
        return _("年度位“%(year)s”晚于预算年度%(fiscal)d。") % {
            "year": code_year,
            "fiscal": fiscal_year,
        }
    if age > carryover:
        return _("年度位“%(year)s”比预算年度%(fiscal)d早%(age)d年以上。") % {
            "year": code_year,
            "fiscal": fiscal_year,
            "age": age,
        }
    return ""


@rule("codes.year", level=Level.WARNING, title=gettext_lazy("项目编码年度位与预算年度不符"))
def year(table: TargetTable, ctx: ReviewContext) -> Iterator[Hit]:
    # A code from a recent year is a carried-over project (`13022522…` in 2023): not a defect.
    code = table.code.strip()
    if len(code) != PROJECT_CODE_LENGTH:
        return
    problem = _year_problem(code[6:8], table.fiscal_year, ctx.config.code_carryover_years)
    if problem:
        yield Hit(
            "code",
            problem,
            _("核对项目编码；跨年结转项目沿用原编码，年限由本县审核设置决定。"),
        )


@rule(
    "codes.duplicate",
    level=Level.ERROR,
    title=gettext_lazy("项目编码在本年度重复"),
    scope="department",
    one_table=True,  # a code other units use (ctx.taken_codes) is found in one table too
)
def duplicate(targets: DepartmentTargets, ctx: ReviewContext) -> Iterator[tuple[int, Hit]]:
    seen: dict[str, int] = {}
    for position, table in enumerate(targets.tables, start=1):
        code = table.code.strip()
        if not code:
            continue
        if code in seen:
            problem = _("项目编码%(code)s与第%(first)d个项目重复。") % {
                "code": code,
                "first": seen[code],
            }
        elif code in ctx.taken_codes:
            problem = _("项目编码%(code)s在本年度已被其他单位的项目使用。") % {"code": code}
        else:
            seen[code] = position
            continue
        yield position, Hit("code", problem, _("同一年度的项目编码不能重复，请核对后修改。"))
