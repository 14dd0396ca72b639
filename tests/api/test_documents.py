"""Documents through the API: multipart upload, metadata out, the file only at the download URL."""

import hashlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from casetracker.cases.models import Document
from tests.api.conftest import api_client, url

CONTENT = b"%PDF-1.4\nprotocol of detention, Pushkinskaya, 28.01.2021\n"


def upload(client, case, *, name="protocol.pdf", content=CONTENT, kind="protocol"):
    return client.post(
        url("documents"),
        {"case": case.pk, "kind": kind, "description": "Протокол", "file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


def test_upload_computes_hash_and_gives_a_download_url(lawyer, own_case):
    response = upload(api_client(lawyer), own_case)
    assert response.status_code == 201, response.content
    body = response.json()
    document = Document.objects.get(pk=body["id"])
    assert body["sha256"] == hashlib.sha256(CONTENT).hexdigest() == document.sha256
    assert body["size"] == len(CONTENT)
    assert body["original_name"] == "protocol.pdf"
    assert body["uploaded_by"] == lawyer.pk
    assert body["download_url"] == f"http://testserver/documents/{document.pk}/download/"
    assert "file" not in body
    # Neither the stored (random) name nor the storage directory appears anywhere.
    text = response.content.decode()
    assert document.file.name not in text
    assert document.file.name.rsplit("/", 1)[-1] not in text
    assert "documents/" not in text.replace(f"/documents/{document.pk}/download/", "")


def test_the_download_url_serves_the_file_to_a_session(lawyer, own_case):
    document_id = upload(api_client(lawyer), own_case).json()["id"]
    detail = api_client(lawyer).get(url("documents", document_id)).json()
    browser = APIClient()
    browser.force_login(lawyer)
    response = browser.get(detail["download_url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT


def test_metadata_never_contains_the_file(lawyer, own_tree):
    response = api_client(lawyer).get(url("documents", own_tree["documents"].pk))
    assert b"protocol of detention" not in response.content


def test_file_of_a_document_is_never_replaced(lawyer, own_tree):
    document = own_tree["documents"]
    response = api_client(lawyer).patch(
        url("documents", document.pk), {"file": SimpleUploadedFile("other.pdf", b"forged")}, format="multipart"
    )
    assert response.status_code == 400
    assert "file" in response.json()
    document.refresh_from_db()
    assert document.compute_stored_hash()[0] == document.sha256
    # Its description may change.
    response = api_client(lawyer).patch(url("documents", document.pk), {"description": "Копия"}, format="json")
    assert response.status_code == 200


def test_file_type_not_allowed_is_400_on_file(lawyer, own_case):
    response = upload(api_client(lawyer), own_case, name="payload.exe")
    assert response.status_code == 400
    assert "file" in response.json()
    assert not Document.objects.exists()


def test_upload_without_file_is_400(lawyer, own_case):
    response = api_client(lawyer).post(url("documents"), {"case": own_case.pk, "kind": "photo"}, format="multipart")
    assert response.status_code == 400
    assert response.json()["file"]


def test_lawyer_cannot_upload_to_a_case_they_cannot_see(lawyer, foreign_case):
    response = upload(api_client(lawyer), foreign_case)
    assert response.status_code == 400
    assert "case" in response.json()
    assert not Document.objects.exists()


def test_a_token_client_downloads_a_visible_document_and_nothing_else(lawyer, own_case, foreign_case):
    from casetracker.api.tokens import token_issue, token_revoke
    from tests.factories import DocumentFactory

    own = DocumentFactory(case=own_case)
    foreign = DocumentFactory(case=foreign_case)
    token, secret = token_issue(user=lawyer, name="script")
    client = Client()
    headers = {"authorization": f"Bearer {secret}"}

    response = client.get(f"/documents/{own.pk}/download/", headers=headers)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"protocol of detention\n"
    assert client.get(f"/documents/{foreign.pk}/download/", headers=headers).status_code == 404

    token_revoke(token=token, user=lawyer)
    assert client.get(f"/documents/{own.pk}/download/", headers=headers).status_code == 401
