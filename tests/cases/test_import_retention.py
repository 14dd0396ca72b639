"""Uploaded detention lists are deleted once useless, or after CASETRACKER_IMPORT_TTL_HOURS."""

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from casetracker.cases.models import Detention, ImportJob
from casetracker.cases.models.imports import ImportStatus
from casetracker.imports import retention, services
from tests.api.conftest import api_client
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

HEADER = "full_name,birth_date,detained_at,city,region,place_type,place"
GOOD = f"{HEADER}\nИванов Пётр,1990-05-14,2021-02-04 08:15,Москва,Москва,metro,Пушкинская\n"
BAD = f"{HEADER}\nИванов Пётр,1990-05-14,2021-02-04 08:15,Москва,Москва,bus,Пушкинская\n"


def run(user, content: str, *, dry_run: bool) -> tuple[ImportJob, Path]:
    upload = SimpleUploadedFile("list.csv", content.encode())
    job = services.import_job_create(user=user, upload=upload, dry_run=dry_run, source="admin")
    path = Path(job.file.path)
    services.import_job_start(job=job)
    job.refresh_from_db()
    return job, path


def age(job: ImportJob, hours: float) -> None:
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(hours=hours))
    job.refresh_from_db()


def test_clean_dry_run_keeps_its_file_until_it_expires(lawyer, settings):
    settings.CASETRACKER_IMPORT_TTL_HOURS = 6
    job, path = run(lawyer, GOOD, dry_run=True)

    assert job.status == ImportStatus.DONE and path.exists() and job.file_deleted_at is None
    assert job.file_expires_at == job.created_at + dt.timedelta(hours=6)


def test_committed_import_deletes_its_file(lawyer):
    job, path = run(lawyer, GOOD, dry_run=False)

    assert job.status == ImportStatus.DONE and job.created_count == 1
    assert not path.exists() and job.file.name == "" and job.file_deleted_at is not None
    assert job.file_expires_at is None


def test_confirmed_dry_run_deletes_its_file(lawyer):
    job, path = run(lawyer, GOOD, dry_run=True)
    services.import_job_confirm(job=job, user=lawyer)
    job.refresh_from_db()
    assert job.created_count == 1 and not path.exists() and job.file.name == ""


@pytest.mark.parametrize("dry_run", [True, False])
def test_invalid_file_is_deleted_at_once(lawyer, dry_run):
    job, path = run(lawyer, BAD, dry_run=dry_run)
    assert job.status == ImportStatus.INVALID and job.errors
    assert not path.exists() and job.file.name == ""


def test_failed_import_deletes_its_file(lawyer, monkeypatch):
    def explode(self, rows):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services.ImportWriter, "write", explode)
    upload = SimpleUploadedFile("list.csv", GOOD.encode())
    job = services.import_job_create(user=lawyer, upload=upload, dry_run=False, source="admin")
    path = Path(job.file.path)
    with pytest.raises(RuntimeError):
        services.import_job_start(job=job)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and not path.exists() and job.file.name == ""


def test_purge_deletes_expired_files_and_keeps_the_job(lawyer, settings):
    settings.CASETRACKER_IMPORT_TTL_HOURS = 24
    old, old_path = run(lawyer, GOOD, dry_run=True)
    fresh, fresh_path = run(lawyer, GOOD.replace("Иванов", "Петров"), dry_run=True)
    age(old, 25)
    age(fresh, 23)

    assert retention.import_files_purge_expired() == 1

    old.refresh_from_db()
    assert not old_path.exists() and old.file.name == "" and old.file_deleted_at is not None
    assert (old.status, old.rows_total, old.rows_done) == (ImportStatus.DONE, 1, 1)
    assert fresh_path.exists()
    assert retention.import_files_purge_expired() == 0


def test_purge_deletes_old_uploads_no_job_refers_to(lawyer):
    _job, path = run(lawyer, GOOD, dry_run=True)
    orphan = path.parent / "0123456789abcdef"
    orphan.write_bytes(b"left behind")
    recent_orphan = path.parent / "fedcba9876543210"
    recent_orphan.write_bytes(b"left behind")
    two_days_ago = (timezone.now() - dt.timedelta(hours=48)).timestamp()
    os.utime(orphan, (two_days_ago, two_days_ago))

    retention.import_files_purge_expired()

    assert not orphan.exists() and recent_orphan.exists() and path.exists()


def test_purge_command_deletes_expired_import_files(lawyer):
    job, path = run(lawyer, GOOD, dry_run=True)
    age(job, 25)
    out = io.StringIO()
    call_command("purge_expired_exports", stdout=out)
    assert "Import uploads: deleted 1 expired." in out.getvalue()
    assert not path.exists()


def test_confirming_an_expired_dry_run_is_refused(lawyer, settings):
    settings.CASETRACKER_IMPORT_TTL_HOURS = 1
    job, path = run(lawyer, GOOD, dry_run=True)
    age(job, 2)  # expired, but the purge has not run yet

    with pytest.raises(ValidationError, match="Upload it again"):
        services.import_job_confirm(job=job, user=lawyer)
    assert not path.exists() and not Detention.objects.exists()


def test_task_of_a_deleted_file_answers_clearly(lawyer):
    upload = SimpleUploadedFile("list.csv", GOOD.encode())
    job = services.import_job_create(user=lawyer, upload=upload, dry_run=False, source="api")
    retention.import_file_delete(job=job)

    services.import_job_run(job=job)

    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID and "Upload it again" in job.errors[0]["message"]


def test_api_shows_expiry_and_deletion(lawyer):
    client = api_client(lawyer)
    body = client.post(
        "/api/v1/imports/", {"file": SimpleUploadedFile("l.csv", GOOD.encode()), "dry_run": "true"}, format="multipart"
    ).json()
    assert body["file_expires_at"] is not None and body["file_deleted_at"] is None
    assert body["rows_written"] == 0
    body = client.post(
        "/api/v1/imports/", {"file": SimpleUploadedFile("l.csv", GOOD.encode())}, format="multipart"
    ).json()
    assert body["file_expires_at"] is None and body["file_deleted_at"] is not None
    assert body["rows_written"] == 1


def test_admin_preview_says_until_when_and_hides_confirm_once_deleted(lawyer):
    job, _path = run(lawyer, GOOD, dry_run=True)
    url = f"/admin/cases/case/import/{job.pk}/"
    page = client_for(lawyer).get(url).content.decode()
    assert "Confirm import" in page and "is kept until" in page

    retention.import_file_delete(job=job)
    page = client_for(lawyer).get(url).content.decode()
    assert "Confirm import" not in page and "Upload it again" in page
