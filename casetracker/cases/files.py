"""Private storage, upload validation and hashing of case documents."""

import hashlib
import os
import uuid
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

HASH_CHUNK_SIZE = 1024 * 1024


class PrivateDocumentStorage(FileSystemStorage):
    """Files outside every publicly served path: no base URL, so `.url` cannot leak one."""

    def __init__(self) -> None:
        super().__init__(base_url=None, file_permissions_mode=0o600)

    # Django calls a field's storage callable once, when the model class is built, so
    # the location is read from settings on every access instead of being fixed then
    # (tests point PRIVATE_MEDIA_ROOT at a per-test directory).
    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Case documents have no public URL; use the download view.")


def private_document_storage() -> PrivateDocumentStorage:
    # A callable, so migrations do not record a machine-specific path.
    return PrivateDocumentStorage()


def document_upload_to(instance: object, filename: str) -> str:
    """A random name: the uploaded file name may itself be personal data."""
    extension = file_extension(filename)
    suffix = f".{extension}" if extension else ""
    return f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def file_extension(filename: str) -> str:
    return PurePath(filename).suffix.lower().lstrip(".")


def validate_document_file(upload: IO) -> None:
    """Reject files of a type not on the allowed list or above the size limit."""
    name = getattr(upload, "name", "") or ""
    extension = file_extension(name)
    allowed = settings.CASETRACKER_ALLOWED_DOCUMENT_EXTENSIONS
    if extension not in allowed:
        raise ValidationError(
            _("Files of type “%(extension)s” are not accepted. Allowed types: %(allowed)s."),
            code="file_type",
            params={"extension": extension or _("no extension"), "allowed": ", ".join(allowed)},
        )
    limit_mb = settings.CASETRACKER_MAX_UPLOAD_MB
    if upload.size is not None and upload.size > limit_mb * 1024 * 1024:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB."),
            code="file_size",
            params={"size": f"{upload.size / (1024 * 1024):.1f}", "limit": limit_mb},
        )


def hash_stream(chunks) -> tuple[str, int]:
    """SHA-256 and size of a stream of byte chunks, holding one chunk at a time."""
    digest = hashlib.sha256()
    size = 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def iter_file_chunks(handle: IO, chunk_size: int = HASH_CHUNK_SIZE):
    while chunk := handle.read(chunk_size):
        yield chunk
