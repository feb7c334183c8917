"""Every change is recorded with who, when, old and new value, and auditors can read it."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from projects.history import plan_changes, project_changes
from projects.models import Project
from projects.permissions import SYSTEM
from projects.selectors import project_target_table
from projects.services import project_save_table
from tests.conftest import make_user


@pytest.fixture
def edited(seed_plan):
    """The clerk 张三 raises a satisfaction target and deletes a row of 信访维稳经费."""
    clerk = make_user("zhangsan", "clerk", departments=[seed_plan.department])
    clerk.first_name = "张三"
    clerk.save()
    project = Project.objects.get(code="13022523P0066B010022C")
    table = project_target_table(project_id=project.pk)
    table.indicators[3].value = "≥96"
    table.purpose = '=HYPERLINK("http://x")'
    del table.indicators[1]
    project_save_table(department=project.department, table=table, user=clerk)
    return project


def test_changes_read_as_sentences_with_user_and_old_and_new_value(edited):
    sentences = [c.sentence for c in project_changes(edited)]
    assert any(
        s.startswith("第3行指标“人员满意度” 指标值 由 ≥95 改为 ≥96，张三，") for s in sentences
    )
    assert any(s.startswith("删除第2行指标“项目资金数”，张三") for s in sentences)
    assert any(s.startswith("第2行指标“及时化解信访事件” 顺序 由 3 改为 2") for s in sentences)
    assert any(
        s.startswith("项目 资金用途 由 解决信访事件，维持社会稳定 改为 =HYPERLINK")
        for s in sentences
    )
    assert any(s.startswith("新增项目，系统") for s in sentences)


def test_level_changes_show_names_not_ids(seed_plan):
    project = Project.objects.get(code="13022523P0066B010022C")
    table = project_target_table(project_id=project.pk)
    table.indicators[1].level2 = "时效指标"
    project_save_table(department=project.department, table=table, user=SYSTEM)
    change = next(c for c in project_changes(project) if c.field == "二级指标")
    assert (change.old, change.new) == ("质量指标", "时效指标")


def test_history_page_and_excel_export(edited, reader_client):
    page = reader_client.get(f"/projects/{edited.pk}/history/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "≥95" in html and "≥96" in html and "张三" in html
    assert "=HYPERLINK(&quot;http://x&quot;)" in html  # escaped, not markup
    response = reader_client.get(f"/projects/{edited.pk}/history.xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert ["张三", "修改", "第3行指标“人员满意度”", "指标值", "≥95", "≥96"] in [
        r[1:] for r in rows
    ]
    purpose = next(r for r in rows if r[4] == "资金用途")
    formula_cell = next(
        c for row in sheet.iter_rows(min_row=3) for c in row if c.value == purpose[6]
    )
    assert formula_cell.data_type == "s"  # text, never a formula


def test_plan_history_shows_status_changes(seed_plan, reader_client):
    from workflow.services import plan_submit

    clerk = make_user("clerk", "clerk", departments=[seed_plan.department])
    plan_submit(plan=seed_plan, user=clerk)
    html = reader_client.get("/departments/802010/2023/history/").content.decode()
    assert "审核状态" in html and "待送审" in html and "已送审" in html


def _sheet_rows(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_plan_history_exports_to_excel_like_the_project_history(seed_plan, reader_client):
    from workflow.services import plan_return, plan_submit

    clerk = make_user("clerk", "clerk", departments=[seed_plan.department])
    clerk.first_name = "李四"
    clerk.save()
    reviewer = make_user("rev", "reviewer", region_code="130225")
    plan_submit(plan=seed_plan, user=clerk)
    plan_return(plan=seed_plan, user=reviewer, comment="请修改")
    seed_plan.refresh_from_db()
    seed_plan.overall_goal = "=SUM(A1)"
    seed_plan._history_user = clerk
    seed_plan.save()

    page = reader_client.get("/departments/802010/2023/history/").content.decode()
    assert 'href="/departments/802010/2023/history.xlsx"' in page
    response = reader_client.get("/departments/802010/2023/history.xlsx")
    assert "attachment" in response["Content-Disposition"]
    assert "802010-2023-" in response["Content-Disposition"]
    title, headers, *rows = _sheet_rows(response)
    assert "2023年部门整体绩效目标" in title[0] and "修改记录" in title[0]
    assert headers == ["时间", "用户", "操作", "对象", "字段", "原值", "新值"]
    assert ["李四", "修改", "部门整体绩效目标", "审核状态", "待送审", "已送审"] in [
        r[1:] for r in rows
    ]
    assert ["rev", "修改", "部门整体绩效目标", "审核状态", "已送审", "被退回"] in [
        r[1:] for r in rows
    ]
    goal = next(r for r in rows if r[4] == "总体绩效目标" and r[1] == "李四")
    assert goal[6] == "=SUM(A1)"  # read back as text: written as a string, never a formula
    assert all(r[0] and len(r) == 7 for r in rows)
    assert len(rows) == len(plan_changes(seed_plan))  # one line per change, newest first
    assert rows[0][0] >= rows[-1][0]


def test_plan_history_export_of_a_missing_year_is_404(seed_plan, reader_client):
    assert reader_client.get("/departments/802010/2031/history.xlsx").status_code == 404


def test_history_of_other_departments_is_hidden_from_clerks(edited, client):
    client.force_login(make_user("stranger", "clerk"))
    assert client.get(f"/projects/{edited.pk}/history/").status_code == 404
    assert client.get(f"/projects/{edited.pk}/history.xlsx").status_code == 404
    assert client.get("/departments/802010/2023/history/").status_code == 404
    assert client.get("/departments/802010/2023/history.xlsx").status_code == 404
