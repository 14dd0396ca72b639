"""Reading the encrypted file format of `crypto/files.py`, one authenticated chunk at a time."""

import io
import os
from typing import BinaryIO

from cryptography.exceptions import InvalidTag

from casetracker.protected.crypto.files import (
    CHUNK_SIZE,
    HEADER_SIZE,
    LENGTH,
    TAG_SIZE,
    FileHeader,
    file_cipher,
    plaintext_size_of_stored,
    record_aad,
    record_nonce,
)
from casetracker.protected.crypto.keys import DecryptionError


class DecryptingReader(io.RawIOBase):
    """A read-only, forward-only file object that decrypts one chunk at a time.

    Opening reads the header and authenticates the first chunk, so a legacy file, a
    missing key or an altered start fail before anything is served. A later failure
    raises DecryptionError from `read()`: the plaintext already returned was authentic,
    and nothing after the failure is returned.
    """

    def __init__(self, raw: BinaryIO, *, label: str) -> None:
        super().__init__()
        self._raw = raw
        self._label = label
        try:
            header_bytes = raw.read(HEADER_SIZE)
            self._header = FileHeader.parse(header_bytes, label=label)
            self._header_bytes = header_bytes
            self._cipher = file_cipher(self._header, label=label)
            self._stored_size = os.fstat(raw.fileno()).st_size
            self.size = plaintext_size_of_stored(self._stored_size)
            self._rewind()
        except BaseException:
            raw.close()
            raise

    @property
    def name(self) -> str:
        # The storage name, not a filesystem path: FileResponse must not size the
        # response from the ciphertext on disk.
        return self._label

    @property
    def key_id(self) -> str:
        return self._header.kid

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Only a rewind to the start (File.chunks() and FieldFile.open() ask for one)."""
        if whence == io.SEEK_SET and offset == 0:
            self._rewind()
        elif not (whence == io.SEEK_CUR and offset == 0):
            raise io.UnsupportedOperation("an encrypted document can only be read forward or rewound")
        return self._position

    def readinto(self, target) -> int:
        view = memoryview(target).cast("B")
        filled = 0
        while filled < len(view) and self._fill():
            taken = min(len(view) - filled, len(self._chunk) - self._offset)
            view[filled : filled + taken] = self._chunk[self._offset : self._offset + taken]
            self._offset += taken
            filled += taken
        self._position += filled
        return filled

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            return self.readall()
        pieces = []
        wanted = size
        while wanted and self._fill():
            piece = self._chunk[self._offset : self._offset + wanted]
            self._offset += len(piece)
            wanted -= len(piece)
            pieces.append(piece)
        data = b"".join(pieces)
        self._position += len(data)
        return data

    def readall(self) -> bytes:
        pieces = []
        while self._fill():
            pieces.append(self._chunk[self._offset :])
            self._offset = len(self._chunk)
        data = b"".join(pieces)
        self._position += len(data)
        return data

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()

    def _rewind(self) -> None:
        self._raw.seek(HEADER_SIZE)
        self._index = 0
        self._final_seen = False
        self._chunk = b""
        self._offset = 0
        self._position = 0
        self._fill()

    def _fill(self) -> bool:
        """Make unread plaintext available; False at the authenticated end of the file."""
        while self._offset >= len(self._chunk):
            if self._final_seen:
                return False
            self._chunk, self._offset = self._next_chunk(), 0
        return True

    def _next_chunk(self) -> bytes:
        length_bytes = self._raw.read(LENGTH.size)
        if len(length_bytes) < LENGTH.size:
            raise self._failure()  # the last record is missing: truncated
        (length,) = LENGTH.unpack(length_bytes)
        if not TAG_SIZE <= length <= CHUNK_SIZE + TAG_SIZE:
            raise self._failure()  # refuse before reading: a forged length must not allocate gigabytes
        sealed = self._raw.read(length)
        if len(sealed) != length:
            raise self._failure()
        # The record that ends the file must be the one sealed as the last: an appended
        # or dropped tail makes the flag disagree and the tag fail.
        final = self._raw.tell() >= self._stored_size
        if not final and length != CHUNK_SIZE + TAG_SIZE:
            raise self._failure()
        try:
            chunk = self._cipher.decrypt(
                record_nonce(self._index, final), sealed, record_aad(self._header_bytes, self._index, final)
            )
        except InvalidTag:
            raise self._failure() from None
        self._index += 1
        self._final_seen = final
        return chunk

    def _failure(self) -> DecryptionError:
        return DecryptionError(
            f"document file {self._label} failed authentication at chunk {self._index} "
            f"(key {self._header.kid}): wrong key, altered or truncated"
        )


def open_decrypting(path: str, *, label: str) -> DecryptingReader:
    """Open a stored file for reading its plaintext; raises FileNotFoundError or DecryptionError."""
    return DecryptingReader(open(path, "rb"), label=label)  # the reader owns and closes it
