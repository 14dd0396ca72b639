"""POST /api/v1/imports/ and GET /api/v1/imports/<id>/."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from casetracker.audit.models import AuditEvent
from casetracker.cases.models import Case, Detention
from casetracker.imports import services
from tests.api.conftest import api_client
from tests.factories import LegalArticleFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "import_sample.csv"
URL = "/api/v1/imports/"


def sample(name="sample.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, SAMPLE.read_bytes())


@pytest.fixture(autouse=True)
def _article():
    LegalArticleFactory(code="koap", number="20.2", part="5")


def test_lawyer_imports_and_is_assigned(lawyer):
    response = api_client(lawyer).post(URL, {"file": sample()}, format="multipart")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["created_count"], body["errors"]) == ("done", 3, [])
    assert Case.objects.filter(lawyers=lawyer).count() == 3
    assert AuditEvent.objects.filter(action="create", source="api", object_type="cases.case").count() == 3


def test_dry_run_lists_errors_and_writes_nothing(lawyer):
    content = SAMPLE.read_bytes().replace(b"2021-02-04 08:15", b"2021-02-31 08:15")
    response = api_client(lawyer).post(
        URL, {"file": SimpleUploadedFile("l.csv", content), "dry_run": "true"}, format="multipart"
    )

    body = response.json()
    assert response.status_code == 201 and body["status"] == "invalid"
    assert body["errors"][0]["row"] == 2 and body["errors"][0]["column"] == "detained_at"
    assert not Detention.objects.exists()


def test_reimport_through_api_is_idempotent(lawyer):
    client = api_client(lawyer)
    client.post(URL, {"file": sample()}, format="multipart")
    body = client.post(URL, {"file": sample()}, format="multipart").json()
    assert (body["created_count"], body["skipped_count"]) == (0, 3)
    assert Detention.objects.count() == 3


def test_large_file_answers_202_and_progress_is_pollable(lawyer, monkeypatch):
    monkeypatch.setattr(services, "SYNC_MAX_ROWS", 1)
    client = api_client(lawyer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(URL, {"file": sample()}, format="multipart")
    assert response.status_code == 202
    detail = client.get(response.json()["url"])
    assert detail.status_code == 200
    assert detail.json()["status"] == "done" and detail.json()["rows_done"] == 3


def test_wrong_file_type_is_400(lawyer):
    response = api_client(lawyer).post(URL, {"file": SimpleUploadedFile("l.pdf", b"%PDF")}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()


@pytest.mark.parametrize(("role", "expected"), [("analyst", 403), ("anonymous", 403), ("coordinator", 201)])
def test_who_may_import(users, role, expected):
    response = api_client(users[role]).post(URL, {"file": sample(), "dry_run": "true"}, format="multipart")
    assert response.status_code in ({401, 403} if expected == 403 else {expected})


def test_another_users_job_does_not_exist(lawyer, other_lawyer):
    job_url = api_client(lawyer).post(URL, {"file": sample(), "dry_run": "true"}, format="multipart").json()["url"]
    assert api_client(other_lawyer).get(job_url).status_code == 404
