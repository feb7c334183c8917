"""/session/extend/: the 延长登录 button keeps an idle session alive; an ended one says 401."""

from __future__ import annotations

import time
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone

URL = "/session/extend/"


def test_anonymous_gets_401_not_the_login_page(client, db):
    response = client.post(URL)
    assert response.status_code == 401
    assert response.json()["error"] == "登录已过期，请重新登录。"
    assert "Location" not in response


def test_a_session_ended_on_the_server_gets_401(clerk):
    Session.objects.all().delete()
    assert clerk.post(URL).status_code == 401


def test_extends_the_session_by_its_whole_age(clerk, settings):
    settings.SESSION_COOKIE_AGE = 600
    # The session was last saved long ago (as far as its expiry says): the middleware's
    # once-a-minute marker is recent, so an ordinary page would not save it again.
    session = Session.objects.get()
    stored = clerk.session
    stored["_seen"] = int(time.time())
    stored.save()
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(seconds=5))

    response = clerk.post(URL)

    assert response.status_code == 200
    assert response.json() == {"seconds": 600}
    left = Session.objects.get(pk=session.pk).expire_date - timezone.now()
    assert timedelta(seconds=590) < left <= timedelta(seconds=600)
    assert response["Cache-Control"].startswith("max-age=0")


def test_only_post(clerk):
    assert clerk.get(URL).status_code == 405


def test_posts_need_the_csrf_token(seed_plan, django_user_model):
    from django.test import Client

    from tests.conftest import make_user

    user = make_user("csrf-clerk", "clerk", departments=[seed_plan.department])
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    assert browser.post(URL).status_code == 403
    browser.get("/")
    token = browser.cookies["csrftoken"].value
    assert browser.post(URL, HTTP_X_CSRFTOKEN=token).status_code == 200


def test_pages_tell_the_script_how_long_the_session_lasts(clerk, settings):
    settings.SESSION_COOKIE_AGE = 900
    html = clerk.get("/").content.decode()
    assert 'data-session-seconds="900"' in html
    assert 'data-session-extend-url="/session/extend/"' in html
    assert "js/session-guard.js" in html and "js/form-guard.js" in html


def test_the_login_page_has_no_session_data(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert "data-session-seconds" not in html
    # form-guard.js runs there too: it keeps a draft sent after the login ended.
    assert "js/form-guard.js" in html
