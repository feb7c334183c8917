"""The notice list, the nav badge, the nav per role and the home page's status column (#17)."""

from __future__ import annotations

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notices.models import Notice
from projects.models import DepartmentPlan
from tests.conftest import make_user
from workflow.services import plan_approve, plan_return, plan_submit

pytestmark = pytest.mark.django_db


def _html(response):
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def _badge(page) -> str | None:
    badge = page.xpath('//*[@id="unread-badge"]')
    return badge[0].text_content().strip() if badge else None


def _nav(page) -> list[str]:
    return [a.text_content().split()[0] for a in page.xpath('//*[@id="mainnav-links"]//a')]


def test_the_list_shows_the_users_notices_and_the_badge_counts_the_unread(
    client, seed_plan, people
):
    plan_submit(plan=seed_plan, user=people["clerk"])
    client.force_login(people["reviewer"])

    page = _html(client.get("/notices/"))
    items = page.xpath('//ul[@id="notices"]/li')
    assert len(items) == 1
    assert "已由clerk送审" in items[0].text_content()
    assert _badge(page) == "1"

    client.force_login(people["neighbour_clerk"])
    page = _html(client.get("/notices/"))
    assert page.xpath('//*[@id="no-notices"]') and _badge(page) is None


def test_opening_a_notice_marks_it_read_and_goes_where_it_leads(client, seed_plan, people):
    plan_submit(plan=seed_plan, user=people["clerk"])
    plan_return(plan=seed_plan, user=people["reviewer"], comment="请补充指标")
    notice = Notice.objects.get(recipient=people["clerk"])
    client.force_login(people["clerk"])

    response = client.post(f"/notices/{notice.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/departments/802010/2023/edit/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert _badge(_html(client.get("/"))) is None


def test_opening_is_a_post(client, seed_plan, people):
    plan_submit(plan=seed_plan, user=people["clerk"])
    notice = Notice.objects.get(recipient=people["reviewer"])
    client.force_login(people["reviewer"])
    assert client.get(f"/notices/{notice.pk}/open/").status_code == 405
    notice.refresh_from_db()
    assert notice.read_at is None


@pytest.mark.parametrize("action", ["open", "read"])
def test_another_users_notice_is_not_found(client, seed_plan, people, action):
    plan_submit(plan=seed_plan, user=people["clerk"])
    theirs = Notice.objects.get(recipient=people["listed_reviewer"])
    client.force_login(people["reviewer"])

    assert client.post(f"/notices/{theirs.pk}/{action}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_one_and_all_read(client, seed_plan, people):
    plan_submit(plan=seed_plan, user=people["clerk"])
    plan_return(plan=seed_plan, user=people["reviewer"], comment="改")
    plan_submit(plan=seed_plan, user=people["clerk"])
    first, _second = Notice.objects.filter(recipient=people["reviewer"]).order_by("pk")
    client.force_login(people["reviewer"])

    assert client.post(f"/notices/{first.pk}/read/").status_code == 302
    assert _badge(_html(client.get("/notices/"))) == "1"
    response = client.post("/notices/read-all/", follow=True)
    page = _html(response)
    assert _badge(page) is None
    assert "已将1条通知标为已读" in page.text_content()
    assert not page.xpath('//form[contains(@action, "read-all")]')
    # the other reviewer's notices are untouched
    assert Notice.objects.filter(recipient=people["listed_reviewer"], read_at=None).count() == 2


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get("/notices/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_badge_costs_one_query(client, seed_plan, people):
    plan_submit(plan=seed_plan, user=people["clerk"])
    client.force_login(people["reviewer"])
    client.get("/notices/")  # warm up
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert sum("notices_notice" in q["sql"] for q in queries.captured_queries) == 1


@pytest.mark.parametrize(
    ("who", "shown", "hidden"),
    [
        ("clerk", {"预算单位", "项目", "导入", "通知"}, {"审核任务", "审核总览", "后台管理"}),
        ("reviewer", {"预算单位", "项目", "审核任务", "审核总览", "通知"}, {"导入", "后台管理"}),
        ("auditor", {"预算单位", "项目", "审核总览", "通知"}, {"导入", "审核任务", "后台管理"}),
    ],
)
def test_the_nav_shows_each_role_what_it_may_use(client, people, who, shown, hidden):
    client.force_login(people[who])
    nav = set(_nav(_html(client.get("/"))))
    assert shown <= nav and not (hidden & nav)


def test_what_the_nav_hides_is_what_the_page_refuses(client, people):
    client.force_login(people["reviewer"])
    assert client.get("/imports/").status_code == 403
    client.force_login(people["auditor"])
    assert client.get("/imports/").status_code == 403
    client.force_login(people["clerk"])
    assert client.get("/imports/").status_code == 200


def test_the_admin_sees_everything(admin_client):
    nav = set(_nav(_html(admin_client.get("/"))))
    assert {"预算单位", "项目", "审核任务", "审核总览", "导入", "通知", "后台管理"} <= nav


def test_a_user_without_a_role_sees_only_notices(client, db):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user("nobody", password="pw-123456"))
    assert _nav(_html(client.get("/"))) == ["通知"]


def test_tab_titles_name_the_page_and_the_system_in_chinese(client, people):
    client.force_login(people["clerk"])
    assert _html(client.get("/")).findtext(".//title") == "首页 · 预算绩效目标管理"
    assert _html(client.get("/notices/")).findtext(".//title") == "通知 · 预算绩效目标管理"
    assert "perfbudget" not in client.get("/departments/").content.decode().split("</title>")[0]


def _home_row(page, year: int) -> lxml.html.HtmlElement:
    rows = page.xpath(f'//table[@id="documents"]/tbody/tr[td[1]="{year}"][td[2]="802010"]')
    assert len(rows) == 1
    return rows[0]


@pytest.mark.parametrize(
    ("status", "label", "clerk_edits"),
    [
        ("draft", "待送审", True),
        ("returned", "被退回", True),
        ("submitted", "已送审", False),
        ("approved", "已审核", False),
    ],
)
def test_home_shows_the_status_and_edit_only_where_allowed(
    client, seed_plan, people, status, label, clerk_edits
):
    DepartmentPlan.objects.filter(pk=seed_plan.pk).update(status=status)
    client.force_login(people["clerk"])
    row = _home_row(_html(client.get("/")), 2023)
    assert row.get("data-status") == status
    assert label in row.text_content()
    links = [a.text_content() for a in row.xpath(".//a")]
    assert ("编辑" in links) is clerk_edits
    assert "查看绩效目标表" in links

    client.force_login(people["reviewer"])
    links = [a.text_content() for a in _home_row(_html(client.get("/")), 2023).xpath(".//a")]
    assert "编辑" not in links


def test_home_after_approval_through_the_workflow(client, seed_plan, people):
    plan_submit(plan=seed_plan, user=people["clerk"])
    plan_approve(plan=seed_plan, user=people["reviewer"])
    client.force_login(people["clerk"])
    row = _home_row(_html(client.get("/")), 2023)
    assert "已审核" in row.text_content()
    assert [a.text_content() for a in row.xpath(".//a")] == ["查看绩效目标表"]
    assert _badge(_html(client.get("/"))) == "1"


def test_a_clerk_of_another_unit_sees_neither_the_year_nor_the_notice(client, seed_plan, people):
    other = make_user("lonely", "clerk")
    plan_submit(plan=seed_plan, user=people["clerk"])
    plan_return(plan=seed_plan, user=people["reviewer"], comment="改")
    client.force_login(other)
    page = _html(client.get("/"))
    assert not page.xpath('//table[@id="documents"]') and _badge(page) is None


def test_the_list_costs_the_same_queries_for_one_notice_and_many(client, seed_plan, people):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/notices/").status_code == 200
        return len(queries)

    plan_submit(plan=seed_plan, user=people["clerk"])
    client.force_login(people["reviewer"])
    client.get("/notices/")
    one = count()
    notice = Notice.objects.get(recipient=people["reviewer"])
    for _ in range(30):
        notice.pk = None
        notice.save()
    assert count() == one
