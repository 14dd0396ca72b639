import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from casetracker.demo import synthetic


class Command(BaseCommand):
    help = (
        "Create N synthetic detentions with their invented people, cases, evidence claims, charges "
        "and hearings, for benchmarks (development only)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, required=True, help="Number of detentions to create.")
        parser.add_argument(
            "--seed",
            type=int,
            default=2021,
            help="Seed of the generator: the same seed gives the same data (on the same day).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=20_000, help="Detentions written per round of inserts (default 20,000)."
        )
        parser.add_argument(
            "--force", action="store_true", help="Run with DEBUG off. Never on a database with real cases."
        )

    def handle(self, *args, count: int, seed: int, batch_size: int, force: bool, **options) -> None:
        if count < 1:
            raise CommandError("--count must be at least 1.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if not settings.DEBUG and not force:
            # Invented people mixed into a production database would corrupt every report.
            raise CommandError(
                "generate_cases fills the database with invented cases; run it with DEBUG=1 (or --force)."
            )
        verbosity = options.get("verbosity", 1)
        started = time.perf_counter()

        def progress(counts: synthetic.Counts) -> None:
            if verbosity > 1:
                self.stderr.write(f"  {counts.detentions:,} detentions, {time.perf_counter() - started:.0f} s")

        # All or nothing: an interrupted run leaves no half-linked cases behind.
        with transaction.atomic():
            counts = synthetic.generate(
                count=count, seed=seed, today=timezone.localdate(), batch_size=batch_size, progress=progress
            )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Created {counts.detentions:,} detentions, {counts.persons:,} persons, {counts.cases:,} cases, "
            f"{counts.claims:,} evidence claims, {counts.charges:,} charges, {counts.hearings:,} hearings "
            f"({counts.events:,} events) in {elapsed:.1f} s ({counts.detentions / elapsed:,.0f} detentions/s)."
        )
