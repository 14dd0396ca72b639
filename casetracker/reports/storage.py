"""Where finished exports are kept: beside the documents, never under a public URL."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.db.models import Model

from casetracker.cases.models.jobs import BackgroundJob
from casetracker.protected.storage import EncryptedDocumentStorage

EXPORTS_DIR = "exports"

J = TypeVar("J", bound=BackgroundJob)


class PrivateExportStorage(EncryptedDocumentStorage):
    """PRIVATE_MEDIA_ROOT/exports: the same no-URL, owner-only storage as documents.

    Encrypted on disk like the documents: the batch builder writes its ZIPs with
    EncryptingWriter, and open() gives the decrypting reader, size() the plaintext size.
    """

    @property
    def base_location(self) -> str:
        return str(Path(settings.PRIVATE_MEDIA_ROOT) / EXPORTS_DIR)


def private_export_storage() -> PrivateExportStorage:
    # A callable, so migrations do not record a machine-specific path.
    return PrivateExportStorage()


def export_files_delete_unowned(*, pattern: str, owned: set[str], now: dt.datetime) -> None:
    """Delete export files matching `pattern` whose stem (the name up to its first dot) is
    not in `owned`, once older than CASETRACKER_EXPORT_TTL_HOURS.

    A record deleted without its file (with its requester, say) leaves such a file; a
    younger one may belong to a record still being written.
    """
    directory = Path(private_export_storage().location)
    if not directory.is_dir():
        return
    cutoff = (now - dt.timedelta(hours=settings.CASETRACKER_EXPORT_TTL_HOURS)).timestamp()
    for path in directory.glob(pattern):
        if path.name.split(".", 1)[0] not in owned and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


@dataclass(frozen=True)
class ExportPaths:
    name: str  # the storage name recorded on the record
    final: Path
    partial: Path  # written first, moved over `final` only when complete


def export_paths(name: str) -> ExportPaths:
    """The finished and the partial file of the export stored as `name`."""
    final = Path(private_export_storage().path(name))
    return ExportPaths(name=name, final=final, partial=final.with_name(f"{name}.part"))


def export_record_delete(record: Model, paths: ExportPaths) -> None:
    """Delete an export's record, then its file (and a partial one a crashed build left)."""
    record.delete()
    paths.final.unlink(missing_ok=True)
    paths.partial.unlink(missing_ok=True)


def export_records_purge_expired(
    model: type[J], *, delete: Callable[[J], None], file_prefix: str, pattern: str, now: dt.datetime
) -> int:
    """Delete `model`'s expired records (its `expired_filter`) with `delete`; the number deleted.

    Then the files matching `pattern` that no record owns any more (their stem is not
    `file_prefix` + a pk), as `export_files_delete_unowned` allows.
    """
    expired = list(model._default_manager.filter(model.expired_filter(now=now)))
    for record in expired:
        delete(record)
    owned = {f"{file_prefix}{pk}" for pk in model._default_manager.values_list("pk", flat=True)}
    export_files_delete_unowned(pattern=pattern, owned=owned, now=now)
    return len(expired)
