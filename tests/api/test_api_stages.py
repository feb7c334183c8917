"""The stages through the JSON API (#18): GET and PUT of a monitoring round and a
self-evaluation, through the services (permission, validation, version check)."""

from __future__ import annotations

import json

import pytest

from api.models import ApiToken
from evaluation.models import EvaluatedIndicator, MonitoredProject
from tests.conftest import make_user
from tests.evaluation import conftest as stages

# the evaluation tests' fixtures: the seed year approved, its clerk, a round, the self-evaluation
approved, unit, unit_clerk, reviewer = (
    stages.approved,
    stages.unit,
    stages.unit_clerk,
    stages.reviewer,
)
monitoring, evaluation = stages.monitoring, stages.evaluation

pytestmark = pytest.mark.django_db
SELFEVAL = "/api/v1/departments/802010/2023/selfeval/"
MONITORING = "/api/v1/departments/802010/2023/monitoring/7/"


def _auth(user) -> dict[str, str]:
    _token, key = ApiToken.issue(user=user)
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def _put(client, url, body, headers):
    return client.put(url, json.dumps(body), content_type="application/json", **headers)


def test_a_self_evaluation_round_trips_with_its_proposals(client, evaluation, unit_clerk):
    headers = _auth(unit_clerk)
    body = client.get(SELFEVAL, **headers).json()
    first = body["projects"][0]
    row = first["indicators"][0]
    assert (first["name"], row["name"], row["target"]) == ("信访维稳经费", "保障行政村数", "26")
    assert row["points"] == "25.00" and row["proposed_score"] is None
    row["actual"] = "20"
    first["executed"] = "36.125"
    saved = _put(client, SELFEVAL, body, headers)
    assert saved.status_code == 200 and saved.json() == {"version": body["version"] + 1}
    again = client.get(SELFEVAL, **headers).json()
    assert again["projects"][0]["indicators"][0]["proposed_score"] == "19.23"
    assert again["projects"][0]["executed"] == "36.125000"
    stored = EvaluatedIndicator.objects.get(pk=row["id"])
    assert stored.actual_raw == "20"
    # the same body again: its version is stale now
    stale = _put(client, SELFEVAL, body, headers)
    assert stale.status_code == 409 and "GET" in stale.json()["detail"]


def test_refusals_are_located_at_their_json_path(client, evaluation, unit_clerk):
    headers = _auth(unit_clerk)
    body = client.get(SELFEVAL, **headers).json()
    body["projects"][0]["indicators"][1]["score"] = "120"  # above 100: the model refuses
    response = _put(client, SELFEVAL, body, headers)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["$.projects[0].indicators[1].score"]
    body["projects"][0]["indicators"][1]["score"] = None
    body["projects"][0]["indicators"][1]["id"] = 999999
    response = _put(client, SELFEVAL, body, headers)
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "$.projects[0].indicators[1].id": ["没有这个指标行，请先 GET 取得最新数据。"]
    }
    body["projects"][0]["indicators"][1]["score"] = "abc"
    response = _put(client, SELFEVAL, body, headers)
    assert response.status_code == 422
    assert "$.projects[0].indicators[1].score" in response.json()["errors"]


def test_who_may_read_and_write(client, evaluation, unit):
    stranger = _auth(make_user("stranger", "clerk"))
    assert client.get(SELFEVAL, **stranger).status_code == 404
    auditor = _auth(make_user("aud", "auditor"))
    body = client.get(SELFEVAL, **auditor).json()
    assert _put(client, SELFEVAL, body, auditor).status_code == 403
    assert client.get(MONITORING, **auditor).status_code == 404  # no round for 1–7月 yet


def test_a_monitoring_round_round_trips(client, monitoring, unit_clerk):
    headers = _auth(unit_clerk)
    body = client.get(MONITORING, **headers).json()
    assert body["period_end_month"] == 7 and body["status"] == "draft"
    project = body["projects"][0]
    project["executed"] = "20"
    project["indicators"][0]["likelihood"] = "possible"
    project["indicators"][0]["cause"] = "funds"
    assert _put(client, MONITORING, body, headers).status_code == 200
    assert MonitoredProject.objects.get(pk=project["id"]).executed == 20
    assert client.get(MONITORING, **headers).json()["projects"][0]["rate"] == "50.00%"
    project["indicators"][0]["likelihood"] = "maybe"
    response = _put(client, MONITORING, body, headers)
    assert response.status_code == 422
    assert "$.projects[0].indicators[0].likelihood" in response.json()["errors"]


def test_the_latest_returns_opinions_come_read_only_with_the_stage(
    client, monitoring, unit_clerk, reviewer
):
    from evaluation import services
    from evaluation.services import Opinion
    from tests.evaluation.conftest import fill_monitoring, read_monitoring

    headers = _auth(unit_clerk)
    assert client.get(MONITORING, **headers).json()["return_opinions"] == []
    services.monitoring_save(
        monitoring=monitoring, sheet=fill_monitoring(read_monitoring(monitoring)), user=unit_clerk
    )
    services.stage_submit(stage=monitoring, user=unit_clerk)
    entry = MonitoredProject.objects.filter(round=monitoring).order_by("order", "id").first()
    row = entry.rows.order_by("indicator__order", "id").first()
    services.stage_return(
        stage=monitoring,
        user=reviewer,
        opinions=[Opinion(entry_id=entry.pk, row_id=row.pk, field="progress", text="写明数量")],
    )
    body = client.get(MONITORING, **headers).json()
    (opinion,) = body["return_opinions"]
    assert (opinion["entry_id"], opinion["row_id"], opinion["field"]) == (
        entry.pk,
        row.pk,
        "progress",
    )
    assert opinion["text"] == "写明数量" and opinion["row_number"] == 1
    # sent back with the PUT, the opinions are ignored like every read-only part
    body["return_opinions"] = [dict(opinion, text="改掉")]
    assert _put(client, MONITORING, body, headers).status_code == 200
    assert client.get(MONITORING, **headers).json()["return_opinions"][0]["text"] == "写明数量"
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert schema["Monitoring"]["properties"]["return_opinions"]["readOnly"] is True
