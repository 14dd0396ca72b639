"""The admin's "Import detentions": upload, preview with row errors, confirm."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casetracker.cases.models import Case, ImportJob
from tests.conftest import client_for
from tests.factories import LegalArticleFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "import_sample.csv"
UPLOAD_URL = "/admin/cases/case/import/"


def test_change_list_links_to_the_import(lawyer):
    assert UPLOAD_URL in client_for(lawyer).get("/admin/cases/case/").content.decode()


def test_lawyer_previews_then_confirms(lawyer):
    LegalArticleFactory(code="koap", number="20.2", part="5")
    client = client_for(lawyer)

    response = client.post(UPLOAD_URL, {"file": SimpleUploadedFile("list.csv", SAMPLE.read_bytes())})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/import/{job.pk}/")
    preview = client.get(response["Location"])
    assert "Confirm import" in preview.content.decode()
    assert not Case.objects.exists()

    client.post(response["Location"])

    assert Case.objects.filter(lawyers=lawyer).count() == 3


def test_preview_lists_row_errors(lawyer):
    content = SAMPLE.read_bytes().replace(b"metro", b"tram", 1)
    response = client_for(lawyer).post(UPLOAD_URL, {"file": SimpleUploadedFile("list.csv", content)}, follow=True)
    page = response.content.decode()
    assert "place_type" in page and "Unknown value" in page and "Confirm import" not in page


def test_analyst_cannot_import(analyst):
    assert client_for(analyst).get(UPLOAD_URL).status_code == 403


def test_another_users_job_is_404(lawyer, other_lawyer):
    client_for(lawyer).post(UPLOAD_URL, {"file": SimpleUploadedFile("list.csv", SAMPLE.read_bytes())})
    job = ImportJob.objects.get()
    assert client_for(other_lawyer).get(f"{UPLOAD_URL}{job.pk}/").status_code == 404


def test_job_page_shows_the_progress_of_the_writing(lawyer):
    client = client_for(lawyer)
    client.post(UPLOAD_URL, {"file": SimpleUploadedFile("list.csv", SAMPLE.read_bytes())})
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status="writing", rows_total=10, rows_done=6, rows_written=4)

    page = client.get(f"{UPLOAD_URL}{job.pk}/").content.decode()

    assert "6 of 10 rows checked" in page and "4 written" in page and "(40%)" in page
