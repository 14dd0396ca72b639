"""Document verification through the real worker, against committed rows and shared storage."""

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from casetracker.cases.models import Case, Document, Person
from casetracker.cases.tasks import document_verify_task

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# A worker picks a task up within a second or two; 30 s leaves room for a slow CI
# machine while still failing, rather than hanging, when no worker is running.
WORKER_TIMEOUT_SECONDS = 30
POLL_INTERVAL_SECONDS = 0.2


@pytest.fixture
def stored_document() -> Iterator[Document]:
    person = Person.objects.create(full_name="Integration Test Person")
    case = Case(person=person, status="active")
    case.save()
    content = ContentFile(b"Protocol of detention, page 1.\n", name="protocol.txt")
    document = Document(case=case, kind="protocol", file=content)
    document.save()
    shared = os.environ.get("CASETRACKER_PRIVATE_MEDIA_ROOT")
    stored_at = Path(document.file.storage.path(document.file.name))
    if shared and not stored_at.is_relative_to(shared):
        pytest.fail(f"{stored_at} is outside CASETRACKER_PRIVATE_MEDIA_ROOT ({shared}), where the worker looks")
    yield document
    # The storage directory may be shared with other runs; leave nothing behind.
    document.file.storage.delete(document.file.name)


def wait_until_verified(document_pk: int) -> Document:
    deadline = time.monotonic() + WORKER_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        document = Document.objects.get(pk=document_pk)
        if document.verified_at is not None:
            return document
        time.sleep(POLL_INTERVAL_SECONDS)
    pytest.fail(
        f"No worker verified document {document_pk} within {WORKER_TIMEOUT_SECONDS} s: is a Celery worker "
        "consuming CELERY_BROKER_URL, with the test database and CASETRACKER_PRIVATE_MEDIA_ROOT?"
    )


def test_worker_verifies_intact_document(celery_worker_app, stored_document):
    assert stored_document.verified_at is None

    document_verify_task.delay(stored_document.pk)

    verified = wait_until_verified(stored_document.pk)
    assert verified.integrity_ok is True


def test_worker_flags_document_changed_on_disk(celery_worker_app, stored_document):
    path = Path(stored_document.file.storage.path(stored_document.file.name))
    altered = bytearray(path.read_bytes())  # ciphertext on disk: flip one byte of it
    altered[-8] ^= 0x01
    path.write_bytes(bytes(altered))

    document_verify_task.delay(stored_document.pk)

    verified = wait_until_verified(stored_document.pk)
    assert verified.integrity_ok is False
