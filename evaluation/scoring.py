"""The scores of a 项目支出绩效自评表, as pure functions on Decimals (no database, no float).

The rules (docs/decisions/022-monitoring-and-self-evaluation.md):

- 预算执行: 执行率 = 全年执行数 / 全年预算数; 得分 = min(执行率, 1) × its 分值 (10 in the common
  scheme), so 执行率 × 10 capped at 10.
- A quantitative indicator: completion against the target read from its value (`≥95%`,
  `≤202.6万元`, `=8个`). Higher is better for ≥ and ＞ (实际/目标), lower is better for ≤ and ＜
  (目标/实际, full when the actual stays within); `=` follows the indicator's direction
  (正向: higher, 反向: lower) and without one means "as close as possible" (smaller/larger).
  A bare target without comparator reads as "at least" unless the direction is 反向.
  Completion is capped at 1; the score is 分值 × completion, to the cent, half-up.
  An actual written as a bare number counts in the target's unit; an actual in another unit
  is not comparable and gets no proposal (the unit scores it and the check says why).
- A qualitative indicator: 达成 scores its 分值, 部分达成 half of it, 未达成 0.
- 分值 of indicators: a county scheme gives each 一级 group its points (产出 50 + 效益 30 +
  满意度 10 + 预算执行 10, or 产出 60 + 效益 30 + 满意度 10 with weights only on indicators). An
  indicator with a 权重 keeps it; the others share what their group has left equally, to the
  cent, rounded down, the cents left over going to the first of them, so a group adds up
  exactly. A 一级 the scheme does not name (成本指标 of the 2021 frame) counts with 产出.
- Total = the sum of the scores; grade 优 ≥ 90, 良 80–89.99, 中 60–79.99, 差 < 60.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from indicators.values import EQ, GE, GT, LE, LT, ParsedValue, format_number, parse_value

StrOrPromise = str | Promise
CENT = Decimal("0.01")
ZERO, ONE = Decimal(0), Decimal(1)
OUTPUT = "产出指标"  # the 一级 name of the frames (indicators.frames)
POSITIVE, NEGATIVE = "positive", "negative"  # indicators.models.Indicator.Direction values


@dataclass(frozen=True)
class Scheme:
    """A county's weights: 预算执行's points and each 一级 group's points, in order."""

    code: str
    label: StrOrPromise
    budget: Decimal
    groups: tuple[tuple[str, Decimal], ...]
    fallback: str = OUTPUT  # where a 一级 the scheme does not name counts

    def group_of(self, level1: str) -> str:
        names = {name for name, _points in self.groups}
        return level1 if level1 in names else self.fallback

    @property
    def indicator_total(self) -> Decimal:
        return sum((points for _name, points in self.groups), ZERO)

    @property
    def total(self) -> Decimal:
        return self.budget + self.indicator_total


STANDARD = Scheme(
    "standard",
    _("预算执行10分＋产出50分＋效益30分＋满意度10分"),
    Decimal(10),
    (("产出指标", Decimal(50)), ("效益指标", Decimal(30)), ("满意度指标", Decimal(10))),
)
INDICATORS_ONLY = Scheme(
    "indicators_only",
    _("产出60分＋效益30分＋满意度10分（预算执行不计分）"),
    ZERO,
    (("产出指标", Decimal(60)), ("效益指标", Decimal(30)), ("满意度指标", Decimal(10))),
)
SCHEMES = {scheme.code: scheme for scheme in (STANDARD, INDICATORS_ONLY)}


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


# --- 预算执行 ---


def execution_rate(executed: Decimal | None, budget: Decimal | None) -> Decimal | None:
    """执行数 / 预算数, exact; None when either is missing or the budget is not positive."""
    if executed is None or budget is None or budget <= 0:
        return None
    return executed / budget


def budget_score(rate: Decimal | None, points: Decimal = STANDARD.budget) -> Decimal | None:
    """执行率 × 分值, capped at the 分值 (a rate above 100% earns no more)."""
    if rate is None:
        return None
    return cents(min(max(rate, ZERO), ONE) * points)


def format_rate(rate: Decimal | None) -> str:
    """`0.6559…` → `65.59%` (half-up); blank when there is no rate."""
    return "" if rate is None else f"{cents(rate * 100):f}%"


# --- indicators' 分值 ---


def spread_points(scheme: Scheme, rows: Sequence[tuple[str, Decimal | None]]) -> list[Decimal]:
    """Each indicator's 分值 from its (一级, 权重): see the module's rule."""
    points: list[Decimal | None] = [weight for _level1, weight in rows]
    budget = dict(scheme.groups)
    for group in budget:
        members = [i for i, (level1, _w) in enumerate(rows) if scheme.group_of(level1) == group]
        open_ = [i for i in members if points[i] is None]
        if not open_:
            continue
        given = sum((points[i] for i in members if points[i] is not None), ZERO)
        left = max(budget[group] - given, ZERO)
        share = (left / len(open_)).quantize(CENT, rounding=ROUND_DOWN)
        for i in open_:
            points[i] = share
        points[open_[0]] += left - share * len(open_)
    return [p if p is not None else ZERO for p in points]


# --- completion of an indicator ---

HIGHER, LOWER, CLOSEST = "higher", "lower", "closest"
# Why a completion could not be computed (shown to the unit by evaluation.checks).
QUALITATIVE_TARGET, NO_ACTUAL, NOT_A_NUMBER, OTHER_UNIT = "qual", "blank", "text", "unit"

_SAME_UNITS = {"％": "%", "百分比": "%", "公斤": "千克", "日": "天", "km": "公里", "千米": "公里"}


def _unit(unit: str) -> str:
    unit = unit.strip()
    return _SAME_UNITS.get(unit, unit)


def units_match(target: ParsedValue, actual: ParsedValue) -> bool:
    """A bare actual counts in the target's unit; otherwise the units must name the same."""
    return not actual.unit or _unit(actual.unit) == _unit(target.unit)


def sense(comparator: str, direction: str) -> str:
    if comparator in (GE, GT):
        return HIGHER
    if comparator in (LE, LT):
        return LOWER
    if direction == NEGATIVE:
        return LOWER
    if comparator == EQ and direction != POSITIVE:
        return CLOSEST
    return HIGHER


@dataclass(frozen=True)
class Completion:
    """How far the actual reached the target (0–1), or why it cannot be said (`problem`)."""

    ratio: Decimal | None
    problem: str = ""
    sense: str = ""


def completion(target: ParsedValue, actual: ParsedValue, direction: str = "") -> Completion:
    if target.number is None:
        return Completion(None, QUALITATIVE_TARGET)
    if actual.is_blank:
        return Completion(None, NO_ACTUAL)
    if actual.number is None:
        return Completion(None, NOT_A_NUMBER)
    if not units_match(target, actual):
        return Completion(None, OTHER_UNIT)
    t, a = target.number, actual.number
    how = sense(target.comparator, direction)
    if how == HIGHER:
        ratio = ONE if a >= t else (a / t if t > 0 else ZERO)
    elif how == LOWER:
        ratio = ONE if a <= t else (t / a if t > 0 else ZERO)
    else:
        ratio = ONE if a == t else (min(a, t) / max(a, t) if a > 0 and t > 0 else ZERO)
    return Completion(min(max(ratio, ZERO), ONE), "", how)


# --- qualitative indicators ---

ACHIEVED, PARTLY, NOT_ACHIEVED = "achieved", "partly", "not_achieved"
ACHIEVEMENT_SHARE = {ACHIEVED: ONE, PARTLY: Decimal("0.5"), NOT_ACHIEVED: ZERO}
_NOT_WORDS = ("未达成", "未完成", "未达到", "没有达到", "未实现", "不达标", "不合格")
_DONE_WORDS = ("达成", "完成", "达到", "实现", "达标", "合格", "合规", "及时", "规范", "满意")


def guess_achievement(target: ParsedValue, actual: ParsedValue) -> str:
    """A first reading of a qualitative actual (the unit confirms it): empty when unsure."""
    text = actual.raw.strip()
    if not text:
        return ""
    if any(word in text for word in _NOT_WORDS):
        return NOT_ACHIEVED
    if "部分" in text:
        return PARTLY
    if text == target.raw.strip() or any(word in text for word in _DONE_WORDS):
        return ACHIEVED
    return ""


# --- the proposal for one indicator ---


@dataclass(frozen=True)
class Proposal:
    """The proposed 得分 (None: none can be proposed), the completion behind it and, for a
    qualitative indicator, the achievement it was read as."""

    score: Decimal | None
    ratio: Decimal | None
    problem: str = ""
    achievement: str = ""


@lru_cache(maxsize=8192)  # pure, and a page asks each row's several times (total, form, table)
def propose(
    *, points: Decimal, target: str, actual: str, direction: str = "", achievement: str = ""
) -> Proposal:
    """得分 proposed for an indicator worth `points` with `target` and `actual` as typed.

    `achievement` (达成/部分达成/未达成) is the unit's reading of a qualitative actual; without
    it the text is guessed from (`guess_achievement`)."""
    parsed_target, parsed_actual = parse_value(target), parse_value(actual)
    done = completion(parsed_target, parsed_actual, direction)
    if done.problem != QUALITATIVE_TARGET:
        if done.ratio is None:
            return Proposal(None, None, done.problem)
        return Proposal(cents(points * done.ratio), done.ratio)
    reading = achievement or guess_achievement(parsed_target, parsed_actual)
    if not reading:
        return Proposal(None, None, NO_ACTUAL if parsed_actual.is_blank else QUALITATIVE_TARGET)
    share = ACHIEVEMENT_SHARE[reading]
    return Proposal(cents(points * share), share, "", reading)


def ratio_text(target: str, actual: str, direction: str = "") -> str:
    """`实际/目标` as the table explains a quantitative completion (`8/8`, `202.6/132.9`)."""
    t, a = parse_value(target), parse_value(actual)
    done = completion(t, a, direction)
    if done.ratio is None:
        return ""
    numbers = (a.number, t.number) if done.sense == HIGHER else (t.number, a.number)
    return "/".join(format_number(n) for n in numbers)


# --- total and grade ---

EXCELLENT, GOOD, FAIR, POOR = "A", "B", "C", "D"
GRADE_LABELS = {EXCELLENT: _("优"), GOOD: _("良"), FAIR: _("中"), POOR: _("差")}


def total(scores: Iterable[Decimal | None]) -> Decimal:
    """The sum of the scores given (a missing score counts nothing)."""
    return sum((s for s in scores if s is not None), ZERO)


def grade(score: Decimal) -> str:
    """优 ≥ 90, 良 80 to under 90, 中 60 to under 80, 差 under 60 (grade codes A–D)."""
    if score >= 90:
        return EXCELLENT
    if score >= 80:
        return GOOD
    if score >= 60:
        return FAIR
    return POOR
