"""Two-factor sign-in: enrolment, codes at sign-in, recovery codes, enforcement for staff."""

import re

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from casetracker.accounts import twofactor
from casetracker.accounts.roles import LAWYER
from tests.accounts.signin import (
    CASES_URL,
    LOCKED_OUT,
    LOGIN_URL,
    MANAGE_URL,
    TWO_FACTOR_URL,
    current_code,
    enrol,
    forget_wrong_codes,
    sign_in,
    signed_in,
)
from tests.factories import TEST_PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def require_2fa(settings):
    settings.CASETRACKER_REQUIRE_2FA = True


@pytest.fixture
def anna():
    return make_user(LAWYER, username="anna")


@pytest.fixture
def enrolled(anna):
    device, codes = enrol(anna)
    return anna, device, codes


def codes_on_page(content: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", content)


# --- Enforcement ---------------------------------------------------------------------------


def test_staff_without_an_authenticator_is_sent_to_enrolment_and_cannot_open_cases(anna, require_2fa):
    client = Client()
    assert signed_in(sign_in(client, "anna"))

    response = client.get(CASES_URL)

    assert response.status_code == 302
    assert response.url == f"{TWO_FACTOR_URL}?next=%2Fadmin%2Fcases%2Fcase%2F"
    assert client.get("/admin/").url.startswith(TWO_FACTOR_URL)
    assert client.get(TWO_FACTOR_URL).status_code == 200


def test_an_unverified_session_of_a_user_with_an_authenticator_is_signed_out(enrolled, require_2fa):
    anna, _device, _codes = enrolled
    client = Client()
    client.force_login(anna)  # a session that never passed the second factor

    response = client.get(CASES_URL)

    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)
    assert "_auth_user_id" not in client.session


def test_with_two_factor_off_a_user_without_an_authenticator_signs_in_with_the_password(anna, settings):
    settings.CASETRACKER_REQUIRE_2FA = False
    client = Client()

    assert signed_in(sign_in(client, "anna"))
    assert client.get(CASES_URL).status_code == 200


# --- Enrolment -----------------------------------------------------------------------------


def test_enrolment_page_shows_a_qr_code_the_key_and_the_setup_link(anna, require_2fa):
    client = Client()
    sign_in(client, "anna")

    content = client.get(TWO_FACTOR_URL).content.decode()

    device = TOTPDevice.objects.get(user=anna, confirmed=False)
    assert 'src="data:image/svg+xml;base64,' in content
    assert twofactor.base32_secret(device) in content
    assert "otpauth://totp/casetracker%3Aanna?secret=" in content
    # Reloading the page keeps the same pending key (the app may have scanned it already).
    client.get(TWO_FACTOR_URL)
    assert TOTPDevice.objects.get(user=anna, confirmed=False).pk == device.pk


def test_enrolment_with_a_correct_code_turns_two_factor_on_and_shows_recovery_codes_once(anna, require_2fa):
    client = Client()
    sign_in(client, "anna")
    client.get(TWO_FACTOR_URL)
    device = TOTPDevice.objects.get(user=anna)

    response = client.post(TWO_FACTOR_URL, {"otp_token": current_code(device), "next": CASES_URL})

    assert response.status_code == 200
    content = response.content.decode()
    codes = codes_on_page(content)
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=anna).values_list("token", flat=True))
    assert f'href="{CASES_URL}"' in content
    device.refresh_from_db()
    assert device.confirmed
    # This session is verified by the enrolment: the cases open now.
    assert client.get(CASES_URL).status_code == 200
    # The codes are never shown again.
    again = client.get(TWO_FACTOR_URL).content.decode()
    assert codes_on_page(again) == []
    assert "Recovery codes left: 10" in again


def test_enrolment_with_a_wrong_code_is_refused(anna, require_2fa):
    client = Client()
    sign_in(client, "anna")
    client.get(TWO_FACTOR_URL)

    response = client.post(TWO_FACTOR_URL, {"otp_token": "000000"})

    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.get(user=anna).confirmed
    assert client.get(CASES_URL).status_code == 302


# --- Signing in with a code ----------------------------------------------------------------


def test_the_password_alone_is_refused_for_a_user_with_an_authenticator(enrolled, require_2fa):
    client = Client()

    response = sign_in(client, "anna")

    assert response.status_code == 200
    assert "Enter the 6-digit code from your authenticator app" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_password_alone_is_refused_even_with_two_factor_optional(enrolled, settings):
    """An authenticator, once set up, is asked for on every sign-in."""
    settings.CASETRACKER_REQUIRE_2FA = False

    assert not signed_in(sign_in(Client(), "anna"))


def test_password_and_a_current_code_sign_in(enrolled, require_2fa):
    _anna, device, _codes = enrolled
    client = Client()

    assert signed_in(sign_in(client, "anna", code=current_code(device)))
    assert client.get(CASES_URL).status_code == 200


def test_a_code_is_accepted_only_once(enrolled, require_2fa):
    _anna, device, _codes = enrolled
    code = current_code(device)
    assert signed_in(sign_in(Client(), "anna", code=code))

    assert not signed_in(sign_in(Client(), "anna", code=code))


def test_a_wrong_code_is_refused(enrolled, require_2fa):
    client = Client()

    response = sign_in(client, "anna", code="123456")

    assert response.status_code == 200
    assert "That authentication code is not right" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_codes_in_a_row_make_the_user_wait(enrolled, require_2fa):
    assert sign_in(Client(), "anna", code="123456").status_code == 200

    response = sign_in(Client(), "anna", code="654321")

    assert "Too many wrong codes in a row" in response.content.decode()


def test_wrong_codes_count_towards_the_lockout(enrolled, require_2fa):
    for _ in range(4):
        assert sign_in(Client(), "anna", code="123456").status_code == 200
        forget_wrong_codes()

    response = sign_in(Client(), "anna", code="123456")

    assert response.status_code == 429
    assert LOCKED_OUT in response.content.decode()


def test_a_recovery_code_signs_in_once(enrolled, require_2fa):
    _anna, _device, codes = enrolled
    client = Client()

    assert signed_in(sign_in(client, "anna", code=codes[0].upper()))
    assert client.get(CASES_URL).status_code == 200
    client.post("/admin/logout/")

    assert not signed_in(sign_in(Client(), "anna", code=codes[0]))
    forget_wrong_codes()
    assert signed_in(sign_in(Client(), "anna", code=codes[1]))
    assert StaticToken.objects.count() == 8


# --- Managing one's own two-factor set-up ----------------------------------------------------


@pytest.fixture
def verified_client(enrolled, require_2fa):
    _anna, device, _codes = enrolled
    client = Client()
    assert signed_in(sign_in(client, "anna", code=current_code(device)))
    return client


def test_new_recovery_codes_need_the_password_and_a_code(enrolled, verified_client):
    _anna, _device, old_codes = enrolled

    refused = verified_client.post(
        MANAGE_URL, {"action": "recovery_codes", "password": "wrong-password-123", "otp_token": old_codes[0]}
    )
    assert "The password is not right" in refused.content.decode()

    response = verified_client.post(
        MANAGE_URL, {"action": "recovery_codes", "password": TEST_PASSWORD, "otp_token": old_codes[0]}
    )

    new_codes = codes_on_page(response.content.decode())
    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)
    assert not signed_in(sign_in(Client(), "anna", code=old_codes[1]))
    forget_wrong_codes()
    assert signed_in(sign_in(Client(), "anna", code=new_codes[0]))


def test_turning_two_factor_off_needs_the_password_and_a_code_then_asks_to_enrol_again(enrolled, verified_client):
    _anna, _device, codes = enrolled

    refused = verified_client.post(MANAGE_URL, {"action": "disable", "password": TEST_PASSWORD, "otp_token": "000000"})
    assert "That authentication code is not right" in refused.content.decode()
    assert TOTPDevice.objects.filter(confirmed=True).exists()

    response = verified_client.post(MANAGE_URL, {"action": "disable", "password": TEST_PASSWORD, "otp_token": codes[0]})

    assert response.status_code == 302
    assert response.url == TWO_FACTOR_URL
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert not StaticToken.objects.exists()
    # Two-factor is required: the user must set up the new phone before anything else.
    assert verified_client.get(CASES_URL).url.startswith(TWO_FACTOR_URL)


def test_the_admin_header_links_to_the_two_factor_page(anna):
    client = Client()
    client.force_login(anna)

    content = client.get("/admin/").content.decode()

    assert f'href="{TWO_FACTOR_URL}"' in content


def test_the_two_factor_page_needs_a_signed_in_user():
    response = Client().get(TWO_FACTOR_URL)

    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)
