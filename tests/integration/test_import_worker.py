"""A large import run by the real worker: committed job, encrypted file in shared storage."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casetracker.cases.models import Case, Detention, ImportJob
from casetracker.cases.models.imports import ImportStatus
from casetracker.imports import services
from tests.factories import make_user

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

WORKER_TIMEOUT_SECONDS = 60
HEADER = "full_name,birth_date,detained_at,city,region,place_type,place\n"


def wait_until_finished(job_pk: int) -> ImportJob:
    deadline = time.monotonic() + WORKER_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        job = ImportJob.objects.get(pk=job_pk)
        if job.is_finished:
            return job
        time.sleep(0.5)
    pytest.fail(f"No worker finished import {job_pk} within {WORKER_TIMEOUT_SECONDS} s")


def test_worker_imports_a_large_file(celery_worker_app, monkeypatch):
    # The worker has its own SYNC_MAX_ROWS; only this process's decision to queue matters.
    monkeypatch.setattr(services, "SYNC_MAX_ROWS", 10)
    user = make_user(None, username="import_requester", is_superuser=True)
    rows = "".join(
        f"Иванов {i},1990-01-01,2021-02-04 08:{i % 60:02d},Москва,Москва,metro,Пушкинская\n" for i in range(50)
    )
    job = services.import_job_create(
        user=user, upload=SimpleUploadedFile("list.csv", (HEADER + rows).encode()), dry_run=False, source="api"
    )

    assert services.import_job_start(job=job)  # queued: no transaction here, so sent at once

    finished = wait_until_finished(job.pk)
    assert finished.status == ImportStatus.DONE, finished.errors
    assert (finished.rows_total, finished.rows_done, finished.created_count) == (50, 50, 50)
    assert finished.rows_written == 50  # the write phase's progress, from the worker's second connection
    assert Detention.objects.count() == 50 and Case.objects.count() == 50
    # Imported: the uploaded list of names is deleted, the job stays as the record.
    assert finished.file.name == "" and finished.file_deleted_at is not None
