"""Reading detention lists (CSV, XLSX) into typed rows, one row at a time.

Nothing here touches the database. Errors name the row number (as a spreadsheet shows
it: the header is row 1) and the column, never the value: a value may be a name.
"""

import codecs
import contextlib
import csv
import io
import itertools
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any
from xml.etree import ElementTree

from django.utils.translation import gettext_lazy as _

from casetracker.cases.models.imports import ImportFormat
from casetracker.imports import package
from casetracker.imports.columns import COLUMNS

REQUIRED_COLUMNS = ("full_name", "detained_at", "city", "region", "place_type", "place")
# CSV reads 64 KiB at a time: a 100,000-row file is never held whole as text.
CSV_READ_CHUNK = 64 * 1024
# No column holds more than a few hundred characters, so a row of every column is a few
# KB: a longer line is not a detention list, and is refused before it is held whole.
CSV_MAX_LINE_CHARS = 1024 * 1024


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, format, header)."""

    def __init__(self, message: str, *, row: int | None = None, column: str = "") -> None:
        super().__init__(message)
        self.row = row
        self.column = column


@dataclass
class RowError:
    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": str(self.message)}


@dataclass
class ParsedRow:
    number: int
    values: dict[str, Any]
    errors: list[RowError] = field(default_factory=list)


# --- cell converters: each takes a non-empty cell (str, or a native XLSX value) ---


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def normalize_header(name: Any) -> str:
    return "_".join(str(name or "").strip().casefold().split())


def check_header(raw: list[Any]) -> list[str]:
    header = [normalize_header(name) for name in raw]
    errors = []
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        errors.append(_("Unknown columns: %(names)s.") % {"names": ", ".join(unknown)})
    duplicated = sorted({name for name in header if name and header.count(name) > 1})
    if duplicated:
        errors.append(_("Columns given twice: %(names)s.") % {"names": ", ".join(duplicated)})
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        errors.append(_("Required columns are missing: %(names)s.") % {"names": ", ".join(missing)})
    if errors:
        raise ImportFileError(" ".join(str(error) for error in errors), row=1)
    return header


def convert_row(number: int, header: list[str], cells: list[Any]) -> ParsedRow | None:
    """Typed values of one row by column; None for a blank row."""
    if all(_is_empty(cell) for cell in cells):
        return None
    row = ParsedRow(number=number, values={})
    if len(cells) > len(header) and any(not _is_empty(cell) for cell in cells[len(header) :]):
        row.errors.append(RowError(number, "", _("The row has more cells than the header has columns.")))
    for name, cell in zip(header, cells, strict=False):
        if not name or _is_empty(cell):
            continue
        try:
            row.values[name] = COLUMNS[name](cell)
        except ValueError as error:
            row.errors.append(RowError(number, name, str(error)))
    for name in REQUIRED_COLUMNS:
        if name not in row.values and not any(error.column == name for error in row.errors):
            row.errors.append(RowError(number, name, _("This field is required.")))
    return row


# --- readers: (row number, raw cells) after the header ---


def _csv_lines(handle: IO[bytes]) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
    pending = ""
    line_number = 1
    while True:
        chunk = handle.read(CSV_READ_CHUNK)
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            raise ImportFileError(
                _(
                    "The file is not UTF-8 text (near line %(line)s). Save it as “CSV UTF-8” "
                    "(Excel: File → Save as → CSV UTF-8) and upload it again."
                )
                % {"line": line_number + pending.count("\n")}
            ) from None
        if "\x00" in text:
            raise ImportFileError(_("The file is not a text file: upload a CSV or XLSX file."))
        pending += text
        lines = pending.splitlines(keepends=True)
        pending = lines.pop() if lines and chunk and not lines[-1].endswith(("\n", "\r")) else ""
        for line in lines:
            _check_line_length(line, line_number)
            line_number += 1
            yield line
        _check_line_length(pending, line_number)
        if not chunk:
            if pending:
                yield pending
            return


def _check_line_length(line: str, number: int) -> None:
    # Checked as the line grows: a 50 MB line is refused after its first MB is read.
    if len(line) > CSV_MAX_LINE_CHARS:
        raise line_too_long(number)


def line_too_long(number: int) -> ImportFileError:
    message = _("Line %(line)s is longer than %(limit)s characters: the file is not a detention list.")
    return ImportFileError(message % {"line": number, "limit": CSV_MAX_LINE_CHARS})


def _read_csv(handle: IO[bytes]) -> tuple[list[Any], Iterator[tuple[int, list[Any]]]]:
    lines = _csv_lines(handle)
    first = next(lines, None)
    if first is None:
        raise ImportFileError(_("The file is empty."))
    # Excel in a Russian locale writes ";" between cells.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(_chain(first, lines), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as error:
        raise ImportFileError(_("The CSV file cannot be read: %(error)s") % {"error": error}, row=1) from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise ImportFileError(
                    _("The CSV file cannot be read after row %(row)s: %(error)s") % {"row": number, "error": error}
                ) from None
            number += 1
            yield number, cells

    return header, rows()


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _read_xlsx(handle: IO[bytes]) -> tuple[list[Any], Iterator[tuple[int, list[Any]]]]:
    from openpyxl import load_workbook

    if not handle.seekable():
        # An XLSX is a ZIP, read by seeking; the stored file decrypts as a stream. It goes
        # to memory (at most MAX_FILE_MB), never to a plaintext temporary file.
        handle = io.BytesIO(handle.read())
    try:
        package.package_verify(handle)
    except package.PackageError as error:
        raise ImportFileError(str(error)) from None
    with _unreadable_as_import_error():
        # read_only streams the sheet's XML: a 100,000-row sheet's cells are never all in memory.
        workbook = load_workbook(handle, read_only=True, data_only=True)
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
    if header is None:
        raise ImportFileError(_("The file is empty."))

    def data_rows() -> Iterator[tuple[int, list[Any]]]:
        number = 1
        with _unreadable_as_import_error():
            for cells in rows:
                number += 1
                yield number, list(cells)
        workbook.close()

    return list(header), data_rows()


@contextlib.contextmanager
def _unreadable_as_import_error() -> Iterator[None]:
    # What openpyxl raises on a malformed workbook, and defusedxml (a ValueError) on a
    # DTD or entity: the file's fault, never a server error.
    from openpyxl.utils.exceptions import InvalidFileException

    unreadable = (zipfile.BadZipFile, InvalidFileException, zlib.error, ElementTree.ParseError, EOFError, OSError)
    try:
        yield
    except (*unreadable, KeyError, IndexError, ValueError, TypeError):
        raise ImportFileError(str(package.NOT_A_WORKBOOK)) from None


def read_rows(handle: IO[bytes], file_format: str) -> tuple[list[str], Iterator[ParsedRow]]:
    """The checked header and the non-blank rows, converted, in file order.

    Raises ImportFileError for an unreadable file or header (at once) or an
    unreadable stretch of the file (while iterating).
    """
    if file_format == ImportFormat.XLSX:
        raw_header, raw_rows = _read_xlsx(handle)
    else:
        raw_header, raw_rows = _read_csv(handle)
    header = check_header(raw_header)

    def parsed() -> Iterator[ParsedRow]:
        for number, cells in raw_rows:
            row = convert_row(number, header, cells)
            if row is not None:
                yield row

    return header, parsed()


def count_rows(handle: IO[bytes], file_format: str, *, limit: int | None = None) -> int:
    """Data rows in the file (blank ones included), or `limit` if it has at least that many."""
    reader = _read_xlsx if file_format == ImportFormat.XLSX else _read_csv
    _header, rows = reader(handle)
    return sum(1 for _row in itertools.islice(rows, limit))


def detect_format(filename: str) -> str | None:
    name = (filename or "").casefold()
    if name.endswith(".csv") or name.endswith(".txt"):
        return ImportFormat.CSV
    if name.endswith(".xlsx"):
        return ImportFormat.XLSX
    return None
