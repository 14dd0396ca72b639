"""Import throughput: a 10,000-row CSV through the bulk import service.

    .venv/bin/python bench/import_rows.py                      # SQLite, temporary file
    .venv/bin/python bench/import_rows.py --rows 20000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casetracker .venv/bin/python bench/import_rows.py

Uses the throw-away database of `bench/admin_changelist.py` (never the developer's).
Generates a CSV with every column filled (person, event, claim, charge, hearing),
then times, as a lawyer: a dry run (validation only), the import (validation, then
the writing transaction) and a re-import of the same file (every row skipped).
Prints rows per second for each, and the CPU seconds of this process (on a busy
machine wall time varies; CPU time much less). The target is 2,000 rows/s for the
import on PostgreSQL.
"""

import argparse
import csv
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from admin_changelist import BenchDatabase, configure_django, create_users

HEADER = [
    "full_name", "birth_date", "gender", "home_region", "phone", "event_name", "event_date", "event_city",
    "detained_at", "city", "region", "place_type", "place", "method", "system_name", "footage_event_name",
    "footage_date", "article", "court", "hearing_date", "outcome", "fine_amount",
]  # fmt: skip
STATIONS = ["Пушкинская", "Тверская", "Маяковская", "Охотный ряд", "Лубянка", "Китай-город"]


def build_csv(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for i in range(rows):
        writer.writerow([
            f"Фамилия{i} Имя{i % 97} Отчество{i % 13}", f"19{70 + i % 30}-0{1 + i % 9}-1{i % 10}", "male",
            "Москва", f"+7 900 {i:07d}", "Акция 31 января", "2021-01-31", "Москва",
            f"2021-02-{1 + i % 27:02d} {8 + i % 12:02d}:{i % 60:02d}", "Москва", "Москва", "metro",
            STATIONS[i % len(STATIONS)], "facial_recognition_metro", "Face ID", "Акция 23 января", "2021-01-23",
            "koap 20.2 part 5", "Тверской районный суд", "2021-03-01", "fine", "10000",
        ])  # fmt: skip
    return out.getvalue().encode()


def timed_import(user, content: bytes, *, dry_run: bool):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casetracker.imports import services

    started, cpu_started = time.perf_counter(), time.process_time()
    job = services.import_job_create(
        user=user, upload=SimpleUploadedFile("bench.csv", content), dry_run=dry_run, source="command"
    )
    services.import_job_run(job=job)  # in this process, as the worker would run it
    job.refresh_from_db()
    return job, time.perf_counter() - started, time.process_time() - cpu_started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    with BenchDatabase(os.environ.get("DATABASE_URL", "")) as database_url:
        configure_django(database_url)
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        # The uploaded bench files go to a temporary directory, not the developer's documents.
        settings.PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="import-bench-"))
        call_command("migrate", verbosity=0, interactive=False)
        from tests.factories import LegalArticleFactory

        LegalArticleFactory(code="koap", number="20.2", part="5")
        lawyer = create_users()["lawyer"]
        content = build_csv(args.rows)
        print(f"{args.rows} rows, {len(content) / 1e6:.1f} MB, database: {connection.vendor}")
        for label, dry_run in (("dry run", True), ("import", False), ("re-import", False)):
            job, seconds, cpu_seconds = timed_import(lawyer, content, dry_run=dry_run)
            assert job.status == "done", job.errors[:5]
            print(
                f"{label:<10} {seconds:7.2f} s  {args.rows / seconds:8.0f} rows/s  (CPU {cpu_seconds:5.2f} s)  "
                f"created {job.created_count}, skipped {job.skipped_count}"
            )
        shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
