"""The columns of a detention list and how each cell becomes a typed value.

A converter raises ValueError with a message that names what is wrong, never the value:
a value may be a name.
"""

import datetime as dt
import decimal
import re
from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casetracker.cases import domain
from casetracker.cases.choices import (
    ClaimSource,
    Gender,
    HearingOutcome,
    IdentificationMethod,
    LegalCode,
    PlaceType,
    Reliability,
)


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number or a place typed as a number in a spreadsheet
    return str(value).strip()


DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")
DATETIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S")


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        # The common YYYY-MM-DD, at C speed (strptime costs ~10 µs a date, four dates a row).
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass  # e.g. 2021-13-45: strptime below gives the same verdict and message
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("Enter a date as YYYY-MM-DD or DD.MM.YYYY."))


def _datetime(value: Any) -> dt.datetime:
    # A time without an offset is wall-clock time where it happened: the display
    # time zone (Europe/Moscow), never the server's or UTC.
    if isinstance(value, dt.datetime):
        moment = value
    else:
        text = _text(value)
        moment = None
        try:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            for fmt in DATETIME_FORMATS:
                try:
                    moment = dt.datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
        if moment is None or len(text) <= 10:
            raise ValueError(_("Enter a date and time as YYYY-MM-DD HH:MM (Moscow time) or ISO 8601."))
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=domain.display_zone())
    return moment


TRUE_WORDS = {"1", "yes", "y", "true", "да", "д", "x", "+"}
FALSE_WORDS = {"0", "no", "n", "false", "нет", "н", "-"}


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).casefold()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(_("Enter yes or no."))


def _choice(choices) -> Callable[[Any], str]:
    values = {value.casefold(): value for value in choices.values}

    def convert(value: Any) -> str:
        text = _text(value).casefold().replace(" ", "_")
        if text in values:
            return values[text]
        raise ValueError(_("Unknown value; use one of: %(values)s.") % {"values": ", ".join(choices.values)})

    return convert


def _decimal(value: Any) -> decimal.Decimal:
    try:
        return decimal.Decimal(_text(value).replace(" ", "").replace(",", "."))
    except decimal.InvalidOperation:
        raise ValueError(_("Enter a number.")) from None


def _int(value: Any) -> int:
    try:
        return int(_decimal(value).to_integral_exact())
    except (ValueError, decimal.InvalidOperation, ArithmeticError):
        raise ValueError(_("Enter a whole number.")) from None


ARTICLE = re.compile(
    r"^(?P<code>koap|коап|uk|ук)(?:\s*рф)?[\s.]*(?:(?:art|ст)\.?\s*)?(?P<number>\d+(?:\.\d+)*)"
    r"(?:[\s,]*(?:part|ч)\.?\s*(?P<part>\d+(?:\.\d+)?))?$",
    re.IGNORECASE,
)
CODE_ALIASES = {"koap": LegalCode.KOAP, "коап": LegalCode.KOAP, "uk": LegalCode.UK, "ук": LegalCode.UK}


def _article(value: Any) -> tuple[str, str, str]:
    match = ARTICLE.match(" ".join(_text(value).split()))
    if match is None:
        raise ValueError(_('Write the article as "koap 20.2 part 5" or "КоАП 20.2 ч.5".'))
    return CODE_ALIASES[match["code"].casefold()], match["number"], match["part"] or ""


COLUMNS: dict[str, Callable[[Any], Any]] = {
    # person
    "full_name": _text,
    "birth_date": _date,
    "gender": _choice(Gender),
    "home_region": _text,
    "is_journalist": _bool,
    "phone": _text,
    "email": _text,
    # the event the detention relates to (created when unknown)
    "event_name": _text,
    "event_date": _date,
    "event_city": _text,
    # detention
    "detained_at": _datetime,
    "city": _text,
    "region": _text,
    "place_type": _choice(PlaceType),
    "place": _text,
    "press_vest": _bool,
    # evidence claim
    "method": _choice(IdentificationMethod),
    "system_name": _text,
    "source": _choice(ClaimSource),
    "reliability": _choice(Reliability),
    "footage_event_name": _text,
    "footage_date": _date,
    # charge and hearing
    "article": _article,
    "court": _text,
    "hearing_date": _date,
    "outcome": _choice(HearingOutcome),
    "fine_amount": _decimal,
    "arrest_days": _int,
    # assignment (coordinators)
    "lawyer": _text,
}
