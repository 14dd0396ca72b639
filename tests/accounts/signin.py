"""Helpers for the sign-in tests: post the admin login form as a browser would."""

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from casetracker.accounts import twofactor
from tests.factories import TEST_PASSWORD

LOGIN_URL = "/admin/login/"
CASES_URL = "/admin/cases/case/"
TWO_FACTOR_URL = "/account/2fa/"
MANAGE_URL = "/account/2fa/manage/"
CLIENT_IP = "198.51.100.7"
LOCKED_OUT = "Sign-in is locked for 30 minutes"


def sign_in(
    client: Client,
    username: str,
    password: str = TEST_PASSWORD,
    *,
    code: str | None = None,
    ip: str = CLIENT_IP,
    **meta,
):
    data = {"username": username, "password": password, "next": "/admin/"}
    if code is not None:
        data["otp_token"] = code
    return client.post(LOGIN_URL, data, REMOTE_ADDR=ip, **meta)


def signed_in(response) -> bool:
    return response.status_code == 302 and response.url == "/admin/"


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    """A confirmed authenticator and recovery codes, as the enrolment page leaves them."""
    device = twofactor.enrolment_device(user=user)
    device.confirmed = True
    device.save()
    return device, twofactor.recovery_codes_regenerate(user=user)


def forget_wrong_codes() -> None:
    """As if the seconds that django-otp's throttling waits after a wrong code had passed."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)


def current_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"
