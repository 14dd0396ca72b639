"""Streaming authenticated encryption of document files (AES-256-GCM, in chunks).

A file on disk is a header and a sequence of records:

    header  = b"CTF1" | version (1 byte) | key id (8 ASCII hex) | salt (16 random bytes)
    record  = ciphertext length (4 bytes, big-endian) | AES-GCM ciphertext with its 16-byte tag

Every record but the last holds exactly CHUNK_SIZE bytes of plaintext; the last holds
0..CHUNK_SIZE (an empty file is one empty record), so the plaintext size follows from the
file's size without decrypting anything.

Each file gets its own AES key, derived with HKDF-SHA256 from the key ring's key (the
one named in the header) and the file's random salt. Nonces are then a plain counter:
unique within the file, and never reused across files because the key differs. The
nonce and the associated data of each record bind the whole header, the record's index
and whether it is the last one, so a changed header, reordered or swapped records, a
dropped tail and appended bytes all fail authentication (the "STREAM" construction of
Hoang, Reyhanitabar, Rogaway and Vizár). Plaintext is released only chunk by chunk after
its tag has been checked: a reader never sees an unauthenticated byte.
"""

import contextlib
import io
import os
import struct
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from casetracker.protected.crypto.keys import DecryptionError, key_ring

MAGIC = b"CTF1"
VERSION = 1
KEY_ID_SIZE = 8
SALT_SIZE = 16
HEADER_SIZE = len(MAGIC) + 1 + KEY_ID_SIZE + SALT_SIZE
CHUNK_SIZE = 64 * 1024
TAG_SIZE = 16
LENGTH = struct.Struct(">I")
RECORD_OVERHEAD = LENGTH.size + TAG_SIZE
HKDF_INFO = b"casetracker-document-v1"

ROTATE_HINT = "run `manage.py rotate_keys` to encrypt it"


@dataclass(frozen=True)
class FileHeader:
    kid: str
    salt: bytes

    def encode(self) -> bytes:
        return MAGIC + bytes([VERSION]) + self.kid.encode("ascii") + self.salt

    @classmethod
    def parse(cls, data: bytes, *, label: str) -> "FileHeader":
        if not data.startswith(MAGIC):
            raise DecryptionError(
                f"document file {label} is not encrypted (stored before file encryption?): {ROTATE_HINT}"
            )
        if len(data) < HEADER_SIZE:
            raise DecryptionError(f"document file {label} is truncated: its header is incomplete")
        if data[len(MAGIC)] != VERSION:
            raise DecryptionError(f"document file {label} has an unknown format version {data[len(MAGIC)]}")
        kid = data[len(MAGIC) + 1 : len(MAGIC) + 1 + KEY_ID_SIZE].decode("ascii", errors="replace")
        return cls(kid=kid, salt=data[HEADER_SIZE - SALT_SIZE : HEADER_SIZE])


def read_key_id(path: str) -> str | None:
    """The key id in a stored file's header; None for a legacy (unencrypted) file."""
    with open(path, "rb") as handle:
        data = handle.read(HEADER_SIZE)
    if not data.startswith(MAGIC):
        return None
    return FileHeader.parse(data, label=path).kid


def plaintext_size(path: str) -> int:
    """The plaintext size of a stored file, from its length alone (a legacy file: its length)."""
    with open(path, "rb") as handle:
        stored = os.fstat(handle.fileno()).st_size
        if handle.read(len(MAGIC)) != MAGIC:
            return stored
    return plaintext_size_of_stored(stored)


def plaintext_size_of_stored(stored: int) -> int:
    body = max(stored - HEADER_SIZE, 0)
    records = max(-(-body // (CHUNK_SIZE + RECORD_OVERHEAD)), 1)
    return max(body - records * RECORD_OVERHEAD, 0)


def file_cipher(header: FileHeader, *, label: str) -> AESGCM:
    try:
        master = key_ring().key_bytes(header.kid)
    except DecryptionError:
        raise DecryptionError(
            f"document file {label} was encrypted with key {header.kid}, which is not in "
            "CASETRACKER_ENCRYPTION_KEYS: wrong or missing key"
        ) from None
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=header.salt, info=HKDF_INFO)
    return AESGCM(hkdf.derive(master))


def record_nonce(index: int, final: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


def record_aad(header_bytes: bytes, index: int, final: bool) -> bytes:
    return header_bytes + record_nonce(index, final)


# --- Writing --------------------------------------------------------------------------------


def encrypt_chunks(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The encrypted file, piece by piece, under the newest key: header, then one record per chunk."""
    ring = key_ring()
    header = FileHeader(kid=ring.primary_id, salt=os.urandom(SALT_SIZE))
    header_bytes = header.encode()
    cipher = file_cipher(header, label="(new)")
    yield header_bytes
    for index, (chunk, final) in enumerate(_fixed_chunks(chunks)):
        sealed = cipher.encrypt(record_nonce(index, final), chunk, record_aad(header_bytes, index, final))
        yield LENGTH.pack(len(sealed)) + sealed


def _fixed_chunks(chunks: Iterable[bytes]) -> Iterator[tuple[bytes, bool]]:
    """Regroup a stream into CHUNK_SIZE pieces, each flagged whether it is the last.

    One piece is held back until the next exists: only then is it known not to be the last.
    """
    buffer = bytearray()
    pending: bytes | None = None
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= CHUNK_SIZE:
            if pending is not None:
                yield pending, False
            pending = bytes(buffer[:CHUNK_SIZE])
            del buffer[:CHUNK_SIZE]
    if buffer or pending is None:
        if pending is not None:
            yield pending, False
        yield bytes(buffer), True
    else:
        yield pending, True


def write_encrypted_file(chunks: Iterable[bytes], path: str) -> None:
    """Encrypt a stream into `path` atomically: a temporary file beside it, then os.replace.

    A crash leaves either the previous file or the new one, never half of one; the
    temporary file holds ciphertext only, and is owner-only (mkstemp creates it 0600).
    """
    directory = os.path.dirname(path)
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            for piece in encrypt_chunks(chunks):
                out.write(piece)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_directory(directory)


def _fsync_directory(directory: str) -> None:
    # The rename itself is durable only once the directory entry is on disk.
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class EncryptingWriter(io.RawIOBase):
    """A write-only, forward-only file object that encrypts what it is given into `path`.

    The counterpart of DecryptingReader, for producers that push bytes (zipfile) instead of
    handing over an iterator. Writes are regrouped into CHUNK_SIZE pieces, and a full piece
    is sealed and written as soon as a later byte shows it is not the last, so about one
    chunk of plaintext is held at a time and none ever reaches the disk. Not seekable;
    tell() counts the plaintext bytes written, which is all zipfile needs to write a ZIP
    to an unseekable stream (it then uses data descriptors). flush() writes nothing: only
    the last record may be short.

    Atomic like write_encrypted_file: the ciphertext goes to an owner-only (0600) temporary
    file beside `path` (or to `temporary`, when given), which commit() fsyncs and moves
    over `path`. Closing without committing (an exception in the `with` block, or the
    writer dropped) deletes the temporary file and leaves `path` as it was:

        with EncryptingWriter(path) as out:
            out.write(data)
        # committed here, unless the block raised
    """

    def __init__(self, path: str | os.PathLike, *, temporary: str | os.PathLike | None = None) -> None:
        super().__init__()
        self._out: BinaryIO | None = None
        self._temporary: str | None = None
        self._committed = False
        self._buffer = bytearray()
        self._index = 0
        self._position = 0
        self._path = os.path.abspath(path)
        directory = os.path.dirname(self._path)
        ring = key_ring()  # a missing key fails here, before any file exists
        header = FileHeader(kid=ring.primary_id, salt=os.urandom(SALT_SIZE))
        self._header_bytes = header.encode()
        self._cipher = file_cipher(header, label="(new)")
        if temporary is None:
            fd, self._temporary = tempfile.mkstemp(
                dir=directory, prefix=f".{os.path.basename(self._path)}.", suffix=".part"
            )
        else:
            self._temporary = os.path.abspath(temporary)
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
            fd = os.open(self._temporary, flags, 0o600)
        try:
            os.fchmod(fd, 0o600)  # a leftover temporary file of an earlier run keeps its old mode
            self._out = os.fdopen(fd, "wb")
        except BaseException:
            os.close(fd)
            self._remove_temporary()
            raise
        try:
            self._out.write(self._header_bytes)
        except BaseException:
            self.close()
            raise

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def tell(self) -> int:
        return self._position

    def write(self, data) -> int:
        if self.closed:
            raise ValueError("write to a closed EncryptingWriter")
        with memoryview(data) as view:
            size = view.nbytes
            self._buffer += view
        self._position += size
        # Strictly more than a chunk: a full chunk with nothing after it may be the last one.
        while len(self._buffer) > CHUNK_SIZE:
            self._seal(bytes(self._buffer[:CHUNK_SIZE]), final=False)
            del self._buffer[:CHUNK_SIZE]
        return size

    def commit(self) -> None:
        """Seal the last chunk, make the file durable and move it over `path`."""
        if self._committed:
            return
        if self.closed:
            raise ValueError("commit of a discarded EncryptingWriter")
        try:
            self._seal(bytes(self._buffer), final=True)
            self._buffer.clear()
            self._out.flush()
            os.fsync(self._out.fileno())
            self._out.close()
            os.replace(self._temporary, self._path)
        except BaseException:
            self.close()
            raise
        self._committed = True
        super().close()
        _fsync_directory(os.path.dirname(self._path))

    def close(self) -> None:
        """Discard the file unless commit() has moved it into place."""
        if not self.closed and not self._committed:
            self._buffer.clear()
            if self._out is not None:
                self._out.close()
            self._remove_temporary()
        super().close()

    def __exit__(self, exc_type, exc_value, traceback) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.close()

    def _seal(self, chunk: bytes, *, final: bool) -> None:
        sealed = self._cipher.encrypt(
            record_nonce(self._index, final), chunk, record_aad(self._header_bytes, self._index, final)
        )
        self._out.write(LENGTH.pack(len(sealed)))
        self._out.write(sealed)
        self._index += 1

    def _remove_temporary(self) -> None:
        if self._temporary is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._temporary)
