"""Login throttling: 5 failures per (username, client IP) lock that pair for 30 minutes."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.utils import timezone

from casetracker.accounts.roles import LAWYER
from tests.accounts.signin import CLIENT_IP, LOCKED_OUT, sign_in, signed_in
from tests.factories import make_user

pytestmark = pytest.mark.django_db

WRONG = "not-the-password-at-all"


@pytest.fixture
def anna():
    return make_user(LAWYER, username="anna")


def fail_five_times(username: str, **kwargs) -> None:
    client = Client()
    for _ in range(5):
        response = sign_in(client, username, WRONG, **kwargs)
        assert not signed_in(response)


def test_lockout_is_configured_per_username_and_ip_for_thirty_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_four_wrong_passwords_are_refused_as_wrong_not_locked(anna):
    client = Client()
    for _ in range(4):
        response = sign_in(client, "anna", WRONG)
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    assert signed_in(sign_in(client, "anna"))


def test_the_fifth_wrong_password_locks_with_a_clear_message_on_the_login_form(anna):
    client = Client()
    for _ in range(4):
        sign_in(client, "anna", WRONG)

    response = sign_in(client, "anna", WRONG)

    assert response.status_code == 429
    content = response.content.decode()
    assert LOCKED_OUT in content
    assert 'id="login-form"' in content  # the login page itself, not a bare error page


def test_after_five_failures_even_the_right_password_is_refused(anna):
    fail_five_times("anna")
    client = Client()

    response = sign_in(client, "anna")

    assert response.status_code == 429
    assert LOCKED_OUT in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/cases/case/").status_code == 302


def test_the_same_username_from_another_ip_is_not_locked(anna):
    fail_five_times("anna", ip=CLIENT_IP)

    assert signed_in(sign_in(Client(), "anna", ip="203.0.113.50"))


def test_another_username_from_the_same_ip_is_not_locked(anna):
    make_user(LAWYER, username="boris")
    fail_five_times("anna", ip=CLIENT_IP)

    assert signed_in(sign_in(Client(), "boris", ip=CLIENT_IP))


def test_the_lockout_ends_after_thirty_minutes(anna):
    fail_five_times("anna")
    # Move the recorded failures back in time instead of waiting.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=29))
    assert sign_in(Client(), "anna").status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))

    assert signed_in(sign_in(Client(), "anna"))


def test_attempts_during_the_lockout_do_not_extend_it(anna):
    fail_five_times("anna")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=20))
    for _ in range(3):
        assert sign_in(Client(), "anna", WRONG).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))

    assert signed_in(sign_in(Client(), "anna"))


def test_a_successful_sign_in_clears_the_failures(anna):
    client = Client()
    for _ in range(4):
        sign_in(client, "anna", WRONG)
    assert signed_in(sign_in(client, "anna"))
    client.post("/admin/logout/")

    for _ in range(4):
        sign_in(client, "anna", WRONG)

    assert signed_in(sign_in(client, "anna"))


def test_an_unknown_username_is_locked_like_a_real_one():
    """The lockout does not tell an attacker which usernames exist."""
    fail_five_times("nobody")

    response = sign_in(Client(), "nobody")

    assert response.status_code == 429
    assert LOCKED_OUT in response.content.decode()


def test_the_password_is_never_stored_with_the_failed_attempt(anna):
    fail_five_times("anna")

    attempt = AccessAttempt.objects.get()
    assert WRONG not in attempt.post_data


# --- Behind a reverse proxy ----------------------------------------------------------------

PROXY = "10.0.0.1"


@pytest.fixture
def behind_one_proxy(settings):
    settings.CASETRACKER_TRUSTED_PROXY_COUNT = 1


def test_behind_a_proxy_the_forwarded_client_ip_is_what_is_counted(anna, behind_one_proxy):
    fail_five_times("anna", ip=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"
    assert sign_in(Client(), "anna", ip=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    # Another client through the same proxy is not locked out by the first one.
    assert signed_in(sign_in(Client(), "anna", ip=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.10"))


def test_behind_a_proxy_a_forged_forwarded_for_entry_does_not_dodge_the_lockout(anna, behind_one_proxy):
    fail_five_times("anna", ip=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")

    # The client prepends a made-up address; the proxy appends the real one.
    response = sign_in(Client(), "anna", ip=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.77, 203.0.113.9")

    assert response.status_code == 429


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(anna):
    fail_five_times("anna", ip=CLIENT_IP, HTTP_X_FORWARDED_FOR="203.0.113.9")

    response = sign_in(Client(), "anna", ip=CLIENT_IP, HTTP_X_FORWARDED_FOR="203.0.113.10")

    assert response.status_code == 429
    assert AccessAttempt.objects.get().ip_address == CLIENT_IP
