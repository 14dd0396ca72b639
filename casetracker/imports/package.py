"""The ZIP package of an XLSX file, checked before any XML parser reads a byte of it.

An XLSX is a ZIP of XML parts. A small upload can unpack to gigabytes (a "zip bomb":
one highly compressible part), carry a directory of a million entries, or declare an
XML entity that expands to gigabytes ("billion laughs"); openpyxl reads the shared
strings whole into memory even in read-only mode. So the request checks only the ZIP
directory and the first bytes of each part (`package_check`), never unpacking a part,
and the reader (`package_verify`) also makes sure no part unpacks to more than the
directory declares before openpyxl opens it.

The limits follow from the largest accepted list, 100,000 rows with every column: its
first sheet, written with inline strings as openpyxl writes it, measured 141 MB for
22 columns (14 times its packed size); Excel writes a smaller sheet plus the shared
strings. XML is then parsed by openpyxl through defusedxml (installed with it), which
refuses any DTD or entity declaration.
"""

import copy
import struct
import zipfile
import zlib
from typing import IO
from xml.parsers import expat

from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024
# A sheet is streamed row by row, never held whole: 256 MiB leaves room for all 29
# columns of 100,000 rows (141 MB measured for 22) in inline strings.
MAX_SHEET_BYTES = 256 * MB
# The shared strings (every distinct text of the workbook) are read whole into a list,
# each string a Python object several times its XML size: 64 MiB is 100,000 rows with
# about six distinct texts of 50 bytes each, and at most a few hundred MB in the worker.
MAX_SHARED_STRINGS_BYTES = 64 * MB
# Every other part (workbook, styles, theme, relationships, images) is read whole or
# not at all; Excel's own are kilobytes, a styles part of a heavily formatted book a few MB.
MAX_OTHER_PART_BYTES = 16 * MB
# The sum of the above with room: the most the worker ever unpacks.
MAX_TOTAL_BYTES = 320 * MB
# A spreadsheet's XML compresses 5 to 20 times (the 100,000-row sheet: 14); deflate
# cannot pass about 1,030. A part above 100 times is padding made to be unpacked.
MAX_RATIO = 100
# Below this a part cannot hurt whatever its ratio (tiny parts compress oddly).
RATIO_MIN_BYTES = 1 * MB
# Excel writes 10 to 30 parts; a book with many sheets, images or charts a few hundred.
MAX_PARTS = 1_000
# The ZIP directory is read whole by zipfile before any limit can be checked, so its
# size is checked first from the end record: 1,000 entries with long names fit in 256 KiB.
MAX_DIRECTORY_BYTES = 256 * 1024
# An XML part's root element starts within its first bytes (after the `<?xml ...?>`
# line); a DTD, if any, stands before it. 64 KiB is far more than any writer puts there.
MAX_PROLOG_BYTES = 64 * 1024
# Excel holds at most 32,767 characters in a cell (128 KiB in UTF-8): XML text longer
# than this between two tags is a cell made to be held whole in memory by the parser.
MAX_TEXT_BYTES = 1 * MB
# Read and unpack in pieces of this size: never more than this at once beyond a part's size.
READ_CHUNK = 64 * 1024

# The end record: signature, disk numbers, entry counts, directory size and offset, comment length.
END_RECORD = struct.Struct("<4s4H2LH")
END_SIGNATURE = b"PK\x05\x06"
ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
ZIP64_LOCATOR_SIZE = 20
SHARED_STRINGS = "xl/sharedstrings.xml"

NOT_A_WORKBOOK = _("The file is not a readable XLSX workbook.")


class PackageError(Exception):
    """The package is refused; the message names the part and the limit, never a value."""


class UnreadablePackage(PackageError):
    """Not a ZIP, or a broken one: nothing a reader could be made to spend much on."""


def package_check(handle: IO[bytes]) -> int:
    """Check the ZIP directory and each XML part's prolog; the total unpacked size.

    Reads the directory and at most MAX_PROLOG_BYTES of each part: nothing is unpacked
    whole, so a hostile file is refused in milliseconds whatever it would unpack to.
    """
    _check_directory_size(handle)
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise UnreadablePackage(NOT_A_WORKBOOK) from None
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise PackageError(_too_many_parts(len(parts)))
        total = 0
        for part in parts:
            _check_part(part)
            total += part.file_size
        if total > MAX_TOTAL_BYTES:
            message = _("The workbook unpacks to %(size)s MB in all; at most %(limit)s MB is accepted.")
            raise PackageError(message % {"size": _mb(total), "limit": _mb(MAX_TOTAL_BYTES)})
        for part in parts:
            _check_prolog(archive, part)
    return total


def package_verify(handle: IO[bytes]) -> None:
    """`package_check`, then unpack every part in pieces to see it is no larger than declared.

    zipfile stops a part at its declared size only when read in pieces: read whole (as
    openpyxl reads the workbook and styles parts) it first inflates up to 1 GiB. After
    this check every part is known to unpack to its declared size, within the limits,
    and no XML text (a cell) to be longer than MAX_TEXT_BYTES, which the parser would
    hold whole. One pass of unpacking, in the worker: about 0.5 s per 100 MB.
    """
    package_check(handle)
    with zipfile.ZipFile(handle) as archive:
        for part in archive.infolist():
            _check_unpacked_size(archive, part)


def _check_directory_size(handle: IO[bytes]) -> None:
    handle.seek(0, 2)
    size = handle.tell()
    # As zipfile looks for it: at the very end, else within the last 64 KiB (a comment).
    tail_size = min(size, END_RECORD.size + 0xFFFF)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    handle.seek(0)
    start = len(tail) - END_RECORD.size
    if start < 0 or tail[start : start + 4] != END_SIGNATURE or tail[-2:] != b"\0\0":
        start = tail.rfind(END_SIGNATURE)
    if start < 0 or len(tail) - start < END_RECORD.size:
        raise UnreadablePackage(NOT_A_WORKBOOK)
    fields = END_RECORD.unpack_from(tail, start)
    entries, directory_size = fields[4], fields[5]
    locator_at = start - ZIP64_LOCATOR_SIZE
    # A ZIP64 directory (more than 65,535 entries or 4 GB) is never needed by a
    # 50 MB spreadsheet, and its sizes would replace the ones read here.
    if locator_at >= 0 and tail[locator_at : locator_at + 4] == ZIP64_LOCATOR_SIGNATURE:
        raise PackageError(_too_many_parts(entries))
    if entries > MAX_PARTS or directory_size > MAX_DIRECTORY_BYTES:
        raise PackageError(_too_many_parts(entries))


def _check_part(part: zipfile.ZipInfo) -> None:
    if part.flag_bits & 0x1 or part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        # Other methods (bzip2, LZMA) are unpacked by zipfile without a bound per read.
        message = _("The workbook's part %(part)s is encrypted or packed in a way XLSX files never use.")
        raise PackageError(message % {"part": _name(part)})
    limit = _limit_of(part.filename)
    if part.file_size > limit:
        message = _("The workbook's part %(part)s unpacks to %(size)s MB; at most %(limit)s MB is accepted.")
        raise PackageError(message % {"part": _name(part), "size": _mb(part.file_size), "limit": _mb(limit)})
    if part.file_size > RATIO_MIN_BYTES and part.file_size > MAX_RATIO * max(part.compress_size, 1):
        message = _(
            "The workbook's part %(part)s unpacks to %(ratio)s times its packed size (at most %(limit)s): "
            "it is padded to exhaust the server (a “zip bomb”)."
        )
        ratio = part.file_size // max(part.compress_size, 1)
        raise PackageError(message % {"part": _name(part), "ratio": ratio, "limit": MAX_RATIO})


def _limit_of(name: str) -> int:
    folded = name.casefold()
    if folded == SHARED_STRINGS:
        return MAX_SHARED_STRINGS_BYTES
    if folded.startswith("xl/worksheets/") and folded.endswith(".xml"):
        return MAX_SHEET_BYTES
    return MAX_OTHER_PART_BYTES


class _RootReached(Exception):
    pass


class _Forbidden(Exception):
    pass


def _check_prolog(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """Refuse a DTD or entity declaration, which stands before the root element."""
    if part.is_dir() or part.file_size == 0:
        return
    parser = expat.ParserCreate()

    def root(*_args: object) -> None:
        raise _RootReached

    def forbidden(*_args: object) -> None:
        raise _Forbidden

    parser.StartElementHandler = root
    parser.StartDoctypeDeclHandler = forbidden
    parser.EntityDeclHandler = forbidden
    read = 0
    try:
        with archive.open(part) as stream:
            while read < MAX_PROLOG_BYTES:
                chunk = stream.read(min(READ_CHUNK, MAX_PROLOG_BYTES - read))
                if not chunk:
                    return  # all prolog, no element: not XML openpyxl would read
                read += len(chunk)
                parser.Parse(chunk, False)
    except _RootReached:
        return
    except _Forbidden:
        message = _(
            "The workbook's part %(part)s declares a DTD or XML entities, which XLSX files never contain "
            "(an entity expansion attack)."
        )
        raise PackageError(message % {"part": _name(part)}) from None
    except expat.ExpatError:
        return  # not XML (an image): openpyxl never parses it, or refuses it as malformed
    except zipfile.BadZipFile:
        raise _mismatch(part) from None
    except (zlib.error, OSError, EOFError):
        raise UnreadablePackage(NOT_A_WORKBOOK) from None
    message = _("The workbook's part %(part)s does not start like an XLSX part.")
    raise PackageError(message % {"part": _name(part)})


def _check_unpacked_size(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    # zipfile stops reading at the size it is given: given one byte more than declared,
    # a part that unpacks to more shows it without anything more being unpacked.
    probe = copy.copy(part)
    probe.file_size = part.file_size + 1
    is_xml = part.filename.casefold().endswith((".xml", ".rels"))
    unpacked = text_run = 0
    try:
        with archive.open(probe) as stream:
            while chunk := stream.read(READ_CHUNK):
                unpacked += len(chunk)
                if unpacked > part.file_size:
                    break
                if is_xml:
                    text_run = _text_run(part, chunk, text_run)
    except zipfile.BadZipFile:
        # The checksum: the part unpacks to other bytes than the directory declares.
        raise _mismatch(part) from None
    except (zlib.error, OSError, EOFError):
        raise UnreadablePackage(NOT_A_WORKBOOK) from None
    if unpacked != part.file_size:
        raise _mismatch(part)


def _text_run(part: zipfile.ZipInfo, chunk: bytes, run: int) -> int:
    """The bytes since the last "<" after `chunk`, refusing a run longer than MAX_TEXT_BYTES."""
    first = chunk.find(b"<")
    if first < 0:
        run += len(chunk)
    elif run + first <= MAX_TEXT_BYTES:
        run = len(chunk) - 1 - chunk.rfind(b"<")  # runs inside one chunk are shorter than the limit
    else:
        run += first
    if run > MAX_TEXT_BYTES:
        message = _(
            "The workbook's part %(part)s holds a text longer than %(limit)s MB; "
            "a spreadsheet cell holds at most 32,767 characters."
        )
        raise PackageError(message % {"part": _name(part), "limit": _mb(MAX_TEXT_BYTES)})
    return run


def _mismatch(part: zipfile.ZipInfo) -> PackageError:
    message = _("The workbook's part %(part)s does not match its ZIP directory (size or checksum).")
    return PackageError(message % {"part": _name(part)})


def _too_many_parts(count: int) -> str:
    message = _("The workbook has %(count)s parts in its ZIP directory; at most %(limit)s are accepted.")
    return message % {"count": count, "limit": MAX_PARTS}


def _name(part: zipfile.ZipInfo) -> str:
    # The file chooses its part names: a message quotes at most 100 characters of one.
    return part.filename[:100]


def _mb(size: int) -> str:
    return f"{size / MB:.0f}" if size >= 10 * MB else f"{size / MB:.1f}"
