"""The JSON API against its own OpenAPI schema: token auth, scopes, reads, all-or-nothing writes."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate as validate_spec

from api.models import ApiToken
from api.views import PREFIX, api
from indicators.models import Indicator
from projects.models import DepartmentPlan, Project
from tests.conftest import make_table, make_user

pytestmark = pytest.mark.django_db
URL = "/api/v1/departments/802010/2023/"


def openapi_schema() -> dict:
    """The generated document as clients receive it (JSON: status codes become strings)."""
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix=PREFIX)))


def _conforms(data, component: str) -> None:
    spec = openapi_schema()
    schema = {"$ref": f"#/components/schemas/{component}", "components": spec["components"]}
    OAS31Validator(schema).validate(data)


def _auth(user) -> dict[str, str]:
    _token, key = ApiToken.issue(user=user)
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def test_schema_is_valid_openapi_and_served_without_login(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    validate_spec(response.json())


def test_every_documented_path_answers_its_documented_status_codes(client, seed_plan):
    headers = _auth(make_user("aud", "auditor"))
    _open_stages(seed_plan)
    for path, item in openapi_schema()["paths"].items():
        url = path.replace("{code}", "802010").replace("{year}", "2023").replace("{month}", "7")
        for method, operation in item.items():
            if method != "get":
                continue
            content = operation["responses"]["200"]["content"]
            if "application/json" not in content:  # a download (#18): each format it names
                for fmt in ("docx", "xlsx"):
                    response = client.get(url.replace("{fmt}", fmt), **headers)
                    assert response.status_code == 200, url
                    assert response["Content-Type"] in content, url
                    assert client.get(url.replace("{fmt}", fmt)).status_code == 401
                continue
            response = client.get(url, **headers)
            assert response.status_code == 200, url
            ref = content["application/json"]["schema"]["$ref"]
            _conforms(response.json(), ref.rsplit("/", 1)[1])
            assert client.get(url).status_code == 401


def _open_stages(plan) -> None:
    """The year approved, with a 1–7月 monitoring round and the self-evaluation (#18)."""
    from evaluation import services
    from projects.models import DepartmentPlan
    from projects.permissions import SYSTEM

    DepartmentPlan.objects.filter(pk=plan.pk).update(status="approved")
    common = {"department": plan.department, "fiscal_year": 2023, "user": SYSTEM}
    services.monitoring_open(period_end_month=7, **common)
    services.evaluation_open(**common)


def test_department_targets_keep_verbatim_values_and_exact_amounts(client, seed_plan):
    data = client.get(URL, **_auth(make_user("aud", "auditor"))).json()
    assert data["status"] == "draft" and data["status_label"] == "待送审"
    first = data["tables"][0]
    assert first["budget_total"] == "40.000000"
    satisfaction = first["indicators"][3]
    assert satisfaction["value"] == "≥95"
    assert satisfaction["parsed"]["comparator"] == "ge"
    assert satisfaction["parsed"]["number"] == "95"


def test_token_scope_follows_the_permission_module(client, seed_plan):
    other = make_user("other", "clerk")
    headers = _auth(other)
    assert client.get(URL, **headers).status_code == 404
    assert client.get("/api/v1/departments/", **headers).json() == {"departments": []}
    revoked = make_user("gone", "auditor")
    token, key = ApiToken.issue(user=revoked)
    ApiToken.objects.filter(pk=token.pk).update(revoked=True)
    assert client.get(URL, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    assert client.get(URL, HTTP_AUTHORIZATION="Token wrong").status_code == 401


def _body(*tables) -> str:
    from projects.targets import table_to_dict

    return json.dumps({"overall_goal": "总体目标", "tables": [table_to_dict(t) for t in tables]})


def test_clerk_writes_a_draft_through_the_same_checks(client, seed_plan):
    clerk = make_user("own", "clerk", departments=[seed_plan.department])
    table = make_table(name="接口新项目", department_code="802010")
    response = client.put(URL, _body(table), content_type="application/json", **_auth(clerk))
    assert response.status_code == 200, response.content
    _conforms(response.json(), "SaveResult")
    assert response.json()["summary"]["counts"]["created"] == 1
    assert Project.objects.filter(name="接口新项目").exists()
    assert Project.objects.count() == 12  # the others stay


def test_invalid_write_changes_nothing_and_says_where(client, seed_plan):
    clerk = make_user("own", "clerk", departments=[seed_plan.department])
    good = make_table(name="好项目", department_code="802010")
    bad = make_table(name="坏项目", department_code="802010")
    bad.indicators[0].level1 = "不存在"
    before = (Project.objects.count(), Indicator.objects.count())
    response = client.put(URL, _body(good, bad), content_type="application/json", **_auth(clerk))
    assert response.status_code == 400
    _conforms(response.json(), "Error")
    assert any("坏项目" in place for place in response.json()["errors"])
    assert (Project.objects.count(), Indicator.objects.count()) == before


@pytest.mark.parametrize("body", ["[1, 2]", "not json", '{"a": 1', b'{"name": "\xff"}'])
def test_bodies_that_are_not_a_json_object_are_400_never_500(client, seed_plan, body):
    clerk = make_user("own", "clerk", departments=[seed_plan.department])
    response = client.put(URL, body, content_type="application/json", **_auth(clerk))
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


def test_a_float_amount_is_refused_at_its_json_path(client, seed_plan):
    """Amounts are exact decimal strings; a JSON float is 422 (the schema), never saved."""
    clerk = make_user("own", "clerk", departments=[seed_plan.department])
    body = '{"tables": [{"name": "x", "budget_total": 1.5}]}'
    response = client.put(URL, body, content_type="application/json", **_auth(clerk))
    assert response.status_code == 422
    assert "$.tables[0].budget_total" in response.json()["errors"]
    assert '"40.00"' in response.json()["detail"]
    assert not Project.objects.filter(name="x").exists()


def test_readers_and_locked_years_cannot_write(client, seed_plan):
    body = _body(make_table(name="x", department_code="802010"))
    auditor = _auth(make_user("aud", "auditor"))
    assert client.put(URL, body, content_type="application/json", **auditor).status_code == 403
    clerk = _auth(make_user("own", "clerk", departments=[seed_plan.department]))
    DepartmentPlan.objects.filter(pk=seed_plan.pk).update(status="approved")
    response = client.put(URL, body, content_type="application/json", **clerk)
    assert response.status_code == 403 and "已审核" in response.json()["detail"]
    assert not Project.objects.filter(name="x").exists()


def test_session_cannot_write(client, seed_plan):
    clerk = make_user("own", "clerk", departments=[seed_plan.department])
    client.force_login(clerk)
    body = _body(make_table(name="x", department_code="802010"))
    assert client.put(URL, body, content_type="application/json").status_code == 401


def test_create_api_token_prints_a_working_key(client, seed_plan, capsys):
    make_user("aud", "auditor")
    call_command("create_api_token", "aud", "--name", "脚本")
    key = capsys.readouterr().out.strip()
    assert client.get(URL, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    assert not ApiToken.objects.filter(key_hash=key).exists()  # only the hash is stored
