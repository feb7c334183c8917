"""Opening, saving and reviewing monitoring rounds and self-evaluations (one transaction each)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.errors import DomainError, NotAllowed
from evaluation import checks, services
from evaluation.models import (
    EvaluatedIndicator,
    MonitoredIndicator,
    MonitoredProject,
    MonitoringRound,
    StageAction,
    Status,
)
from indicators.models import Indicator
from projects.exceptions import ConcurrentEditError
from projects.models import DepartmentPlan, Project
from tests.conftest import make_user
from tests.evaluation.conftest import (
    fill_evaluation,
    fill_monitoring,
    read_evaluation,
    read_monitoring,
)

D = Decimal
pytestmark = pytest.mark.django_db


# --- opening ---


def test_monitoring_opens_only_for_approved_targets(seed_plan):
    unit_clerk = make_user("early-clerk", "clerk", [seed_plan.department])
    with pytest.raises(DomainError, match="尚未审核通过"):
        services.monitoring_open(
            department=seed_plan.department, fiscal_year=2023, period_end_month=7, user=unit_clerk
        )
    assert not MonitoringRound.objects.exists()


def test_opening_references_every_approved_project_and_indicator(monitoring, unit):
    projects = Project.objects.filter(department=unit, fiscal_year=2023)
    assert MonitoredProject.objects.filter(round=monitoring).count() == projects.count() == 11
    assert set(MonitoredIndicator.objects.values_list("indicator_id", flat=True)) == set(
        Indicator.objects.filter(project__in=projects).values_list("pk", flat=True)
    )
    sheet = read_monitoring(monitoring)
    first = sheet.projects[0]
    assert (first.name, first.budget, first.rows[0].target) == ("信访维稳经费", D("40"), "26")
    assert sheet.period_label == "1–7月" and monitoring.history.first().history_user is not None


def test_a_period_opens_once(monitoring, unit, unit_clerk):
    with pytest.raises(DomainError, match="已经开始"):
        services.monitoring_open(
            department=unit, fiscal_year=2023, period_end_month=7, user=unit_clerk
        )


def test_a_month_outside_1_to_12_is_refused(approved, unit, unit_clerk):
    with pytest.raises(DomainError, match="1到12"):
        services.monitoring_open(
            department=unit, fiscal_year=2023, period_end_month=13, user=unit_clerk
        )


def test_another_units_clerk_may_not_open(approved, unit, stranger):
    with pytest.raises(NotAllowed, match="只有本单位的填报员"):
        services.monitoring_open(
            department=unit, fiscal_year=2023, period_end_month=7, user=stranger
        )


# --- saving ---


def test_saving_writes_values_history_and_a_new_version(monitoring, unit_clerk):
    sheet = read_monitoring(monitoring)
    sheet.projects[0].executed = D("8")
    sheet.projects[0].rows[0].progress = "20"
    version = services.monitoring_save(monitoring=monitoring, sheet=sheet, user=unit_clerk)
    assert version == sheet.version + 1
    again = read_monitoring(monitoring)
    assert again.projects[0].executed == D("8") and again.projects[0].rows[0].progress == "20"
    entry = MonitoredProject.objects.get(pk=sheet.projects[0].entry_id)
    assert entry.history.first().history_user == unit_clerk
    # only what changed was written
    assert MonitoredProject.history.filter(history_type="~").count() == 1


def test_a_stale_sheet_is_refused(monitoring, unit_clerk):
    old = read_monitoring(monitoring)
    fresh = read_monitoring(monitoring)
    fresh.projects[0].executed = D("1")
    services.monitoring_save(monitoring=monitoring, sheet=fresh, user=unit_clerk)
    old.projects[0].executed = D("2")
    with pytest.raises(ConcurrentEditError):
        services.monitoring_save(monitoring=monitoring, sheet=old, user=unit_clerk)


def test_invalid_values_are_refused_with_their_place(monitoring, unit_clerk):
    sheet = read_monitoring(monitoring)
    sheet.projects[1].executed = D("-1")
    with pytest.raises(services.EvaluationDataError) as caught:
        services.monitoring_save(monitoring=monitoring, sheet=sheet, user=unit_clerk)
    assert (sheet.projects[1].entry_id, None, "executed") in caught.value.errors
    assert read_monitoring(monitoring).projects[1].executed is None


# --- the review cycle ---


def test_submit_is_refused_while_a_blocking_check_remains(monitoring, unit_clerk):
    with pytest.raises(DomainError, match="处需要修改"):
        services.stage_submit(stage=monitoring, user=unit_clerk)
    assert MonitoringRound.objects.get().status == Status.DRAFT


def test_the_whole_cycle_locks_after_approval(monitoring, unit_clerk, reviewer):
    sheet = fill_monitoring(read_monitoring(monitoring))
    services.monitoring_save(monitoring=monitoring, sheet=sheet, user=unit_clerk)
    services.stage_submit(stage=monitoring, user=unit_clerk)
    assert monitoring.status == Status.SUBMITTED
    sheet = read_monitoring(monitoring)
    with pytest.raises(NotAllowed, match="不能修改"):
        services.monitoring_save(monitoring=monitoring, sheet=sheet, user=unit_clerk)
    with pytest.raises(NotAllowed):
        services.stage_approve(stage=monitoring, user=unit_clerk)
    with pytest.raises(DomainError, match="必须填写审核意见"):
        services.stage_return(stage=monitoring, user=reviewer, comment=" ")
    services.stage_return(stage=monitoring, user=reviewer, comment="请补充偏差原因")
    sheet.projects[0].goal_progress = "按计划推进"
    services.monitoring_save(monitoring=monitoring, sheet=sheet, user=unit_clerk)
    services.stage_submit(stage=monitoring, user=unit_clerk)
    services.stage_approve(stage=monitoring, user=reviewer)
    assert MonitoringRound.objects.get().status == Status.APPROVED
    assert list(StageAction.objects.values_list("kind", flat=True)) == [
        "submit",
        "return",
        "submit",
        "approve",
    ]
    with pytest.raises(DomainError, match="不能送审"):
        services.stage_submit(stage=monitoring, user=unit_clerk)


def test_approving_a_self_evaluation_can_adjust_its_total(evaluation, unit_clerk, reviewer):
    sheet = fill_evaluation(read_evaluation(evaluation))
    services.evaluation_save(evaluation=evaluation, sheet=sheet, user=unit_clerk)
    services.stage_submit(stage=evaluation, user=unit_clerk)
    with pytest.raises(DomainError, match="0到100"):
        services.stage_approve(stage=evaluation, user=reviewer, reviewed_total=D("101"))
    services.stage_approve(stage=evaluation, user=reviewer, reviewed_total=D("88.5"))
    assert read_evaluation(evaluation).reviewed_total == D("88.50")


# --- the monitoring checks ---


def _findings(sheet):
    return {(f.entry_id, f.row_id, f.field): f for f in checks.monitoring_findings(sheet)}


def test_execution_below_the_plans_checkpoint_needs_a_reason(monitoring):
    sheet = fill_monitoring(read_monitoring(monitoring))
    first = sheet.projects[0]  # plan 10/20/30/40 of 40: 6月底 is 50%
    first.executed = D("8")
    found = _findings(sheet)[(first.entry_id, None, "lag_reason")]
    assert "1–7月执行率20.00%低于支出计划6月底的50.00%" in found.message and found.blocking
    first.lag_reason = "工程款按进度支付"
    assert (first.entry_id, None, "lag_reason") not in _findings(sheet)


def test_a_doubtful_indicator_needs_a_cause_and_measures(monitoring):
    sheet = fill_monitoring(read_monitoring(monitoring))
    row = sheet.projects[0].rows[0]
    row.likelihood = "possible"
    found = _findings(sheet)
    place = (sheet.projects[0].entry_id, row.row_id)
    assert "有可能" in found[(*place, "cause")].message
    assert "纠偏措施" in found[(*place, "measures")].message
    row.cause, row.measures = "other", "加快进度"
    assert "写明具体原因" in _findings(sheet)[(*place, "cause_text")].message


def test_a_progress_in_another_unit_is_flagged_without_blocking(monitoring):
    sheet = fill_monitoring(read_monitoring(monitoring))
    row = sheet.projects[0].rows[1]  # 项目资金数 40万元
    row.progress = "30人"
    found = _findings(sheet)[(sheet.projects[0].entry_id, row.row_id, "progress")]
    assert "单位与年度指标值“40万元”不同" in found.message and "40万元" in found.message
    assert not found.blocking


def test_a_projected_underspend_asks_what_happens_to_the_money(monitoring):
    sheet = fill_monitoring(read_monitoring(monitoring))
    first = sheet.projects[0]
    first.projected = D("35")
    found = _findings(sheet)[(first.entry_id, None, "remainder_plan")]
    assert "预计结余5.00万元" in found.message
    first.adjusted_budget = D("35")  # the budget was cut to what will be spent
    assert (first.entry_id, None, "remainder_plan") not in _findings(sheet)


def test_a_filled_table_has_no_blocking_findings(monitoring):
    filled = fill_monitoring(read_monitoring(monitoring))
    assert not checks.blocking(checks.monitoring_findings(filled))
    blank = {
        f.field for f in checks.blocking(checks.monitoring_findings(read_monitoring(monitoring)))
    }
    assert blank == {"executed", "progress", "likelihood"}


# --- the self-evaluation ---


def test_the_self_evaluation_proposes_scores_from_the_approved_targets(evaluation, unit_clerk):
    sheet = fill_evaluation(read_evaluation(evaluation))
    first = sheet.projects[0]  # 2 产出, 1 效益, 1 满意度, no weights
    assert [r.points for r in first.rows] == [D(25), D(25), D(30), D(10)]
    assert first.final_funds_score == D("10.00") and first.total == D("100.00")
    services.evaluation_save(evaluation=evaluation, sheet=sheet, user=unit_clerk)
    stored = EvaluatedIndicator.objects.get(pk=first.rows[3].row_id)
    assert (stored.actual_raw, stored.actual_number) == ("≥95", D(95))
    assert read_evaluation(evaluation).projects[0].grade_label == "优"


def test_self_evaluation_checks(evaluation):
    sheet = fill_evaluation(read_evaluation(evaluation))
    first = sheet.projects[0]
    quantity, money = first.rows[0], first.rows[1]  # 保障行政村数 26, 项目资金数 40万元
    quantity.actual = "20"  # 20/26 of 25 points = 19.23
    money.actual = "30人"
    first.rows[2].score = D("31")
    first.rows[3].score = D("5")
    found = {(f.row_id, f.field): f for f in checks.evaluation_findings(sheet)}
    assert quantity.proposal.score == D("19.23")
    assert "偏差原因分析" in found[(quantity.row_id, "deviation")].message
    assert "“30人”的单位与年度指标值“40万元”不同" in found[(money.row_id, "actual")].message
    assert "超过分值30" in found[(first.rows[2].row_id, "score")].message
    assert "改分理由" in found[(first.rows[3].row_id, "score_reason")].message
    first.rows[3].score_reason = "满意度调查样本不足"
    found = {(f.row_id, f.field) for f in checks.evaluation_findings(sheet)}
    assert (first.rows[3].row_id, "score_reason") not in found


def test_a_full_score_with_deviations_listed_is_questioned(evaluation):
    sheet = fill_evaluation(read_evaluation(evaluation))
    first = sheet.projects[0]
    first.rows[0].deviation = "部分村未完成"
    messages = [
        f.message for f in checks.evaluation_findings(sheet) if f.entry_id == first.entry_id
    ]
    assert any("自评满分100分" in m for m in messages)


def test_weights_that_do_not_add_up_are_reported(evaluation):
    sheet = read_evaluation(evaluation)
    first = sheet.projects[0]
    for row in first.rows:
        row.weight = D(10)
    sheet.spread()
    messages = [
        f.message for f in checks.evaluation_findings(sheet) if f.entry_id == first.entry_id
    ]
    assert any("分值合计50分，不是100分" in m for m in messages)


def test_evaluation_opens_only_for_approved_targets(seed_plan):
    unit_clerk = make_user("early-clerk", "clerk", [seed_plan.department])
    DepartmentPlan.objects.filter(pk=seed_plan.pk).update(status=DepartmentPlan.Status.RETURNED)
    with pytest.raises(DomainError, match="尚未审核通过"):
        services.evaluation_open(department=seed_plan.department, fiscal_year=2023, user=unit_clerk)


# --- 结果应用 ---


def test_last_years_results_are_found_by_project_code_or_name(evaluation, unit_clerk, unit):
    from evaluation.selectors import last_year_results, project_key

    sheet = fill_evaluation(read_evaluation(evaluation))
    sheet.projects[0].rows[0].actual = "20"  # 20 of 26
    services.evaluation_save(evaluation=evaluation, sheet=sheet, user=unit_clerk)
    assert last_year_results(unit, 2023) == {}
    results = last_year_results(unit, 2024)
    first = sheet.projects[0]
    found = results[project_key(first.code, first.name)]
    village = found.indicators["保障行政村数"]
    assert (village.target, village.actual, village.points, village.score) == (
        "26",
        "20",
        D(25),
        D("19.23"),
    )
    assert found.total == D("94.23") and found.grade == "优"
