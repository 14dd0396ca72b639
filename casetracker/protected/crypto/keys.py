"""The key ring: Fernet keys from settings, newest first, each known by a short id.

Tokens are stored as ``ct1:<key id>:<fernet token>``. The key id says which key to use
(no trial decryption) and lets `rotate_keys` skip rows already under the newest key.
"""

import base64
import binascii
import functools
import hashlib
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TOKEN_PREFIX = "ct1"  # noqa: S105 - a format marker, not a secret


class EncryptionKeyError(ImproperlyConfigured):
    """The configured keys are missing or malformed."""


class DecryptionError(Exception):
    """A stored value cannot be decrypted with the configured keys."""


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"casetracker-key-id:" + key).hexdigest()[:8]


@dataclass(frozen=True)
class KeyRing:
    keys: tuple[bytes, ...]

    # Cached: a SHA-256 per encrypted value was a tenth of a bulk import's encryption time.
    @functools.cached_property
    def primary_id(self) -> str:
        return key_id(self.keys[0])

    @functools.cached_property
    def _primary(self) -> Fernet:
        return self._fernets[self.primary_id]

    @functools.cached_property
    def _fernets(self) -> dict[str, Fernet]:
        return {key_id(key): Fernet(key) for key in self.keys}

    def encrypt(self, plaintext: str) -> str:
        token = self._primary.encrypt(plaintext.encode()).decode()
        return f"{TOKEN_PREFIX}:{self.primary_id}:{token}"

    def encrypt_bytes(self, data: bytes) -> bytes:
        return self._primary.encrypt(data)

    def decrypt(self, stored: str, *, label: str = "value") -> str:
        prefix, _, rest = stored.partition(":")
        kid, _, token = rest.partition(":")
        if prefix != TOKEN_PREFIX or not token:
            raise DecryptionError(f"{label} is not an encrypted value (plaintext in an encrypted column?)")
        fernet = self._fernets.get(kid)
        if fernet is None:
            raise DecryptionError(
                f"{label} was encrypted with key {kid}, which is not in CASETRACKER_ENCRYPTION_KEYS "
                f"(configured: {', '.join(self._fernets)})"
            )
        try:
            return fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            raise DecryptionError(f"{label} failed authentication with key {kid}: wrong key or altered data") from None

    def is_current(self, stored: str | None) -> bool:
        return stored is None or stored.startswith(f"{TOKEN_PREFIX}:{self.primary_id}:")

    def key_bytes(self, kid: str | None = None) -> bytes:
        """The raw 32 bytes of a key (the primary by default), for file encryption."""
        for key in self.keys:
            if kid is None or key_id(key) == kid:
                return base64.urlsafe_b64decode(key)
        raise DecryptionError(f"key {kid} is not in CASETRACKER_ENCRYPTION_KEYS")


def key_ring() -> KeyRing:
    """The ring built from the current settings (cached per distinct key list)."""
    return _ring_for(tuple(settings.CASETRACKER_ENCRYPTION_KEYS))


@functools.lru_cache(maxsize=8)
def _ring_for(configured: tuple[str, ...]) -> KeyRing:
    if not configured:
        raise EncryptionKeyError("CASETRACKER_ENCRYPTION_KEYS is empty: no key to encrypt personal data with.")
    keys = []
    for position, key in enumerate(configured, start=1):
        try:
            if len(base64.urlsafe_b64decode(key.encode())) != 32:
                raise ValueError
        except (binascii.Error, ValueError):
            raise EncryptionKeyError(
                f"CASETRACKER_ENCRYPTION_KEYS: key #{position} is not a Fernet key "
                "(32 url-safe base64-encoded bytes; make one with `manage.py generate_encryption_key`)."
            ) from None
        keys.append(key.encode())
    return KeyRing(tuple(keys))
