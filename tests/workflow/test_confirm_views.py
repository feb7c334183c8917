"""送审, 取消送审, 审核通过 and 取消审核 ask to confirm first and say what happens (#17 item 8);
a blocked 送审 lists its errors by project and row, each linked to the editor (#17 item 4)."""

from __future__ import annotations

import re

import pytest

from projects.models import DepartmentPlan, Project
from reviews.checks import Level
from reviews.selectors import department_review
from workflow import selectors
from workflow.models import ReviewAction

BASE = "/workflow/802010/2023"
REPORT = "/departments/802010/2023/"


def _as(client, user):
    client.force_login(user)
    return client


def _status() -> str:
    return DepartmentPlan.objects.get().status


@pytest.fixture
def no_errors(monkeypatch):
    """The year passes the automated review (the seed keeps placeholders that block 送审)."""

    class Clean:
        errors = 0
        findings = []

    monkeypatch.setattr("workflow.views.department_review", lambda **kwargs: Clean())


def test_submit_asks_first_and_says_the_year_locks(client, people, no_errors):
    clerk = _as(client, people["clerk"])
    page = clerk.get(f"{BASE}/submit/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "送审后本年度目标将锁定，不能再修改，直到被退回" in html
    assert 'id="confirm-action"' in html and "确认送审" in html
    assert _status() == "draft"  # opening the page does nothing

    done = clerk.post(f"{BASE}/submit/")
    assert done.status_code == 302 and done["Location"] == REPORT
    assert _status() == "submitted"
    assert "已送审，等待县财政局审核" in clerk.get(REPORT).content.decode()


def test_blocked_submit_lists_each_error_by_project_and_row_linked_to_the_editor(client, people):
    clerk = _as(client, people["clerk"])
    html = clerk.get(f"{BASE}/submit/").content.decode()
    assert "暂时不能送审" in html
    assert "还有19个错误未修改，请按智能审核的提示修改后再送审" in html
    assert 'id="confirm-action"' not in html
    assert html.count('class="blocking-error"') == 19
    review = department_review(
        department=people["clerk"].profile.departments.get(), fiscal_year=2023
    )
    row_error = next(
        f for f in review.findings if f.level is Level.ERROR and f.location.row is not None
    )
    project = Project.objects.get(code=row_error.location.project_code, fiscal_year=2023)
    field = row_error.location.field or "name"
    link = f"/projects/{project.pk}/edit/#id_rows-{row_error.location.row - 1}-{field}"
    assert f'href="{link}"' in html
    assert f"第{row_error.location.row}行指标“{row_error.location.row_name}”" in html
    # The link's target exists in the editor: the row's input of that field.
    editor = clerk.get(f"/projects/{project.pk}/edit/").content.decode()
    assert f'id="id_rows-{row_error.location.row - 1}-{field}"' in editor
    assert 'href="/reviews/departments/802010/2023/"' in html  # the whole review, one click

    refused = clerk.post(f"{BASE}/submit/")
    assert refused.status_code == 200
    assert "送审未成功" in refused.content.decode()
    assert _status() == "draft"
    assert not ReviewAction.objects.exists()


def test_blocking_groups_follow_the_document_and_name_the_editor_inputs(people):
    review = department_review(
        department=people["clerk"].profile.departments.get(), fiscal_year=2023
    )
    groups = selectors.blocking_findings(review)
    assert sum(len(g.errors) for g in groups) == review.errors == 19
    indexes = [int(g.label.split(".")[0]) for g in groups if g.project_id]
    assert indexes == sorted(indexes)
    for group in groups:
        for error in group.errors:
            where = error.finding.location
            if where.row is not None:
                assert error.input_id.startswith(f"id_rows-{where.row - 1}-")
            assert error.place and group.label not in error.place


def test_withdraw_asks_first(client, people):
    DepartmentPlan.objects.update(status="submitted")
    clerk = _as(client, people["clerk"])
    html = clerk.get(f"{BASE}/withdraw/").content.decode()
    assert "取消送审后本年度目标可以继续修改" in html
    assert _status() == "submitted"
    clerk.post(f"{BASE}/withdraw/")
    assert _status() == "draft"


def test_approve_asks_first_with_grade_and_comment_on_the_page(client, people):
    DepartmentPlan.objects.update(status="submitted")
    reviewer = _as(client, people["reviewer"])
    html = reviewer.get(f"{BASE}/approve/").content.decode()
    assert "审核通过后本年度目标将锁定" in html
    assert 'name="grade"' in html and 'name="comment"' in html
    assert _status() == "submitted"
    response = reviewer.post(f"{BASE}/approve/", {"grade": "A", "comment": "同意"})
    assert response.status_code == 302
    plan = DepartmentPlan.objects.get()
    assert (plan.status, plan.grade) == ("approved", "A")


def test_unlock_without_a_reason_says_so_beside_the_field(client, people):
    DepartmentPlan.objects.update(status="approved")
    reviewer = _as(client, people["reviewer"])
    assert "取消审核后本年度目标退回单位修改" in reviewer.get(f"{BASE}/unlock/").content.decode()
    page = reviewer.post(f"{BASE}/unlock/", {"reason": "  "})
    html = page.content.decode()
    assert page.status_code == 200
    assert re.search(r"invalid-feedback[^>]*>取消审核时必须说明原因", html)
    assert _status() == "approved"
    reviewer.post(f"{BASE}/unlock/", {"reason": "金额有误"})
    assert _status() == "returned"


@pytest.mark.parametrize(
    ("who", "action", "status"),
    [
        ("clerk", "approve", "submitted"),
        ("clerk", "unlock", "approved"),
        ("reviewer", "submit", "draft"),
        ("reviewer", "withdraw", "submitted"),
        ("auditor", "approve", "submitted"),
        ("foreign_reviewer", "approve", "submitted"),
    ],
)
def test_the_confirmation_page_is_only_for_who_takes_the_action(
    client, people, who, action, status
):
    DepartmentPlan.objects.update(status=status)
    response = _as(client, people[who]).get(f"{BASE}/{action}/")
    assert response.status_code in (403, 404)


def test_a_stale_confirmation_link_goes_back_with_the_reason(client, people):
    DepartmentPlan.objects.update(status="approved")
    response = _as(client, people["reviewer"]).get(f"{BASE}/approve/", follow=True)
    assert response.redirect_chain[-1][0] == REPORT
    assert "当前状态为“已审核”，不能审核通过" in response.content.decode()


def test_history_is_linked_for_every_reader(client, people):
    project = Project.objects.filter(fiscal_year=2023).order_by("pk").first()
    for who in ("clerk", "reviewer", "auditor"):
        reader = _as(client, people[who])
        assert 'href="/departments/802010/2023/history/"' in reader.get(REPORT).content.decode()
        report = reader.get(f"/projects/{project.pk}/").content.decode()
        assert f'href="/projects/{project.pk}/history/"' in report
        assert reader.get(f"/projects/{project.pk}/history/").status_code == 200
        assert reader.get("/departments/802010/2023/history/").status_code == 200
    clerk = _as(client, people["clerk"])
    editor = clerk.get(f"/projects/{project.pk}/edit/").content.decode()
    assert f'href="/projects/{project.pk}/history/"' in editor
    plan_editor = clerk.get("/departments/802010/2023/edit/").content.decode()
    assert 'href="/departments/802010/2023/history/"' in plan_editor
