"""Backup and restore of the database and the document files, for SQLite and PostgreSQL.

A backup is three files side by side:

    <path>                  the database: a pg_dump custom-format archive, or a SQLite copy
    <path>.documents.tar    the files under PRIVATE_MEDIA_ROOT of every kind the file
                            registry backs up (documents; not the expiring exports and uploads)
    <path>.manifest.json    when, which database engine, which key ids, checksums

Personal fields are encrypted in the database and document files on disk, so a backup
holds ciphertext only. It never holds a key: the manifest names the key ids (hashes,
not secrets) so a restore can say which key it needs. Without that key a backup is
unreadable by design; keep the keys somewhere else (see docs/operations.md, "Backup and restore").
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

from casetracker.protected.crypto.file_kinds import file_kind_owning
from casetracker.protected.crypto.keys import key_id, key_ring

MANIFEST_FORMAT = 1
HASH_CHUNK_SIZE = 1024 * 1024
# Tools are given the connection through libpq's environment variables, so a password
# never appears on a command line (where `ps` would show it to every local user).
LIBPQ_ENVIRONMENT = {
    "HOST": "PGHOST",
    "PORT": "PGPORT",
    "USER": "PGUSER",
    "PASSWORD": "PGPASSWORD",
    "NAME": "PGDATABASE",
}
VENDORS = {
    "django.db.backends.postgresql": "postgresql",
    "django.db.backends.sqlite3": "sqlite",
}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is one line for the operator."""


@dataclass(frozen=True)
class BackupFiles:
    dump: Path
    documents: Path
    manifest: Path

    @classmethod
    def at(cls, path: Path | str) -> "BackupFiles":
        dump = Path(path)
        return cls(
            dump=dump,
            documents=dump.with_name(dump.name + ".documents.tar"),
            manifest=dump.with_name(dump.name + ".manifest.json"),
        )

    def all(self) -> tuple[Path, Path, Path]:
        return (self.dump, self.documents, self.manifest)


@dataclass(frozen=True)
class RestoreReport:
    database: str
    documents_restored: int | None  # None: documents were not restored
    warnings: list[str]


# --- backup -------------------------------------------------------------------------------


def backup_create(*, path: Path | str, alias: str = "default") -> dict[str, Any]:
    """Write the database dump, the documents archive and the manifest; return the manifest.

    Refuses to overwrite an existing backup. Every file is written under a temporary
    name first and renamed at the end, so a failed backup leaves nothing half-written.
    """
    files = BackupFiles.at(path)
    _check_new_backup_location(files)
    database = connections[alias].settings_dict
    vendor = vendor_of(database)
    ring = key_ring()
    with _staged(files.dump) as dump_tmp:
        if vendor == "postgresql":
            _pg_dump(database, dump_tmp)
        else:
            _sqlite_backup(alias, dump_tmp)
        with _staged(files.documents) as documents_tmp:
            document_count = _archive_documents(Path(settings.PRIVATE_MEDIA_ROOT), documents_tmp)
            manifest = {
                "format": MANIFEST_FORMAT,
                "created_at": timezone.now().isoformat(),
                "vendor": vendor,
                # Ids of the keys configured when the backup was made (the first encrypts
                # new data). Ids are hashes of the keys, not the keys.
                "key_ids": [key_id(key) for key in ring.keys],
                "primary_key_id": ring.primary_id,
                "database": {"file": files.dump.name, **_file_facts(dump_tmp)},
                "documents": {"file": files.documents.name, "count": document_count, **_file_facts(documents_tmp)},
            }
            with _staged(files.manifest) as manifest_tmp:
                manifest_tmp.write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def _check_new_backup_location(files: BackupFiles) -> None:
    directory = files.dump.parent
    if not directory.is_dir():
        raise BackupError(f"Directory {directory} does not exist.")
    existing = [str(file) for file in files.all() if file.exists()]
    if existing:
        raise BackupError(f"{existing[0]} already exists; choose a new backup name (backups are never overwritten).")


@contextmanager
def _staged(final: Path) -> Iterator[Path]:
    """A temporary file beside `final`, owner-only, renamed to `final` when the block succeeds."""
    descriptor, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".partial", dir=final.parent)
    os.close(descriptor)
    temporary = Path(name)
    temporary.chmod(0o600)
    try:
        yield temporary
        temporary.replace(final)
    finally:
        temporary.unlink(missing_ok=True)


def _pg_dump(database: dict, target: Path) -> None:
    _run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={target}"],
        env=_libpq_environment(database),
        tool="pg_dump",
    )


def _sqlite_backup(alias: str, target: Path) -> None:
    connection = connections[alias]
    if connection.in_atomic_block:
        # The online backup waits for the open write transaction of its own connection.
        raise BackupError("Cannot back up SQLite from inside a transaction.")
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        # The online backup API copies a consistent snapshot even while the app writes.
        connection.connection.backup(destination)
    finally:
        destination.close()


def _archive_documents(root: Path, target: Path) -> int:
    """Tar the files under `root` of the kinds the registry backs up; the expiring ones are left out.

    A top-level entry no kind claims belongs to the kind stored at the root (documents);
    with none registered there it is kept: a backup errs on the side of keeping.
    """
    count = 0
    with tarfile.open(target, "w") as archive:
        if not root.is_dir():
            return 0
        for child in sorted(root.iterdir()):
            kind = file_kind_owning(child.name)
            if kind is not None and not kind.backed_up:
                continue
            archive.add(child, arcname=child.name)
        count = sum(1 for member in archive.getmembers() if member.isfile())
    return count


def _file_facts(path: Path) -> dict[str, Any]:
    return {"size": path.stat().st_size, "sha256": _sha256(path)}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()


# --- restore ------------------------------------------------------------------------------


def backup_read_manifest(path: Path | str) -> dict[str, Any]:
    """The manifest of the backup at `path`, with both files checked against it."""
    files = BackupFiles.at(path)
    if not files.dump.is_file():
        raise BackupError(f"No backup at {files.dump}.")
    if not files.manifest.is_file():
        raise BackupError(f"{files.manifest} is missing: not a backup made by `manage.py backup`.")
    try:
        manifest = json.loads(files.manifest.read_text())
        expected = {"database": manifest["database"]["sha256"], "documents": manifest["documents"]["sha256"]}
    except (ValueError, KeyError, TypeError):
        raise BackupError(f"{files.manifest} is not a valid backup manifest.") from None
    if _sha256(files.dump) != expected["database"]:
        raise BackupError(f"{files.dump} does not match its manifest (damaged or replaced); not restoring it.")
    if files.documents.is_file() and _sha256(files.documents) != expected["documents"]:
        raise BackupError(f"{files.documents} does not match its manifest (damaged or replaced); not restoring it.")
    return manifest


def backup_key_warnings(manifest: dict[str, Any]) -> list[str]:
    """One line per key the backup was made with that is not configured now."""
    configured = {key_id(key) for key in key_ring().keys}
    return [
        f"This backup was made with key {kid}, which is not in CASETRACKER_ENCRYPTION_KEYS: "
        "values encrypted with it cannot be read until that key is configured."
        for kid in manifest.get("key_ids", [])
        if kid not in configured
    ]


def backup_restore(
    *,
    path: Path | str,
    database: dict,
    media_root: Path | None,
    replaces_configured: bool,
    manifest: dict[str, Any] | None = None,
) -> RestoreReport:
    """Restore the backup at `path` into `database` and, unless `media_root` is None, the files.

    `replaces_configured`: the target is the database this process uses, whose
    connections are closed first. `manifest`: as already read by backup_read_manifest
    (which checksums every file), or None to read it here.
    """
    files = BackupFiles.at(path)
    manifest = manifest or backup_read_manifest(path)
    vendor = vendor_of(database)
    if manifest.get("vendor") != vendor:
        raise BackupError(f"This is a {manifest.get('vendor')} backup; the target database is {vendor}.")
    warnings = backup_key_warnings(manifest)
    if media_root is not None and not files.documents.is_file():
        raise BackupError(f"{files.documents} is missing; nothing was restored (or pass --no-documents).")
    if replaces_configured:
        connections.close_all()
    if vendor == "postgresql":
        _pg_restore(database, files.dump)
    else:
        _sqlite_restore(database, files.dump)
    restored = None
    if media_root is not None:
        restored = _extract_documents(files.documents, media_root)
    return RestoreReport(database=str(database.get("NAME")), documents_restored=restored, warnings=warnings)


def _pg_restore(database: dict, dump: Path) -> None:
    # One transaction: a failure half-way leaves the target database as it was.
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={database['NAME']}",
            str(dump),
        ],
        env=_libpq_environment(database),
        tool="pg_restore",
    )


def _sqlite_restore(database: dict, dump: Path) -> None:
    target = str(database["NAME"])
    if target == ":memory:" or "mode=memory" in target:
        raise BackupError("Cannot restore into an in-memory SQLite database; give a file with --database-url.")
    source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    try:
        try:
            ok = source.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        except sqlite3.DatabaseError:
            ok = False
        if not ok:
            raise BackupError(f"{dump} is not an intact SQLite database.")
        destination = sqlite3.connect(target, uri=target.startswith("file:"))
        try:
            # Page by page under the target's locks: a running app sees the old or the new
            # database, never a mix.
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()


def _extract_documents(archive_path: Path, media_root: Path) -> int:
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive_path) as archive:
        members = archive.getmembers()
        # "data": no absolute paths, no "..", no links out of the directory, no devices.
        archive.extractall(media_root, filter="data")
    return sum(1 for member in members if member.isfile())


# --- shared -------------------------------------------------------------------------------


def vendor_of(database: dict) -> str:
    engine = database.get("ENGINE", "")
    vendor = VENDORS.get(engine)
    if vendor is None:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine or 'an unknown engine'}.")
    return vendor


def _libpq_environment(database: dict) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in LIBPQ_ENVIRONMENT.values()}
    for setting, variable in LIBPQ_ENVIRONMENT.items():
        if database.get(setting):
            env[variable] = str(database[setting])
    sslmode = (database.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return env


def _run(command: list[str], *, env: dict[str, str], tool: str) -> None:
    executable = shutil.which(command[0], path=env.get("PATH"))
    if executable is None:
        raise BackupError(f"{tool} was not found on PATH; install the PostgreSQL client tools (postgresql-client).")
    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [executable, *command[1:]], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
        # The first error line says what went wrong; later ones echo SQL statements.
        errors = [line for line in lines if "error:" in line.lower() or "fatal:" in line.lower()]
        reason = (errors or lines or [f"exit status {result.returncode}"])[0]
        raise BackupError(f"{tool} failed: {reason}")
