"""Every rule: a failing example (and only that rule fires) and the clean table that passes."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from projects.targets import IndicatorRow, TargetTable
from reviews.checks import RULES, Level
from tests.reviews.helpers import clean_table, department, department_rules, findings_of, rules_of


def test_clean_table_has_no_findings():
    assert findings_of(clean_table()) == []


def test_every_rule_has_id_level_title_and_a_known_opinion():
    for rule_id, rule in RULES.items():
        assert rule_id == rule.id and "." in rule_id
        assert rule.level in (Level.ERROR, Level.WARNING)
        assert str(rule.title)
        assert rule.opinion is None or 1 <= rule.opinion <= 11


def _set(field: str, value, row: int | None = None) -> Callable[[TargetTable], None]:
    def mutate(table: TargetTable) -> None:
        target = table if row is None else table.indicators[row - 1]
        setattr(target, field, value)

    return mutate


def _drop_level1(level1: str) -> Callable[[TargetTable], None]:
    def mutate(table: TargetTable) -> None:
        table.indicators = [r for r in table.indicators if r.level1 != level1]

    return mutate


def _append(row: IndicatorRow) -> Callable[[TargetTable], None]:
    return lambda table: table.indicators.append(row)


def _set_row(row: int, **values) -> Callable[[TargetTable], None]:
    def mutate(table: TargetTable) -> None:
        for name, value in values.items():
            setattr(table.indicators[row - 1], name, value)

    return mutate


def _extend(*rows: IndicatorRow) -> Callable[[TargetTable], None]:
    return lambda table: table.indicators.extend(rows)


def _without_cost_in_the_2021_frame(table: TargetTable) -> None:
    table.indicators = [r for r in table.indicators if r.level2 != "成本指标"]
    table.frame_code = "caiyu-2021-101"


def _weights(*weights: str | None) -> Callable[[TargetTable], None]:
    def mutate(table: TargetTable) -> None:
        for row, weight in zip(table.indicators, weights, strict=True):
            row.weight = None if weight is None else Decimal(weight)

    return mutate


CASES = [
    # (failing mutation, the rules expected to fire, (row, field) of the first finding)
    (_set("goals", []), {"completeness.goals"}, (None, "goals")),
    (_set("goals", ["1.目标内容1"]), {"completeness.goals"}, (None, "goals")),
    (_set("budget_total", None), {"completeness.amounts"}, (None, "budget_total")),
    (_set("purpose", " "), {"completeness.purpose"}, (None, "purpose")),
    (_set("indicators", []), {"completeness.indicators"}, (None, "indicators")),
    (_drop_level1("产出指标"), {"completeness.output"}, (None, "indicators")),
    (_drop_level1("效益指标"), {"completeness.outcome"}, (None, "indicators")),
    (_drop_level1("满意度指标"), {"completeness.satisfaction"}, (None, "indicators")),
    (_set("basis", "", row=1), {"completeness.row_parts"}, (1, "basis")),
    (_set("value", "", row=4), {"completeness.row_parts"}, (4, "value")),
    (_set("value", "文字描述", row=5), {"completeness.placeholder"}, (5, "value")),
    (_set("description", "指标1", row=2), {"completeness.placeholder"}, (2, "description")),
    (_set("value", "完成XX个", row=1), {"completeness.placeholder"}, (1, "value")),
    (
        _append(IndicatorRow("投入指标", "数量指标", "新增人数", "新增的人数", "≥3人", "计划标准")),
        {"structure.level1"},
        (6, "level1"),
    ),
    (_set("level2", "社会效益指标", row=1), {"structure.level2"}, (1, "level2")),
    (_set("value", "26", row=1), {"quantification.unit_missing"}, (1, "value")),
    (_set("value", "15保障人数", row=1), {"quantification.unit_fused"}, (1, "value")),
    (_set("value", "120%", row=4), {"quantification.percent_over_100"}, (4, "value")),
    (_set("value", "44561", row=1), {"quantification.excel_date"}, (1, "value")),
    (_set("value", "明显提高", row=4), {"quantification.vague"}, (4, "value")),
    (_set("value", "全部完成", row=1), {"quantification.quantity_not_number"}, (1, "value")),
    (_set("description", "保障行政村数", row=1), {"duplication.description"}, (1, "description")),
    (_set("basis", "信访事件化解率", row=4), {"duplication.basis"}, (4, "basis")),
    (_set("value", "信访事件 化解率", row=4), {"duplication.value"}, (4, "value")),
    (
        _append(
            IndicatorRow(
                "效益指标", "社会效益指标", "信访事件化解率", "再写一次", "≥80%", "计划标准"
            )
        ),
        {"duplication.indicator"},
        (6, "name"),
    ),
    (_set("fiscal_funds", Decimal("39.99")), {"money.fund_sum"}, (None, "budget_total")),
    (
        _set("spending_plan", (None, None, None, None)),
        {"money.plan_missing"},
        (None, "spending_plan"),
    ),
    (
        _set("spending_plan", (Decimal(30), Decimal(20), None, Decimal(40))),
        {"money.plan_decreasing"},
        (None, "spending_plan"),
    ),
    (
        _set("spending_plan", (Decimal(10), Decimal(20), Decimal(30), Decimal(39))),
        {"money.plan_end"},
        (None, "spending_plan"),
    ),
    (
        _set("spending_plan", (Decimal(25), Decimal(50), Decimal(75), Decimal(100))),
        {"money.plan_kind"},
        (None, "spending_plan"),
    ),
    (_set("spending_plan_kind", "percent"), {"money.plan_kind"}, (None, "spending_plan")),
    (_set("value", "≤50万元", row=3), {"money.cost_over_budget"}, (3, "value")),
    (
        _append(
            IndicatorRow("产出指标", "成本指标", "项目资金数", "项目总投入", "30万元", "计划标准")
        ),
        {"money.fund_indicator"},
        (6, "value"),
    ),
    (
        _append(
            IndicatorRow("产出指标", "数量指标", "项目资金数", "项目总投入", "40万元", "计划标准")
        ),
        {"money.fund_as_output"},
        (6, "level2"),
    ),
    (_set("code", ""), {"codes.missing"}, (None, "code")),
    (_set("code", "13022523P0066B01"), {"codes.length"}, (None, "code")),
    (_set("code", "13022523p0066b010022c"), {"codes.characters"}, (None, "code")),
    (_set("code", "130225230006B010022C1"), {"codes.kind_letter"}, (None, "code")),
    (_set("code", "13022423P0066B010022C"), {"codes.region"}, (None, "code")),
    (_set("code", "13022524P0066B010022C"), {"codes.year"}, (None, "code")),
    (_set("code", "13022519P0066B010022C"), {"codes.year"}, (None, "code")),
    (_set("value", "党员满意度", row=5), {"satisfaction.quantified"}, (5, "value")),
    (_set("value", "满意", row=5), {"satisfaction.quantified"}, (5, "value")),
    (_set("value", "≥85%", row=5), {"satisfaction.threshold"}, (5, "value")),
    # reviewer's checks (#16)
    (_set("name", "化解信访事件230件", row=4), {"wording.number_in_name"}, (4, "name")),
    (_set("name", "培训村干部人数", row=1), {"wording.people_in_pieces"}, (1, "value")),
    (
        _extend(
            IndicatorRow(
                "效益指标", "社会效益指标", "矛盾纠纷调处率", "调处的比例", "≥90%", "历史标准"
            ),
            IndicatorRow(
                "效益指标", "可持续影响指标", "长效机制覆盖率", "覆盖的比例", "≥90%", "计划标准"
            ),
        ),
        {"duplication.outcome_values"},
        (4, "value"),
    ),
    (_set("value", "≥1年", row=2), {"timeliness.measures_nothing"}, (2, "value")),
    (
        _set_row(3, direction="negative", value="=300元"),
        {"cost.reverse_equals"},
        (3, "value"),
    ),
    (_set("value", "0元", row=3), {"cost.zero"}, (3, "value")),
    (_set("value", "≤40万元", row=3), {"cost.whole_budget"}, (3, "value")),
    (_without_cost_in_the_2021_frame, {"cost.missing"}, (None, "indicators")),
    (_weights("20", None, "20", "20", "20"), {"weights.missing"}, (2, "weight")),
    (_weights("20", "20", "20", "20", "10"), {"weights.total"}, (None, "indicators")),
]


@pytest.mark.parametrize(("mutate", "expected", "place"), CASES)
def test_rule_reports_its_defect_and_nothing_else(mutate, expected, place):
    table = clean_table()
    mutate(table)
    findings = findings_of(table)
    assert {f.rule for f in findings} == expected
    first = findings[0]
    assert (first.location.row, first.location.field) == place
    assert first.location.project_name == table.name
    assert first.problem and first.hint


def test_every_table_rule_has_a_failing_example():
    covered = set().union(*(expected for _m, expected, _p in CASES))
    table_rules = {r.id for r in RULES.values() if r.scope == "table"}
    assert table_rules - covered == set()


@pytest.mark.parametrize(
    "value",
    ["≥95", "≥95百分比", "≥90%", "100%", "95％", "≥ 98.5 %"],
)
def test_satisfaction_values_that_are_fine(value):
    table = clean_table()
    table.indicators[4].value = value
    assert findings_of(table) == []


@pytest.mark.parametrize("value", ["及时化解", "有序推进"])
def test_plain_qualitative_benefit_is_not_flagged(value):
    table = clean_table()
    table.indicators[3].value = value
    assert findings_of(table) == []


def test_blank_checkpoints_after_a_value_mean_unchanged():
    table = clean_table()
    table.spending_plan = (None, Decimal(40), None, None)
    assert findings_of(table) == []


def test_percent_plan_ending_at_100_is_fine():
    table = clean_table()
    table.spending_plan_kind = "percent"
    table.spending_plan = (Decimal(25), Decimal(50), Decimal(75), Decimal(100))
    assert findings_of(table) == []


def test_fund_indicator_in_yuan_is_compared_exactly():
    table = clean_table()
    table.indicators.append(
        IndicatorRow("产出指标", "成本指标", "项目资金数", "总投入", "400,000元", "计划标准")
    )
    assert findings_of(table) == []


def test_code_of_last_year_is_a_carry_over_not_a_defect():
    table = clean_table()
    table.code = "13022522P00476X100150"
    assert findings_of(table) == []
    assert rules_of(table, code_carryover_years=0) == {"codes.year"}


@pytest.mark.parametrize("blank", ["", "   "])
def test_blank_code_is_flagged_as_a_warning_not_an_error(blank):
    # Stored as blank (never invented), but the clerk is asked for the code: it may not block.
    table = clean_table(name="信访维稳经费")
    table.code = blank
    (finding,) = findings_of(table)
    assert (finding.rule, finding.level) == ("codes.missing", Level.WARNING)
    assert finding.message == "第1个项目“信访维稳经费” · 项目编码：项目编码未填写。"
    assert "21位项目编码" in finding.hint and "不要编造" in finding.hint
    assert finding.opinion == 11 and finding.opinion_label == "其他"
    assert (finding.location.row, finding.location.field) == (None, "code")


def test_blank_code_warning_can_be_switched_off():
    table = clean_table()
    table.code = ""
    assert findings_of(table, disabled_rules=frozenset({"codes.missing"})) == []


def test_blank_code_is_reported_once_per_project_without_duplicate_findings():
    from reviews.checks import run_department
    from tests.reviews.helpers import context

    first, second = clean_table(name="甲"), clean_table(name="乙")
    first.code = second.code = ""
    findings = run_department(department(first, second), context())
    assert [(f.rule, f.location.project_index) for f in findings] == [
        ("codes.missing", 1),
        ("codes.missing", 2),
    ]


def test_settings_change_thresholds_and_switch_rules_off():
    table = clean_table()
    table.indicators[4].value = "≥92%"
    assert rules_of(table, satisfaction_threshold=Decimal(95)) == {"satisfaction.threshold"}
    table.indicators.pop()
    assert rules_of(table) == {"completeness.satisfaction"}
    assert rules_of(table, satisfaction_required=False) == set()
    assert rules_of(table, disabled_rules=frozenset({"completeness.satisfaction"})) == set()


def test_weights_total_follows_the_setting():
    table = clean_table()
    _weights("20", "20", "20", "20", "10")(table)
    assert rules_of(table, weight_total=Decimal(90)) == set()


def test_structure_rules_are_skipped_without_a_frame():
    from reviews.checks import ReviewContext, run_table

    table = clean_table()
    table.indicators[0].level1 = "投入指标"
    assert rules_of(table) == {"structure.level1"}
    assert run_table(table, ReviewContext()) == []


def test_levels_errors_block_and_warnings_guide():
    table = clean_table()
    table.goals = ["目标内容1"]
    table.indicators[0].value = "26"
    levels = {f.rule: f.level for f in findings_of(table)}
    assert levels == {
        "completeness.goals": Level.ERROR,
        "quantification.unit_missing": Level.WARNING,
    }


def test_department_rules_duplicate_codes_and_overall_goal():
    first, second = clean_table(name="甲"), clean_table(name="乙")
    assert department_rules(department(first, second)) == {"codes.duplicate"}
    second.code = "13022523P0066B010022D"
    assert department_rules(department(first, second)) == set()
    assert department_rules(department(first, goal="目标内容1")) == {"completeness.department_goal"}
    assert department_rules(department(first, goal="")) == {"completeness.department_goal"}


def test_duplicate_code_points_at_the_second_project():
    from reviews.checks import run_department
    from tests.reviews.helpers import context

    findings = run_department(department(clean_table(name="甲"), clean_table(name="乙")), context())
    assert [(f.location.project_index, f.location.project_name) for f in findings] == [(2, "乙")]
    assert "第1个项目" in findings[0].problem


def test_code_taken_by_another_unit_before_import():
    from dataclasses import replace

    from reviews.checks import run_department
    from tests.reviews.helpers import context

    ctx = replace(context(), taken_codes=frozenset({"13022523P0066B010022C"}))
    findings = run_department(department(clean_table()), ctx)
    assert [f.rule for f in findings] == ["codes.duplicate"]


def test_finding_message_names_project_row_and_field():
    table = clean_table(name="信访维稳经费")
    table.indicators[0].value = "26"
    (finding,) = findings_of(table)
    assert finding.message.startswith(
        "第1个项目“信访维稳经费” · 第1行指标“保障行政村数” · 指标值："
    )
    assert finding.location.anchor == "table-1"
    assert finding.opinion == 2 and finding.opinion_label == "指标不够细化、量化"


def test_only_a_department_rule_can_be_run_on_one_table():
    from reviews.checks.base import RULES, Level, rule

    assert [r.id for r in RULES.values() if r.one_table] == ["codes.duplicate"]
    with pytest.raises(ValueError, match="one_table"):
        rule("test.one_table", level=Level.ERROR, title="x", one_table=True)(lambda t, c: iter(()))
    assert "test.one_table" not in RULES
