"""A ZIP of case summaries built by the real worker, against committed rows and shared storage."""

import io
import os
import time
import zipfile
from pathlib import Path

import pytest

from casetracker.audit.models import AuditEvent
from casetracker.protected.crypto.files import MAGIC
from casetracker.reports.models import BatchStatus, CaseSummaryBatch
from casetracker.reports.summaries.services import batch_delete, batch_request
from tests.factories import CaseFactory, DetentionFactory, EvidenceClaimFactory, make_user
from tests.reports.conftest import pdf_text

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Three summaries take a few seconds of CPU; 60 s leaves room for a busy CI machine.
WORKER_TIMEOUT_SECONDS = 60
POLL_INTERVAL_SECONDS = 0.5


def wait_until_finished(batch_pk: int) -> CaseSummaryBatch:
    deadline = time.monotonic() + WORKER_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        batch = CaseSummaryBatch.objects.get(pk=batch_pk)
        if batch.status in {BatchStatus.DONE, BatchStatus.FAILED}:
            return batch
        time.sleep(POLL_INTERVAL_SECONDS)
    pytest.fail(
        f"No worker finished batch {batch_pk} within {WORKER_TIMEOUT_SECONDS} s: is a Celery worker consuming "
        "CELERY_BROKER_URL, with the test database and CASETRACKER_PRIVATE_MEDIA_ROOT?"
    )


def test_worker_builds_the_zip_of_summaries(celery_worker_app):
    # A superuser: transactional tests flush the role groups the migrations created.
    requester = make_user(None, username="pdf_batch_requester", is_superuser=True)
    cases = [CaseFactory() for _ in range(3)]
    for case in cases:
        EvidenceClaimFactory(detention=DetentionFactory(case=case), system_name="Face ID")

    batch = batch_request(user=requester, cases=cases, redacted=True, language="ru")  # enqueued on commit

    finished = wait_until_finished(batch.pk)
    try:
        assert finished.status == BatchStatus.DONE
        assert (finished.done, finished.total) == (3, 3)
        stored = Path(finished.file.path)
        shared = os.environ.get("CASETRACKER_PRIVATE_MEDIA_ROOT")
        if shared:
            assert stored.is_relative_to(shared)
        on_disk = stored.read_bytes()
        assert on_disk.startswith(MAGIC)  # encrypted by the worker, with the same keys as the tests
        assert b"%PDF" not in on_disk and cases[0].reference.encode() not in on_disk
        with finished.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as zf:  # decrypts
            names = sorted(zf.namelist())
            first = zf.read(names[0])
        # Anonymized copies: each named by a random label of its own, never by the case reference.
        assert len(names) == 3 and all(name.startswith("anonymized-") for name in names)
        assert not any(case.reference in name for case in cases for name in names)
        assert "распознавание лиц (метро)" in pdf_text(first)  # the batch's language, in the worker
        assert cases[0].person.full_name not in pdf_text(first)  # redacted
        assert AuditEvent.objects.filter(action="pdf", source="task", user=requester).count() == 3
    finally:
        batch_delete(batch=finished)  # the storage directory is shared with other runs
