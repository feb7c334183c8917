"""Project list: status and 一级 filters, the status column, and “export this list” to .xlsx."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook

from indicators.models import Indicator
from projects.models import DepartmentPlan, Project
from tests.builders import bulk_department
from tests.projects.test_lists import _names


def test_status_filter_follows_the_department_year(admin_client, seed_plan):
    bulk_department(code="990001", projects=3, indicators=1)
    DepartmentPlan.objects.filter(pk=seed_plan.pk).update(status="submitted")
    submitted = _names(admin_client.get("/projects/?status=submitted").content.decode())
    assert len(submitted) == 11 and "信访维稳经费" in submitted
    drafts = _names(admin_client.get("/projects/?status=draft").content.decode())
    assert drafts == ["项目1", "项目2", "项目3"]
    assert _names(admin_client.get("/projects/?status=approved").content.decode()) == []


def test_projects_without_a_plan_count_as_drafts(admin_client, seed_plan):
    DepartmentPlan.objects.filter(pk=seed_plan.pk).delete()
    assert len(_names(admin_client.get("/projects/?status=draft").content.decode())) == 11


def test_status_column_shows_the_review_status(admin_client, seed_plan):
    DepartmentPlan.objects.filter(pk=seed_plan.pk).update(status="returned")
    html = admin_client.get("/projects/?q=妇女之家").content.decode()
    assert "<td >被退回</td>" in html


def test_level1_presence_filter(admin_client, seed_plan):
    Indicator.objects.filter(project__name="村级经费", level1__name="满意度指标").delete()
    lacking = _names(admin_client.get("/projects/?level1=lacks:满意度指标").content.decode())
    assert "村级经费" in lacking
    having = _names(admin_client.get("/projects/?level1=has:满意度指标").content.decode())
    assert "村级经费" not in having and "信访维稳经费" in having
    assert sorted(lacking + having) == sorted(Project.objects.values_list("name", flat=True))
    assert _names(admin_client.get("/projects/?level1=lacks:产出指标").content.decode()) == []


def test_export_writes_the_filtered_sorted_list_with_numbers(admin_client, seed_plan):
    response = admin_client.get("/projects/export.xlsx?q=村&sort=-budget_total")
    assert response.status_code == 200
    assert "filename*=utf-8''%E9%A1%B9%E7%9B%AE" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    names = [row[4] for row in rows]
    html_names = _names(admin_client.get("/projects/?q=村&sort=-budget_total").content.decode())
    assert names == html_names
    budgets = [row[5] for row in rows]
    assert budgets == sorted(budgets, reverse=True)
    first = Project.objects.get(name=names[0])
    assert Decimal(str(budgets[0])) == first.budget_total
    assert sheet.cell(row=3, column=6).number_format == "0.00"


def test_export_covers_every_page(admin_client, seed_plan):
    bulk_department(code="990001", projects=60, indicators=1)
    response = admin_client.get("/projects/export.xlsx")
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row - 2 == 71


def test_export_only_lists_visible_projects(client, seed_plan, django_user_model):
    from accounts.models import UserProfile

    bulk_department(code="990001", projects=2, indicators=1)
    user = django_user_model.objects.create_user("clerk2", password="pw-123456")
    UserProfile.objects.create(user=user, role="clerk").departments.add(seed_plan.department)
    client.force_login(user)
    sheet = load_workbook(
        BytesIO(b"".join(client.get("/projects/export.xlsx").streaming_content))
    ).active
    assert sheet.max_row - 2 == 11


def test_invalid_filter_sends_back_to_the_list(admin_client, seed_plan):
    response = admin_client.get("/projects/export.xlsx?fiscal_year=1999")
    assert response.status_code == 302
    assert response.url == "/projects/?fiscal_year=1999"
