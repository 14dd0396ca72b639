"""Two-factor sign-in: an authenticator app (TOTP) and one-time recovery codes.

A user has at most one confirmed TOTP device and one static device holding their
recovery codes (django-otp models). The sign-in form, the enrolment page and the
middleware that enforces `CASETRACKER_REQUIRE_2FA` all go through these functions.
"""

import base64
import re

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from casetracker.accounts.models import User

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "authenticator app"
RECOVERY_DEVICE_NAME = "recovery codes"

# A TOTP code is 6 digits; a recovery code is 8 base32 letters and digits (never 6
# digits only), so the code itself says which device to check. Checking only that one
# device matters: a failed check throttles the device it was made against.
_TOTP_CODE = re.compile(r"\d{6}")


def normalize_code(code: str) -> str:
    """Codes are typed with spaces or dashes now and then; recovery codes in any case."""
    return re.sub(r"[\s-]", "", code or "").lower()


def required() -> bool:
    """Whether every staff sign-in must pass a second factor (`CASETRACKER_REQUIRE_2FA`)."""
    return settings.CASETRACKER_REQUIRE_2FA


def user_has_two_factor(user: User) -> bool:
    """Whether the user has a confirmed authenticator app (so every sign-in needs a code)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def two_factor_verify(*, user: User, code: str) -> Device | None:
    """The device that accepts `code` for `user` (a used recovery code is deleted), or None.

    Raises ValidationError while the device refuses checks after wrong codes in a row
    (django-otp's throttling: 1, 2, 4, ... seconds), so the user is told to wait
    rather than that a right code is wrong.
    """
    code = normalize_code(code)
    if not code:
        return None
    model = TOTPDevice if _TOTP_CODE.fullmatch(code) else StaticDevice
    devices = list(model.objects.filter(user=user, confirmed=True))
    if any(not device.verify_is_allowed()[0] for device in devices):
        raise ValidationError(_("Too many wrong codes in a row. Wait a moment, then try again."), code="throttled")
    for persistent_id in [device.persistent_id for device in devices]:
        # django_otp.verify_token locks the device row: the same recovery code posted
        # twice at once is accepted only once, and a TOTP code only once per step.
        device = django_otp.verify_token(user, persistent_id, code)
        if device is not None:
            return device
    return None


def enrolment_device(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator shown on the enrolment page: created once, reused on reload."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URI as an SVG QR code in a data: URI (no Pillow; CSP allows data: images)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")


def base32_secret(device: TOTPDevice) -> str:
    """The secret as apps ask for it when typed in by hand, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def two_factor_enrol(*, user: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the user's pending authenticator with a code from it; return it and fresh recovery codes."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-pk").first()
        # verify_token records a failure (throttling) itself; nothing here may roll it back.
        confirmed = device is not None and device.verify_token(normalize_code(code))
        if confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            # One authenticator per user: a previous one stops working now.
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            codes = _replace_recovery_codes(user)
    if not confirmed:
        raise ValidationError(
            _("That code is not right. Check the time on your phone and enter the current code."),
            code="invalid_code",
        )
    return device, codes


def recovery_codes_regenerate(*, user: User) -> list[str]:
    """Replace the user's recovery codes with new ones; the old ones stop working."""
    with transaction.atomic():
        return _replace_recovery_codes(user)


def two_factor_disable(*, user: User) -> None:
    """Remove the user's authenticator and recovery codes (to reset a lost phone, enrol again)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def _replace_recovery_codes(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
