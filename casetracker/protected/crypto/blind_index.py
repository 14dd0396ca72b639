"""Keyed blind index: find a person by exact name without storing the name in clear.

HMAC-SHA256 with its own key (CASETRACKER_BLIND_INDEX_KEY) over a normalized form, so
equal names give equal digests while the digest reveals nothing without the key.
"""

import datetime as dt
import hashlib
import hmac
import re
import unicodedata

from django.conf import settings

DIGEST_LENGTH = 32  # hex characters: 128 bits, far beyond any collision risk here


def normalize_name(name: str) -> str:
    """Case, spacing, "ё" and punctuation do not make a different person."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("ё", "е")
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def _digest(message: str) -> str:
    key = settings.CASETRACKER_BLIND_INDEX_KEY.encode()
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()[:DIGEST_LENGTH]


def name_index(name: str) -> str:
    normalized = normalize_name(name or "")
    return _digest(f"name:{normalized}") if normalized else ""


def name_birth_index(name: str, birth_date: dt.date | None) -> str:
    normalized = normalize_name(name or "")
    if not normalized or birth_date is None:
        return ""
    return _digest(f"name+birth:{normalized}|{birth_date.isoformat()}")


def phone_index(phone: str) -> str:
    """The digits of a phone number (an intake stores it as E.164), keyed: equal numbers, equal digests."""
    digits = re.sub(r"\D", "", phone or "")
    return _digest(f"phone:{digits}") if digits else ""
