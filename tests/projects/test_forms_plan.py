"""The plan editor: 总体绩效目标 and ordered 分项绩效目标 / 工作保障措施."""

from __future__ import annotations

import pytest

from projects.models import DepartmentPlan
from tests.projects.forms_helpers import demo_user

URL = "/departments/802010/2023/edit/"


def _post(client, url=URL, **fields):
    data = {"overall_goal": "总体目标", "version": "1", "sub_goals": ["甲"], "safeguards": []}
    data.update(fields)
    return client.post(url, data)


def test_clerk_saves_items_in_the_order_given(clerk, seed_plan):
    version = seed_plan.version
    response = _post(
        clerk,
        version=str(version),
        sub_goals=["第二条", "  ", "第一条"],
        safeguards=["措施甲", "措施乙"],
    )
    assert response.status_code == 302
    plan = DepartmentPlan.objects.get(pk=seed_plan.pk)
    assert plan.sub_goals == ["第二条", "第一条"]
    assert plan.safeguards == ["措施甲", "措施乙"]
    assert plan.version == version + 1


def test_missing_overall_goal_keeps_the_items(clerk, seed_plan):
    response = _post(clerk, overall_goal="", sub_goals=["刚输入的分项"], version=seed_plan.version)
    assert response.context["form"].errors["overall_goal"] == ["请填写总体绩效目标。"]
    assert "刚输入的分项" in response.content.decode()
    assert DepartmentPlan.objects.get(pk=seed_plan.pk).overall_goal == seed_plan.overall_goal


def test_at_least_one_sub_goal(clerk, seed_plan):
    response = _post(clerk, sub_goals=["", " "], version=seed_plan.version)
    assert "请至少填写一条分项绩效目标。" in response.content.decode()


def test_stale_plan_save_is_refused_and_keeps_the_text(clerk, seed_plan):
    DepartmentPlan.objects.filter(pk=seed_plan.pk).update(version=seed_plan.version + 1)
    response = _post(clerk, overall_goal="我的总体目标", version=seed_plan.version)
    assert "该记录已被他人修改" in response.context["conflict"]["message"]
    assert "我的总体目标" in response.content.decode()
    assert DepartmentPlan.objects.get(pk=seed_plan.pk).overall_goal == seed_plan.overall_goal


def test_new_year_plan_is_created_only_on_save(clerk, seed_plan):
    url = "/departments/802010/2025/edit/"
    assert clerk.get(url).status_code == 200
    assert not DepartmentPlan.objects.filter(fiscal_year=2025).exists()  # GET writes nothing
    assert _post(clerk, url=url).status_code == 302
    assert DepartmentPlan.objects.get(fiscal_year=2025).overall_goal == "总体目标"


def test_auditor_reads_but_cannot_save(client, seed_plan):
    client.force_login(demo_user("auditor"))
    page = client.get(URL)
    assert "您无权修改预算单位802010的绩效目标" in page.context["read_only"]
    _post(client, overall_goal="审计改的", version=seed_plan.version)
    assert DepartmentPlan.objects.get(pk=seed_plan.pk).overall_goal == seed_plan.overall_goal


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"overall_goal": "目" * 5001}, "总体绩效目标最多5000字，现在是5001字，请精简。"),
        (
            {"safeguards": ["措施甲", "措" * 1001]},
            "第2条工作保障措施有1001字，最多1000字，请精简或拆成几条。",
        ),
        ({"version": "x"}, "页面数据无效（可能已过期或被改动），请重新打开本页，再填写并保存。"),
    ],
    ids=["long-goal", "long-item", "bad-version"],
)
def test_overlong_text_and_a_broken_page_are_refused_with_a_message(
    clerk, seed_plan, fields, message
):
    response = _post(clerk, **{"version": str(seed_plan.version), **fields})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert DepartmentPlan.objects.get(pk=seed_plan.pk).overall_goal == seed_plan.overall_goal
