"""Private file storage: outside every served path, encrypted on disk, hashed as streamed."""

import hashlib
import os
from typing import IO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage

from casetracker.protected.crypto.file_reader import open_decrypting
from casetracker.protected.crypto.files import CHUNK_SIZE, plaintext_size, write_encrypted_file

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


class EncryptedDocumentStorage(PrivateDocumentStorage):
    """Private storage whose files are encrypted on disk (see `crypto/files.py`).

    Written and read in chunks, so a large video never sits whole in memory. The export
    storage of case-summary ZIPs inherits from it (its ZIPs are streamed through
    `EncryptingWriter` rather than saved through `_save`).
    """

    def _save(self, name: str, content: File) -> str:
        full_path = self.path(name)
        os.makedirs(os.path.dirname(full_path), exist_ok=True)
        # Unlike FileSystemStorage there is no O_EXCL retry loop: the file appears by
        # os.replace, and get_available_name() has just checked the name, which
        # document_upload_to draws at random (uuid4), so two saves cannot meet on it.
        write_encrypted_file(content.chunks(chunk_size=CHUNK_SIZE), full_path)
        os.chmod(full_path, 0o600)
        return os.path.relpath(full_path, self.location).replace("\\", "/")

    def _open(self, name: str, mode: str = "rb") -> File:
        if mode not in ("r", "rb"):
            raise ValueError("Encrypted documents are read-only; save a new document instead.")
        return DecryptedFile(self.path(name), name)

    def size(self, name: str) -> int:
        """The plaintext size (the ciphertext on disk is a little larger)."""
        return plaintext_size(self.path(name))


class DecryptedFile(File):
    """The plaintext of a stored document, decrypted chunk by chunk as it is read."""

    def __init__(self, path: str, name: str) -> None:
        self._path = path
        super().__init__(open_decrypting(path, label=name), name)

    def open(self, mode: str | None = None) -> "DecryptedFile":
        # Django's File reopens by its name, which here is the storage name, not a path.
        if mode not in (None, "r", "rb"):
            raise ValueError("Encrypted documents are read-only; save a new document instead.")
        if self.closed:
            self.file = open_decrypting(self._path, label=self.name)
        else:
            self.seek(0)
        return self


def private_document_storage() -> EncryptedDocumentStorage:
    # A callable, so migrations do not record a machine-specific path.
    return EncryptedDocumentStorage()


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
