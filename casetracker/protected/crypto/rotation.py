"""Re-encrypt stored values and every kind of encrypted file under the newest key, in batches, resumably.

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

from casetracker.protected.crypto.fields import encrypted_fields
from casetracker.protected.crypto.file_kinds import EncryptedFileKind
from casetracker.protected.crypto.file_reader import open_decrypting
from casetracker.protected.crypto.files import CHUNK_SIZE, read_key_id, write_encrypted_file
from casetracker.protected.crypto.keys import DecryptionError, key_ring


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


# --- Encrypted files (every kind in the registry) ------------------------------------------


@dataclass
class FileRotationStats:
    kind: EncryptedFileKind
    examined: int = 0
    rotated: int = 0
    legacy: int = 0  # of `rotated`: files stored unencrypted, before that kind was encrypted
    plaintext_bytes: int = 0
    failed: list[str] = dataclasses.field(default_factory=list)  # one line per file left as it was


class StoredFileMismatch(Exception):
    """A stored file's plaintext differs from the SHA-256 and size recorded at upload."""


def rotate_files(
    kind: EncryptedFileKind, *, batch_size: int = 500, progress: Callable[[FileRotationStats], None] | None = None
) -> FileRotationStats:
    """Re-encrypt every file of `kind` not under the newest key, and encrypt legacy plaintext ones.

    In pk order; each file is rewritten atomically (temporary file, then os.replace), so
    an interruption leaves every file either old or new, and both read while the old key
    is configured. A file that cannot be read, or (for a kind with recorded hashes) whose
    plaintext no longer matches its SHA-256, is left untouched and listed in `failed`,
    never re-encrypted: re-encrypting would make an altered file look authentic.
    """
    stats = FileRotationStats(kind=kind)
    last_pk = 0
    while True:
        batch = list(kind.records().filter(pk__gt=last_pk).order_by("pk").values_list("pk", kind.field)[:batch_size])
        if not batch:
            return stats
        last_pk = batch[-1][0]
        for pk, name in batch:
            stats.examined += 1
            try:
                outcome = _rotate_file(kind, pk)
            except FileNotFoundError:
                stats.failed.append(f"{kind.record} {pk}: stored file {name} is missing")
            except (DecryptionError, StoredFileMismatch) as error:
                stats.failed.append(f"{kind.record} {pk}: {error}")
            else:
                if outcome is not None:
                    was_legacy, size = outcome
                    stats.rotated += 1
                    stats.legacy += was_legacy
                    stats.plaintext_bytes += size
        if progress:
            progress(stats)


def _rotate_file(kind: EncryptedFileKind, pk: int) -> tuple[bool, int] | None:
    """(was a legacy file, plaintext size) when rewritten; None when current, unfinished or deleted meanwhile."""
    storage = kind.get_model()._meta.get_field(kind.field).storage
    columns = [kind.field, *(kind.integrity or ())]
    with transaction.atomic():
        # The row lock makes a concurrent deletion, purge or rebuild wait until the new
        # file is in place, so none of them is undone by our os.replace.
        row = kind.records().select_for_update().filter(pk=pk).values(*columns).first()
        if row is None or not row[kind.field]:
            return None
        name = row[kind.field]
        path = storage.path(name)
        kid = read_key_id(path)  # only the header: a file under the newest key costs one small read
        if kid == key_ring().primary_id:
            return None
        counted = [0]
        chunks = _plaintext(path, name, legacy=kid is None, counted=counted)
        if kind.integrity:
            sha256_column, size_column = kind.integrity
            chunks = _checked(chunks, name, expected=(row[sha256_column], row[size_column]), legacy=kid is None)
        write_encrypted_file(chunks, path)
    return kid is None, counted[0]


def _plaintext(path: str, name: str, *, legacy: bool, counted: list[int]) -> Iterator[bytes]:
    handle = open(path, "rb") if legacy else open_decrypting(path, label=name)  # noqa: SIM115
    with handle:
        while chunk := handle.read(CHUNK_SIZE):
            counted[0] += len(chunk)
            yield chunk


def _checked(chunks: Iterator[bytes], name: str, *, expected: tuple[str, int], legacy: bool) -> Iterator[bytes]:
    """The chunks as they are; raises at the end, before the file is replaced, on a mismatch."""
    digest = hashlib.sha256()
    size = 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
        yield chunk
    if (digest.hexdigest(), size) != expected:
        what = "unencrypted legacy file" if legacy else "file"
        raise StoredFileMismatch(
            f"{what} {name} no longer matches the SHA-256/size recorded at upload; "
            "left as it was (see `manage.py verify_documents`)"
        )
