"""Where finished exports are kept: beside the documents, never under a public URL."""

import datetime as dt
from pathlib import Path

from django.conf import settings

from casetracker.cases.files import EncryptedDocumentStorage

EXPORTS_DIR = "exports"


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
