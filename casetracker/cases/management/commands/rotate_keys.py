import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casetracker.protected.crypto.file_kinds import file_kinds
from casetracker.protected.crypto.keys import DecryptionError, EncryptionKeyError, key_ring
from casetracker.protected.crypto.rotation import (
    FileRotationStats,
    RotationStats,
    models_with_encrypted_fields,
    rotate_files,
    rotate_model,
)


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value and every encrypted file (documents, case summary ZIPs, "
        "report exports, import uploads) under the newest key in CASETRACKER_ENCRYPTION_KEYS "
        "(and encrypt files stored before file encryption). "
        "Batched and resumable: run it again after an interruption."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, verbosity: int, **options) -> None:
        self.verbosity = verbosity
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            ring = key_ring()
        except EncryptionKeyError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Newest key: {ring.primary_id}")
        started = time.monotonic()
        total = 0
        for model in models_with_encrypted_fields():
            try:
                stats = rotate_model(model, batch_size=batch_size, progress=self._progress)
            except DecryptionError as error:
                raise CommandError(f"{error}. Nothing after the last reported batch was changed.") from None
            total += stats.examined
            self.stdout.write(f"{stats.model}: {stats.rotated} of {stats.examined} rows re-encrypted")
        elapsed = time.monotonic() - started
        rate = total / elapsed if elapsed else 0
        self.stdout.write(f"Rows: {total} in {elapsed:.1f} s ({rate:.0f} rows/s).")
        self._rotate_files(batch_size)
        self.stdout.write(self.style.SUCCESS("Done."))

    def _rotate_files(self, batch_size: int) -> None:
        failed = []
        for kind in file_kinds():
            started = time.monotonic()
            stats = rotate_files(kind, batch_size=batch_size, progress=self._file_progress)
            elapsed = time.monotonic() - started
            megabytes = stats.plaintext_bytes / 1024 / 1024
            rate = megabytes / elapsed if elapsed else 0
            self.stdout.write(
                f"{kind.label}: {stats.rotated} of {stats.examined} re-encrypted "
                f"({megabytes:.1f} MB in {elapsed:.1f} s, {rate:.1f} MB/s)"
            )
            if stats.legacy:
                self.stdout.write(
                    f"  {stats.legacy} of them were stored unencrypted (before file encryption) and are now encrypted"
                )
            for line in stats.failed:
                if kind.expiring:
                    # Not a failure: such a file is refused for download already, and it expires.
                    self.stderr.write(f"SKIPPED {line} (its download is refused; it is deleted when it expires)")
                else:
                    self.stderr.write(f"NOT ROTATED {line}")
                    failed.append(line)
        if failed:
            raise CommandError(
                f"{len(failed)} file(s) were left as they were. Keep their old keys in "
                "CASETRACKER_ENCRYPTION_KEYS until they are resolved, then run rotate_keys again."
            )

    def _file_progress(self, stats: FileRotationStats) -> None:
        if self.verbosity > 1:
            self.stdout.write(f"  {stats.kind.label}: {stats.examined} examined, {stats.rotated} re-encrypted")

    def _progress(self, stats: RotationStats) -> None:
        if self.verbosity > 1:
            self.stdout.write(f"  {stats.model}: {stats.examined} examined, {stats.rotated} re-encrypted")
