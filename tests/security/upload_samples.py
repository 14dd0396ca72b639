"""Small genuine files of every accepted document type, generated here (nothing downloaded).

Each builder returns the bytes of a file that the program which reads that type would
open: the images come from Pillow, the WAV from the standard library, the containers
(ISO media, Matroska, RIFF, Ogg, OLE, ZIP) are written box by box as their
specifications lay them out.
"""

import io
import struct
import wave
import zipfile
from collections.abc import Callable

from PIL import Image

from casetracker.demo.files import pdf as demo_pdf

# --- images -------------------------------------------------------------------------------


def _pillow(image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (120, 40, 200)).save(buffer, format=image_format, **options)
    return buffer.getvalue()


def jpeg() -> bytes:
    return _pillow("JPEG")


def png() -> bytes:
    return _pillow("PNG")


def gif() -> bytes:
    return _pillow("GIF")


def webp() -> bytes:
    return _pillow("WEBP")


def tiff() -> bytes:
    return _pillow("TIFF")


# --- ISO base media (MP4, QuickTime, M4A, HEIC) ---------------------------------------------


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def _iso_media(brand: bytes, compatible: list[bytes]) -> bytes:
    ftyp = _box(b"ftyp", brand + struct.pack(">I", 0) + b"".join(compatible))
    mvhd = _box(b"mvhd", bytes(4) + bytes(8) + struct.pack(">II", 1000, 0) + bytes(80))
    return ftyp + _box(b"moov", mvhd) + _box(b"mdat", bytes(64))


def mp4() -> bytes:
    return _iso_media(b"isom", [b"isom", b"iso2", b"avc1", b"mp41"])


def mov() -> bytes:
    return _iso_media(b"qt  ", [b"qt  "])


def m4a() -> bytes:
    return _iso_media(b"M4A ", [b"M4A ", b"mp42", b"isom"])


def heic() -> bytes:
    ftyp = _box(b"ftyp", b"heic" + struct.pack(">I", 0) + b"mif1heic")
    hdlr = _box(b"hdlr", bytes(8) + b"pict" + bytes(12) + b"\x00")
    return ftyp + _box(b"meta", bytes(4) + hdlr) + _box(b"mdat", bytes(32))


# --- Matroska (MKV, WebM) -----------------------------------------------------------------


def _ebml(element_id: bytes, payload: bytes) -> bytes:
    # One-byte EBML size (payloads here stay under 127 bytes), marked by the top bit.
    assert len(payload) < 127
    return element_id + bytes([0x80 | len(payload)]) + payload


def _matroska(doc_type: bytes) -> bytes:
    header = b"".join(
        [
            _ebml(b"\x42\x86", b"\x01"),  # EBMLVersion
            _ebml(b"\x42\xf7", b"\x01"),  # EBMLReadVersion
            _ebml(b"\x42\xf2", b"\x04"),  # EBMLMaxIDLength
            _ebml(b"\x42\xf3", b"\x08"),  # EBMLMaxSizeLength
            _ebml(b"\x42\x82", doc_type),  # DocType
            _ebml(b"\x42\x87", b"\x04"),  # DocTypeVersion
            _ebml(b"\x42\x85", b"\x02"),  # DocTypeReadVersion
        ]
    )
    info = _ebml(b"\x15\x49\xa9\x66", _ebml(b"\x2a\xd7\xb1", b"\x0f\x42\x40"))  # Info: TimestampScale
    segment = b"\x18\x53\x80\x67" + bytes([0x80 | len(info)]) + info
    return _ebml(b"\x1a\x45\xdf\xa3", header) + segment


def mkv() -> bytes:
    return _matroska(b"matroska")


def webm() -> bytes:
    return _matroska(b"webm")


# --- RIFF (AVI, WAV) ----------------------------------------------------------------------


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return kind + struct.pack("<I", len(payload)) + payload + (b"\x00" if len(payload) % 2 else b"")


def avi() -> bytes:
    avih = _chunk(b"avih", struct.pack("<10I", 40000, 0, 0, 0, 1, 0, 1, 0, 8, 8) + bytes(16))
    hdrl = _chunk(b"LIST", b"hdrl" + avih)
    movi = _chunk(b"LIST", b"movi")
    body = b"AVI " + hdrl + movi
    return b"RIFF" + struct.pack("<I", len(body)) + body


def wav() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(bytes(1600))
    return buffer.getvalue()


# --- MP3, Ogg (Vorbis, Opus) --------------------------------------------------------------


def mp3() -> bytes:
    # An ID3v2.3 tag (no frames) and MPEG-1 Layer III frames, 128 kbit/s, 44.1 kHz.
    tag = b"ID3\x03\x00\x00" + bytes(4)
    frame = b"\xff\xfb\x90\x64" + bytes(413)
    return tag + frame * 3


def _ogg_page(payload: bytes, *, sequence: int, first: bool) -> bytes:
    header = b"OggS\x00" + bytes([0x02 if first else 0x00]) + struct.pack("<qII", 0, 0x1234, sequence)
    lacing = bytes([255] * (len(payload) // 255) + [len(payload) % 255])
    page = header + struct.pack("<I", 0) + bytes([len(lacing)]) + lacing + payload
    crc = _ogg_crc(page)
    return page[:22] + struct.pack("<I", crc) + page[26:]


def _ogg_crc(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
            crc &= 0xFFFFFFFF
    return crc


def ogg() -> bytes:
    identification = b"\x01vorbis" + struct.pack("<IBIiiiB", 0, 1, 44100, 0, 128000, 0, 0xB8) + b"\x01"
    return _ogg_page(identification, sequence=0, first=True)


def opus() -> bytes:
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, 48000, 0, 0)
    tags = b"OpusTags" + struct.pack("<I", 4) + b"test" + struct.pack("<I", 0)
    return _ogg_page(head, sequence=0, first=True) + _ogg_page(tags, sequence=1, first=False)


# --- text, PDF, RTF -----------------------------------------------------------------------


def pdf() -> bytes:
    return demo_pdf(["Protocol of detention, sample"])


def txt() -> bytes:
    return "Протокол задержания\nМосква, 28.01.2021\n".encode()


def rtf() -> bytes:
    return rb"{\rtf1\ansi\deff0{\fonttbl{\f0 Times New Roman;}}\f0\fs24 Protocol of detention.\par}"


# --- ZIP and the formats built on it (OOXML, OpenDocument) --------------------------------


def _zip(members: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(members):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


def zip_archive() -> bytes:
    return _zip([("photos/readme.txt", b"photos of the detention\n"), ("photos/1.png", png())])


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{part}" ContentType="{content_type}"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="{part}"/></Relationships>'
)


def docx() -> bytes:
    part = "word/document.xml"
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Protocol</w:t></w:r></w:p></w:body></w:document>"
    )
    return _zip(
        [
            ("[Content_Types].xml", CONTENT_TYPES.format(part=part, content_type=content_type).encode()),
            ("_rels/.rels", RELS.format(part=part).encode()),
            (part, document.encode()),
        ]
    )


def xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["full_name", "detained_at"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _opendocument(mimetype: str, body: str) -> bytes:
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        f'office:version="1.2"><office:body>{body}</office:body></office:document-content>'
    )
    # The specification wants "mimetype" first and uncompressed: readers sniff it at offset 38.
    return _zip(
        [
            ("mimetype", mimetype.encode()),
            ("content.xml", content.encode()),
            ("META-INF/manifest.xml", manifest.encode()),
        ],
        stored_first=True,
    )


def odt() -> bytes:
    return _opendocument("application/vnd.oasis.opendocument.text", "<office:text/>")


def ods() -> bytes:
    return _opendocument("application/vnd.oasis.opendocument.spreadsheet", "<office:spreadsheet/>")


# --- OLE compound files (DOC, XLS) --------------------------------------------------------

SECTOR = 512
FREE, END_OF_CHAIN, FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def _directory_entry(name: str, kind: int, *, child: int = FREE, start: int = END_OF_CHAIN, size: int = 0) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBB", len(encoded), kind, 1)  # name length, type, colour (black)
        + struct.pack("<III", FREE, FREE, child)  # left, right sibling, child
        + bytes(16 + 4 + 16)  # CLSID, state bits, times
        + struct.pack("<IQ", start, size)
    )


def _compound_file(stream_name: str) -> bytes:
    """A version-3 compound file (512-byte sectors) holding one 4 KiB stream.

    Sector 0 is the FAT, sector 1 the directory, sectors 2-9 the stream (4 KiB: at the
    mini-stream cut-off, so it lives in ordinary sectors and needs no mini FAT).
    """
    stream_sectors = 4096 // SECTOR
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)  # CLSID
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)  # minor, major version, byte order, sector shifts
        + bytes(6)
        + struct.pack("<II", 0, 1)  # directory sectors (0 for version 3), FAT sectors
        + struct.pack("<II", 1, 0)  # first directory sector, transaction signature
        + struct.pack("<I", 4096)  # mini stream cut-off
        + struct.pack("<II", END_OF_CHAIN, 0)  # first mini FAT sector, mini FAT sectors
        + struct.pack("<II", END_OF_CHAIN, 0)  # first DIFAT sector, DIFAT sectors
        + struct.pack("<I", 0)  # DIFAT[0]: the FAT is sector 0
        + struct.pack("<I", FREE) * 108
    )
    chain = [2 + index + 1 for index in range(stream_sectors - 1)] + [END_OF_CHAIN]
    fat = [FAT_SECTOR, END_OF_CHAIN, *chain]
    fat_sector = struct.pack(f"<{SECTOR // 4}I", *(fat + [FREE] * (SECTOR // 4 - len(fat))))
    directory = (
        _directory_entry("Root Entry", 5, child=1)
        + _directory_entry(stream_name, 2, start=2, size=4096)
        + _directory_entry("", 0) * 2
    )
    return header + fat_sector + directory + bytes(4096)


def doc() -> bytes:
    return _compound_file("WordDocument")


def xls() -> bytes:
    return _compound_file("Workbook")


# --- the table the tests walk ---------------------------------------------------------------

SAMPLES: dict[str, Callable[[], bytes]] = {
    "pdf": pdf,
    "jpg": jpeg,
    "jpeg": jpeg,
    "png": png,
    "heic": heic,
    "webp": webp,
    "gif": gif,
    "tif": tiff,
    "tiff": tiff,
    "mp4": mp4,
    "mov": mov,
    "webm": webm,
    "avi": avi,
    "mkv": mkv,
    "mp3": mp3,
    "m4a": m4a,
    "ogg": ogg,
    "wav": wav,
    "opus": opus,
    "doc": doc,
    "docx": docx,
    "odt": odt,
    "rtf": rtf,
    "txt": txt,
    "xls": xls,
    "xlsx": xlsx,
    "ods": ods,
    "zip": zip_archive,
}

# An 8-byte Windows executable stub, as the review sent it.
PE_STUB = b"MZ" + b"\x90\x00\x03\x00\x00\x00"
