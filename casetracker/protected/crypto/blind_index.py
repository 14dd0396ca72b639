"""Keyed blind index: find a person by name or phone number without storing either in clear.

HMAC-SHA256 with its own key (CASETRACKER_BLIND_INDEX_KEY) over a normalized form, so
equal names give equal digests while the digest reveals nothing without the key. The
exact name (and name + birth date) use that key itself; the per-word and phone digests
use keys derived from it, one per purpose.
"""

import datetime as dt
import functools
import hashlib
import hmac
import re
import unicodedata

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
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


# --- Search by a word of the name or by phone number ----------------------------------------
#
# Each has its own key, derived from CASETRACKER_BLIND_INDEX_KEY with HKDF under a label of
# its own: a word digest and a whole-name digest of the same text never compare equal, and a
# word's digest says nothing about a phone's. See docs/protection.md for what these reveal.

# Shorter words are initials ("А." of "Иванов А. Б."): a word index of them would put a
# large share of all persons into some 30 groups, and no one searches by an initial.
MIN_WORD_LENGTH = 2
# E.164 allows at most 15 digits; fewer than 10 is an extension or part of a number.
PHONE_DIGITS = (10, 15)
PHONE_CHARACTERS = re.compile(r"^[\d\s()+\-.]+$")
# Several numbers in one phone field: "+7 916 …, 8 903 …" or one per line.
PHONE_SEPARATORS = re.compile(r"[,;/\n]+")


@functools.lru_cache(maxsize=8)
def _derived_key(master: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"casetracker " + purpose).derive(master.encode())


def _derived_digest(purpose: bytes, message: str) -> str:
    key = _derived_key(settings.CASETRACKER_BLIND_INDEX_KEY, purpose)
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()[:DIGEST_LENGTH]


def name_words(name: str) -> list[str]:
    """The distinct words of a normalized name that are indexed (hyphenated parts apart)."""
    words = normalize_name((name or "").replace("_", " ")).split()
    return sorted({word for word in words if len(word) >= MIN_WORD_LENGTH})


def name_word_indexes(name: str) -> list[str]:
    """One digest per indexed word of `name`, sorted by digest (not by the word's place in the name)."""
    return sorted({_derived_digest(b"name word index", word) for word in name_words(name)})


def normalize_phone(phone: str) -> str:
    """The digits of one phone number, a Russian one as 7 and ten digits; "" when not a number.

    "8 916 …" and "+7 916 …" are one number: 8 is the trunk prefix dialled inside the +7
    zone (Russia and Kazakhstan) before the same ten digits that follow +7; ten digits
    alone are taken as such a number written without its prefix.
    """
    if not PHONE_CHARACTERS.match(phone or ""):
        return ""
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 11 and digits[0] == "8":
        digits = "7" + digits[1:]
    elif len(digits) == 10:
        digits = "7" + digits
    low, high = PHONE_DIGITS
    return digits if low <= len(digits) <= high else ""


def phone_numbers(phone: str) -> list[str]:
    """The normalized numbers of a phone field (several may be separated by commas or lines)."""
    numbers = {normalize_phone(part.strip()) for part in PHONE_SEPARATORS.split(phone or "")}
    return sorted(number for number in numbers if number)


def phone_search_index(phone: str) -> str:
    """The search digest of one phone number as a user types it; "" when it is not a phone number.

    Not `phone_index` above: that one matches intakes among themselves, whose phone is
    stored in one format already.
    """
    number = normalize_phone(phone.strip())
    return _derived_digest(b"phone index", number) if number else ""


def phone_search_indexes(phone: str) -> list[str]:
    """One digest per number of a phone field, sorted by digest."""
    return sorted({_derived_digest(b"phone index", number) for number in phone_numbers(phone)})
