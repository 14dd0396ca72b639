"""Whether an upload's bytes are what its extension says: libmagic reads the first few KB.

A name is chosen by whoever uploads; the bytes are what a lawyer's computer opens. Each
accepted extension has a rule: the MIME types libmagic may report for a genuine file
of that type. libmagic sees only the first SNIFF_BYTES, so for three kinds of genuine
file whose type is decided further in, a rule has a structural second look (still
bounded reads, never the whole file):

- ISO media (MP4, MOV, M4A) whose brand libmagic has no MIME type for (e.g. Sony's
  XAVC cameras) or a QuickTime movie that opens with a `wide` or `free` atom;
- MP3 files whose ID3 tag (cover art) is longer than the sample: the audio after it;
- DOCX/XLSX whose ZIP parts are ordered so that libmagic sees only "a ZIP": the names
  in the ZIP's central directory (names only, nothing is decompressed).

The read position of the upload is restored after every look.
"""

import functools
import os
import struct
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext_lazy as _

# Enough for every signature libmagic needs here (an OOXML package's first parts sit
# within 2 KB, an OLE directory within 4 KB); a 500 MB video costs one 8 KB read.
SNIFF_BYTES = 8 * 1024
# An OOXML central directory is a few KB (one entry per part); a larger one is not read.
MAX_ZIP_DIRECTORY_BYTES = 1024 * 1024
UNKNOWN = "application/octet-stream"


@dataclass(frozen=True)
class Detected:
    """What libmagic reports for a sample: its MIME type and the text encoding ("binary" if none)."""

    mime: str
    charset: str

    @property
    def is_text(self) -> bool:
        return self.charset != "binary"


# A second look at the upload, for a file libmagic could not name from its first bytes.
Fallback = Callable[[IO[bytes], bytes, Detected], bool]


@dataclass(frozen=True)
class ContentRule:
    """The content accepted under one extension."""

    mime_types: frozenset[str] = frozenset()
    # Text in any encoding libmagic recognises (ASCII, UTF-8 with or without BOM, UTF-16
    # with BOM, 8-bit code pages such as cp1251): for .txt and .csv, whose bytes have no
    # signature, "text" is the check.
    any_text: bool = False
    fallback: Fallback | None = None

    def accepts(self, handle: IO[bytes], sample: bytes, detected: Detected) -> bool:
        if detected.mime in self.mime_types or (self.any_text and detected.is_text):
            return True
        return self.fallback is not None and self.fallback(handle, sample, detected)


# --- libmagic -----------------------------------------------------------------------------


def _import_magic():
    try:
        import magic
    except ImportError as error:
        raise ImproperlyConfigured(
            f"Checking uploads needs libmagic ({error}); install Debian's libmagic1 (`make magic-deps`)."
        ) from None
    return magic


@functools.cache
def _magic():
    # Created on first use, in the process that uses it (after a server or worker forks).
    # magic.Magic holds a lock around each call: one libmagic handle is not thread-safe.
    return _import_magic().Magic(mime=True, mime_encoding=True)


def detect(sample: bytes) -> Detected:
    """libmagic's MIME type and charset of the given bytes."""
    answer = _magic().from_buffer(sample) if sample else "application/x-empty; charset=binary"
    mime, _separator, parameters = answer.partition(";")
    charset = parameters.strip().removeprefix("charset=") or "binary"
    return Detected(mime=mime.strip(), charset=charset)


def read_at(handle: IO[bytes], offset: int, size: int = SNIFF_BYTES) -> bytes:
    """`size` bytes from `offset`, leaving the read position where it was."""
    position = handle.tell()
    try:
        handle.seek(offset)
        return handle.read(size)
    finally:
        handle.seek(position)


def _size(handle: IO[bytes]) -> int:
    position = handle.tell()
    try:
        return handle.seek(0, os.SEEK_END)
    finally:
        handle.seek(position)


# --- second looks -------------------------------------------------------------------------

# Top-level boxes a QuickTime or ISO media file may open with (ISO/IEC 14496-12, QuickTime).
ISO_FIRST_BOXES = {b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}


def _iso_media_box(handle: IO[bytes], sample: bytes, detected: Detected) -> bool:
    # Only where libmagic named nothing: a HEIC photo renamed .mp4 is "image/heic" and stays refused.
    if detected.mime != UNKNOWN or len(sample) < 8:
        return False
    (size,) = struct.unpack(">I", sample[:4])
    return sample[4:8] in ISO_FIRST_BOXES and (size in (0, 1) or size >= 8)


def _mpeg_audio_after_id3(handle: IO[bytes], sample: bytes, detected: Detected) -> bool:
    # ID3v2: "ID3", version (2 bytes), flags, then the tag size as four 7-bit bytes.
    if len(sample) < 10 or not sample.startswith(b"ID3") or any(byte & 0x80 for byte in sample[6:10]):
        return False
    size = 10 + ((sample[6] << 21) | (sample[7] << 14) | (sample[8] << 7) | sample[9])
    if sample[5] & 0x10:  # a footer follows the tag
        size += 10
    return detect(read_at(handle, size)).mime == "audio/mpeg"


def zip_member_names(handle: IO[bytes], *, max_directory_bytes: int = MAX_ZIP_DIRECTORY_BYTES) -> list[str] | None:
    """The names in a ZIP's central directory, read from the end of the file; None if unreadable or too large.

    Nothing is decompressed: a ZIP bomb costs no more than its directory.
    """
    file_size = _size(handle)
    # The end-of-central-directory record: 22 bytes, after which a comment of up to 64 KB.
    tail_size = min(file_size, 22 + 0xFFFF)
    end = read_at(handle, file_size - tail_size, tail_size)
    record = end.rfind(b"PK\x05\x06")
    if record < 0 or len(end) - record < 22:
        return None
    directory_size, directory_offset = struct.unpack("<II", end[record + 12 : record + 20])
    if directory_size > max_directory_bytes or directory_offset + directory_size > file_size:
        return None
    directory = read_at(handle, directory_offset, directory_size)
    names = []
    at = 0
    while at + 46 <= len(directory) and directory[at : at + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack("<HHH", directory[at + 28 : at + 34])
        names.append(directory[at + 46 : at + 46 + name_length].decode("utf-8", errors="replace"))
        at += 46 + name_length + extra_length + comment_length
    return names


def _ooxml_package(main_folder: str) -> Fallback:
    def check(handle: IO[bytes], sample: bytes, detected: Detected) -> bool:
        if detected.mime not in {"application/zip", UNKNOWN} or not sample.startswith(b"PK\x03\x04"):
            return False
        names = zip_member_names(handle) or []
        return "[Content_Types].xml" in names and any(name.startswith(main_folder) for name in names)

    return check


# --- the rules ----------------------------------------------------------------------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
# MP4, MOV and M4A are one container (ISO base media); phones and cameras name it either
# way, so each accepts the whole family, but not a HEIC photo (also ISO media).
ISO_MEDIA = frozenset(
    {"video/mp4", "video/quicktime", "audio/x-m4a", "audio/mp4", "video/x-m4v", "video/3gpp", "video/3gpp2"}
)
HEIF = frozenset({"image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence"})
# WebM is Matroska with fewer codecs; the two extensions are used for each other.
MATROSKA = frozenset({"video/webm", "audio/webm", "video/x-matroska", "audio/x-matroska"})
OGG = frozenset({"audio/ogg", "video/ogg", "application/ogg"})
# An OLE compound file whose directory lies past the sample is only "an OLE file" to libmagic.
OLE = frozenset({"application/x-ole-storage", "application/CDFV2", "application/vnd.ms-office"})
RTF = frozenset({"text/rtf", "application/rtf"})

ISO_MEDIA_RULE = ContentRule(ISO_MEDIA, fallback=_iso_media_box)
TEXT_RULE = ContentRule(any_text=True)
XLSX_RULE = ContentRule(frozenset({XLSX}), fallback=_ooxml_package("xl/"))

DOCUMENT_RULES: Mapping[str, ContentRule] = {
    "pdf": ContentRule(frozenset({"application/pdf"})),
    "jpg": ContentRule(frozenset({"image/jpeg"})),
    "jpeg": ContentRule(frozenset({"image/jpeg"})),
    "png": ContentRule(frozenset({"image/png"})),
    "heic": ContentRule(HEIF),
    "webp": ContentRule(frozenset({"image/webp"})),
    "gif": ContentRule(frozenset({"image/gif"})),
    "tif": ContentRule(frozenset({"image/tiff"})),
    "tiff": ContentRule(frozenset({"image/tiff"})),
    "mp4": ISO_MEDIA_RULE,
    "mov": ISO_MEDIA_RULE,
    "m4a": ISO_MEDIA_RULE,
    "webm": ContentRule(MATROSKA),
    "mkv": ContentRule(MATROSKA),
    "avi": ContentRule(frozenset({"video/x-msvideo"})),
    "mp3": ContentRule(frozenset({"audio/mpeg"}), fallback=_mpeg_audio_after_id3),
    "ogg": ContentRule(OGG),
    "opus": ContentRule(OGG),
    "wav": ContentRule(frozenset({"audio/x-wav", "audio/wav", "audio/vnd.wave"})),
    # Document generators (court and police systems among them) write RTF under .doc,
    # and Word opens it as such.
    "doc": ContentRule(frozenset({"application/msword"}) | OLE | RTF),
    "docx": ContentRule(frozenset({DOCX}), fallback=_ooxml_package("word/")),
    "odt": ContentRule(frozenset({ODT})),
    "rtf": ContentRule(RTF),
    "txt": TEXT_RULE,
    "xls": ContentRule(frozenset({"application/vnd.ms-excel"}) | OLE),
    "xlsx": XLSX_RULE,
    "ods": ContentRule(frozenset({ODS})),
    # Office and OpenDocument files are ZIP archives too, and any ZIP tool opens them.
    "zip": ContentRule(frozenset({"application/zip", DOCX, XLSX, ODT, ODS})),
}


# --- the check ----------------------------------------------------------------------------


def describe(detected: Detected) -> str:
    if detected.mime == "application/x-empty":
        return str(_("an empty file"))
    if detected.mime == UNKNOWN:
        return str(_("data of no known type"))
    return detected.mime


def upload_check_content(
    *, upload: IO[bytes], extension: str, rules: Mapping[str, ContentRule] = DOCUMENT_RULES
) -> None:
    """Raise ValidationError (code "file_content") unless the upload's content fits its extension.

    Reads SNIFF_BYTES from the start (and, for the files described in the module
    docstring, a bounded second look); the read position is left where it was.
    """
    rule = rules.get(extension)
    if rule is None:
        raise ValidationError(
            _("Files of type “%(extension)s” cannot be checked, so they are not accepted."),
            code="file_content",
            params={"extension": extension},
        )
    sample = read_at(upload, 0)
    detected = detect(sample)
    if not rule.accepts(upload, sample, detected):
        raise ValidationError(
            _(
                "The content of this file does not match its extension “%(extension)s”: it is %(detected)s. "
                "Upload the original file, or give it the extension of its real type."
            ),
            code="file_content",
            params={"extension": extension, "detected": describe(detected)},
        )


def upload_content_check_setup(*, allowed_extensions: list[str]) -> None:
    """Raise ImproperlyConfigured unless libmagic loads and every allowed extension has a rule.

    An accepted type whose content nobody checks would reopen the hole this module closes.
    """
    _import_magic()
    unchecked = [extension for extension in allowed_extensions if extension not in DOCUMENT_RULES]
    if unchecked:
        raise ImproperlyConfigured(
            f"CASETRACKER_ALLOWED_DOCUMENT_EXTENSIONS: no content check for {', '.join(unchecked)}; "
            f"the types that can be checked are {', '.join(DOCUMENT_RULES)}."
        )
