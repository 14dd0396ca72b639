"""What a request may learn of an uploaded list cheaply, before a job exists or a row is read.

A request only checks bounds it can read without walking the file: the ZIP directory
and the prologs of an XLSX, the length of a CSV's first line, the sizes. Counting and
checking the rows is the job's work (`services.import_job_run`), done in the worker
for anything larger than `fits_in_request` allows.
"""

import io
from typing import IO

from casetracker.cases.models.imports import ImportFormat
from casetracker.imports import package, parsing

# UTF-8 takes at most 4 bytes a character: past this many bytes, the line is too long.
CSV_MAX_LINE_BYTES = 4 * parsing.CSV_MAX_LINE_CHARS


def check_upload(handle: IO[bytes], file_format: str) -> None:
    """Refuse a file whose reading would exhaust the server (ImportFileError naming why).

    Reads the ZIP directory and each part's first bytes of an XLSX, the first line of a
    CSV: milliseconds and kilobytes whatever the file would unpack to.
    """
    try:
        if file_format == ImportFormat.XLSX:
            package.package_check(handle)
        else:
            _check_first_line(handle)
    except package.UnreadablePackage:
        pass  # reported by the job, like any other unreadable file: nothing was unpacked
    except package.PackageError as error:
        raise parsing.ImportFileError(str(error)) from None
    finally:
        handle.seek(0)


def fits_in_request(handle: IO[bytes], file_format: str, *, max_bytes: int, max_rows: int) -> bool:
    """Whether the file unpacks to at most `max_bytes` and has at most `max_rows` data rows.

    The rows are counted only in a file within `max_bytes`, and only up to one more
    than `max_rows`: the request reads a bounded part of the file, whatever it holds.
    """
    data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        return False
    buffer = io.BytesIO(data)
    if file_format == ImportFormat.XLSX:
        try:
            unpacked = package.package_check(buffer)
        except package.PackageError as error:
            raise parsing.ImportFileError(str(error)) from None
        if unpacked > max_bytes:
            return False
        buffer.seek(0)
    return parsing.count_rows(buffer, file_format, limit=max_rows + 1) <= max_rows


def _check_first_line(handle: IO[bytes]) -> None:
    read = 0
    while read <= CSV_MAX_LINE_BYTES:
        chunk = handle.read(parsing.CSV_READ_CHUNK)
        if not chunk or b"\n" in chunk or b"\r" in chunk:
            return
        read += len(chunk)
    raise parsing.line_too_long(1)
