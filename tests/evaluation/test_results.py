"""结果应用: next year's targets against last year's self-evaluation (four rules)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from evaluation import services
from evaluation.results import cross_year_findings
from evaluation.selectors import IndicatorResult, ProjectResult, project_key
from projects.permissions import SYSTEM
from projects.services import department_targets_save
from projects.targets import IndicatorRow
from tests.conftest import make_table, seed_targets
from tests.evaluation.conftest import fill_evaluation, read_evaluation

D = Decimal


def _table(*rows: tuple[str, str], budget: str = "40.00"):
    table = make_table(name="培训项目", budget=budget, indicators=0)
    table.indicators = [
        IndicatorRow(level1="产出指标", level2="数量指标", name=name, value=value)
        for name, value in rows
    ]
    return table


def _result(grade: str = "良", budget: str = "40", **indicators) -> dict[str, ProjectResult]:
    return {
        project_key("", "培训项目"): ProjectResult(
            total=D(85),
            grade=grade,
            budget=D(budget),
            indicators={
                name: IndicatorResult(target, actual, D(points), D(score))
                for name, (target, actual, points, score) in indicators.items()
            },
        )
    }


def _messages(tables, results):
    return [f.message for f in cross_year_findings(tables, results)]


def test_a_target_below_last_years_actual():
    results = _result(培训人数=("≥100人", "130人", "20", "20"))
    (message,) = _messages([_table(("培训人数", "≥120人"))], results)
    assert "本年指标值≥120人低于上年实际完成值130人" in message
    assert _messages([_table(("培训人数", "≥130人"))], results) == []


def test_a_ceiling_below_last_years_actual_is_no_finding():
    """≤ is lower-is-better: a ceiling under last year's cost is an improvement."""
    results = _result(成本=("≤50万元", "45万元", "10", "10"))
    assert _messages([_table(("成本", "≤40万元"))], results) == []


def test_an_unchanged_target_far_exceeded_last_year():
    results = _result(培训人数=("≥100人", "125人", "20", "20"))
    (message,) = _messages([_table(("培训人数", "≥100人"))], results)
    assert "与上年相同，而上年实际完成125人" in message
    results = _result(培训人数=("≥100人", "110人", "20", "20"))
    assert _messages([_table(("培训人数", "≥100人"))], results) == []


def test_a_poor_project_whose_budget_grows():
    results = _result(grade="差", budget="40")
    (message,) = _messages([_table(budget="50.00")], results)
    assert "上年自评等级为“差”，本年预算由40万元增加到50万元" in message
    assert _messages([_table(budget="40.00")], results) == []


def test_a_badly_scored_indicator_that_was_dropped():
    results = _result(
        验收合格率=("≥95%", "50%", "20", "10.53"), 培训人数=("≥10人", "10人", "20", "20")
    )
    (message,) = _messages([_table(("培训人数", "≥10人"))], results)
    assert "上年指标“验收合格率”得分10.53（分值20），本年已删除" in message


def test_units_that_differ_are_not_compared():
    results = _result(培训人数=("≥100人", "130人次", "20", "20"))
    assert _messages([_table(("培训人数", "≥120人"))], results) == []


@pytest.mark.django_db
def test_the_next_years_overview_compares_with_last_years_results(client, evaluation, unit_clerk):
    services.evaluation_save(
        evaluation=evaluation, sheet=fill_evaluation(read_evaluation(evaluation)), user=SYSTEM
    )
    next_year = seed_targets()
    next_year.fiscal_year = 2024
    for table in next_year.tables:
        table.fiscal_year = 2024
    first = next_year.tables[0]
    village = next(r for r in first.indicators if r.name == "保障行政村数")
    village.value = "20"  # last year: 26 of 26
    department_targets_save(targets=next_year, user=SYSTEM)
    client.force_login(unit_clerk)
    page = client.get("/evaluation/802010/2024/").content.decode()
    section = page.split('id="cross-year"')[1]
    assert "与2023年自评结果比较" in page
    assert "保障行政村数" in section and "本年指标值20低于上年实际完成值26" in section
    assert 'id="cross-year"' not in client.get("/evaluation/802010/2023/").content.decode()


def _next_year_with_lower_target():
    next_year = seed_targets()
    next_year.fiscal_year = 2024
    for table in next_year.tables:
        table.fiscal_year = 2024
    village = next(r for r in next_year.tables[0].indicators if r.name == "保障行政村数")
    village.value = "20"  # last year: 26 of 26
    return department_targets_save(targets=next_year, user=SYSTEM)


@pytest.mark.django_db
def test_the_automated_review_of_next_year_warns_from_last_years_results(
    client, evaluation, unit_clerk
):
    """The cross-year rules are part of the department review (page, 送审 check, return page):
    warnings at the indicator's row, which do not block 送审; a county can switch them off."""
    from reviews.checks import Level
    from reviews.models import ReviewSettings
    from reviews.selectors import department_review

    services.evaluation_save(
        evaluation=evaluation, sheet=fill_evaluation(read_evaluation(evaluation)), user=SYSTEM
    )
    _next_year_with_lower_target()
    unit = evaluation.department
    review = department_review(department=unit, fiscal_year=2024)
    (found,) = [f for f in review.findings if f.rule == "results.below_last_actual"]
    assert found.level is Level.WARNING
    assert found.location.project_index == 1 and found.location.field == "value"
    assert found.location.row_name == "保障行政村数" and found.location.row is not None
    assert "本年指标值20低于上年实际完成值26" in found.problem
    assert "说明下调的原因" in found.hint
    # Last year's own review knows nothing of the year before it.
    assert not any(
        f.rule.startswith("results.")
        for f in department_review(department=unit, fiscal_year=2023).findings
    )
    client.force_login(unit_clerk)
    page = client.get("/reviews/departments/802010/2024/").content.decode()
    assert "本年指标值20低于上年实际完成值26" in page and "指标值低于上年实际完成值" in page
    ReviewSettings.objects.create(name="不比较上年", disabled_rules=["results.below_last_actual"])
    review = department_review(department=unit, fiscal_year=2024)
    assert not any(f.rule == "results.below_last_actual" for f in review.findings)


def test_the_cross_year_rules_are_registered_as_warnings_the_runner_does_not_run():
    from reviews.checks import RULES, Level, ReviewContext, run_table

    ids = [r for r in RULES if r.startswith("results.")]
    assert sorted(ids) == sorted(
        [
            "results.below_last_actual",
            "results.unchanged_exceeded",
            "results.poor_budget_grows",
            "results.bad_indicator_dropped",
        ]
    )
    assert all(RULES[r].level is Level.WARNING for r in ids)
    table = _table(("培训人数", "≥120人"))
    assert not any(f.rule.startswith("results.") for f in run_table(table, ReviewContext()))


def test_findings_point_at_their_row_and_field():
    results = _result(
        grade="差",
        budget="30",
        培训人数=("≥100人", "130人", "20", "20"),
        验收合格率=("≥95%", "50%", "20", "10.53"),
    )
    found = cross_year_findings(
        [_table(("其他", "1个"), ("培训人数", "≥120人"), budget="40.00")], results
    )
    where = {(f.rule, f.row, f.field) for f in found}
    assert where == {
        ("results.poor_budget_grows", None, "budget_total"),
        ("results.below_last_actual", 2, "value"),
        ("results.bad_indicator_dropped", None, "indicators"),
    }


@pytest.mark.django_db
def test_one_projects_result_in_one_query_agrees_with_the_units(
    evaluation, unit_clerk, django_assert_num_queries
):
    """Next year's editor reads last year's project alone (one query); it must agree with
    the unit's results that carry-forward and the review read."""
    from evaluation.selectors import last_year_results, project_result
    from projects.models import Project

    sheet = fill_evaluation(read_evaluation(evaluation))
    sheet.projects[0].rows[0].actual = "20"  # 20 of 26
    sheet.projects[0].rows[1].score, sheet.projects[0].rows[1].score_reason = D(1), "从严"
    services.evaluation_save(evaluation=evaluation, sheet=sheet, user=unit_clerk)
    first = sheet.projects[0]
    project = Project.objects.get(fiscal_year=2023, code=first.code, name=first.name)
    with django_assert_num_queries(1):
        alone = project_result(project.pk)
    whole = last_year_results(evaluation.department, 2024)[project_key(first.code, first.name)]
    assert alone == whole
    assert alone.indicators["保障行政村数"].score == D("19.23")
    assert alone.fiscal_year == 2023 and alone.status == "待送审" and not alone.reviewed
    with django_assert_num_queries(0):
        assert project_result(None) is None
    other = Project.objects.filter(fiscal_year=2023).exclude(pk=project.pk).first()
    assert project_result(other.pk) is not None
    evaluation.delete()  # not self-evaluated: nothing to show
    assert project_result(project.pk) is None


@pytest.mark.django_db
def test_cross_year_warnings_do_not_block_sending_next_year(client, evaluation, unit_clerk):
    from projects.models import DepartmentPlan
    from reviews.models import ReviewSettings

    services.evaluation_save(
        evaluation=evaluation, sheet=fill_evaluation(read_evaluation(evaluation)), user=SYSTEM
    )
    _next_year_with_lower_target()
    # The seed's own errors are switched off by this county (as in the browser walks).
    ReviewSettings.objects.create(
        name="乐亭县",
        region_code="130225",
        disabled_rules=[
            "completeness.goals",
            "completeness.placeholder",
            "satisfaction.quantified",
        ],
    )
    client.force_login(unit_clerk)
    page = client.get("/workflow/802010/2024/submit/").content.decode()
    assert "确认送审" in page
    client.post("/workflow/802010/2024/submit/")
    plan = DepartmentPlan.objects.get(department=evaluation.department, fiscal_year=2024)
    assert plan.status == DepartmentPlan.Status.SUBMITTED
