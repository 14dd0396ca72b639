"""The one list of every kind of encrypted file; rotation, backup, purge and erasure read it.

Each kind names the model and FileField that hold its files and says what the
operations need to know of it: which records carry a finished file worth re-encrypting,
whether an unreadable file fails `rotate_keys` or is only reported (an expiring file is
refused for download anyway), which directory under PRIVATE_MEDIA_ROOT it lives in and
whether backups keep it, how its expired files are purged, and what an erasure of a
person must remove. Apps register their kinds in `AppConfig.ready()`, so this layer
imports none of the apps above it; a test compares the registry with every model's
encrypted file fields, so a new kind cannot be left out of rotation again.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import QuerySet


@dataclass(frozen=True)
class ErasureScope:
    """What an erasure hands each kind: the erased person's cases, and who erases (for the audit trail)."""

    case_ids: tuple[int, ...]
    user: Any
    request: Any = None
    source: str = ""


@dataclass(frozen=True)
class EncryptedFileKind:
    name: str  # an identifier: "documents", "import_uploads", ...
    label: str  # for people: "Document files" (command output)
    record: str  # one record, in messages: "document 12: ..."
    model: str  # the app label and model name: "cases.Document"
    directory: str  # under PRIVATE_MEDIA_ROOT; "" for the root itself (what no other kind claims)
    backed_up: bool  # whether `manage.py backup` archives these files
    # True: an unreadable file is reported and skipped by rotate_keys (it expires, and its
    # download is refused already). False: it fails the command, so its old key is kept.
    expiring: bool
    field: str = "file"
    # Narrows the records whose file is rotated (a file still being written is not yet final).
    finished: Callable[[QuerySet], QuerySet] | None = None
    # (SHA-256 column, size column) of the plaintext recorded at upload: checked before
    # re-encrypting, so that an altered file never comes out looking authentic.
    integrity: tuple[str, str] | None = None
    # Deletes the expired files (and records, where they expire whole); the number deleted.
    purge_expired: Callable[[dt.datetime], int] | None = None
    # Removes what holds the personal data of the erased cases; the number removed. None
    # where the kind never holds a person's data (aggregates), with the reason beside it.
    erase: Callable[[ErasureScope], int] | None = None

    def get_model(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def records(self) -> QuerySet:
        """The records that carry a file to rotate: those with a file, narrowed by `finished`."""
        model = self.get_model()
        records = model._base_manager.exclude(**{self.field: ""})
        return self.finished(records) if self.finished else records


_KINDS: dict[str, EncryptedFileKind] = {}


def file_kind_register(kind: EncryptedFileKind) -> None:
    """Add a kind (from an AppConfig.ready()); registering it again replaces it."""
    existing = _KINDS.get(kind.name)
    if existing is not None and (existing.model, existing.field) != (kind.model, kind.field):
        raise ValueError(f"Another encrypted file kind is already registered as {kind.name!r}.")
    _KINDS[kind.name] = kind


def file_kinds() -> tuple[EncryptedFileKind, ...]:
    """Every registered kind, in registration order (the order of INSTALLED_APPS)."""
    return tuple(_KINDS.values())


def file_kind_owning(directory: str) -> EncryptedFileKind | None:
    """The kind whose files live in the top-level `directory`, else the kind of the root (if any)."""
    kinds = file_kinds()
    return next((kind for kind in kinds if kind.directory and kind.directory == directory), None) or next(
        (kind for kind in kinds if not kind.directory), None
    )
