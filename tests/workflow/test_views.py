"""The review cycle through HTTP: buttons by role, return with opinions, timeline, queues."""

from __future__ import annotations

import re

from projects.models import DepartmentPlan, Project
from workflow.models import ReviewAction, ReviewOpinion

REPORT = "/departments/802010/2023/"


def _as(client, user):
    client.force_login(user)
    return client


def _buttons(html: str) -> set[str]:
    """Labels of the action buttons (buttons and button-styled links) of the status panel."""
    panel = html[html.index('id="review-status"') : html.index('class="doc-toc"')]
    found = set(re.findall(r'class="btn [^"]*"[^>]*>([^<]+)</(?:button|a)>', panel))
    return found & {"送审", "取消送审", "退回", "审核通过", "取消审核"}


def test_each_role_sees_only_its_own_actions(client, people, seed_plan):
    assert _buttons(_as(client, people["clerk"]).get(REPORT).content.decode()) == {"送审"}
    assert _buttons(_as(client, people["reviewer"]).get(REPORT).content.decode()) == set()
    assert _buttons(_as(client, people["auditor"]).get(REPORT).content.decode()) == set()
    DepartmentPlan.objects.update(status="submitted")
    assert _buttons(_as(client, people["clerk"]).get(REPORT).content.decode()) == {"取消送审"}
    assert _buttons(_as(client, people["reviewer"]).get(REPORT).content.decode()) == {
        "退回",
        "审核通过",
    }
    DepartmentPlan.objects.update(status="approved")
    assert _buttons(_as(client, people["reviewer"]).get(REPORT).content.decode()) == {"取消审核"}


def test_the_seeds_placeholders_block_submission_with_a_clear_message(client, people):
    response = _as(client, people["clerk"]).post("/workflow/802010/2023/submit/", follow=True)
    assert "还有19个错误未修改，请按智能审核的提示修改后再送审" in response.content.decode()
    assert DepartmentPlan.objects.get().status == "draft"


def test_return_turns_ticked_findings_into_opinions_shown_on_their_rows(client, people):
    DepartmentPlan.objects.update(status="submitted")
    reviewer = _as(client, people["reviewer"])
    page = reviewer.get("/workflow/802010/2023/return/")
    assert page.status_code == 200
    findings = page.context["findings"]
    index, finding = next(
        (i, f) for i, f in findings if "文字描述" in f.message and f.location.project_index == 3
    )
    response = reviewer.post(
        "/workflow/802010/2023/return/",
        {
            "comment": "请按意见修改满意度指标",
            "finding": [str(index)],
            "opinion-TOTAL_FORMS": "1",
            "opinion-INITIAL_FORMS": "0",
            "opinion-MIN_NUM_FORMS": "0",
            "opinion-MAX_NUM_FORMS": "1000",
            "opinion-0-project": "",
            "opinion-0-code": "8",
            "opinion-0-text": "增加效益指标",
        },
    )
    assert response.status_code == 302
    action = ReviewAction.objects.get(kind="return")
    opinions = list(action.opinions.order_by("id"))
    project3 = Project.objects.get(code="13022523P00H60410032U")
    assert [(o.code, o.project_id, o.indicator_order) for o in opinions] == [
        (finding.opinion or 11, project3.pk, 3),
        (8, None, None),
    ]
    html = _as(client, people["clerk"]).get(REPORT).content.decode()
    assert "请按意见修改满意度指标" in html and "增加效益指标" in html
    section = html[html.index('id="table-3"') : html.index('id="table-4"')]
    note = re.search(r'<tr class="row-note[^"]*" id="table-3-note-3"[^>]*>(.*?)</tr>', section)
    assert note and finding.problem in note.group(1)
    assert _buttons(html) == {"送审"}


def test_return_without_comment_keeps_what_was_typed(client, people):
    DepartmentPlan.objects.update(status="submitted")
    response = _as(client, people["reviewer"]).post(
        "/workflow/802010/2023/return/",
        {
            "comment": "",
            "finding": ["0", "2"],
            "opinion-TOTAL_FORMS": "1",
            "opinion-INITIAL_FORMS": "0",
            "opinion-0-text": "保留的说明",
            "opinion-0-code": "2",
        },
    )
    html = response.content.decode()
    assert "退回时必须填写审核意见" in html
    assert "保留的说明" in html
    assert 'value="0" id="finding-0" checked' in html and 'value="2" id="finding-2" checked' in html
    assert not ReviewOpinion.objects.exists()


def test_clerk_cannot_open_the_return_page(client, people):
    DepartmentPlan.objects.update(status="submitted")
    assert _as(client, people["clerk"]).get("/workflow/802010/2023/return/").status_code == 403


def test_approve_then_timeline_lists_every_action(client, people, seed_plan):
    from workflow.services import plan_submit

    plan_submit(plan=seed_plan, user=people["clerk"])
    response = _as(client, people["reviewer"]).post(
        "/workflow/802010/2023/approve/", {"grade": "B", "comment": "同意"}, follow=True
    )
    html = response.content.decode()
    assert "已审核通过，数据已锁定" in html
    assert "审核等级：良" in html
    timeline = html[html.index('class="timeline') :]
    assert timeline.index("送审") < timeline.index("审核通过")
    assert "数据已锁定，不能修改" in html


def test_double_approval_from_a_stale_page_shows_a_message(client, people, seed_plan):
    from workflow.services import plan_submit

    plan_submit(plan=seed_plan, user=people["clerk"])
    reviewer = _as(client, people["reviewer"])
    reviewer.post("/workflow/802010/2023/approve/", {})
    again = reviewer.post("/workflow/802010/2023/approve/", {}, follow=True)
    assert "当前状态为“已审核”，不能审核通过" in again.content.decode()
    assert ReviewAction.objects.filter(kind="approve").count() == 1


def test_reviewer_queue_lists_waiting_submissions_with_age(client, people, seed_plan):
    from tests.builders import bulk_department
    from workflow.services import plan_submit

    plan_submit(plan=seed_plan, user=people["clerk"])
    bulk_department(code="990001", projects=2, indicators=4)  # a draft: not waiting
    html = _as(client, people["reviewer"]).get("/workflow/").content.decode()
    assert "待审核" in html
    assert html.count('data-status="submitted"') == 1
    assert "802010" in html and "990001" not in html.split('id="queue"')[1]
    assert "已送审 1" in html


def test_clerk_queue_lists_returned_years_first(client, people, seed_plan):
    from tests.builders import bulk_department

    other = bulk_department(code="990001", year=2024, projects=1, indicators=4)
    people["clerk"].profile.departments.add(other)
    DepartmentPlan.objects.filter(department=other).update(status="returned")
    html = _as(client, people["clerk"]).get("/workflow/").content.decode()
    rows = html.split('id="queue"')[1]
    assert rows.index('data-status="returned"') < rows.index('data-status="draft"')


def test_a_finding_becomes_a_return_opinion_in_one_click(client, people):
    DepartmentPlan.objects.update(status="submitted")
    reviewer = _as(client, people["reviewer"])
    report = reviewer.get("/reviews/departments/802010/2023/?project=3").content.decode()
    link = re.search(r'href="(/workflow/802010/2023/return/\?finding=(\d+))"', report)
    assert link, "each finding offers 转为退回意见 while the year waits for review"
    page = reviewer.get(link.group(1)).content.decode()
    assert f'value="{link.group(2)}" id="finding-{link.group(2)}" checked' in page
    # Clerks and years not waiting for review get no such link.
    DepartmentPlan.objects.update(status="draft")
    assert "转为退回意见" not in reviewer.get("/reviews/departments/802010/2023/").content.decode()
