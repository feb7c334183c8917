"""The monitoring and self-evaluation pages as the clerk and the reviewer use them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluation import services
from evaluation.models import (
    EvaluatedIndicator,
    MonitoredProject,
    MonitoringRound,
    SelfEvaluation,
    Status,
)
from projects.models import DepartmentPlan
from projects.permissions import SYSTEM
from tests.builders import bulk_department
from tests.conftest import make_user
from tests.evaluation.conftest import fill_monitoring, read_monitoring

pytestmark = pytest.mark.django_db
BASE = "/evaluation/802010/2023/"


def _login(client, user):
    client.force_login(user)
    return client


def test_the_department_page_links_to_the_stages_only_for_an_approved_year(client, seed_plan):
    _login(client, make_user("early", "clerk", [seed_plan.department]))
    page = client.get("/departments/802010/2023/").content.decode()
    assert 'id="evaluation-link"' not in page
    DepartmentPlan.objects.filter(pk=seed_plan.pk).update(status=DepartmentPlan.Status.APPROVED)
    page = client.get("/departments/802010/2023/").content.decode()
    assert f'href="{BASE}"' in page and "运行监控与绩效自评" in page


def test_the_clerk_opens_a_monitoring_round_from_the_overview(client, unit_clerk):
    _login(client, unit_clerk)
    page = client.get(BASE).content.decode()
    assert "开始运行监控" in page and "开始绩效自评" in page
    response = client.post(BASE, {"open_monitoring": "1", "period_end_month": "7"})
    assert response.status_code == 302 and response["Location"] == f"{BASE}monitoring/7/"
    assert MonitoringRound.objects.get().period_end_month == 7
    # a second time: refused with the reason, nothing new
    response = client.post(BASE, {"open_monitoring": "1", "period_end_month": "7"}, follow=True)
    assert "已经开始" in response.content.decode() and MonitoringRound.objects.count() == 1


def test_the_overview_says_why_nothing_can_start_before_approval(client, seed_plan):
    _login(client, make_user("early", "clerk", [seed_plan.department]))
    page = client.get(BASE).content.decode()
    assert "尚未审核通过" in page and 'id="open-monitoring"' not in page


def test_a_stranger_gets_404(client, monitoring, stranger):
    _login(client, stranger)
    assert client.get(BASE).status_code == 404
    assert client.get(f"{BASE}monitoring/7/").status_code == 404
    assert client.get(f"{BASE}monitoring/7/export.docx").status_code == 404


def _monitoring_post(sheet, **changes) -> dict:
    data = {"action": "save", "version": str(sheet.version)}
    for project in sheet.projects:
        prefix = f"p{project.entry_id}-"
        for name in ("adjusted_budget", "executed", "projected"):
            value = getattr(project, name)
            data[prefix + name] = "" if value is None else str(value)
        for name in ("goal_progress", "lag_reason", "remainder_plan"):
            data[prefix + name] = getattr(project, name)
        for row in project.rows:
            prefix = f"r{row.row_id}-"
            for name in ("progress", "projected", "likelihood", "cause", "cause_text", "measures"):
                data[prefix + name] = getattr(row, name)
    data.update(changes)
    return data


def test_the_monitoring_page_shows_checkpoint_findings_and_preview(client, monitoring, unit_clerk):
    _login(client, unit_clerk)
    page = client.get(f"{BASE}monitoring/7/").content.decode()
    assert "对照支出计划6月底：20.00万元（50.00%）" in page
    assert "请填写1–7月执行数" in page and 'id="blocking-count"' in page
    assert "1.信访维稳经费绩效目标执行监控表" in page  # the preview, from the layout


def test_saving_the_monitoring_form(client, monitoring, unit_clerk):
    _login(client, unit_clerk)
    sheet = fill_monitoring(read_monitoring(monitoring))
    first = sheet.projects[0]
    first.executed = Decimal("8")
    response = client.post(f"{BASE}monitoring/7/", _monitoring_post(sheet))
    assert response.status_code == 302
    assert MonitoredProject.objects.get(pk=first.entry_id).executed == Decimal("8")
    page = client.get(f"{BASE}monitoring/7/").content.decode()
    assert "低于支出计划6月底的50.00%" in page  # the check beside 执行进度偏慢原因


def test_a_typing_error_is_shown_beside_its_field_and_nothing_is_saved(
    client, monitoring, unit_clerk
):
    _login(client, unit_clerk)
    sheet = read_monitoring(monitoring)
    entry = sheet.projects[0].entry_id
    response = client.post(
        f"{BASE}monitoring/7/", _monitoring_post(sheet, **{f"p{entry}-executed": "八万"})
    )
    page = response.content.decode()
    assert response.status_code == 200 and "请填写数字（单位：万元）" in page
    assert MonitoredProject.objects.get(pk=entry).executed is None


def test_a_stale_form_is_refused_with_the_reason(client, monitoring, unit_clerk):
    _login(client, unit_clerk)
    sheet = read_monitoring(monitoring)
    stale = _monitoring_post(sheet)
    fresh = read_monitoring(monitoring)
    fresh.projects[0].executed = Decimal("1")
    services.monitoring_save(monitoring=monitoring, sheet=fresh, user=unit_clerk)
    entry = sheet.projects[0].entry_id
    response = client.post(f"{BASE}monitoring/7/", {**stale, f"p{entry}-executed": "2"})
    assert "已被他人修改" in response.content.decode()
    assert MonitoredProject.objects.get(pk=entry).executed == Decimal("1")


def test_submit_return_and_approve_through_the_page(client, monitoring, unit_clerk, reviewer):
    url = f"{BASE}monitoring/7/"
    _login(client, unit_clerk)
    refused = client.post(url, {"action": "submit"}, follow=True).content.decode()
    assert "处需要修改" in refused and MonitoringRound.objects.get().status == Status.DRAFT
    services.monitoring_save(
        monitoring=monitoring, sheet=fill_monitoring(read_monitoring(monitoring)), user=unit_clerk
    )
    client.post(url, {"action": "submit"})
    assert MonitoringRound.objects.get().status == Status.SUBMITTED
    page = client.get(url).content.decode()
    assert 'name="action" value="save"' not in page  # locked while submitted
    _login(client, reviewer)
    page = client.get(url).content.decode()
    assert f'href="{url}return/"' in page and 'value="approve"' in page  # 退回: its page
    client.post(url, {"action": "return", "comment": ""})
    assert MonitoringRound.objects.get().status == Status.SUBMITTED  # needs an opinion
    client.post(url, {"action": "approve", "comment": "同意"})
    assert MonitoringRound.objects.get().status == Status.APPROVED
    assert "审核通过：同意" in client.get(url).content.decode()


def test_the_exports_are_word_and_excel_files(client, monitoring, evaluation, reviewer):
    _login(client, reviewer)
    for url in (f"{BASE}monitoring/7/export.docx", f"{BASE}selfeval/export.xlsx"):
        response = client.get(url)
        assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
        assert b"".join(response.streaming_content)[:2] == b"PK"
    assert client.get(f"{BASE}selfeval/export.pdf").status_code == 404


def test_the_self_evaluation_page_proposes_and_saves_scores(client, evaluation, unit_clerk):
    _login(client, unit_clerk)
    page = client.get(f"{BASE}selfeval/").content.decode()
    assert "请填写实际完成值" in page and "1.信访维稳经费绩效自评表" in page
    row = EvaluatedIndicator.objects.filter(entry__evaluation=evaluation).order_by("pk").first()
    data = {"action": "save", "version": "1", f"r{row.pk}-actual": "20"}
    # every other field posted as it is
    for other in EvaluatedIndicator.objects.filter(entry__evaluation=evaluation):
        data.setdefault(f"r{other.pk}-actual", "")
    response = client.post(f"{BASE}selfeval/", data)
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.actual_raw, row.actual_number) == ("20", Decimal(20))
    page = client.get(f"{BASE}selfeval/").content.decode()
    assert "19.23" in page  # 20/26 of 25 points, proposed
    assert "未完全完成年度指标值" in page


def test_a_score_above_its_points_is_refused_beside_the_field(client, evaluation, unit_clerk):
    _login(client, unit_clerk)
    row = EvaluatedIndicator.objects.filter(entry__evaluation=evaluation).order_by("pk").first()
    response = client.post(
        f"{BASE}selfeval/", {"action": "save", "version": "1", f"r{row.pk}-score": "120"}
    )
    assert response.status_code == 200 and "分数不能超过100" in response.content.decode()
    row.refresh_from_db()
    assert row.score is None


# --- query counts at two data sizes ---


def _approved_unit(code: str, projects: int):
    department = bulk_department(code=code, projects=projects, indicators=6)
    DepartmentPlan.objects.filter(department=department).update(
        status=DepartmentPlan.Status.APPROVED
    )
    services.monitoring_open(
        department=department, fiscal_year=2023, period_end_month=7, user=SYSTEM
    )
    services.evaluation_open(department=department, fiscal_year=2023, user=SYSTEM)
    return department


# As measured, admin, after the session's first request: the session and the user (2), the
# unread-notices count of the page header (1), then the page's own reads.
PAGES = [
    ("/evaluation/{code}/2023/", 7),
    ("/evaluation/{code}/2023/monitoring/7/", 8),
    ("/evaluation/{code}/2023/selfeval/", 8),
    ("/evaluation/{code}/2023/monitoring/7/export.xlsx", 6),
    ("/evaluation/{code}/2023/selfeval/export.docx", 6),
]


@pytest.mark.parametrize(("url", "expected"), PAGES)
def test_each_page_costs_the_same_queries_at_two_sizes(client, url, expected):
    small, large = _approved_unit("991001", 2), _approved_unit("991002", 25)
    admin = make_user("counter", "admin")
    _login(client, admin)
    client.get("/")  # the session's first request renews it: not the page's cost
    counts = []
    for department in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url.format(code=department.code))
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts == [expected, expected], [q["sql"] for q in queries.captured_queries]
    assert SelfEvaluation.objects.count() == 2


def test_the_county_sees_progress_rates_and_grades(client, monitoring, evaluation, reviewer):
    from tests.evaluation.conftest import fill_evaluation, read_evaluation

    services.monitoring_save(
        monitoring=monitoring, sheet=fill_monitoring(read_monitoring(monitoring)), user=SYSTEM
    )
    services.evaluation_save(
        evaluation=evaluation, sheet=fill_evaluation(read_evaluation(evaluation)), user=SYSTEM
    )
    _login(client, reviewer)
    page = client.get("/evaluation/2023/").content.decode()
    row = page.split('id="county-progress"')[1]
    assert "802010 乐亭县大相各庄镇人民政府" in row and "1–7月" in row and "100.00%" in row
    assert "100.00" in row and ">优<" in row


def test_the_county_view_costs_the_same_queries_with_more_units(client):
    _login(client, make_user("county-admin", "admin"))
    client.get("/")
    counts = []
    for code, projects in (("991001", 2), ("991002", 25)):
        _approved_unit(code, projects)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/evaluation/2023/").status_code == 200
        counts.append(len(queries))
    assert counts == [9, 9]


def test_the_live_preview_shows_the_table_as_typed_without_saving(client, monitoring, unit_clerk):
    _login(client, unit_clerk)
    sheet = read_monitoring(monitoring)
    entry = sheet.projects[0].entry_id
    data = _monitoring_post(sheet, action="preview", **{f"p{entry}-executed": "8"})
    response = client.post(f"{BASE}monitoring/7/", data)
    assert response.status_code == 200 and "20.00%" in response.content.decode()
    assert "<html" not in response.content.decode()  # the table only
    assert MonitoredProject.objects.get(pk=entry).executed is None
    data[f"p{entry}-executed"] = "八"
    assert client.post(f"{BASE}monitoring/7/", data).status_code == 400
