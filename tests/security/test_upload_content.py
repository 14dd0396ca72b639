"""Uploads are checked by their content, not trusted by their extension.

The review sent an 8-byte Windows executable stub named `fake.pdf` and it was stored as
a court document. Every accepted extension now has a content rule (libmagic's verdict
on the first few KB); these tests send that exact request to each upload path, and walk
every accepted extension with a genuine small file (generated in upload_samples.py) and
a mismatching one.
"""

import io
import struct
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from casetracker.cases.files import file_extension, validate_document_file
from casetracker.cases.models import Document, ImportJob
from casetracker.cases.upload_content import (
    DOCUMENT_RULES,
    SNIFF_BYTES,
    upload_check_content,
    upload_content_check_setup,
)
from tests.api.conftest import api_client, url
from tests.conftest import client_for
from tests.factories import CaseFactory, DocumentFactory
from tests.security import upload_samples
from tests.security.upload_samples import PE_STUB, SAMPLES

pytestmark = pytest.mark.django_db

MISMATCH = "does not match its extension"
IMPORT_URL = "/admin/cases/case/import/"


def stored_files(settings) -> list[Path]:
    return [path for path in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if path.is_file()]


def check(name: str, content: bytes) -> None:
    validate_document_file(SimpleUploadedFile(name, content))


# --- the exact hostile requests -------------------------------------------------------------


@pytest.mark.parametrize("in_place", [False, True], ids=["form-page", "form-in-place"])
def test_pe_stub_named_pdf_is_refused_on_the_document_form_of_the_case_page(lawyer, settings, in_place):
    case = CaseFactory(lawyers=[lawyer])
    add_url = reverse("admin:cases_case_record_add", args=[case.pk, "document"])
    data = {
        "document-new-kind": "court_decision",
        "document-new-file": SimpleUploadedFile("fake.pdf", PE_STUB),
        "document-new-description": "Постановление",
    }
    headers = {"HTTP_X_WORKSPACE_FRAGMENT": "1"} if in_place else {}

    response = client_for(lawyer).post(add_url, data, **headers)

    assert response.status_code == (422 if in_place else 200)  # the form again, with the error
    errors = " ".join(response.context["form"].errors["file"])
    assert MISMATCH in errors and "“pdf”" in errors and "data of no known type" in errors
    html = response.content.decode()
    next_to_the_field = html.split('id="id_document-new-file_error"')[1].split("</ul>")[0]
    assert MISMATCH in next_to_the_field
    assert 'value="Постановление"' in html  # the input is kept
    assert not Document.objects.exists()
    assert stored_files(settings) == []


def test_pe_stub_named_pdf_is_refused_by_the_api(lawyer, own_case, settings):
    response = api_client(lawyer).post(
        url("documents"),
        {"case": own_case.pk, "kind": "court_decision", "file": SimpleUploadedFile("fake.pdf", PE_STUB)},
        format="multipart",
    )

    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["file"] and MISMATCH in body["file"][0]
    assert not Document.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize("name", ["fake.xlsx", "fake.csv"])
def test_pe_stub_import_is_refused_by_the_admin(lawyer, settings, name):
    response = client_for(lawyer).post(IMPORT_URL, {"file": SimpleUploadedFile(name, PE_STUB)})

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert MISMATCH in errors and f"“{file_extension(name)}”" in errors
    assert not ImportJob.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize("name", ["fake.xlsx", "fake.csv"])
def test_pe_stub_import_is_refused_by_the_api(lawyer, settings, name):
    response = api_client(lawyer).post(
        "/api/v1/imports/", {"file": SimpleUploadedFile(name, PE_STUB), "dry_run": "true"}, format="multipart"
    )

    assert response.status_code == 400
    assert MISMATCH in response.json()["file"][0]
    assert not ImportJob.objects.exists()
    assert stored_files(settings) == []


# --- every accepted extension: a genuine file passes, a mismatching one is refused ----------


def test_every_accepted_extension_has_a_rule_and_a_sample(settings):
    assert set(settings.CASETRACKER_ALLOWED_DOCUMENT_EXTENSIONS) <= set(DOCUMENT_RULES)
    assert set(DOCUMENT_RULES) == set(SAMPLES)


@pytest.mark.parametrize("extension", sorted(SAMPLES))
def test_genuine_file_passes(extension):
    check(f"evidence.{extension}", SAMPLES[extension]())


@pytest.mark.parametrize("extension", sorted(SAMPLES))
def test_pe_stub_fails_under_every_extension(extension):
    with pytest.raises(ValidationError, match=MISMATCH) as refused:
        check(f"evidence.{extension}", PE_STUB)
    assert refused.value.code == "file_content"


@pytest.mark.parametrize("extension", sorted(SAMPLES))
def test_a_file_of_another_type_fails(extension):
    other = upload_samples.pdf() if extension == "png" else upload_samples.png()
    with pytest.raises(ValidationError, match=MISMATCH):
        check(f"evidence.{extension}", other)


@pytest.mark.parametrize(
    ("name", "sample"),
    [
        ("photo.mp4", upload_samples.heic),  # ISO media, but a photo
        ("decision.docx", upload_samples.xlsx),  # OOXML, but a workbook
        ("decision.docx", upload_samples.zip_archive),  # a ZIP with no Word parts
        ("list.xlsx", upload_samples.docx),
        ("decision.doc", upload_samples.xls),  # an OLE file that says it is Excel
        ("scan.pdf", upload_samples.txt),
        ("protocol.txt", upload_samples.jpeg),
        ("audio.mp3", upload_samples.wav),
        ("video.avi", upload_samples.mkv),
    ],
)
def test_close_relatives_are_told_apart(name, sample):
    with pytest.raises(ValidationError, match=MISMATCH):
        check(name, sample())


def test_error_names_the_detected_type():
    with pytest.raises(ValidationError) as refused:
        check("scan.pdf", upload_samples.png())
    assert "it is image/png" in refused.value.messages[0]


# --- genuine files libmagic cannot name from their first bytes --------------------------------


def test_mp3_with_cover_art_longer_than_the_sample_passes():
    art = b"APIC" + struct.pack(">I", 3 * SNIFF_BYTES) + b"\x00\x00" + bytes(3 * SNIFF_BYTES)
    size = len(art)
    syncsafe = bytes([(size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F])
    frames = upload_samples.mp3()[10:]
    check("interview.mp3", b"ID3\x03\x00\x00" + syncsafe + art + frames)


def test_id3_tag_before_something_else_fails():
    check_bytes = b"ID3\x03\x00\x00\x00\x00\x00\x00" + PE_STUB + bytes(200)
    with pytest.raises(ValidationError, match=MISMATCH):
        check("interview.mp3", check_bytes)


@pytest.mark.parametrize("brand", [b"XAVC", b"nvr1"])
def test_iso_media_of_a_brand_libmagic_has_no_type_for_passes(brand):
    check("camera.mp4", upload_samples._iso_media(brand, [brand]))


def test_quicktime_opening_with_a_wide_atom_passes():
    check("clip.mov", upload_samples._box(b"wide", b"") + upload_samples._box(b"mdat", bytes(64)))


def test_docx_whose_first_parts_hide_the_word_folder_passes():
    # A thumbnail between the package's first parts and word/: libmagic sees only a ZIP,
    # the central directory shows a Word document.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("docProps/thumbnail.jpeg", upload_samples.jpeg() + bytes(2 * SNIFF_BYTES))
        archive.writestr("word/document.xml", "<w:document/>")
    check("decision.docx", buffer.getvalue())
    with pytest.raises(ValidationError, match=MISMATCH):
        check("list.xlsx", buffer.getvalue())


# --- how the upload is read -----------------------------------------------------------------


class CountingFile(io.BytesIO):
    """Counts the bytes read, to show that a large file is not read whole."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def test_a_large_video_is_sniffed_not_read_and_its_position_is_kept():
    head = upload_samples.mp4()
    video = CountingFile(head + bytes(50 * 1024 * 1024))
    video.seek(1234)

    upload_check_content(upload=video, extension="mp4")

    assert video.bytes_read <= SNIFF_BYTES
    assert video.tell() == 1234


def test_position_is_kept_after_a_second_look():
    content = CountingFile(b"ID3\x03\x00\x00\x00\x00\x04\x00" + bytes(512) + upload_samples.mp3()[10:])
    content.seek(7)

    upload_check_content(upload=content, extension="mp3")

    assert content.tell() == 7
    assert content.bytes_read <= 2 * SNIFF_BYTES


# --- what stays as it was -------------------------------------------------------------------


def test_stored_document_is_not_rechecked_when_its_description_changes(lawyer, own_case):
    # Stored before the check existed (the factory writes without validation).
    document = DocumentFactory(case=own_case, file=ContentFile(PE_STUB, name="old.pdf"))

    response = client_for(lawyer).post(
        f"/admin/cases/document/{document.pk}/change/", {"kind": "other", "description": "legacy upload"}
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.description == "legacy upload"


def test_cp1251_csv_passes_the_check_and_gets_the_parser_answer(lawyer):
    content = "full_name,detained_at\nИванов — «тест»,2021-02-04 08:15\n".encode("cp1251")
    response = api_client(lawyer).post(
        "/api/v1/imports/", {"file": SimpleUploadedFile("list.csv", content), "dry_run": "true"}, format="multipart"
    )
    assert response.status_code == 201
    assert "not UTF-8" in response.json()["errors"][0]["message"]


def test_demo_documents_pass_the_check(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    documents = list(Document.objects.all())
    assert {file_extension(document.original_name) for document in documents} == {"txt", "pdf", "png"}
    for document in documents:
        with document.file.open() as handle:
            check(document.original_name, handle.read())


def test_an_accepted_type_without_a_rule_stops_the_start():
    with pytest.raises(ImproperlyConfigured, match="no content check for exe"):
        upload_content_check_setup(allowed_extensions=["pdf", "exe"])
    upload_content_check_setup(allowed_extensions=["pdf", "docx"])
