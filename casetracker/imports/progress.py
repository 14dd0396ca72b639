"""An import job's progress counters, readable while the import's transaction is open.

The rows of an import are written in one transaction (all or nothing), so counters
saved through the same connection stay invisible to the page or API client polling
them until the very end. On PostgreSQL the counters therefore go through a second
connection in autocommit mode. That is safe only when the import's connection holds
no lock on the job row, i.e. when the run did not start inside a caller's transaction
(a Celery worker, a command): otherwise the second connection would wait for a lock
its own process holds. In every other case (SQLite, which allows one writer at a
time; a run inside a caller's transaction) the counters go through the main
connection and are seen when the run ends; such runs are the small ones answered in
the request, which nobody polls.
"""

import logging

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q
from django.db.models.sql.constants import CURSOR
from django.db.models.sql.subqueries import UpdateQuery

from casetracker.cases.models import ImportJob

logger = logging.getLogger(__name__)

# The second connection never waits long for the job row: progress is not worth a stall.
LOCK_TIMEOUT = "2s"


class JobProgress:
    """Writes `rows_done`, `rows_written` and `status` of one job as the run advances."""

    def __init__(self, job: ImportJob, *, in_transaction: bool) -> None:
        """`in_transaction`: whether the run writes in a transaction (a dry run does not)."""
        self.job = job
        self.side: BaseDatabaseWrapper | None = None
        self.uses_side_connection = (
            in_transaction and connection.vendor == "postgresql" and not connection.in_atomic_block
        )

    def report(self, **values: object) -> None:
        for name, value in values.items():
            setattr(self.job, name, value)
        if not self.uses_side_connection:
            ImportJob.objects.filter(pk=self.job.pk).update(**values)
            return
        try:
            self._side_update(values)
        except DatabaseError:
            # A progress bar that stops is better than an import that fails for it.
            logger.warning("Progress of import job %s could not be written", self.job.pk, exc_info=True)
            self.uses_side_connection = False
            self.close()

    def _side_update(self, values: dict[str, object]) -> None:
        if self.side is None:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
            with self.side.cursor() as cursor:
                cursor.execute("SET lock_timeout = %s", [LOCK_TIMEOUT])
        # The UPDATE that ImportJob.objects.filter(pk=...).update(...) runs, sent through
        # the second connection (a queryset always uses a configured alias).
        query = UpdateQuery(ImportJob)
        query.add_update_values(values)
        query.add_q(Q(pk=self.job.pk))
        query.get_compiler(connection=self.side).execute_sql(CURSOR)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None
