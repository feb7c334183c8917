"""Department and project lists: search, filters, sorting, pagination."""

from __future__ import annotations

import re
from io import BytesIO

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Project
from tests.builders import bulk_department
from tests.projects.forms_helpers import demo_user


def _names(html: str) -> list[str]:
    return re.findall(r'<a href="/projects/\d+/">([^<]+)</a>', html)


def test_project_list_searches_code_and_name(admin_client, seed_plan):
    by_name = admin_client.get("/projects/?q=村级").content.decode()
    assert _names(by_name) == ["村级党组织活动经费", "村级经费"]
    by_code = admin_client.get("/projects/?q=13022522P00476X100150").content.decode()
    assert _names(by_code) == ["2022农村综合改革资金"]
    assert _names(admin_client.get("/projects/?q=不存在的项目").content.decode()) == []


def test_project_list_filters_by_department_and_year(admin_client, seed_plan):
    other = bulk_department(code="990001", year=2024, projects=3, indicators=1)
    html = admin_client.get(f"/projects/?department={other.pk}").content.decode()
    assert _names(html) == ["项目1", "项目2", "项目3"]
    assert len(_names(admin_client.get("/projects/?fiscal_year=2023").content.decode())) == 11
    invalid = admin_client.get("/projects/?fiscal_year=1999")
    assert invalid.status_code == 200
    assert "选择一个有效的选项" in invalid.content.decode()


def test_project_list_sorts_by_budget(admin_client, seed_plan):
    html = admin_client.get("/projects/?sort=-budget_total").content.decode()
    names = _names(html)
    assert names[0] == "服务群众专项经费"  # 128.48
    assert names[-1] == "农村定期定量补助"  # 0.50
    ascending = _names(admin_client.get("/projects/?sort=budget_total").content.decode())
    assert ascending == list(reversed(names))


def test_project_list_paginates(admin_client, seed_plan):
    bulk_department(code="990001", projects=120, indicators=1)
    first = admin_client.get("/projects/").content.decode()
    assert len(_names(first)) == 50
    third = admin_client.get("/projects/?page=3").content.decode()
    assert len(_names(third)) == 131 - 100
    assert admin_client.get("/projects/?page=99").status_code == 404


def test_lists_count_their_rows_once(admin_client, seed_plan):
    """The table paginates; the view must not paginate (and count) a second time."""
    bulk_department(code="990001", projects=60, indicators=1)
    for url in ("/projects/?sort=-budget_total", "/departments/"):
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url).status_code == 200
        counts = [
            q["sql"]
            for q in queries.captured_queries
            if "COUNT(*)" in q["sql"] and "notices_notice" not in q["sql"]  # the nav's badge
        ]
        assert len(counts) == 1, counts


def test_project_list_shows_amounts_in_wan_with_two_decimals(admin_client, seed_plan):
    html = admin_client.get("/projects/?q=农村定期定量补助").content.decode()
    assert ">0.50<" in html


def test_project_without_code_is_flagged_in_the_list(admin_client, seed_plan):
    Project.objects.filter(name="村级经费").update(code="")
    html = admin_client.get("/projects/?q=村级经费").content.decode()
    assert "（无编码）" in html


def test_department_list_links_every_year(admin_client, seed_plan):
    html = admin_client.get("/departments/?q=大相各庄").content.decode()
    assert "乐亭县大相各庄镇人民政府" in html
    assert f'href="{reverse("projects:department_report", args=["802010", 2023])}"' in html
    assert "大相各庄" not in admin_client.get("/departments/?q=不存在").content.decode()


def test_home_lists_the_seed_document(admin_client, seed_plan):
    html = admin_client.get("/").content.decode()
    assert "乐亭县大相各庄镇人民政府" in html
    assert 'href="/departments/802010/2023/"' in html
    assert "301.03" in html  # total budget of the 11 projects


def test_load_seed_command_is_idempotent(db):
    call_command("load_seed")
    call_command("load_seed")
    assert Project.objects.count() == 11


def test_demo_accounts_are_created_once_with_their_roles(db, django_user_model):
    call_command("load_seed")
    call_command("create_demo_accounts")
    roles = {
        u.username: (u.profile.role, list(u.profile.departments.values_list("code", flat=True)))
        for u in django_user_model.objects.select_related("profile")
    }
    assert roles == {
        "admin": ("admin", []),
        "clerk": ("clerk", ["802010"]),
        "reviewer": ("reviewer", []),
        "auditor": ("auditor", []),
    }
    assert django_user_model.objects.get(username="reviewer").profile.region_code == "130225"
    django_user_model.objects.filter(username="admin").update(first_name="改过的名字")
    call_command("create_demo_accounts")
    assert django_user_model.objects.filter(username="admin").get().first_name == "改过的名字"
    assert django_user_model.objects.get(username="admin").check_password("admin-demo-2023")
    assert django_user_model.objects.count() == 4


def test_login_with_demo_account_reaches_home(client, db):
    call_command("create_demo_accounts")
    call_command("load_seed")
    response = client.post(
        "/accounts/login/", {"username": "auditor", "password": "auditor-demo-2023"}, follow=True
    )
    assert response.status_code == 200
    assert "乐亭县大相各庄镇人民政府" in response.content.decode()
    wrong = client.post("/accounts/login/", {"username": "auditor", "password": "x"})
    assert "请输入一个正确的" in wrong.content.decode()


def test_department_list_filters_by_year_and_status_with_that_years_totals(admin_client, seed_plan):
    from workflow import services as workflow

    bulk_department(code="990001", year=2024, projects=3, indicators=1)
    by_year = admin_client.get("/departments/?fiscal_year=2024").content.decode()
    assert "990001" in by_year and "802010" not in by_year
    seed_year = admin_client.get("/departments/?fiscal_year=2023").content.decode()
    assert "802010" in seed_year and "990001" not in seed_year
    assert ">31.50<" in by_year  # 3 × 10.50, the 2024 total only

    clerk = demo_user("clerk")
    workflow.plan_submit(plan=seed_plan, user=clerk)
    submitted = admin_client.get("/departments/?status=submitted").content.decode()
    assert "802010" in submitted and "990001" not in submitted
    drafts = admin_client.get("/departments/?status=draft&fiscal_year=2024").content.decode()
    assert "990001" in drafts and "802010" not in drafts  # projects, no plan yet: a draft
    invalid = admin_client.get("/departments/?status=nonsense")
    assert invalid.status_code == 200 and "选择一个有效的选项" in invalid.content.decode()


def test_department_list_exports_what_it_shows(admin_client, seed_plan):
    from openpyxl import load_workbook

    bulk_department(code="990001", year=2024, projects=3, indicators=1)
    page = admin_client.get("/departments/?fiscal_year=2024").content.decode()
    assert 'href="/departments/export.xlsx?fiscal_year=2024"' in page
    response = admin_client.get("/departments/export.xlsx?fiscal_year=2024")
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = [row for row in sheet.iter_rows(values_only=True) if row[0] == "990001"]
    assert len(rows) == 1 and rows[0][4] == 3 and rows[0][5] == 31.5
    assert all(row[0] != "802010" for row in sheet.iter_rows(values_only=True))
    bad = admin_client.get("/departments/export.xlsx?fiscal_year=abc")
    assert bad.status_code == 302  # back to the list, which explains the error
