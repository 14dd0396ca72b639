"""Sessions end after 30 idle minutes and 12 hours after sign-in; passwords need 12 characters."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from casetracker.accounts.middleware import LOGIN_AT_SESSION_KEY, SEEN_AT_SESSION_KEY
from casetracker.accounts.roles import LAWYER
from tests.accounts.signin import CASES_URL, LOGIN_URL, sign_in, signed_in
from tests.factories import TEST_PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna():
    return make_user(LAWYER, username="anna")


@pytest.fixture
def client(anna) -> Client:
    client = Client()
    assert signed_in(sign_in(client, "anna"))
    return client


def stored_session(client: Client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def set_login_time(client: Client, seconds_ago: float) -> None:
    session = client.session
    session[LOGIN_AT_SESSION_KEY] = int(time.time() - seconds_ago)
    session.save()


# --- Idle expiry (Django's sessions) -------------------------------------------------------


def test_sessions_expire_after_thirty_idle_minutes_and_with_the_browser():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert "casetracker.accounts.middleware.SessionIdleRefreshMiddleware" in settings.MIDDLEWARE
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.CASETRACKER_SESSION_MAX_AGE_HOURS == 12


def _last_seen_seconds_ago(client, seconds: int) -> None:
    session = client.session
    session[SEEN_AT_SESSION_KEY] = int(time.time()) - seconds
    session.save()


def test_a_request_a_minute_after_the_last_push_moves_the_idle_expiry_thirty_minutes_ahead(client):
    _last_seen_seconds_ago(client, 61)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )

    assert client.get(CASES_URL).status_code == 200

    remaining = stored_session(client).expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)


def test_requests_within_a_minute_of_the_last_push_do_not_write_the_session(client):
    _last_seen_seconds_ago(client, 10)
    soon = timezone.now() + timedelta(minutes=20)
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=soon)

    assert client.get(CASES_URL).status_code == 200

    assert stored_session(client).expire_date == soon


def test_a_session_idle_for_more_than_thirty_minutes_is_over(client):
    # What 31 idle minutes leave in the session store: an expiry in the past.
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )

    response = client.get(CASES_URL)

    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


def test_the_session_cookie_is_not_kept_past_the_browser(anna):
    response = sign_in(Client(), "anna")

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert cookie["httponly"]


# --- Absolute limit: 12 hours after sign-in --------------------------------------------------


def test_sign_in_records_the_time_of_sign_in(client):
    assert abs(client.session[LOGIN_AT_SESSION_KEY] - time.time()) < 60


def test_a_session_younger_than_twelve_hours_goes_on(client):
    set_login_time(client, 12 * 3600 - 60)

    assert client.get(CASES_URL).status_code == 200


def test_a_session_older_than_twelve_hours_is_signed_out_even_while_active(client):
    set_login_time(client, 12 * 3600 + 60)
    # Active all along: the idle expiry is nowhere near.
    assert stored_session(client).expire_date > timezone.now() + timedelta(minutes=29)

    response = client.get(CASES_URL)

    assert response.status_code == 302
    assert response.url == f"{LOGIN_URL}?next=/admin/cases/case/"
    assert "_auth_user_id" not in client.session
    follow = client.get(response.url)
    assert "Your session has ended after 12 hours" in follow.content.decode()


def test_the_absolute_limit_follows_the_setting(client, settings):
    settings.CASETRACKER_SESSION_MAX_AGE_HOURS = 1
    set_login_time(client, 3600 + 60)

    assert client.get(CASES_URL).status_code == 302


def test_a_session_without_a_recorded_sign_in_time_is_signed_out(client):
    session = client.session
    del session[LOGIN_AT_SESSION_KEY]
    session.save()

    assert client.get(CASES_URL).status_code == 302


# --- Passwords -----------------------------------------------------------------------------


def change_password(client: Client, new_password: str):
    return client.post(
        "/admin/password_change/",
        {"old_password": TEST_PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )


def test_a_password_of_eleven_characters_is_rejected_on_password_change(client, anna):
    response = change_password(client, "kx7#mq2!vw9")

    assert response.status_code == 200
    assert "It must contain at least 12 characters" in response.content.decode()
    anna.refresh_from_db()
    assert anna.check_password(TEST_PASSWORD)


def test_a_password_of_twelve_characters_is_accepted_on_password_change(client, anna):
    response = change_password(client, "kx7#mq2!vw9z")

    assert response.status_code == 302
    assert response.url == "/admin/password_change/done/"
    anna.refresh_from_db()
    assert anna.check_password("kx7#mq2!vw9z")
