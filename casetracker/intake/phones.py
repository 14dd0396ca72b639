"""Phone numbers as callers dictate them: parsed with libphonenumber, stored as E.164.

Numbers without a country code are read as Russian (8 916 ... or 916 ...). A number
libphonenumber cannot parse, or one that cannot exist (too short or too long for its
country), is refused with one message; its ranges are not checked, so a number of a
block newer than the library's data is still accepted.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "RU"
INVALID_PHONE = _("Enter a phone number such as +7 916 123-45-67 or 8 916 123 45 67.")


def phone_normalize(value: str) -> str:
    """The number in E.164 (+79161234567); '' for an empty value; ValidationError when it is no phone number."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(INVALID_PHONE, code="invalid_phone") from None
    if not phonenumbers.is_possible_number(number):
        raise ValidationError(INVALID_PHONE, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_phone(value: str) -> None:
    """Model field validator: the value must be a phone number."""
    phone_normalize(value)
