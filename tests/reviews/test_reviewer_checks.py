"""The checks an experienced reviewer makes (#16): each fires on its defect (test_rules.CASES)
and stays silent on the near-miss that looks alike but is fine."""

from __future__ import annotations

import pytest

from projects.targets import IndicatorRow
from reviews.checks import ReviewConfig, ReviewContext, run_table
from reviews.checks.wording import number_in_name
from tests.reviews.helpers import clean_table, findings_of, rules_of

CAIYU_FRAME = {
    "产出指标": ("数量指标", "质量指标", "时效指标"),
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}


def _with_row(index: int, **values):
    table = clean_table()
    for name, value in values.items():
        setattr(table.indicators[index - 1], name, value)
    return table


def test_number_in_name_message_says_where_the_number_goes():
    (finding,) = findings_of(_with_row(1, name="村组干部230人", value="=100%"))
    assert finding.rule == "wording.number_in_name"
    assert "“230人”" in finding.problem and "指标值" in finding.problem
    assert "=230人" in finding.hint and "村组干部" in finding.hint


@pytest.mark.parametrize(
    "name",
    ["2023年村级经费拨付率", "12345热线办结率", "PM2.5浓度达标率", "1人1档建档率", "5G基站覆盖率"],
)
def test_numbers_that_are_part_of_a_name_are_not_flagged(name):
    assert number_in_name(name) is None
    assert "wording.number_in_name" not in rules_of(_with_row(4, name=name))


@pytest.mark.parametrize(
    ("name", "unit"), [("培训人数", "人"), ("村组干部数", "人"), ("帮扶脱贫户数", "户")]
)
def test_people_counted_in_pieces_are_told_the_right_unit(name, unit):
    (finding,) = findings_of(_with_row(1, name=name, value="≥26个"))
    assert finding.rule == "wording.people_in_pieces"
    assert f"≥26{unit}" in finding.hint


@pytest.mark.parametrize(
    ("name", "value"), [("保障行政村数", "≥26个"), ("培训人数", "≥30人"), ("培训人数", "≥30人次")]
)
def test_pieces_of_things_and_people_in_persons_are_fine(name, value):
    assert "wording.people_in_pieces" not in rules_of(_with_row(1, name=name, value=value))


def _outcomes(*values: str):
    table = clean_table()
    table.indicators = [r for r in table.indicators if r.level1 != "效益指标"]
    for number, value in enumerate(values, start=1):
        table.indicators.append(
            IndicatorRow("效益指标", "社会效益指标", f"效益{number}率", "比例", value, "历史标准")
        )
    return table


def test_the_same_value_on_every_outcome_row_is_boilerplate():
    (finding,) = findings_of(_outcomes("≥95%", "≥95%", "≥ 95 %"))
    assert finding.rule == "duplication.outcome_values"
    assert finding.problem.startswith("3条效益指标")


@pytest.mark.parametrize(
    "values",
    [("≥95%", "≥95%"), ("≥95%", "≥90%", "≥95%"), ("≥95%", "≥95%", "≥95%", "明显改善")],
)
def test_outcome_values_that_differ_or_are_few_are_fine(values):
    assert "duplication.outcome_values" not in rules_of(_outcomes(*values))


@pytest.mark.parametrize(
    ("name", "value"),
    [("维持时效", "≥1年"), ("项目完成时间", "＞6个月"), ("设施保持时间", "=3年")],
)
def test_timeliness_that_measures_nothing(name, value):
    rules = rules_of(_with_row(2, name=name, value=value))
    assert "timeliness.measures_nothing" in rules


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("办结时限", "≤15个工作日"),
        ("资金拨付时间", "≤30天"),
        ("完工时间", "2023年11月底前"),
        ("完成时间", "=12月"),
        ("资金拨付及时率", "100%"),
    ],
)
def test_deadlines_and_rates_are_fine(name, value):
    assert "timeliness.measures_nothing" not in rules_of(_with_row(2, name=name, value=value))


def test_a_lasting_duration_outside_timeliness_is_not_judged_here():
    table = _with_row(4, name="设施维持时间", value="≥1年", level2="可持续影响指标")
    assert "timeliness.measures_nothing" not in rules_of(table)


@pytest.mark.parametrize(
    ("direction", "value"),
    [("negative", "≤300元"), ("positive", "=300元"), ("", "=300元")],
)
def test_cost_comparators_that_are_fine(direction, value):
    table = _with_row(3, direction=direction, value=value)
    assert "cost.reverse_equals" not in rules_of(table)


def test_reverse_cost_with_equals_is_told_to_use_at_most():
    (finding,) = findings_of(_with_row(3, direction="negative", value="=300元"))
    assert "≤300元" in finding.hint


@pytest.mark.parametrize("value", ["0万元", "=0万元/人", "0元"])
def test_zero_cost_targets(value):
    assert "cost.zero" in rules_of(_with_row(3, value=value))


@pytest.mark.parametrize("value", ["≤0.5万元", "0次", "≤300元"])
def test_small_costs_and_zero_counts_are_fine(value):
    assert "cost.zero" not in rules_of(_with_row(3, value=value))


@pytest.mark.parametrize("value", ["≤40万元", "=400000元", "40"])
def test_cost_that_restates_the_budget(value):
    assert "cost.whole_budget" in rules_of(_with_row(3, value=value))


@pytest.mark.parametrize(
    ("name", "value"),
    [("人均补助标准", "≤3万元"), ("每公里成本", "≤40万元/公里"), ("项目资金数", "40万元")],
)
def test_unit_costs_and_fund_rows_are_not_a_restated_budget(name, value):
    assert "cost.whole_budget" not in rules_of(_with_row(3, name=name, value=value))


def _no_cost(year: int = 2023, frame_code: str = ""):
    table = clean_table()
    table.fiscal_year = year
    table.frame_code = frame_code
    table.indicators = [r for r in table.indicators if r.level2 != "成本指标"]
    return table


def test_missing_cost_is_found_from_the_years_frame_tree():
    ctx = ReviewContext(config=ReviewConfig(), frame=CAIYU_FRAME, region_code="130225")
    findings = run_table(_no_cost(), ctx)
    assert [f.rule for f in findings] == ["cost.missing"]
    assert "财预〔2021〕101号" in findings[0].problem


def test_missing_cost_without_a_frame_follows_the_year_rule():
    ctx = ReviewContext(config=ReviewConfig(), frame=None)
    assert "cost.missing" in {f.rule for f in run_table(_no_cost(year=2022), ctx)}
    assert "cost.missing" not in {f.rule for f in run_table(_no_cost(year=2021), ctx)}


def test_classic_frame_or_a_cost_row_needs_no_cost_indicator():
    assert "cost.missing" not in rules_of(_no_cost(frame_code="classic"))
    assert "cost.missing" not in rules_of(_no_cost())  # the classic tree of the helpers
    table = clean_table()
    table.frame_code = "caiyu-2021-101"
    table.indicators[2].level1, table.indicators[2].level2 = "成本指标", "经济成本指标"
    ctx = ReviewContext(config=ReviewConfig(), frame=CAIYU_FRAME)
    assert "cost.missing" not in {f.rule for f in run_table(table, ctx)}


def test_new_checks_are_warnings_with_chinese_hints():
    from reviews.checks import RULES, Level

    for family in ("wording", "cost", "timeliness"):
        rules = [r for r in RULES.values() if r.family == family]
        assert rules and all(r.level is Level.WARNING for r in rules)
    assert RULES["duplication.outcome_values"].level is Level.WARNING
