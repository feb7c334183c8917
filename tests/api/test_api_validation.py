"""Wrong types and bad text never crash the API and never write (#14 items 1, 5, 7).

Each body below answered 500 before the API validated requests against typed schemas; four of
them stored data before crashing. Now every one is a 4xx JSON answer with a Chinese message
naming where the problem is, and the database is as it was.
"""

from __future__ import annotations

import copy
import json
import re

import pytest

from api.models import ApiToken
from indicators.models import Indicator
from projects.models import DepartmentPlan, Project
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
URL = "/api/v1/departments/802010/2023/"


@pytest.fixture
def token(seed_plan) -> dict[str, str]:
    clerk = make_user("own", "clerk", departments=[seed_plan.department])
    _token, key = ApiToken.issue(user=clerk)
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


@pytest.fixture
def document(client, token) -> dict:
    response = client.get(URL, **token)
    assert response.status_code == 200
    return response.json()


def _stored() -> tuple:
    """Everything a PUT could change, to compare before and after."""
    return (
        list(Project.objects.order_by("pk").values_list("pk", "name", "goals", "version")),
        list(Indicator.objects.order_by("pk").values_list("pk", "name", "value_raw")),
        list(DepartmentPlan.objects.order_by("pk").values_list("pk", "overall_goal", "version")),
        Project.history.count() + Indicator.history.count() + DepartmentPlan.history.count(),
    )


def _put(client, token, body, url=URL):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.put(url, data, content_type="application/json", **token)


def _changed(document: dict, path: str, value) -> dict:
    """A copy of the document with the value at `path` (dotted, list indexes as numbers)."""
    body = copy.deepcopy(document)
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    target = body
    for part in parents:
        target = target[part]
    target[last] = value
    return body


def test_a_get_body_is_accepted_by_put_unchanged(client, token, document):
    before = _stored()
    response = _put(client, token, document)
    assert response.status_code == 200, response.content
    counts = response.json()["summary"]["counts"]
    assert counts["unchanged"] == len(document["tables"]) == 11
    assert counts["created"] == counts["updated"] == 0
    assert _stored()[:3] == before[:3]  # same rows, versions and text


def test_the_documented_example_body_saves_and_saving_it_again_changes_nothing(client, token):
    from api.views import api

    component = api.get_openapi_schema(path_prefix="/api/v1/")["components"]["schemas"]
    example = component["DepartmentTargets"]["examples"][0]
    first = _put(client, token, example)
    assert first.status_code == 200, first.content
    assert first.json()["summary"]["counts"]["created"] == 1
    again = _put(client, token, example)
    assert again.json()["summary"]["counts"] == {
        "created": 0, "updated": 0, "unchanged": 1, "skipped": 0
    }  # fmt: skip
    stored = Project.objects.get(name=example["tables"][0]["name"])
    assert Indicator.objects.get(project=stored, name="群众满意度").value_raw == "≥95%"


def test_text_stored_before_the_policy_is_still_readable(client, token):
    """Input checks are not applied to answers: old rows with a control character still GET."""
    Project.objects.filter(name="信访维稳经费").update(purpose="旧数据\x07", goals=["旧\x1b"])
    response = client.get(URL, **token)
    assert response.status_code == 200
    table = next(t for t in response.json()["tables"] if t["name"] == "信访维稳经费")
    assert (table["purpose"], table["goals"]) == ("旧数据\x07", ["旧\x1b"])


def test_read_only_parts_are_ignored_the_url_says_which_unit_and_year(client, token, document):
    body = {**document, "department_code": "990001", "fiscal_year": 1999, "status": "approved"}
    body["tables"][0]["indicators"][0]["parsed"] = {
        "comparator": "ge", "number": "1", "unit": "", "text": ""
    }  # fmt: skip
    response = _put(client, token, body)
    assert response.status_code == 200, response.content
    assert response.json()["summary"]["departments_updated"] == ["802010"]
    plan = DepartmentPlan.objects.get(department__code="802010", fiscal_year=2023)
    assert plan.status == "draft"


@pytest.mark.parametrize(
    ("path", "value", "json_path"),
    [
        ("tables.0.indicators.0.name", {"a": 1}, "$.tables[0].indicators[0].name"),
        ("tables.0.name", ["x"], "$.tables[0].name"),
        ("tables.0.budget_total", "sNaN", "$.tables[0].budget_total"),
        ("tables.0.budget_total", "NaN", "$.tables[0].budget_total"),
        ("tables.0.budget_total", "Infinity", "$.tables[0].budget_total"),
        ("tables.0.budget_total", "1e3", "$.tables[0].budget_total"),
        ("tables.0.budget_total", "-1", "$.tables[0].budget_total"),
        ("tables.0.budget_total", "123456789012345", "$.tables[0].budget_total"),
        ("tables.0.budget_total", 10**30, "$.tables[0].budget_total"),
        ("tables.0.budget_total", 1e308, "$.tables[0].budget_total"),
        ("tables.0.budget_total", True, "$.tables[0].budget_total"),
        ("tables.0.indicators.0.weight", "1.234", "$.tables[0].indicators[0].weight"),
        ("tables.0.spending_plan", ["1", "2", "3"], "$.tables[0].spending_plan"),
        ("tables.0.spending_plan", "1234", "$.tables[0].spending_plan"),
        ("tables.0.spending_plan_kind", "share", "$.tables[0].spending_plan_kind"),
        ("tables.0.goals", "abc", "$.tables[0].goals"),
        ("tables.0.goals", [1], "$.tables[0].goals[0]"),
        ("tables.0.indicators", {"0": {}}, "$.tables[0].indicators"),
        ("tables.0.indicators.0.direction", "up", "$.tables[0].indicators[0].direction"),
        ("tables.0", "x", "$.tables[0]"),
        ("overall_goal", None, "$.overall_goal"),
        ("sub_goals", None, "$.sub_goals"),
        ("tables", None, "$.tables"),
        ("tables.1.indicators.2.name", "带\x00空字符", "$.tables[1].indicators[2].name"),
        ("tables.1.indicators.2.value", "≥95\x07%", "$.tables[1].indicators[2].value"),
        ("overall_goal", "孤立代理\ud800字符", "$.overall_goal"),
        ("tables.0.goals.0", "\udfff", "$.tables[0].goals[0]"),
        ("safeguards.0", "\x1b[31m", "$.safeguards[0]"),
        ("tables.0.purpose", "\ufffe", "$.tables[0].purpose"),
    ],
)
def test_a_wrong_value_is_422_at_its_json_path_and_nothing_is_written(
    client, token, document, path, value, json_path
):
    before = _stored()
    response = _put(client, token, _changed(document, path, value))
    assert response.status_code == 422, response.content
    data = response.json()
    assert json_path in data["errors"], data
    assert json_path in data["detail"] and "未保存" in data["detail"]
    assert all(re.search("[\u4e00-\u9fff]", m) for m in data["errors"][json_path])  # Chinese
    assert _stored() == before


def test_messages_are_chinese_and_say_how_to_fix(client, token, document):
    cases = {
        "tables.0.budget_total": ("sNaN", '如 "40.00"'),
        "tables.0.goals": ("abc", "列表"),
        "tables.0.spending_plan": (["1", "2", "3"], "应有4项，现有3项"),
        "overall_goal": (None, "文字"),
        "tables.0.name": ("a\x00b", "控制字符（第2个字符，U+0000）"),
    }
    for path, (value, expected) in cases.items():
        response = _put(client, token, _changed(document, path, value))
        assert expected in response.json()["detail"], (path, response.json())


def test_a_missing_required_field_is_named(client, token, document):
    body = copy.deepcopy(document)
    del body["tables"][2]["indicators"][1]["level2"]
    response = _put(client, token, body)
    assert response.status_code == 422
    assert response.json()["errors"] == {"$.tables[2].indicators[1].level2": ["缺少此项，请补上。"]}


@pytest.mark.parametrize(
    "body",
    [
        '{"overall_goal": "x", "tables": [{"name": "x", "budget_total": NaN}]}',
        '{"overall_goal": NaN, "tables": []}',
        '{"overall_goal": "x", "tables": [{"name": "x", "budget_total": Infinity}]}',
        '{"overall_goal": "x", "tables": [{"name": "x", "budget_total": -Infinity}]}',
        '{"overall_goal": "x", "tables": [' * 1 + "[" * 100_000 + "]" * 100_000 + "]}",
        '{"overall_goal": "x", "a": ' + "[" * 200 + "]" * 200 + "}",
        '{"tables": [{"name": "x", "budget_total": ' + "9" * 5000 + "}]}",
        b'{"overall_goal": "\xed\xa0\x80"}',  # a surrogate encoded as UTF-8 is not UTF-8
        "",
    ],
    ids=[
        "NaN",
        "NaN-as-text",
        "Infinity",
        "-Infinity",
        "deep",
        "deep-unknown-key",
        "huge-int",
        "bad-utf8",
        "empty",
    ],
)
def test_a_body_that_is_not_json_is_400_and_nothing_is_written(client, token, body):
    before = _stored()
    response = _put(client, token, body)
    assert response.status_code in (400, 422), response.content
    assert response["Content-Type"].startswith("application/json")
    assert "JSON" in response.json()["detail"] or response.status_code == 422
    assert _stored() == before


def test_line_break_look_alikes_are_normalised_silently(client, token, document):
    body = _changed(document, "overall_goal", "第一段\x0b第二段\r\n第三段\u2028第四段")
    body = _changed(body, "tables.0.goals", ["目标一\x0c续"])
    response = _put(client, token, body)
    assert response.status_code == 200, response.content
    plan = DepartmentPlan.objects.get(department__code="802010", fiscal_year=2023)
    assert plan.overall_goal == "第一段\n第二段\n第三段\n第四段"
    assert Project.objects.get(name=document["tables"][0]["name"]).goals == ["目标一\n续"]


@pytest.mark.parametrize("year", ["0000", "1999", "2101", "9999"])
def test_a_year_outside_the_range_is_refused_and_nothing_is_written(client, token, year):
    """PUT /0000/ answered 200 and broke the shared pages; now 422 with the range message."""
    url = f"/api/v1/departments/802010/{year}/"
    before = _stored()
    response = _put(client, token, {"overall_goal": "x", "tables": []}, url=url)
    assert response.status_code == 422, response.content
    assert "2000到2100" in response.json()["detail"]
    assert "year" in response.json()["errors"]
    assert _stored() == before
    assert client.get(url, **token).status_code == 422
    assert client.get(url + "review/", **token).status_code == 422


def test_a_malformed_unit_code_is_refused_before_the_database(client, token):
    for code in ["80%2001", "a" * 21, "%E4%B8%AD"]:
        response = client.get(f"/api/v1/departments/{code}/2023/", **token)
        assert response.status_code in (404, 422), code
        assert response["Content-Type"].startswith("application/json")


def test_unknown_api_paths_answer_json_404(client, token):
    for path in ["/api/v1/nothing/", "/api/v2/departments/", "/api/v1/departments/802010/"]:
        response = client.get(path, **token)
        assert response.status_code == 404, path
        assert "接口地址不存在" in response.json()["detail"]
    response = client.put("/api/v1/departments", "{}", content_type="application/json", **token)
    assert response.status_code == 404 and "以 / 结尾" in response.json()["detail"]
    response = client.get("/api/v1/departments/802010/2023?x=1", **token)
    assert response.status_code == 301 and response["Location"] == URL + "?x=1"


@pytest.mark.parametrize(
    ("method", "url", "allowed"),
    [
        ("post", URL, "GET, PUT"),
        ("delete", URL, "GET, PUT"),
        ("patch", URL, "GET, PUT"),
        ("put", "/api/v1/departments/", "GET"),
        ("post", URL + "review/", "GET"),
        ("post", "/api/v1/openapi.json", "GET"),
    ],
)
def test_wrong_methods_answer_json_405_with_allow(client, token, method, url, allowed):
    before = _stored()
    response = getattr(client, method)(url, "{}", content_type="application/json", **token)
    assert response.status_code == 405
    assert response["Allow"] == allowed
    assert response.json()["allowed"] == allowed.split(", ")
    assert "不支持" in response.json()["detail"]
    assert _stored() == before


def test_unauthenticated_answers_401_json_with_challenge(client, seed_plan):
    response = client.put(URL, "{}", content_type="application/json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "Authorization: Token" in response.json()["detail"]


def test_validation_happens_before_permission_and_reads_only_the_token(
    client, seed_plan, django_assert_max_num_queries
):
    """A reader's invalid PUT is refused for the data (nothing looked up but the token)."""
    _token, key = ApiToken.issue(user=make_user("aud", "auditor"))
    with django_assert_max_num_queries(2):  # the token and its last-used time
        response = client.put(
            URL, '{"overall_goal": null}', content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {key}",
        )  # fmt: skip
    assert response.status_code == 422
