"""Re-encrypt stored values and document files under the newest key, in batches, resumably.

Rows and files already under the newest key are skipped, so an interrupted run simply
continues where it stopped when started again.
"""

import dataclasses
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models.functions import Cast

from casetracker.cases.crypto.fields import encrypted_fields
from casetracker.cases.crypto.file_reader import open_decrypting
from casetracker.cases.crypto.files import CHUNK_SIZE, read_key_id, write_encrypted_file
from casetracker.cases.crypto.keys import DecryptionError, key_ring


@dataclass
class RotationStats:
    model: str
    examined: int = 0
    rotated: int = 0


def models_with_encrypted_fields() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if encrypted_fields(model)]


def rotate_model(
    model: type[models.Model], *, batch_size: int = 500, progress: Callable[[RotationStats], None] | None = None
) -> RotationStats:
    """Re-encrypt every encrypted column of `model` whose value is not under the newest key."""
    ring = key_ring()
    fields = encrypted_fields(model)
    # Cast to plain text reads the stored token without decrypting it.
    raw = {f"raw_{field.name}": Cast(field.name, output_field=models.TextField()) for field in fields}
    stats = RotationStats(model=model._meta.label)
    last_pk = 0
    while True:
        batch = list(
            model._base_manager.filter(pk__gt=last_pk).order_by("pk").annotate(**raw).values("pk", *raw)[:batch_size]
        )
        if not batch:
            return stats
        last_pk = batch[-1]["pk"]
        stats.examined += len(batch)
        stale_pks = [row["pk"] for row in batch if not all(ring.is_current(row[name]) for name in raw)]
        if stale_pks:
            with transaction.atomic():
                # Re-read under a row lock: a value edited since the scan is not overwritten.
                stale = list(
                    model._base_manager.select_for_update().filter(pk__in=stale_pks).annotate(**raw).values("pk", *raw)
                )
                _reencrypt(model, stale, fields)
            stats.rotated += len(stale)
        if progress:
            progress(stats)


def _reencrypt(model: type[models.Model], rows: list[dict], fields: list[models.Field]) -> None:
    """Decrypt each stored token with the key it names and encrypt it under the newest key.

    Works on the tokens themselves (no model instances, no CASE WHEN bulk update): one
    parameterised UPDATE per row, sent with executemany in one transaction per batch.
    """
    ring = key_ring()
    quote = connection.ops.quote_name
    columns = [field.column for field in fields]
    assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s"  # noqa: S608
    params = []
    for row in rows:
        values = []
        for field in fields:
            token = row[f"raw_{field.name}"]
            label = f"{model._meta.label}.{field.name} (id {row['pk']})"
            values.append(None if token is None else ring.encrypt(ring.decrypt(token, label=label)))
        params.append([*values, row["pk"]])
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


# --- Document files -------------------------------------------------------------------------


@dataclass
class FileRotationStats:
    examined: int = 0
    rotated: int = 0
    legacy: int = 0  # of `rotated`: files stored unencrypted, before file encryption existed
    plaintext_bytes: int = 0
    failed: list[str] = dataclasses.field(default_factory=list)  # one line per file left as it was


class StoredFileMismatch(Exception):
    """A stored file's plaintext differs from the SHA-256 and size recorded at upload."""


def rotate_document_files(
    *, batch_size: int = 500, progress: Callable[[FileRotationStats], None] | None = None
) -> FileRotationStats:
    """Re-encrypt every document file not under the newest key, and encrypt legacy plaintext files.

    In Document pk order; each file is rewritten atomically (temporary file, then
    os.replace), so an interruption leaves every file either old or new, and both read
    while the old key is configured. A file that cannot be read or whose plaintext no
    longer matches its recorded SHA-256 is left untouched and reported, never
    re-encrypted: re-encrypting would make an altered file look authentic.
    """
    document_model = apps.get_model("cases", "Document")
    stats = FileRotationStats()
    last_pk = 0
    while True:
        batch = list(
            document_model._base_manager.filter(pk__gt=last_pk).order_by("pk").values_list("pk", "file")[:batch_size]
        )
        if not batch:
            return stats
        last_pk = batch[-1][0]
        for pk, name in batch:
            if not name:
                continue
            stats.examined += 1
            try:
                outcome = _rotate_document_file(document_model, pk)
            except FileNotFoundError:
                stats.failed.append(f"document {pk}: stored file {name} is missing")
            except (DecryptionError, StoredFileMismatch) as error:
                stats.failed.append(f"document {pk}: {error}")
            else:
                if outcome is not None:
                    was_legacy, size = outcome
                    stats.rotated += 1
                    stats.legacy += was_legacy
                    stats.plaintext_bytes += size
        if progress:
            progress(stats)


def _rotate_document_file(document_model: type[models.Model], pk: int) -> tuple[bool, int] | None:
    """(was a legacy file, plaintext size) when rewritten; None when current or deleted meanwhile."""
    storage = document_model._meta.get_field("file").storage
    with transaction.atomic():
        # The row lock makes a concurrent deletion wait until the new file is in place,
        # so its on-commit file removal cannot be undone by our os.replace.
        row = document_model._base_manager.select_for_update().filter(pk=pk).values("file", "sha256", "size").first()
        if row is None:
            return None
        path = storage.path(row["file"])
        kid = read_key_id(path)  # only the header: a file under the newest key costs one small read
        if kid == key_ring().primary_id:
            return None
        write_encrypted_file(_checked_plaintext(path, row, legacy=kid is None), path)
    return kid is None, row["size"]


def _checked_plaintext(path: str, row: dict, *, legacy: bool) -> Iterator[bytes]:
    """The stored file's plaintext in chunks; raises at the end, before the file is replaced, on a mismatch."""
    digest = hashlib.sha256()
    size = 0
    handle = open(path, "rb") if legacy else open_decrypting(path, label=row["file"])  # noqa: SIM115
    with handle:
        while chunk := handle.read(CHUNK_SIZE):
            digest.update(chunk)
            size += len(chunk)
            yield chunk
    if (digest.hexdigest(), size) != (row["sha256"], row["size"]):
        kind = "unencrypted legacy file" if legacy else "file"
        raise StoredFileMismatch(
            f"{kind} {row['file']} no longer matches the SHA-256/size recorded at upload; "
            "left as it was (see `manage.py verify_documents`)"
        )


# --- Export files (case summary ZIPs) -------------------------------------------------------


@dataclass
class ExportRotationStats:
    examined: int = 0
    rotated: int = 0
    legacy: int = 0  # of `rotated`: ZIPs stored unencrypted, before exports were encrypted
    skipped: list[str] = dataclasses.field(default_factory=list)  # one line per ZIP left as it was


def rotate_export_files() -> ExportRotationStats:
    """Re-encrypt every finished case summary ZIP not under the newest key (and encrypt legacy plaintext ones).

    Exports live only until purge_expired_exports deletes them, but a fresh one would
    become unreadable once the old key is removed, so they are rotated too (atomically,
    like document files). A ZIP that cannot be read (missing, altered, or under a key
    no longer configured) is skipped and reported, not an error: its download is
    already refused, the requester can build it again, and it expires.
    """
    from casetracker.reports.models import BatchStatus, CaseSummaryBatch

    stats = ExportRotationStats()
    finished = CaseSummaryBatch.objects.filter(status=BatchStatus.DONE).exclude(file="")
    for pk in list(finished.order_by("pk").values_list("pk", flat=True)):
        stats.examined += 1
        try:
            outcome = _rotate_export_file(CaseSummaryBatch, pk, done=BatchStatus.DONE)
        except FileNotFoundError:
            stats.skipped.append(f"case summary batch {pk}: its ZIP is missing")
        except DecryptionError as error:
            stats.skipped.append(f"case summary batch {pk}: {error}")
        else:
            if outcome is not None:
                stats.rotated += 1
                stats.legacy += outcome
    return stats


def _rotate_export_file(batch_model: type[models.Model], pk: int, *, done: str) -> bool | None:
    """Whether the rewritten ZIP was a legacy one; None when current, rebuilding or deleted meanwhile."""
    storage = batch_model._meta.get_field("file").storage
    with transaction.atomic():
        # The row lock makes a rebuild (which first marks the batch running) or a purge
        # wait until the new file is in place: neither is undone by our os.replace.
        row = batch_model._base_manager.select_for_update().filter(pk=pk, status=done).values("file").first()
        if row is None or not row["file"]:
            return None
        path = storage.path(row["file"])
        kid = read_key_id(path)
        if kid == key_ring().primary_id:
            return None
        handle = open(path, "rb") if kid is None else open_decrypting(path, label=row["file"])  # noqa: SIM115
        with handle:
            write_encrypted_file(iter(lambda: handle.read(CHUNK_SIZE), b""), path)
    return kid is None
