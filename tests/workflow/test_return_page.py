"""The 退回 page with many findings (#17 item 9): grouped by project and rule with counts,
any number of typed opinions, the project and indicator row picked from lists."""

from __future__ import annotations

import pytest

from projects.models import DepartmentPlan, Project
from workflow.finding_groups import finding_groups, rule_counts
from workflow.forms import MAX_OPINIONS
from workflow.models import ReviewAction, ReviewOpinion

URL = "/workflow/802010/2023/return/"


@pytest.fixture
def reviewer(client, people):
    DepartmentPlan.objects.update(status="submitted")
    client.force_login(people["reviewer"])
    return client


def _post(client, rows: list[dict], comment: str = "请按意见修改", **extra):
    data = {
        "comment": comment,
        "opinion-TOTAL_FORMS": str(len(rows)),
        "opinion-INITIAL_FORMS": "0",
        **extra,
    }
    for n, row in enumerate(rows):
        data.update({f"opinion-{n}-{key}": value for key, value in row.items()})
    return client.post(URL, data)


def test_findings_are_grouped_by_project_then_rule_with_counts(reviewer):
    page = reviewer.get(URL)
    findings = [f for _i, f in page.context["findings"]]
    groups = page.context["finding_groups"]
    assert sum(g.count for g in groups) == len(findings) > 100
    positions = [g.key for g in groups]
    assert positions == sorted(positions, key=lambda k: 0 if k == "unit" else int(k[1:]))
    for group in groups:
        for rule in group.rules:
            assert {f.rule for _i, f in rule.items} == {rule.rule}
            assert all(findings[i] is f for i, f in rule.items)  # the index is the review's
    html = page.content.decode()
    third = groups[2]
    assert f"data-group-count>{third.count}<" in html and third.label in html
    # The rule filter lists Chinese names with counts; the code is only an option value.
    (rule_id, title, n) = page.context["rule_counts"][0]
    assert f'<option value="{rule_id}">{title}（{n}）</option>' in html
    assert f">{rule_id}<" not in html


def test_grouping_of_nothing_is_empty():
    assert finding_groups([]) == [] and rule_counts([]) == []


def test_five_typed_opinions_with_rows_picked_from_lists(reviewer, seed_plan):
    projects = list(
        Project.objects.filter(department=seed_plan.department).order_by("display_order", "id")
    )
    first, third = projects[0], projects[2]
    page = reviewer.get(URL).content.decode()
    assert f'value="{third.pk}-2"' in page  # the third project's second row is offered
    rows = [
        {"project": "", "indicator": "", "code": "8", "text": "全单位：增加效益指标"},
        {"project": str(third.pk), "indicator": f"{third.pk}-2", "code": "2", "text": "细化"},
        {"project": "", "indicator": f"{first.pk}-1", "code": "4", "text": "只选了行"},
        {"project": str(first.pk), "indicator": "", "code": "3", "text": "整个项目"},
        {"project": "", "indicator": "", "code": "", "text": ""},  # an empty row is skipped
        {"project": "", "indicator": "", "code": "11", "text": "第五条"},
    ]
    response = _post(reviewer, rows)
    assert response.status_code == 302
    opinions = list(ReviewAction.objects.get(kind="return").opinions.order_by("id"))
    third_row2 = third.indicators.order_by("order")[1].name
    first_row1 = first.indicators.order_by("order")[0].name
    assert [(o.code, o.project_id, o.indicator_order, o.indicator_name) for o in opinions] == [
        (8, None, None, ""),
        (2, third.pk, 2, third_row2),
        (4, first.pk, 1, first_row1),  # picking a row picks its project
        (3, first.pk, None, ""),
        (11, None, None, ""),
    ]


def test_a_row_of_another_project_is_refused_near_the_field(reviewer, seed_plan):
    first, second = Project.objects.filter(department=seed_plan.department).order_by(
        "display_order", "id"
    )[:2]
    response = _post(
        reviewer, [{"project": str(first.pk), "indicator": f"{second.pk}-1", "code": "2"}]
    )
    assert response.status_code == 200
    assert "这一行不属于所选项目，请重新选择项目或指标行。" in response.content.decode()
    assert not ReviewOpinion.objects.exists()


@pytest.mark.parametrize("indicator", ["999999-1", "abc", "1-99999"])
def test_a_tampered_row_is_refused_in_chinese(reviewer, indicator):
    response = _post(reviewer, [{"indicator": indicator, "code": "2"}])
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not ReviewOpinion.objects.exists()


def test_a_row_without_opinion_type_is_told_to_choose_one(reviewer, seed_plan):
    project = Project.objects.filter(department=seed_plan.department).first()
    response = _post(reviewer, [{"project": str(project.pk), "text": "缺类型"}])
    assert "请选择意见类型（1–11）。" in response.content.decode()
    assert 'value="缺类型"' in response.content.decode()  # what was typed is kept


def test_more_opinions_than_the_cap_are_refused(reviewer):
    rows = [{"code": "11", "text": str(n)} for n in range(MAX_OPINIONS + 1)]
    response = _post(reviewer, rows)
    assert response.status_code == 200
    assert not ReviewOpinion.objects.exists()
    assert f"{MAX_OPINIONS}" in response.content.decode()


def test_the_add_button_has_a_template_row_and_a_static_script(reviewer):
    html = reviewer.get(URL).content.decode()
    assert '<template id="opinion-template">' in html and "opinion-__prefix__-indicator" in html
    assert "/static/js/return-page.js" in html and "onclick" not in html
