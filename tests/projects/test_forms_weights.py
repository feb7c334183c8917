"""权重 and 指标方向 in the project editor: shown, editable, and never lost by a save."""

from __future__ import annotations

from decimal import Decimal

import lxml.html
import pytest

from indicators.models import Indicator
from projects.models import Project
from projects.selectors import project_target_table

NAME = "妇女之家资金"


@pytest.fixture
def project(seed_plan):
    project = Project.objects.get(name=NAME, fiscal_year=2023)
    # As a flat-sheet import leaves it: the second row weighted and directed.
    second = project.indicators.order_by("order")[1]
    Indicator.objects.filter(pk=second.pk).update(
        weight=Decimal(10), direction=Indicator.Direction.POSITIVE
    )
    return project


def _url(project) -> str:
    return f"/projects/{project.pk}/edit/"


def _as_browser_posts(response, **changes: str) -> dict[str, str]:
    """What a browser submits from the editor page as rendered, with `changes` typed in."""
    page = lxml.html.fromstring(response.content.decode())
    data = {}
    for name, value in page.get_element_by_id("project-form").form_values():
        # Browsers drop the newline that opens a textarea; lxml keeps it.
        data[name] = value[1:] if value.startswith("\n") else value
    data.update(changes)
    return data


def _second_row(project) -> Indicator:
    return project.indicators.order_by("order")[1]


def test_editor_shows_weight_and_direction_of_each_row(clerk, project):
    response = clerk.get(_url(project))
    row = response.context["formset"].forms[1]
    assert row["weight"].value() == "10"
    assert row["direction"].value() == "positive"
    html = response.content.decode()
    assert '<option value="positive" selected>正向</option>' in html
    # New rows come from the row template, which must carry the new fields too.
    template = lxml.html.fromstring(html).get_element_by_id("row-template")
    names = {el.get("name") for el in template.iter("input", "select")}
    assert {"rows-__prefix__-weight", "rows-__prefix__-direction"} <= names


def test_unchanged_save_keeps_weight_and_direction(clerk, project):
    version = project.version
    response = clerk.post(_url(project), _as_browser_posts(clerk.get(_url(project))))
    assert response.status_code == 302
    row = _second_row(project)
    assert (row.weight, row.direction) == (Decimal(10), "positive")
    project.refresh_from_db()
    assert project.version == version  # nothing changed, so nothing was written


def test_editing_weight_and_direction_saves_them(clerk, project):
    page = clerk.get(_url(project))
    data = _as_browser_posts(
        page, **{"rows-1-weight": "12.5", "rows-1-direction": "negative", "rows-0-weight": "20%"}
    )
    assert clerk.post(_url(project), data).status_code == 302
    table = project_target_table(project_id=project.pk)
    assert [r.weight for r in table.indicators] == [Decimal(20), Decimal("12.5"), None]
    assert [r.direction for r in table.indicators] == ["", "negative", ""]


def test_clearing_a_weight_stores_none(clerk, project):
    data = _as_browser_posts(clerk.get(_url(project)), **{"rows-1-weight": ""})
    assert clerk.post(_url(project), data).status_code == 302
    assert _second_row(project).weight is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "权重不能为负数，请填写 0 或正数；不设权重时留空。"),
        ("abc", "权重请填写数字，例如 10 或 12.5；不设权重时留空。"),
        ("12.345", "权重最多保留2位小数，例如 12.5 或 33.33。"),
    ],
)
def test_bad_weight_is_reported_next_to_the_field_and_keeps_typed_data(
    clerk, project, typed, message
):
    data = _as_browser_posts(
        clerk.get(_url(project)), purpose="我刚输入的用途", **{"rows-1-weight": typed}
    )
    response = clerk.post(_url(project), data)
    assert response.status_code == 200
    row = response.context["formset"].forms[1]
    assert row.errors["weight"] == [message]
    page = lxml.html.fromstring(response.content.decode())
    error = page.get_element_by_id("id_rows-1-weight_error")
    assert error.text_content() == message
    assert page.get_element_by_id("id_rows-1-weight").get("value") == typed
    assert "is-invalid" in page.get_element_by_id("id_rows-1-weight").get("class")
    assert response.context["form"]["purpose"].value() == "我刚输入的用途"
    assert _second_row(project).weight == Decimal(10)  # nothing saved


def test_unknown_direction_is_refused(clerk, project):
    data = _as_browser_posts(clerk.get(_url(project)), **{"rows-1-direction": "up"})
    response = clerk.post(_url(project), data)
    assert response.context["formset"].forms[1].errors["direction"] == [
        "指标方向只能选择正向、反向或中性，不填时留空。"
    ]


def test_preview_and_conflict_list_carry_the_weight(clerk, project):
    from projects.post_parsing import preview_table
    from projects.table_diff import table_changes

    before = project_target_table(project_id=project.pk)
    data = _as_browser_posts(clerk.get(_url(project)), **{"rows-1-weight": "15"})
    shown = preview_table(data, before)
    assert shown.indicators[1].weight == Decimal(15)
    assert shown.indicators[1].direction == "positive"
    changes = table_changes(before, shown)
    assert "第2行指标权重：“10” → “15”" in changes
