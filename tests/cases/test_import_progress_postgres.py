"""On PostgreSQL a worker's import shows its progress while its transaction is still open."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DEFAULT_DB_ALIAS, connection, connections

from casetracker.accounts.roles import LAWYER
from casetracker.cases.models import Detention, ImportJob
from casetracker.cases.models.imports import ImportStatus
from casetracker.imports import services
from casetracker.imports.progress import JobProgress
from tests.factories import make_user

# transaction=True: like a Celery worker, the run starts outside any transaction.
pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "full_name,birth_date,detained_at,city,region,place_type,place\n"


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("progress from a second connection is PostgreSQL's (SQLite has one writer at a time)")


def seen_from_another_connection(job_pk: int) -> tuple[str, int, int]:
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT status, rows_written FROM cases_importjob WHERE id = %s", [job_pk])
            status, rows_written = cursor.fetchone()
            cursor.execute("SELECT count(*) FROM cases_detention")
            (detentions,) = cursor.fetchone()
    finally:
        other.close()
    return status, rows_written, detentions


def test_rows_written_is_visible_before_the_import_commits(monkeypatch):
    monkeypatch.setattr(services, "CHUNK_ROWS", 2)
    seen = []
    original = JobProgress.report

    def report_and_look(self, **values):
        original(self, **values)
        seen.append(seen_from_another_connection(self.job.pk))

    monkeypatch.setattr(JobProgress, "report", report_and_look)
    user = make_user(LAWYER, username="progress_lawyer")
    rows = "".join(f"Иванов {i},,2021-02-04 08:{i:02d},Москва,Москва,metro,Пушкинская\n" for i in range(5))
    job = services.import_job_create(
        user=user, upload=SimpleUploadedFile("list.csv", (HEADER + rows).encode()), dry_run=False, source="api"
    )

    services.import_job_run(job=job)

    # Another connection sees the counters move while none of the rows is committed yet.
    assert seen == [("writing", 2, 0), ("writing", 4, 0), ("writing", 5, 0)]
    job = ImportJob.objects.get(pk=job.pk)
    assert (job.status, job.rows_written, job.created_count) == (ImportStatus.DONE, 5, 5)
    assert Detention.objects.count() == 5
