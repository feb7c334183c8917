"""Review pages through HTTP: report, filters, links to the document, export, overview, admin."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from reports.layout import anchor_for
from reviews.charts import bar_chart
from reviews.checks import Finding, Level, Location
from reviews.export import findings_workbook
from reviews.models import ReviewSettings

REPORT = "/departments/802010/2023/"


def test_review_page_counts_and_links_each_finding_to_its_table(seed_plan, reader_client):
    response = reader_client.get(reverse("reviews:department_review", args=["802010", 2023]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "错误 19 条" in html and "提示 107 条" in html
    assert f'href="{REPORT}#{anchor_for(3)}"' in html
    assert html.count('id="finding-') == 126
    assert "第3个项目“村“两委”正职养老保险补贴” · 第3行指标“人员满意度” · 指标值" in html


def test_review_page_filters_by_rule_and_project(seed_plan, reader_client):
    url = reverse("reviews:department_review", args=["802010", 2023])
    html = reader_client.get(url, {"rule": "completeness.placeholder"}).content.decode()
    assert html.count('id="finding-') == 2
    html = reader_client.get(url, {"project": "2"}).content.decode()
    assert html.count('id="finding-') == 9
    html = reader_client.get(url, {"project": "x"}).content.decode()
    assert html.count('id="finding-') == 126


def test_review_page_404_for_unknown_unit_or_year(seed_plan, reader_client):
    assert reader_client.get("/reviews/departments/999999/2023/").status_code == 404
    assert reader_client.get("/reviews/departments/802010/2019/").status_code == 404


def test_review_pages_need_login(seed_plan, client):
    response = client.get("/reviews/departments/802010/2023/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_export_is_a_workbook_with_every_finding(seed_plan, reader_client):
    response = reader_client.get("/reviews/departments/802010/2023/findings.xlsx")
    assert response.status_code == 200
    assert "filename*=utf-8''802010-2023-" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 2 + 126
    assert sheet["A1"].value == "802010乐亭县大相各庄镇人民政府 2023年绩效目标智能审核结果"
    assert [c.value for c in sheet[3]][:5] == [
        1,
        "错误",
        "项目绩效目标未填或为模板内容",
        1,
        "13022523P0066B010022C",
    ]


def test_export_writes_formula_like_text_as_text():
    nasty = ["=1+1", "+SUM(A1)", "-2", "@cmd"]
    findings = [
        Finding(
            "completeness.goals",
            Level.ERROR,
            Location(project_index=1, project_name=text, project_code=text),
            text,
            text,
        )
        for text in nasty
    ]
    sheet = load_workbook(BytesIO(findings_workbook(findings, title="=title"))).active
    assert sheet["A1"].value == "=title" and sheet["A1"].data_type == "s"
    for row, text in enumerate(nasty, start=3):
        for column in ("E", "F", "K"):
            cell = sheet[f"{column}{row}"]
            assert (cell.value, cell.data_type) == (text, "s")


def test_overview_lists_departments_with_totals_and_svg_charts(seed_plan, reader_client):
    response = reader_client.get("/reviews/")
    assert response.status_code == 302 and response["Location"] == "/reviews/2023/"
    html = reader_client.get("/reviews/2023/").content.decode()
    assert "301.03" in html and "乐亭县大相各庄镇人民政府" in html
    assert html.count("<svg") == 3 and "cdn" not in html.lower()
    assert reverse("reviews:department_review", args=["802010", 2023]) in html
    empty = reader_client.get("/reviews/2023/", {"region": "110101"}).content.decode()
    assert "该年度还没有任何单位的绩效目标" in empty


def test_overview_without_any_data(db, reader_client):
    html = reader_client.get("/reviews/").content.decode()
    assert "该年度还没有任何单位的绩效目标" in html


def test_bar_chart_escapes_labels_and_scales_bars():
    svg = str(
        bar_chart(
            [("<b>甲</b>", Decimal(50), "50.00"), ("乙", Decimal(100), "100.00")], title="t&t"
        )
    )
    assert "<b>" not in svg and "&lt;b&gt;甲" in svg
    assert 'width="180.0"' in svg and 'width="360.0"' in svg
    assert "暂无数据" in str(bar_chart([], title="空"))


def test_admin_edits_settings_with_rule_checkboxes(seed_plan, admin_client):
    url = reverse("admin:reviews_reviewsettings_add")
    page = admin_client.get(url).content.decode()
    assert 'value="satisfaction.threshold"' in page
    data = {
        "name": "乐亭县",
        "region_code": "130225",
        "satisfaction_threshold": "95",
        "satisfaction_required": "on",
        "weight_total": "100",
        "code_carryover_years": "2",
        "basis_column": "required",
        "spending_plan_in_form": "on",
        "department_goals_in_form": "on",
        "disabled_rules": ["duplication.basis"],
    }
    assert admin_client.post(url, data).status_code == 302
    settings = ReviewSettings.objects.get()
    assert settings.disabled_rules == ["duplication.basis"]
    assert settings.satisfaction_threshold == Decimal(95)
    bad = {**data, "region_code": "1302", "disabled_rules": []}
    assert admin_client.post(url, bad).status_code == 200  # form shown again with the error


def test_overview_charts_status_counts(seed_plan, reader_client):
    from projects.models import DepartmentPlan

    DepartmentPlan.objects.update(status=DepartmentPlan.Status.SUBMITTED)
    html = reader_client.get(reverse("reviews:overview", args=[2023])).content.decode()
    chart = html[html.index('id="status-chart"') :]
    chart = chart[: chart.index("</figure>")]
    assert "<svg" in chart and "已送审" in chart and "待送审" in chart
