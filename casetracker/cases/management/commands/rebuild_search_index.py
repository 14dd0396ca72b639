import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casetracker.cases.models import Person, PersonSearchKey
from casetracker.cases.search_index import RebuildStats, search_index_rebuild
from casetracker.protected.crypto.keys import DecryptionError, EncryptionKeyError


class Command(BaseCommand):
    help = (
        "Recompute every person's blind indexes (exact name, name + birth date, the words of the name, "
        "phone numbers) from the decrypted values under the current CASETRACKER_BLIND_INDEX_KEY. "
        "Run it after changing that key. Batched and resumable: run it again after an interruption."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, verbosity: int, **options) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        self.verbosity = verbosity
        started = time.monotonic()
        try:
            stats = search_index_rebuild(
                person_model=Person, key_model=PersonSearchKey, batch_size=batch_size, progress=self._progress
            )
        except (DecryptionError, EncryptionKeyError) as error:
            raise CommandError(f"{error}. Batches reported before this one are done.") from None
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Persons: {stats.persons_changed} of {stats.examined} updated "
            f"({stats.keys_added} search keys written, {stats.keys_removed} removed) in {elapsed:.1f} s."
        )
        self.stdout.write(self.style.SUCCESS("Done."))

    def _progress(self, stats: RebuildStats) -> None:
        if self.verbosity > 1:
            self.stdout.write(f"  {stats.examined} examined, {stats.persons_changed} updated")
