"""Case documents: private storage, hashing on upload, the download view and integrity checks."""

import hashlib
import io
import stat
import struct
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from casetracker.cases import writes
from casetracker.cases.models import Document
from casetracker.cases.tasks import document_verify_task
from tests.conftest import client_for, close_response
from tests.factories import CaseFactory, DocumentFactory
from tests.security import upload_samples

PDF_BYTES = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
ADD_URL = "/admin/cases/document/add/"


def upload(name: str = "Протокол Соколовой.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def stored_path(document: Document) -> Path:
    return Path(document.file.storage.path(document.file.name))


def stored_plaintext(document: Document) -> bytes:
    """The file as the storage decrypts it (on disk it is ciphertext)."""
    with document.file.storage.open(document.file.name, "rb") as handle:
        return handle.read()


def alter_stored_file(path: Path) -> None:
    """Flip one byte of the ciphertext past the header: same size, different content."""
    data = bytearray(path.read_bytes())
    data[-8] ^= 0x01
    path.write_bytes(bytes(data))


def error_text(response) -> str:
    assert response.status_code == 200  # the form is shown again
    return " ".join(str(error) for error in response.context["adminform"].form.errors.get("file", []))


# --- Upload ---------------------------------------------------------------------------------


def test_upload_computes_sha256_and_size_and_keeps_original_name(lawyer, own_case, settings):
    response = client_for(lawyer).post(ADD_URL, {"case": own_case.pk, "kind": "protocol", "file": upload()})

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert document.size == len(PDF_BYTES)
    assert document.original_name == "Протокол Соколовой.pdf"
    assert document.uploaded_by == lawyer


def test_uploaded_file_is_stored_privately_under_a_random_name(lawyer, own_case, settings):
    client_for(lawyer).post(ADD_URL, {"case": own_case.pk, "kind": "protocol", "file": upload()})

    document = Document.objects.get()
    path = stored_path(document)
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert path.read_bytes().startswith(b"CTF1")  # encrypted on disk
    assert stored_plaintext(document) == PDF_BYTES
    assert "Протокол" not in document.file.name
    assert "Соколов" not in document.file.name
    assert document.file.name.endswith(".pdf")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_large_upload_streamed_to_disk_is_hashed_correctly(lawyer, own_case):
    # Above FILE_UPLOAD_MAX_MEMORY_SIZE (2 MB) Django spools the upload to a temporary file.
    # An MP4's file-type box, then one media-data box filling the rest: the content check
    # reads the head, and the hash must still cover every byte.
    size = 3 * 1024 * 1024
    head = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + struct.pack(">I", size - 24) + b"mdat"
    content = head + (bytes(range(256)) * (3 * 4096))[len(head) :]

    response = client_for(lawyer).post(
        ADD_URL, {"case": own_case.pk, "kind": "video", "file": upload("clip.mp4", content)}
    )

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.size == len(content) == 3 * 1024 * 1024
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert stored_plaintext(document) == content


def test_upload_through_the_case_page_document_form_is_hashed_and_attributed(lawyer):
    case = CaseFactory(lawyers=[lawyer])
    client = client_for(lawyer)
    url = reverse("admin:cases_case_record_add", args=[case.pk, "document"])
    data = {
        "document-new-kind": "court_decision",
        "document-new-file": upload("decision.pdf"),
        "document-new-description": "Постановление суда",
    }

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()
    document = case.documents.get()
    assert response["Location"].endswith(f"#document-{document.pk}")
    assert document.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert document.size == len(PDF_BYTES)
    assert document.original_name == "decision.pdf"
    assert document.description == "Постановление суда"
    assert document.uploaded_by == lawyer
    assert "decision" not in document.file.name
    assert stored_plaintext(document) == PDF_BYTES


def test_document_has_no_public_url(own_case):
    document = DocumentFactory(case=own_case)

    with pytest.raises(ValueError, match="no public URL"):
        _ = document.file.url


def test_disallowed_extension_is_rejected_naming_allowed_types(lawyer, own_case, settings):
    response = client_for(lawyer).post(
        ADD_URL, {"case": own_case.pk, "kind": "other", "file": upload("payload.exe", b"MZ\x90\x00")}
    )

    message = error_text(response)
    assert "“exe” are not accepted" in message
    assert "Allowed types:" in message
    assert "pdf" in message
    assert not Document.objects.exists()
    assert not any(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.exe"))


def test_file_above_size_limit_is_rejected_naming_the_limit(lawyer, own_case, settings):
    settings.CASETRACKER_MAX_UPLOAD_MB = 1
    content = b"x" * (1536 * 1024)

    response = client_for(lawyer).post(
        ADD_URL, {"case": own_case.pk, "kind": "photo", "file": upload("photo.jpg", content)}
    )

    message = error_text(response)
    assert "1.5 MB" in message
    assert "the limit is 1 MB" in message
    assert not Document.objects.exists()


def test_file_at_size_limit_is_accepted(lawyer, own_case, settings):
    settings.CASETRACKER_MAX_UPLOAD_MB = 1

    # A JPEG followed by padding up to the limit (viewers stop at the end-of-image marker).
    photo = upload_samples.jpeg()
    content = photo + b"\x00" * (1024 * 1024 - len(photo))

    response = client_for(lawyer).post(
        ADD_URL, {"case": own_case.pk, "kind": "photo", "file": upload("photo.jpg", content)}
    )

    assert response.status_code == 302
    assert Document.objects.get().size == 1024 * 1024


def test_stored_file_cannot_be_replaced_through_admin(lawyer, own_case):
    document = DocumentFactory(case=own_case)
    original = (document.file.name, document.sha256, stored_path(document).read_bytes())
    client = client_for(lawyer)
    url = f"/admin/cases/document/{document.pk}/change/"

    page = client.get(url)
    response = client.post(
        url, {"kind": "court_decision", "description": "заменён?", "file": upload("forged.pdf", b"%PDF forged")}
    )

    assert 'type="file"' not in page.content.decode()
    assert f"/documents/{document.pk}/download/" in page.content.decode()
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.kind == "court_decision"  # the other fields still save
    assert (document.file.name, document.sha256, stored_path(document).read_bytes()) == original


# --- Download -------------------------------------------------------------------------------


def test_assigned_lawyer_downloads_exact_bytes_as_attachment(lawyer, own_case):
    document = DocumentFactory(case=own_case, file=upload("protocol-2021.pdf"))

    response = client_for(lawyer).get(f"/documents/{document.pk}/download/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"] == 'attachment; filename="protocol-2021.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    close_response(response)


def test_download_keeps_cyrillic_original_name(lawyer, own_case):
    document = DocumentFactory(case=own_case, file=upload("Протокол.pdf"))

    response = client_for(lawyer).get(f"/documents/{document.pk}/download/")

    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%D0%9F%D1%80%D0%BE%D1%82%D0%BE%D0%BA%D0%BE%D0%BB.pdf" in response["Content-Disposition"]
    close_response(response)


def test_lawyer_cannot_download_document_of_other_case(lawyer, foreign_case):
    document = DocumentFactory(case=foreign_case)

    response = client_for(lawyer).get(f"/documents/{document.pk}/download/")

    assert response.status_code == 404
    assert document.original_name not in response.content.decode()


def test_analyst_cannot_download_any_document(analyst, own_case):
    document = DocumentFactory(case=own_case)

    assert client_for(analyst).get(f"/documents/{document.pk}/download/").status_code == 404


def test_anonymous_download_redirects_to_login(own_case):
    document = DocumentFactory(case=own_case)

    response = client_for(None).get(f"/documents/{document.pk}/download/")

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next=/documents/{document.pk}/download/"


def test_download_accepts_only_get(lawyer, own_case):
    document = DocumentFactory(case=own_case)

    assert client_for(lawyer).post(f"/documents/{document.pk}/download/").status_code == 405


# --- Deletion removes files -----------------------------------------------------------------


def test_deleting_document_in_admin_removes_its_file(lawyer, own_case, django_capture_on_commit_callbacks):
    document = DocumentFactory(case=own_case)
    path = stored_path(document)
    assert path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(lawyer).post(f"/admin/cases/document/{document.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not path.exists()


def test_file_is_kept_until_the_deletion_commits(own_case, django_capture_on_commit_callbacks):
    document = DocumentFactory(case=own_case)
    path = stored_path(document)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document.delete()

    assert path.exists()  # a rollback now would leave the row pointing at its file
    assert len(callbacks) == 1
    callbacks[0]()
    assert not path.exists()


def test_rolled_back_deletion_keeps_the_file(own_case, django_capture_on_commit_callbacks):
    document = DocumentFactory(case=own_case)
    document_id, path = document.pk, stored_path(document)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        document.delete()
        raise RuntimeError("abort")

    assert callbacks == []
    assert Document.objects.filter(pk=document_id).exists()
    assert path.exists()


def test_deleting_a_case_removes_files_of_all_its_documents(
    coordinator, own_case, foreign_case, django_capture_on_commit_callbacks
):
    documents = [DocumentFactory(case=own_case), DocumentFactory(case=own_case, file=upload("photo.jpg"))]
    paths = [stored_path(document) for document in documents]
    untouched = stored_path(DocumentFactory(case=foreign_case))

    with django_capture_on_commit_callbacks(execute=True):
        writes.record_delete(record=own_case, user=coordinator)

    assert not Document.objects.filter(pk__in=[document.pk for document in documents]).exists()
    assert not any(path.exists() for path in paths)
    assert untouched.exists()


# --- Integrity verification -----------------------------------------------------------------


@pytest.fixture
def three_documents(own_case, foreign_case):
    return [
        DocumentFactory(case=own_case, file=upload("a.pdf", b"%PDF a")),
        DocumentFactory(case=own_case, file=upload("b.pdf", b"%PDF b")),
        DocumentFactory(case=foreign_case, file=upload("c.pdf", b"%PDF c")),
    ]


def test_verify_documents_succeeds_on_intact_files(three_documents):
    stdout, stderr = io.StringIO(), io.StringIO()

    call_command("verify_documents", stdout=stdout, stderr=stderr)

    assert "All 3 documents match" in stdout.getvalue()
    assert stderr.getvalue() == ""
    assert all(document.integrity_ok for document in Document.objects.all())


def test_verify_documents_fails_naming_each_mismatch(three_documents):
    tampered, missing, intact = three_documents
    alter_stored_file(stored_path(tampered))
    stored_path(missing).unlink()
    stderr = io.StringIO()

    with pytest.raises(CommandError, match="2 of 3 documents failed verification") as failure:
        call_command("verify_documents", stdout=io.StringIO(), stderr=stderr)

    assert failure.value.returncode != 0
    mismatches = [line for line in stderr.getvalue().splitlines() if line.startswith("MISMATCH")]
    assert len(mismatches) == 2
    assert f"MISMATCH document {tampered.pk} " in mismatches[0]
    assert f"MISMATCH document {missing.pk} " in mismatches[1]
    assert f"document {intact.pk} " not in stderr.getvalue()
    states = dict(Document.objects.values_list("pk", "integrity_ok"))
    assert states == {tampered.pk: False, missing.pk: False, intact.pk: True}


def test_verify_documents_detects_same_size_tampering(own_case):
    document = DocumentFactory(case=own_case, file=upload("a.pdf", b"%PDF original"))
    alter_stored_file(stored_path(document))

    with pytest.raises(CommandError):
        call_command("verify_documents", stdout=io.StringIO(), stderr=io.StringIO())


def test_verify_task_records_intact_document(own_case):
    document = DocumentFactory(case=own_case)

    document_verify_task.delay(document.pk)

    document.refresh_from_db()
    assert document.integrity_ok is True
    assert document.verified_at is not None


def test_verify_task_records_altered_and_missing_documents(own_case):
    altered, missing = DocumentFactory(case=own_case), DocumentFactory(case=own_case)
    alter_stored_file(stored_path(altered))
    stored_path(missing).unlink()

    document_verify_task.delay(altered.pk)
    document_verify_task.delay(missing.pk)

    assert dict(Document.objects.values_list("pk", "integrity_ok")) == {altered.pk: False, missing.pk: False}


def test_verify_task_ignores_a_deleted_document(own_case):
    document = DocumentFactory(case=own_case)
    document_id = document.pk
    document.delete()

    document_verify_task.delay(document_id)  # must not raise

    assert not Document.objects.filter(pk=document_id).exists()


def test_verify_integrity_action_queues_checks_after_commit(lawyer, own_case, django_capture_on_commit_callbacks):
    intact, altered = DocumentFactory(case=own_case), DocumentFactory(case=own_case)
    alter_stored_file(stored_path(altered))
    data = {"action": "verify_integrity", "_selected_action": [intact.pk, altered.pk], "index": 0}

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_for(lawyer).post("/admin/cases/document/", data)

    assert response.status_code == 302
    assert len(callbacks) == 2
    assert dict(Document.objects.values_list("pk", "integrity_ok")) == {intact.pk: True, altered.pk: False}


def test_verify_integrity_action_ignores_documents_of_invisible_cases(
    lawyer, own_case, foreign_case, django_capture_on_commit_callbacks
):
    foreign = DocumentFactory(case=foreign_case)
    data = {"action": "verify_integrity", "_selected_action": [foreign.pk], "index": 0}

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client_for(lawyer).post("/admin/cases/document/", data)

    assert callbacks == []
    foreign.refresh_from_db()
    assert foreign.integrity_ok is None


def test_download_of_a_document_whose_file_is_missing_is_404_not_500(lawyer, own_case):
    document = DocumentFactory(case=own_case)
    document.file.storage.delete(document.file.name)

    response = client_for(lawyer).get(f"/documents/{document.pk}/download/")

    assert response.status_code == 404
