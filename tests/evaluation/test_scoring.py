"""Self-evaluation scores against hand-worked examples (evaluation.scoring, Decimal only)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from evaluation import scoring
from evaluation.scoring import (
    ACHIEVED,
    INDICATORS_ONLY,
    NOT_ACHIEVED,
    OTHER_UNIT,
    PARTLY,
    STANDARD,
    budget_score,
    execution_rate,
    grade,
    propose,
    spread_points,
)

D = Decimal


# --- 预算执行 ---


def test_the_anhui_funds_block_scores_ten():
    """安徽 棠溪镇 2022: 全年预算数 132.912, 全年执行数 132.912 → 执行率 100%, 得分 10."""
    rate = execution_rate(D("132.912"), D("132.912"))
    assert rate == 1 and budget_score(rate) == D("10.00")


def test_execution_rate_times_ten_half_up():
    # 132.912 / 202.64 = 0.65590…; × 10 = 6.559… → 6.56
    rate = execution_rate(D("132.912"), D("202.64"))
    assert scoring.format_rate(rate) == "65.59%"
    assert budget_score(rate) == D("6.56")


def test_execution_above_the_budget_is_capped_at_ten():
    assert budget_score(execution_rate(D("120"), D("100"))) == D("10.00")


def test_no_rate_without_a_positive_budget():
    assert execution_rate(D("5"), D("0")) is None
    assert execution_rate(None, D("10")) is None
    assert budget_score(None) is None and scoring.format_rate(None) == ""


# --- quantitative indicators ---


@pytest.mark.parametrize(
    ("target", "actual", "direction", "points", "score"),
    [
        ("=8个", "8", "", "8", "8.00"),  # Anhui: 补助村(社区)数量
        ("≤202.6万元", "132.9", "", "10", "10.00"),  # Anhui: cost within the ceiling
        ("≥95%", "90%", "", "10", "9.47"),  # 90 / 95 = 0.947368…
        ("≥95%", "98％", "", "10", "10.00"),  # above target: capped; full-width % is %
        ("≤100万元", "125万元", "", "10", "8.00"),  # 100 / 125
        ("=5天", "8天", "negative", "10", "6.25"),  # 反向: 5 / 8
        ("=5天", "4", "negative", "10", "10.00"),  # 反向 within target
        ("=10人", "8", "", "10", "8.00"),  # = without direction: 8 / 10
        ("=10人", "12", "", "10", "8.33"),  # = without direction: 10 / 12
        ("=10人", "12", "positive", "10", "10.00"),  # 正向: more is fine
        ("95%", "57%", "", "10", "6.00"),  # bare target reads as "at least"
        ("≥0个", "0", "", "5", "5.00"),
    ],
)
def test_quantitative_completion(target, actual, direction, points, score):
    proposal = propose(points=D(points), target=target, actual=actual, direction=direction)
    assert proposal.score == D(score)


def test_comparator_wins_over_direction():
    """≥ is higher-is-better even on an indicator marked 反向 (the check flags the clash)."""
    proposal = propose(points=D(10), target="≥90%", actual="45%", direction="negative")
    assert proposal.score == D("5.00")


def test_an_actual_in_another_unit_gets_no_proposal():
    proposal = propose(points=D(10), target="≥95%", actual="90人")
    assert proposal.score is None and proposal.problem == OTHER_UNIT


def test_a_blank_or_wordy_actual_of_a_number_target_gets_no_proposal():
    assert propose(points=D(10), target="≥95%", actual="").problem == scoring.NO_ACTUAL
    assert propose(points=D(10), target="≥95%", actual="大部分").problem == scoring.NOT_A_NUMBER


def test_ratio_text_names_the_numbers_divided():
    assert scoring.ratio_text("≥95%", "90%") == "90/95"
    assert scoring.ratio_text("=5天", "8", "negative") == "5/8"
    assert scoring.ratio_text("≥95%", "90人") == ""


# --- qualitative indicators ---


@pytest.mark.parametrize(
    ("actual", "achievement", "score", "reading"),
    [
        ("达成预期指标", "", "8.00", ACHIEVED),  # Anhui wording
        ("合规", "", "8.00", ACHIEVED),  # the target's own words
        ("部分达成", "", "4.00", PARTLY),
        ("未达成，审批延误", "", "0.00", NOT_ACHIEVED),
        ("效果一般", PARTLY, "4.00", PARTLY),  # the unit's reading decides
        ("达成预期指标", NOT_ACHIEVED, "0.00", NOT_ACHIEVED),
    ],
)
def test_qualitative_indicators(actual, achievement, score, reading):
    proposal = propose(points=D(8), target="合规", actual=actual, achievement=achievement)
    assert proposal.score == D(score) and proposal.achievement == reading


def test_an_unreadable_qualitative_actual_gets_no_proposal():
    assert propose(points=D(8), target="效果明显", actual="效果一般").score is None


# --- weights ---


def test_a_table_without_weights_spreads_each_groups_points_to_the_cent():
    rows = [
        ("产出指标", None),
        ("产出指标", None),
        ("产出指标", None),
        ("效益指标", None),
        ("效益指标", None),
        ("满意度指标", None),
    ]
    points = spread_points(STANDARD, rows)
    # 50 / 3 = 16.66 rounded down, the 2 cents left on the first
    assert points == [D("16.68"), D("16.66"), D("16.66"), D(15), D(15), D(10)]
    assert sum(points) == STANDARD.indicator_total == 90


def test_given_weights_are_kept_and_the_rest_share_what_is_left():
    rows = [("产出指标", D(20)), ("产出指标", None), ("产出指标", None), ("满意度指标", D(10))]
    assert spread_points(STANDARD, rows) == [D(20), D(15), D(15), D(10)]


def test_weights_beyond_the_group_leave_nothing_to_share():
    rows = [("产出指标", D(60)), ("产出指标", None)]
    assert spread_points(STANDARD, rows) == [D(60), D(0)]


def test_cost_as_a_level1_counts_with_output():
    """The 2021 frame's 成本指标 一级 shares the 产出 points."""
    rows = [("产出指标", None), ("成本指标", None), ("效益指标", None), ("满意度指标", None)]
    assert spread_points(STANDARD, rows) == [D(25), D(25), D(30), D(10)]


def test_the_indicators_only_scheme():
    rows = [("产出指标", None), ("效益指标", None), ("满意度指标", None)]
    assert spread_points(INDICATORS_ONLY, rows) == [D(60), D(30), D(10)]
    assert INDICATORS_ONLY.budget == 0 and INDICATORS_ONLY.total == STANDARD.total == 100


# --- total and grade ---


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        ("100", "A"),
        ("90", "A"),
        ("89.99", "B"),
        ("80", "B"),
        ("79.99", "C"),
        ("60", "C"),
        ("59.99", "D"),
        ("0", "D"),
    ],
)
def test_grade_boundaries(total, expected):
    assert grade(D(total)) == expected


def test_the_anhui_table_adds_up():
    """The Anhui rows shown (funds 10, six 8-point rows, cost 10, two 10-point benefits)."""
    scores = [D(10)] + [D(8)] * 5 + [D(10), D(10), D(10)]
    assert scoring.total([*scores, None]) == D(80)
    assert grade(scoring.total(scores)) == "B"
