"""Login lockout behind the load balancer (#14): keyed on the real client, never on the proxy.

Every request through the balancer comes from its address; X-Forwarded-For names the client
only when the request comes from a trusted proxy (FORWARDED_ALLOW_IPS), so one person's wrong
passwords lock out only that person, and nobody escapes the lockout by sending the header.
"""

from __future__ import annotations

import pytest
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.test import Client, RequestFactory

from perfbudget.client_ip import client_ip
from tests.conftest import make_user

BALANCER = "10.0.0.10"
ATTACKER, REAL_USER = "203.0.113.9", "198.51.100.7"


@pytest.fixture
def behind_balancer(settings):
    settings.TRUSTED_PROXIES = [BALANCER]


def login(client: Client, password: str, remote: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post("/accounts/login/", {"username": "clerk1", "password": password}, **headers)


def fail_until_locked(client: Client, remote: str, forwarded=lambda n: None) -> None:
    """AXES_FAILURE_LIMIT wrong passwords: the form comes back until the last one locks."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = login(client, "wrong", remote, forwarded(n))
        last = n == settings.AXES_FAILURE_LIMIT - 1
        assert is_locked(response) if last else response.status_code == 200


def is_locked(response) -> bool:
    return response.status_code in (403, 429) and "登录失败次数过多" in response.content.decode()


@pytest.mark.django_db
def test_wrong_passwords_through_the_balancer_do_not_lock_out_the_real_user(behind_balancer):
    make_user("clerk1", "clerk")
    fail_until_locked(Client(), BALANCER, lambda n: ATTACKER)
    attacker = login(Client(), "pw-123456", BALANCER, ATTACKER)
    assert is_locked(attacker)  # the one who guessed is locked out, even with the password

    real = Client()
    response = login(real, "pw-123456", BALANCER, REAL_USER)
    assert response.status_code == 302 and response["Location"] == "/"
    assert "_auth_user_id" in real.session


@pytest.mark.django_db
def test_a_client_cannot_escape_the_lockout_by_sending_the_header_itself():
    """Without trusted proxies (and from an untrusted address) the header is ignored."""
    make_user("clerk1", "clerk")
    fail_until_locked(Client(), ATTACKER, lambda n: f"192.0.2.{n}")
    assert is_locked(login(Client(), "pw-123456", ATTACKER, "192.0.2.200"))


@pytest.mark.django_db
def test_hops_the_client_wrote_before_the_balancer_are_ignored(behind_balancer):
    """The balancer appends the address it saw; whatever stands left of it is the client's."""
    make_user("clerk1", "clerk")
    fail_until_locked(Client(), BALANCER, lambda n: f"192.0.2.{n}, {ATTACKER}")
    assert is_locked(login(Client(), "pw-123456", BALANCER, f"192.0.2.99, {ATTACKER}"))


@pytest.mark.django_db
def test_direct_requests_bypassing_the_balancer_are_keyed_on_their_own_address(
    behind_balancer,
):
    make_user("clerk1", "clerk")
    fail_until_locked(Client(), ATTACKER, lambda n: f"192.0.2.{n}")
    assert is_locked(login(Client(), "pw-123456", ATTACKER, REAL_USER))
    # …and the real user behind the balancer is not affected.
    assert login(Client(), "pw-123456", BALANCER, REAL_USER).status_code == 302


def address(remote: str, forwarded: str | None = None) -> str | None:
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], BALANCER, ATTACKER, BALANCER),  # nothing trusted: the header means nothing
        ([BALANCER], BALANCER, None, BALANCER),  # no header: the peer itself
        ([BALANCER], BALANCER, "", BALANCER),
        ([BALANCER], BALANCER, ATTACKER, ATTACKER),
        ([BALANCER], BALANCER, f" {REAL_USER} , {ATTACKER} ", ATTACKER),
        ([BALANCER], "10.0.0.11", ATTACKER, "10.0.0.11"),  # not the balancer
        (["10.0.0.0/24"], "10.0.0.11", f"{ATTACKER}, 10.0.0.12", ATTACKER),  # two proxies
        (["10.0.0.0/24"], "10.0.0.11", "10.0.0.12", "10.0.0.11"),  # only proxies
        ([BALANCER], BALANCER, f"{ATTACKER}, not-an-address", BALANCER),  # broken chain
        ([BALANCER], BALANCER, "2001:db8::7", "2001:db8::7"),
        (["2001:db8:1::/48"], "2001:db8:1::5", ATTACKER, ATTACKER),
        (["*"], "192.0.2.1", f"{REAL_USER}, {ATTACKER}", ATTACKER),  # gunicorn's "*"
    ],
)
def test_client_address(settings, trusted, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    assert address(remote, forwarded) == expected


def test_axes_uses_the_client_address(settings):
    request = RequestFactory().get("/", REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert get_client_ip_address(request) == BALANCER  # nothing trusted in the test settings
    settings.TRUSTED_PROXIES = [BALANCER]
    assert get_client_ip_address(request) == ATTACKER
