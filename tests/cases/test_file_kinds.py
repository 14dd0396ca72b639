"""One registry of encrypted file kinds: every kind is in it, and rotate_keys re-encrypts every kind."""

import io
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models

from casetracker.cases.models import Detention
from casetracker.cases.models.imports import ImportStatus
from casetracker.imports import services as imports
from casetracker.protected.crypto.file_kinds import file_kind_owning, file_kinds
from casetracker.protected.crypto.files import read_key_id
from casetracker.protected.crypto.keys import DecryptionError, key_ring
from casetracker.protected.storage import EncryptedDocumentStorage
from tests.reports.exports_data import build_export_data, export_bytes, run_export

pytestmark = pytest.mark.django_db

UPLOAD = (
    "full_name,birth_date,detained_at,city,region,place_type,place\n"
    "Иванов Пётр,1990-05-14,2021-02-04 08:15,Москва,Москва,metro,Пушкинская\n"
)


def encrypted_file_fields() -> set[tuple[str, str]]:
    """(model label, field name) of every FileField whose storage encrypts its files."""
    return {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField) and isinstance(field.storage, EncryptedDocumentStorage)
    }


def test_every_model_with_an_encrypted_file_field_is_a_registered_kind():
    registered = {(kind.model, kind.field) for kind in file_kinds()}

    assert encrypted_file_fields() == registered
    assert {model for model, _ in registered} >= {
        "cases.Document",
        "cases.ImportJob",
        "reports.CaseSummaryBatch",
        "reports.ReportExport",
    }
    assert len({kind.name for kind in file_kinds()}) == len(file_kinds())


def test_each_kind_stores_its_files_in_the_directory_it_declares():
    root = Path(django_settings.PRIVATE_MEDIA_ROOT).resolve()
    for kind in file_kinds():
        field = kind.get_model()._meta.get_field(kind.field)
        name = field.generate_filename(kind.get_model()(), "list.csv")
        top = Path(field.storage.path(name)).resolve().relative_to(root).parts[0]
        if kind.directory:
            assert top == kind.directory, kind
        else:  # the root kind: its files sit where no other kind claims the directory
            assert file_kind_owning(top) == kind, kind


def test_only_documents_go_into_backups():
    backed_up = {kind.name for kind in file_kinds() if kind.backed_up}

    assert backed_up == {"documents"}
    assert not any(kind.expiring for kind in file_kinds() if kind.backed_up)


def test_every_expiring_kind_can_be_purged():
    assert all(kind.purge_expired is not None for kind in file_kinds() if kind.expiring)


def test_rotate_keys_reencrypts_report_exports_and_import_uploads(
    analyst, lawyer, settings, django_capture_on_commit_callbacks
):
    build_export_data()
    export = run_export(django_capture_on_commit_callbacks, analyst, "csv")
    exported = export_bytes(export)
    job = imports.import_job_create(
        user=lawyer, upload=SimpleUploadedFile("list.csv", UPLOAD.encode()), dry_run=True, source="admin"
    )
    imports.import_job_start(job=job)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.file  # a clean dry run keeps its file
    new_key = Fernet.generate_key().decode()
    settings.CASETRACKER_ENCRYPTION_KEYS = [new_key, *settings.CASETRACKER_ENCRYPTION_KEYS]

    output = io.StringIO()
    call_command("rotate_keys", stdout=output, stderr=io.StringIO())

    assert "Report exports: 1 of 1 re-encrypted" in output.getvalue()
    assert "Import uploads: 1 of 1 re-encrypted" in output.getvalue()
    # Read back with the new key alone: the old one can now be removed.
    settings.CASETRACKER_ENCRYPTION_KEYS = [new_key]
    for stored in (export.file, job.file):
        assert read_key_id(stored.path) == key_ring().primary_id
    assert export_bytes(export) == exported
    with job.file.open("rb") as handle:
        assert handle.read() == UPLOAD.encode()
    before = Detention.objects.count()
    imports.import_job_confirm(job=job, user=lawyer)
    assert Detention.objects.count() == before + 1


def test_without_rotation_the_old_key_cannot_be_removed(analyst, settings, django_capture_on_commit_callbacks):
    """The other side of the test above: these files really were under the old key."""
    build_export_data()
    export = run_export(django_capture_on_commit_callbacks, analyst, "csv")
    settings.CASETRACKER_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(DecryptionError):
        export_bytes(export)


def test_rotate_keys_skips_an_unreadable_import_upload_without_failing(lawyer, settings):
    job = imports.import_job_create(
        user=lawyer, upload=SimpleUploadedFile("list.csv", UPLOAD.encode()), dry_run=True, source="admin"
    )
    Path(job.file.path).write_bytes(b"CTF1\x01" + b"x" * 60)  # altered
    settings.CASETRACKER_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.CASETRACKER_ENCRYPTION_KEYS]
    stderr = io.StringIO()

    call_command("rotate_keys", stdout=io.StringIO(), stderr=stderr)

    assert f"SKIPPED import {job.pk}: " in stderr.getvalue()


def test_a_kind_added_to_the_registry_is_rotated_without_touching_the_command(lawyer, settings, monkeypatch):
    """The next kind of file (an intake recording, a filing) needs a registration only."""
    from casetracker.protected.crypto import file_kinds as registry
    from tests.factories import CaseFactory, DocumentFactory

    document = DocumentFactory(case=CaseFactory(lawyers=[lawyer]), kind="photo")
    new_kind = registry.EncryptedFileKind(
        name="new_kind",
        label="New kind files",
        record="new kind file",
        model="cases.Document",
        directory="new-kind",
        backed_up=False,
        expiring=False,
        finished=lambda records: records.filter(kind="photo"),
    )
    # The registry as a new app would leave it: only its own kind, so nothing else rotates the file.
    monkeypatch.setattr(registry, "_KINDS", {})
    registry.file_kind_register(new_kind)
    new_key = Fernet.generate_key().decode()
    settings.CASETRACKER_ENCRYPTION_KEYS = [new_key, *settings.CASETRACKER_ENCRYPTION_KEYS]

    output = io.StringIO()
    call_command("rotate_keys", stdout=output, stderr=io.StringIO())

    assert "New kind files: 1 of 1 re-encrypted" in output.getvalue()
    settings.CASETRACKER_ENCRYPTION_KEYS = [new_key]
    assert read_key_id(document.file.path) == key_ring().primary_id
