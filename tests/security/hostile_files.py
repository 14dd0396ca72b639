"""Hostile import files, generated: ZIP bombs, entity bombs, a million empty rows, giant cells.

Each is a real XLSX (an openpyxl workbook with the required header) with one part
replaced, or a CSV. Large parts are written to the ZIP in pieces, so a test never holds
a 100 MB part in memory. Shared by the regression tests and `bench/import_hostile.py`.
"""

import io
import os
import struct
import zipfile
from collections.abc import Iterable, Iterator

from openpyxl import Workbook

HEADER = ["full_name", "detained_at", "city", "region", "place_type", "place"]
SHEET = "xl/worksheets/sheet1.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
MB = 1024 * 1024


def base_workbook() -> bytes:
    """openpyxl's workbook of the header, its cells moved to shared strings as Excel writes them."""
    workbook = Workbook()
    workbook.active.append(HEADER)
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(buffer)
    strings = "".join(f"<si><t>{name}</t></si>" for name in HEADER)
    cells = "".join(f'<c r="{chr(65 + index)}1" t="s"><v>{index}</v></c>' for index in range(len(HEADER)))
    replaced = {
        SHARED_STRINGS: f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{MAIN_NS}">{strings}</sst>',
        SHEET: f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN_NS}"><sheetData>'
        f'<row r="1">{cells}</row></sheetData></worksheet>',
        "[Content_Types].xml": source.read("[Content_Types].xml")
        .decode()
        .replace("</Types>", f'<Override PartName="/{SHARED_STRINGS}" ContentType="{SHARED_STRINGS_TYPE}"/></Types>'),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            archive.writestr(name, replaced.pop(name, None) or source.read(name))
        for name, content in replaced.items():
            archive.writestr(name, content)
    return out.getvalue()


def xlsx_with(parts: dict[str, bytes | Iterable[bytes]]) -> bytes:
    """The base workbook with `parts` replaced or added, each written piece by piece."""
    parts = dict(parts)
    base = zipfile.ZipFile(io.BytesIO(base_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in [info.filename for info in base.infolist()] + [n for n in parts if n not in base.namelist()]:
            content = parts.get(name, base.read(name) if name in base.namelist() else b"")
            pieces = [content] if isinstance(content, bytes) else content
            with archive.open(name, "w") as part:
                for piece in pieces:
                    part.write(piece)
    return out.getvalue()


def _header_row() -> bytes:
    cells = "".join(
        f'<c r="{chr(65 + index)}1" t="inlineStr"><is><t>{name}</t></is></c>' for index, name in enumerate(HEADER)
    )
    return f'<row r="1">{cells}</row>'.encode()


def _sheet(rows: Iterable[bytes]) -> Iterator[bytes]:
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN_NS}"><sheetData>'.encode()
    yield _header_row()
    yield from rows
    yield b"</sheetData></worksheet>"


def zip_bomb() -> bytes:
    """The review's file: shared strings of 3,000,000 `<si>` entries, 72 MB, packed to ~0.2 MB."""

    def strings() -> Iterator[bytes]:
        yield f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{MAIN_NS}" count="3000000">'.encode()
        yield "".join(f"<si><t>{name}</t></si>" for name in HEADER).encode()
        for _ in range(300):
            yield b"<si><t>AAAAAAAA</t></si>" * 10_000
        yield b"</sst>"

    return xlsx_with({SHARED_STRINGS: strings()})


def billion_laughs() -> bytes:
    """Ten nested entities of ten references each: 10^9 "lol"s if a parser expanded them."""
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{level} "{("&lol" + (str(level - 1) if level > 1 else "") + ";") * 10}">'
        for level in range(1, 10)
    ]
    bomb = (
        f'<?xml version="1.0"?>\n<!DOCTYPE sst [{"".join(entities)}]>\n'
        f'<sst xmlns="{MAIN_NS}"><si><t>&lol9;</t></si></sst>'
    )
    return xlsx_with({SHARED_STRINGS: bomb.encode()})


def million_empty_rows() -> bytes:
    """A sheet of the header and 1,000,000 `<row/>`: 6 MB of XML packed to ~9 KB."""
    return xlsx_with({SHEET: _sheet(b"<row/>" * 10_000 for _ in range(100))})


def million_numbered_rows() -> bytes:
    """1,000,000 empty `<row r="N"/>`: 17 MB packed 6 times, as honest as XML compresses."""

    def rows() -> Iterator[bytes]:
        for start in range(2, 1_000_002, 10_000):
            yield b"".join(b'<row r="%d"/>' % number for number in range(start, start + 10_000))

    return xlsx_with({SHEET: _sheet(rows())})


def giant_cell(size: int = 100 * MB, *, incompressible: bool = False) -> bytes:
    """Row 2 holds one inline-string cell of `size` characters ("A"s, or random digits)."""
    digits = bytes(48 + byte % 10 for byte in range(256))

    def rows() -> Iterator[bytes]:
        yield b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
        for _ in range(size // MB):
            yield os.urandom(MB).translate(digits) if incompressible else b"A" * MB
        yield b"</t></is></c></row>"

    return xlsx_with({SHEET: _sheet(rows())})


def many_parts(count: int = 1_001) -> bytes:
    return xlsx_with({f"xl/media/empty{index}.bin": b"" for index in range(count)})


def lying_sizes(declared: int, name: str = "xl/workbook.xml") -> bytes:
    """`name` padded to 10 MB inside its root element; its ZIP directory says `declared` bytes."""
    original = zipfile.ZipFile(io.BytesIO(base_workbook())).read(name)
    root_end = original.rindex(b"</")
    padded = original[:root_end] + b"<!-- " + b" " * (10 * MB) + b" -->" + original[root_end:]
    content = bytearray(xlsx_with({name: padded}))
    encoded = name.encode()
    central = _find_header(content, b"PK\x01\x02", 28, encoded, 46)
    struct.pack_into("<L", content, central + 24, declared)
    local = _find_header(content, b"PK\x03\x04", 26, encoded, 30)
    struct.pack_into("<L", content, local + 22, declared)
    return bytes(content)


def padded_prolog() -> bytes:
    """A comment of 100 KiB before the root element, where a DTD would hide from a short look."""
    original = zipfile.ZipFile(io.BytesIO(base_workbook())).read(SHARED_STRINGS)
    return xlsx_with({SHARED_STRINGS: original.replace(b"?>", b"?><!-- " + b" " * 100 * 1024 + b" -->", 1)})


def _find_header(content: bytearray, signature: bytes, name_length_at: int, name: bytes, name_at: int) -> int:
    start = 0
    while (at := content.find(signature, start)) >= 0:
        length = struct.unpack_from("<H", content, at + name_length_at)[0]
        if content[at + name_at : at + name_at + length] == name:
            return at
        start = at + 1
    raise ValueError(f"no header for {name!r}")


def csv_long_line(size: int = 10 * MB, *, line: int = 1) -> bytes:
    """A CSV whose line `line` is one cell of `size` characters (no line break)."""
    header = ",".join(HEADER).encode() + b"\n"
    if line == 1:
        return b"x" * size + b"\n"
    return header + b"A" * size + b"\n"
