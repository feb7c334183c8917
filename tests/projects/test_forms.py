"""The project editor: validation next to the field, atomic saves, concurrency, permissions."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import DepartmentPlan, Project
from projects.selectors import project_target_table
from projects.services import project_save_table
from tests.builders import bulk_department
from tests.projects.forms_helpers import demo_user, post_data

NAME = "妇女之家资金"


@pytest.fixture
def project(seed_plan):
    return Project.objects.get(name=NAME, fiscal_year=2023)


def _url(project) -> str:
    return f"/projects/{project.pk}/edit/"


def _table(project):
    return project_target_table(project_id=project.pk)


def test_clerk_opens_the_editor_with_every_field_filled(clerk, project):
    response = clerk.get(_url(project))
    assert response.status_code == 200
    form, formset = response.context["form"], response.context["formset"]
    assert form["code"].value() == "13022523P004191100020"
    assert form["budget_total"].value() == "8.50"
    assert [f["name"].value() for f in formset] == [
        "项目资金数",
        "保障妇女之家建设",
        "服务对象满意度指标",
    ]
    assert "妇女之家资金绩效目标表" in response.content.decode()  # the preview grid


def test_amount_with_three_decimals_stays_unrounded(clerk, project):
    Project.objects.filter(pk=project.pk).update(
        budget_total=Decimal("330.984"),
        fiscal_funds=Decimal("330.984"),
        plan_dec=Decimal("330.984"),
    )
    Project.objects.filter(pk=project.pk).update(plan_mar=None, plan_jun=None, plan_oct=None)
    page = clerk.get(_url(project))
    assert page.context["form"]["budget_total"].value() == "330.984"
    table = _table(project)
    clerk.post(_url(project), post_data(table, purpose="新的用途"))
    project.refresh_from_db()
    assert project.budget_total == Decimal("330.984")
    assert project.purpose == "新的用途"


def test_valid_post_saves_header_and_rows_in_one_go(clerk, project):
    table = _table(project)
    data = post_data(table, name="妇女之家建设资金", **{"rows-0-value": "＝8.5万元"})
    response = clerk.post(_url(project), data)
    assert response.status_code == 302
    saved = _table(project)
    assert saved.name == "妇女之家建设资金"
    assert saved.indicators[0].value == "＝8.5万元"
    assert saved.version == table.version + 1
    assert project.history.first().history_user.username == "clerk"


def test_wrong_sum_is_reported_at_the_budget_and_keeps_typed_data(clerk, project):
    table = _table(project)
    data = post_data(table, budget_total="9.50", purpose="我刚输入的用途")
    response = clerk.post(_url(project), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["budget_total"] == [
        "预算数（9.50）应等于财政资金与其他资金之和（8.50），请修改预算数或资金来源。"
    ]
    assert form["purpose"].value() == "我刚输入的用途"
    assert "is-invalid" in form.fields["budget_total"].widget.attrs["class"]
    assert _table(project).purpose == table.purpose  # nothing saved


@pytest.mark.parametrize(
    ("plan", "field", "message"),
    [
        (("2.00", "1.00", "6.25", "8.50"), "plan_jun", "只能增加不能减少"),
        (("2.00", "", "", "9.00"), "plan_dec", "超过了预算数 8.50"),
        (
            ("2.00", "4.25", "6.25", "8.00"),
            "plan_dec",
            "最后填写的节点12月底（8.00）应等于预算数 8.50",
        ),
        (("", "", "", ""), "plan_dec", "请填写12月底的累计支出计划"),
        (("2.00", "8.50", "", ""), None, None),  # a blank checkpoint after a value is unchanged
    ],
)
def test_spending_plan_rules(clerk, project, plan, field, message):
    data = post_data(_table(project))
    data.update(dict(zip(("plan_mar", "plan_jun", "plan_oct", "plan_dec"), plan, strict=True)))
    response = clerk.post(_url(project), data)
    if field is None:
        assert response.status_code == 302
        assert _table(project).spending_plan == (Decimal("2"), Decimal("8.5"), None, None)
        return
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert response.context["form"][field].value() == data[field]


def test_percent_plan_must_end_at_100(clerk, project):
    data = post_data(_table(project), spending_plan_kind="percent")
    data.update(plan_mar="25", plan_jun="50", plan_oct="75", plan_dec="90")
    errors = clerk.post(_url(project), data).context["form"].errors
    assert "应等于100%" in errors["plan_dec"][0]
    data["plan_dec"] = "100"
    assert clerk.post(_url(project), data).status_code == 302


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("13022523P00419", "项目编码应为21位，现在是14位"),
        ("13022523P0041911000-0", "只能包含数字和大写字母"),
        ("13022523P0066B010022C", "2023年已有项目使用该编码"),  # 信访维稳经费's code
    ],
)
def test_code_format_and_uniqueness_within_the_year(clerk, project, code, message):
    response = clerk.post(_url(project), post_data(_table(project), code=code))
    assert message in response.context["form"].errors["code"][0]


def test_lowercase_code_with_spaces_is_normalised(clerk, project):
    clerk.post(_url(project), post_data(_table(project), code=" 13022523p004191100020 "))
    assert _table(project).code == "13022523P004191100020"


def test_level2_must_belong_to_level1(clerk, project):
    data = post_data(_table(project), **{"rows-1-level2": "数量指标"})
    response = clerk.post(_url(project), data)
    row = response.context["formset"].forms[1]
    assert row.errors["level2"] == [
        "二级指标“数量指标”不属于一级指标“效益指标”，请从："
        "经济效益指标、社会效益指标、生态效益指标、可持续影响指标 中选择。"
    ]


def test_required_parts_of_a_row(clerk, project):
    data = post_data(_table(project), **{"rows-2-name": "", "rows-2-value": ""})
    row = clerk.post(_url(project), data).context["formset"].forms[2]
    assert row.errors["name"] == ["请填写三级指标名称，可从建议中选择。"]


def test_value_typed_as_parts_is_composed(clerk, project):
    data = post_data(_table(project), **{"rows-0-value": ""})
    data.update({"rows-0-comparator": "ge", "rows-0-number": "95", "rows-0-unit": "%"})
    clerk.post(_url(project), data)
    assert _table(project).indicators[0].value == "≥95%"


def test_rows_are_reordered_added_and_deleted(clerk, project):
    table = _table(project)
    data = post_data(table)
    data.update({"rows-1-DELETE": "on", "rows-TOTAL_FORMS": "4"})
    data.update(
        {
            "rows-3-level1": "产出指标",
            "rows-3-level2": "时效指标",
            "rows-3-name": "资金拨付及时率",
            "rows-3-value": "＝100%",
            "rows-3-ORDER": "2",
            "rows-2-ORDER": "3",
        }
    )
    assert clerk.post(_url(project), data).status_code == 302
    names = [r.name for r in _table(project).indicators]
    assert names == ["项目资金数", "资金拨付及时率", "服务对象满意度指标"]


def test_blank_added_row_is_ignored(clerk, project):
    data = post_data(_table(project), **{"rows-TOTAL_FORMS": "4", "rows-3-ORDER": "4"})
    assert clerk.post(_url(project), data).status_code == 302
    assert len(_table(project).indicators) == 3


def test_split_level1_rows_are_put_together_with_a_note(clerk, project):
    data = post_data(_table(project))
    data.update({"rows-1-ORDER": "9"})  # 产出, 满意度, 效益 — fine, then 产出 again:
    data.update({"rows-TOTAL_FORMS": "4", "rows-3-ORDER": "10"})
    data.update(
        {
            "rows-3-level1": "产出指标",
            "rows-3-level2": "数量指标",
            "rows-3-name": "保障人数",
            "rows-3-value": "15人",
        }
    )
    response = clerk.post(_url(project), data, follow=True)
    assert response.redirect_chain  # saved, not refused
    names = [(r.level1, r.name) for r in _table(project).indicators]
    assert names == [
        ("产出指标", "项目资金数"),
        ("产出指标", "保障人数"),  # the added row joins its 一级, after the group's rows
        ("满意度指标", "服务对象满意度指标"),
        ("效益指标", "保障妇女之家建设"),
    ]
    notes = [str(m) for m in response.context["messages"]]
    assert "一级指标“产出指标”的各行原来没有排在一起，已自动移到一起" in notes[-1]


def test_rows_already_together_save_without_a_note(clerk, project):
    response = clerk.post(_url(project), post_data(_table(project)), follow=True)
    assert [str(m) for m in response.context["messages"]] == [f"已保存“{project.name}”。"]


def test_concurrent_save_is_refused_with_what_changed(clerk, project):
    opened = clerk.get(_url(project)).context
    mine = post_data(_table(project), purpose="我的用途", opened=opened["opened"])
    theirs = replace(_table(project), purpose="别人的用途", indicators=_table(project).indicators)
    project_save_table(department=project.department, table=theirs, user=demo_user("admin"))
    response = clerk.post(_url(project), mine)
    assert response.status_code == 200
    conflict = response.context["conflict"]
    assert conflict["changes"] == ["资金用途：“妇女之家资金” → “别人的用途”"]
    assert conflict["by"].username == "admin"
    assert response.context["form"]["purpose"].value() == "我的用途"
    assert _table(project).purpose == "别人的用途"
    # Having seen the change, the clerk saves again on purpose.
    again = post_data(_table(project), purpose="我的用途")
    again["version"] = response.context["form"]["version"].value()
    assert clerk.post(_url(project), again).status_code == 302
    assert _table(project).purpose == "我的用途"


def test_reviewer_gets_a_read_only_page_and_cannot_save(client, project):
    client.force_login(demo_user("reviewer"))
    page = client.get(_url(project))
    assert page.status_code == 200
    assert "您无权修改预算单位802010的绩效目标" in page.context["read_only"]
    client.post(_url(project), post_data(_table(project), purpose="审核员改的"))
    assert _table(project).purpose == "妇女之家资金"


def test_submitted_year_is_read_only_with_the_reason(clerk, project):
    DepartmentPlan.objects.filter(department=project.department).update(status="submitted")
    page = clerk.get(_url(project))
    assert "已送审" in page.context["read_only"]
    clerk.post(_url(project), post_data(_table(project), purpose="改"))
    assert _table(project).purpose == "妇女之家资金"


def test_clerk_of_another_department_gets_404(client, project, django_user_model):
    from accounts.models import UserProfile

    other = django_user_model.objects.create_user("other-clerk", password="pw-123456")
    UserProfile.objects.create(user=other, role="clerk")
    client.force_login(other)
    assert client.get(_url(project)).status_code == 404
    assert client.post(_url(project), post_data(_table(project))).status_code == 404
    assert client.get("/departments/802010/2023/projects/new/").status_code == 404


def test_new_project_is_created_at_the_end(clerk, project):
    table = replace(_table(project), project_id=None, version=None, code="", name="新项目")
    response = clerk.post("/departments/802010/2023/projects/new/", post_data(table))
    assert response.status_code == 302
    created = Project.objects.get(name="新项目")
    assert created.display_order == 12
    assert created.indicators.count() == 3


def test_new_project_with_errors_keeps_every_row(clerk, project):
    table = replace(_table(project), project_id=None, version=None, code="", name="")
    response = clerk.post("/departments/802010/2023/projects/new/", post_data(table))
    assert response.context["form"].errors["name"] == ["请填写项目名称。"]
    rows = response.context["formset"].forms
    assert [r["name"].value() for r in rows] == [
        "项目资金数",
        "保障妇女之家建设",
        "服务对象满意度指标",
    ]
    assert not Project.objects.filter(name="").exists()


def test_preview_renders_the_table_as_typed(clerk, project):
    data = post_data(_table(project), name="预览项目", budget_total="abc")
    html = clerk.post("/departments/802010/2023/preview/?position=7", data).content.decode()
    assert "7.预览项目绩效目标表" in html
    assert "项目资金数" in html


def test_editor_query_count_does_not_grow_with_rows(clerk, project):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert clerk.get(url).status_code == 200
        return len(queries)

    clerk.get("/healthz/")  # the first request of a session renews it (a write); not the page's
    small = count(_url(project))
    bulk_department(code="990001", projects=2, indicators=80)
    big = Project.objects.filter(department__code="990001").first()
    user = demo_user("clerk")
    user.profile.departments.add(big.department)
    assert count(_url(big)) == small


def test_tampered_row_count_is_refused_with_a_message(clerk, project):
    before = _table(project)
    response = clerk.post(_url(project), post_data(before, **{"rows-TOTAL_FORMS": "abc"}))
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors()
    assert 'id="form-errors"' in response.content.decode()
    assert _table(project) == before


def test_renamed_row_stays_the_same_row_in_the_history(clerk, project):
    """The form carries each stored row's id, so renaming a 三级 indicator is an edit of that
    row (history: 名称 changed), not a deleted row and a new one."""
    from indicators.models import Indicator

    table = _table(project)
    first = table.indicators[0]
    response = clerk.post(_url(project), post_data(table, **{"rows-0-name": "妇女之家建设资金数"}))
    assert response.status_code == 302
    renamed = Indicator.objects.get(pk=first.indicator_id)
    assert renamed.name == "妇女之家建设资金数"
    latest = renamed.history.first()
    assert latest.history_type == "~" and latest.prev_record.name == first.name


def test_a_forged_row_id_of_another_project_is_ignored(clerk, project):
    from indicators.models import Indicator

    other = Indicator.objects.exclude(project=project).first()
    table = _table(project)
    data = post_data(table, **{"rows-0-indicator_id": str(other.pk), "rows-0-name": "新指标"})
    assert clerk.post(_url(project), data).status_code == 302
    other.refresh_from_db()
    assert other.project_id != project.pk and other.name != "新指标"
    assert "新指标" in [row.name for row in _table(project).indicators]
