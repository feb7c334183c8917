"""Schemathesis against the API's generated OpenAPI document (#14 "done when").

Every operation gets examples drawn from its schema — and values just outside it — sent with a
valid token through Django's WSGI handler on the test database. No answer may be a 5xx, and
every answer (status code, content type, headers, body) must match what the document says.
Bounded (50 examples per operation) and derandomised, so the run is the same every time.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from api.models import ApiToken
from api.views import PREFIX, api
from tests.conftest import make_user

schema = schemathesis.openapi.from_dict(
    json.loads(json.dumps(api.get_openapi_schema(path_prefix=PREFIX)))
)
# Requests (and the checks' follow-up requests) go to Django's own WSGI handler.
schema.app = WSGIHandler()
# Schema-valid data passes validation (never 422); the save may still refuse it for domain
# rules the schema cannot state — an unknown 一级指标, sums that disagree — with 400.
schema.config.checks.positive_data_acceptance.expected_statuses = ["200", "400", "403", "404"]


@pytest.fixture
def wsgi(seed_plan):
    """The WSGI handler on the test database: as in Django's test client, a request must not
    close the connection that holds the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schema.app
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def token(seed_plan) -> dict[str, str]:
    """The clerk of 802010, who may read and write the seed department."""
    clerk = make_user("own", "clerk", departments=[seed_plan.department])
    _token, key = ApiToken.issue(user=clerk)
    return {"Authorization": f"Token {key}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=50,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_conforms_to_its_generated_schema(case, wsgi, token):
    case.call_and_validate(headers=token)
