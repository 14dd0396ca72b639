"""Where finished exports are kept: beside the documents, never under a public URL."""

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
