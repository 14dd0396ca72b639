"""Backup and restore: a dump holds no plaintext and no key; it reads back with the key only.

The data must be committed for the backup to see it (pg_dump is another session; the
SQLite online backup waits for open transactions), hence `transaction=True`.
"""

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from casetracker.protected.backup import BackupFiles
from casetracker.protected.crypto.keys import key_id
from tests.factories import CaseFactory, CaseNoteFactory, DetentionFactory, DocumentFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Глухин Николай Сергеевич"
PHONE = "+7 916 555-12-34"
NARRATIVE = "Задержан у турникета, сотрудник сказал: «вас распознала система»."
NOTE_TEXT = "Мать просила не звонить после 22:00."
PLAINTEXTS = [NAME, PHONE, NARRATIVE, NOTE_TEXT, "glukhin@example.org"]
DOCUMENT_TEXT = b"protocol of detention, page 1\n"
PROJECT_DIR = Path(settings.BASE_DIR)
READ_BACK = (
    "from casetracker.cases.models import Person; "
    "from casetracker.cases.selectors import persons_named; "
    "person = Person.objects.get(pk={pk}); "
    "print(person.full_name, person.phone, persons_named(person.full_name).count(), sep='|')"
)


@pytest.fixture
def person():
    person = PersonFactory(full_name=NAME, phone=PHONE, email="glukhin@example.org")
    case = CaseFactory(person=person)
    DetentionFactory(case=case, narrative=NARRATIVE)
    CaseNoteFactory(case=case, text=NOTE_TEXT)
    return person


def secrets_in_settings() -> list[str]:
    return [*settings.CASETRACKER_ENCRYPTION_KEYS, settings.CASETRACKER_BLIND_INDEX_KEY, settings.SECRET_KEY]


def read_back(database_url: str, pk: int, *, keys: str | None = None) -> subprocess.CompletedProcess:
    """A separate process on the restored database, configured only through the environment."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "0",
        "SECRET_KEY": settings.SECRET_KEY,
        "CASETRACKER_ENCRYPTION_KEYS": keys or ",".join(settings.CASETRACKER_ENCRYPTION_KEYS),
        "CASETRACKER_BLIND_INDEX_KEY": settings.CASETRACKER_BLIND_INDEX_KEY,
        "DATABASE_URL": database_url,
    }
    return subprocess.run(  # noqa: S603 - fixed command
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", READ_BACK.format(pk=pk)],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_reads_back_only_with_the_key(database_url: str, pk: int) -> None:
    with_key = read_back(database_url, pk)
    assert with_key.returncode == 0, with_key.stderr
    assert with_key.stdout.strip() == f"{NAME}|{PHONE}|1"

    wrong_key = read_back(database_url, pk, keys=Fernet.generate_key().decode())
    assert wrong_key.returncode != 0
    assert "DecryptionError" in wrong_key.stderr
    assert "not in CASETRACKER_ENCRYPTION_KEYS" in wrong_key.stderr
    assert NAME not in wrong_key.stdout + wrong_key.stderr


def backup(path: Path) -> str:
    output = io.StringIO()
    call_command("backup", str(path), stdout=output)
    return output.getvalue()


def restore(path: Path, *args: str) -> str:
    output = io.StringIO()
    call_command("restore", str(path), *args, stdout=output, stderr=output)
    return output.getvalue()


# --- SQLite ---------------------------------------------------------------------------------

sqlite_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="the SQLite backup"
)


@sqlite_only
def test_sqlite_backup_has_no_plaintext_and_no_key(person, tmp_path):
    dump = tmp_path / "casetracker.sqlite3.bak"
    DocumentFactory(case=person.cases.get(), file=ContentFile(DOCUMENT_TEXT, name="protocol.txt"))

    output = backup(dump)

    files = BackupFiles.at(dump)
    assert all(path.is_file() for path in files.all()), output
    data = dump.read_bytes()
    assert b"cases_person" in data  # the needle search is real: the tables are in there
    for plaintext in PLAINTEXTS:
        assert plaintext.encode() not in data, plaintext
    for path in files.all():
        content = path.read_bytes()
        for secret in secrets_in_settings():
            assert secret.encode() not in content
    assert oct(dump.stat().st_mode & 0o777) == "0o600"


@sqlite_only
def test_sqlite_restore_into_a_new_file_reads_back_with_the_key_only(person, tmp_path):
    dump = tmp_path / "casetracker.sqlite3.bak"
    backup(dump)
    restored = tmp_path / "restored.sqlite3"

    output = restore(dump, "--yes", "--database-url", f"sqlite:///{restored}")

    assert "Database restored into" in output and "Documents not restored." in output
    assert_reads_back_only_with_the_key(f"sqlite:///{restored}", person.pk)


# --- Both engines ---------------------------------------------------------------------------


def test_manifest_names_the_key_ids_never_the_keys(person, tmp_path):
    dump = tmp_path / "casetracker.dump"
    backup(dump)

    manifest = json.loads(BackupFiles.at(dump).manifest.read_text())

    assert manifest["vendor"] == connection.vendor
    assert manifest["primary_key_id"] == key_id(settings.CASETRACKER_ENCRYPTION_KEYS[0].encode())
    assert manifest["key_ids"] == [key_id(key.encode()) for key in settings.CASETRACKER_ENCRYPTION_KEYS]
    text = BackupFiles.at(dump).manifest.read_text()
    assert not any(secret in text for secret in secrets_in_settings())


def test_documents_are_archived_without_exports_and_restored(person, tmp_path):
    document = DocumentFactory(case=person.cases.get(), file=ContentFile(DOCUMENT_TEXT, name="protocol.txt"))
    exports = Path(settings.PRIVATE_MEDIA_ROOT) / "exports"
    exports.mkdir(parents=True)
    (exports / "batch-1.zip").write_bytes(b"case summaries")
    # An uploaded detention list is kept for hours only: a backup must not keep it for months.
    uploads = Path(settings.PRIVATE_MEDIA_ROOT) / "imports"
    uploads.mkdir(parents=True)
    (uploads / "0123456789abcdef").write_bytes(b"a list of names")
    dump = tmp_path / "casetracker.dump"
    backup(dump)

    with tarfile.open(BackupFiles.at(dump).documents) as archive:
        names = [member.name for member in archive.getmembers() if member.isfile()]
    assert names == [document.file.name]

    media = tmp_path / "restored-documents"
    with scratch_database(tmp_path) as database_url:
        output = restore(dump, "--yes", "--database-url", database_url, "--media-root", str(media))

    assert "1 document files restored" in output
    restored_file = media / document.file.name
    assert restored_file.read_bytes() == (Path(settings.PRIVATE_MEDIA_ROOT) / document.file.name).read_bytes()


def test_restore_without_yes_refuses_and_changes_nothing(person, tmp_path):
    dump = tmp_path / "casetracker.dump"
    backup(dump)
    person.phone = "+7 000"
    person.save()

    with pytest.raises(CommandError, match="run again with --yes"):
        restore(dump)

    person.refresh_from_db()
    assert person.phone == "+7 000"


def test_restore_warns_about_a_key_that_is_not_configured(person, tmp_path, settings):
    dump = tmp_path / "casetracker.dump"
    backup(dump)
    old_id = key_id(settings.CASETRACKER_ENCRYPTION_KEYS[0].encode())
    settings.CASETRACKER_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(CommandError, match="--yes"):
        output = io.StringIO()
        call_command("restore", str(dump), stderr=output)
    assert f"made with key {old_id}, which is not in CASETRACKER_ENCRYPTION_KEYS" in output.getvalue()


def test_restore_refuses_a_damaged_backup(person, tmp_path):
    dump = tmp_path / "casetracker.dump"
    backup(dump)
    with dump.open("ab") as handle:
        handle.write(b"\0")

    with pytest.raises(CommandError, match="does not match its manifest"):
        restore(dump, "--yes")


def test_backup_fails_with_one_clear_line(person, tmp_path):
    with pytest.raises(CommandError, match=r"Directory .*missing does not exist\."):
        backup(tmp_path / "missing" / "casetracker.dump")
    dump = tmp_path / "casetracker.dump"
    backup(dump)
    with pytest.raises(CommandError, match="already exists; choose a new backup name"):
        backup(dump)
    with pytest.raises(CommandError, match=r"No backup at .*nothing\.dump"):
        restore(tmp_path / "nothing.dump", "--yes")


def test_backup_fails_clearly_without_the_postgresql_tools(tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump is used on PostgreSQL only")
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(CommandError, match=r"pg_dump was not found on PATH"):
        backup(tmp_path / "casetracker.dump")
    assert not list(tmp_path.iterdir())


# --- PostgreSQL -----------------------------------------------------------------------------


@contextmanager
def scratch_database(tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, empty database to restore into; dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / f'restored-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    fresh = f"casetracker_restore_test_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{fresh}"')
    try:
        yield postgres_url(fresh)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


def postgres_url(database: str) -> str:
    current = connection.settings_dict
    credentials = quote(current["USER"] or "", safe="")
    if current["PASSWORD"]:
        credentials += ":" + quote(current["PASSWORD"], safe="")
    host = current["HOST"] or "127.0.0.1"
    return f"postgres://{credentials}@{host}:{current['PORT'] or 5432}/{database}"


def test_postgresql_dump_restores_into_a_fresh_database_and_reads_back_with_the_key_only(person, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL CI job")
    dump = tmp_path / "casetracker.dump"
    backup(dump)
    # The custom format is compressed: read the dump as SQL to search it for plaintext.
    pg_restore = shutil.which("pg_restore") or "pg_restore"
    as_sql = subprocess.run(  # noqa: S603 - fixed command
        [pg_restore, "--file=-", str(dump)], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert "COPY public.cases_person" in as_sql  # the needle search is real
    for plaintext in PLAINTEXTS:
        assert plaintext not in as_sql, plaintext
    assert not any(secret in as_sql for secret in secrets_in_settings())

    with scratch_database(tmp_path) as database_url:
        output = restore(dump, "--yes", "--database-url", database_url)
        assert f"Database restored into {database_url.rsplit('/', 1)[1]}" in output
        assert_reads_back_only_with_the_key(database_url, person.pk)
