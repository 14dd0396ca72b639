"""Writing synthetic rows fast: plain tuples, reserved ids, COPY on PostgreSQL.

`bulk_create` spent most of its time in Python here (model instances, per-value
preparation, SQL assembly): 1,300 detentions per second with their rows, 13 minutes for
a million.
Rows are therefore tuples of database-ready values and go in with one COPY per table
and batch (`executemany` on SQLite, where only small test sets are made). This bypasses
the models entirely: the generator supplies every value a model's save() would derive,
and every other column gets its field's default here.
"""

import csv
import datetime as dt
import io
import queue
import threading
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models
from django.utils import timezone

from casetracker.cases.crypto.fields import EncryptedFieldMixin

# Each reservation waits for the COPY in progress on the shared connection: few, large ones.
ID_BLOCK = 50_000
COPY_READ_SIZE = 8 * 1024 * 1024


class IdPool:
    """Primary keys the database will never hand out again, reserved in blocks.

    Ids known before the insert let child rows point at their parents without reading
    anything back, and let a case's reference be derived from its id as `Case.save()`
    does (`CT-<year>-<id>`), so it can never collide with a reference made later.
    """

    def __init__(self, model: type[models.Model], *, lock: threading.Lock) -> None:
        self.table = model._meta.db_table
        self.lock = lock  # the sink's: no query may run on the connection during a COPY
        self.free: list[int] = []
        self.next_local = 0  # SQLite: the next id above the highest one in the table

    def take(self) -> int:
        if not self.free:
            self.free = self._reserve(ID_BLOCK)[::-1]
        return self.free.pop()

    def _reserve(self, count: int) -> list[int]:
        with self.lock, connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [self.table, count],
                )
                return sorted(row[0] for row in cursor.fetchall())
            if not self.next_local:
                # AUTOINCREMENT continues above the highest id ever inserted, ours included;
                # the caller's transaction keeps other writers out until our rows are in.
                cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(self.table)}")  # noqa: S608
                self.next_local = (cursor.fetchone()[0] or 0) + 1
        start, self.next_local = self.next_local, self.next_local + count
        return list(range(start, start + count))


class Table:
    """The pending rows of one model: the generator's columns, then every other column's default."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.model = model
        supplied = [model._meta.get_field(name) for name in columns]
        rest = [
            f
            for f in model._meta.concrete_fields
            if f not in supplied and not (f.primary_key and isinstance(f, models.AutoField))
        ]
        self.fields = supplied + rest
        self.constants = tuple(_default(f) for f in rest)
        self.rows: list[tuple] = []
        self.written = 0

    def add(self, row: tuple) -> None:
        self.rows.append(row)

    def flush(self, sink: "Sink") -> None:
        if not self.rows:
            return
        sink.write(self.model._meta.db_table, self.fields, self.rows, self.constants)
        self.written += len(self.rows)
        self.rows = []


class Sink:
    """Inserts rows with `executemany` (SQLite: small test sets only)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()

    def write(self, table: str, fields: Sequence[models.Field], rows: list[tuple], constants: tuple) -> None:
        """Insert `rows`, each followed by `constants` (the values of the remaining `fields`)."""
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {quote(table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 - quoted names
        with connection.cursor() as cursor:
            cursor.executemany(sql, [tuple(_adapt(value) for value in row + constants) for row in rows])

    def close(self) -> None:
        pass


class CopySink(Sink):
    """PostgreSQL: one COPY per table and batch, run by a thread on the same connection.

    PostgreSQL stores and indexes a batch (its own CPU) while Python draws the next one
    (ours), which roughly halves the wall time on two cores. The thread only runs COPY
    statements, in order, inside the caller's transaction; a failure is raised in the
    caller at its next write or at `close()`. psycopg releases its own connection lock
    between the chunks of a COPY, so `self.lock` keeps every other query on the shared
    connection (the id reservations) out until the COPY has ended.
    """

    def __init__(self) -> None:
        super().__init__()
        connection.ensure_connection()
        self.raw = connection.connection  # psycopg connections may be shared between threads
        with connection.cursor() as cursor:
            # Check each foreign key as its COPY ends, in the thread, instead of all of
            # them at commit (Django declares them DEFERRABLE INITIALLY DEFERRED).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        self.jobs: queue.Queue = queue.Queue(maxsize=16)  # about two batches waiting: bounded memory
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="generate_cases-copy", daemon=True)
        self.thread.start()

    def write(self, table: str, fields: Sequence[models.Field], rows: list[tuple], constants: tuple) -> None:
        self._raise_error()
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        not_null = ", ".join(quote(f.column) for f in fields if not f.null)
        # CSV: None is an unquoted empty field (NULL); FORCE_NOT_NULL reads the empty
        # fields of NOT NULL columns as empty strings instead.
        options = f"FORMAT csv, FORCE_NOT_NULL ({not_null})" if not_null else "FORMAT csv"
        self.jobs.put((f"COPY {quote(table)} ({columns}) FROM STDIN WITH ({options})", rows, constants))

    def close(self) -> None:
        self.jobs.put(None)
        self.thread.join()
        self._raise_error()

    def _raise_error(self) -> None:
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        cursor = self.raw.cursor()
        while (job := self.jobs.get()) is not None:
            if self.error is not None:
                continue  # drain the queue so that the caller never blocks on put()
            sql, rows, constants = job
            try:
                buffer = io.StringIO()
                # The same trailing columns on every line: serialized once and written as
                # the line terminator, instead of a longer tuple built for every row.
                tail = io.StringIO()
                csv.writer(tail, lineterminator="\n").writerow(constants)
                terminator = f",{tail.getvalue()}" if constants else "\n"
                csv.writer(buffer, lineterminator=terminator).writerows(rows)
                buffer.seek(0)
                with self.lock:
                    self._copy(cursor, sql, buffer)
            except BaseException as exc:  # handed over to the caller's thread
                self.error = exc
        cursor.close()

    @staticmethod
    def _copy(cursor, sql: str, buffer: io.StringIO) -> None:
        if hasattr(cursor, "copy_expert"):  # psycopg2
            # Large reads: each one needs the GIL, which the generating thread holds for up
            # to 5 ms at a time, so 8 KB reads (the default) would stall the COPY.
            cursor.copy_expert(sql, buffer, size=COPY_READ_SIZE)
        else:  # psycopg 3
            with cursor.copy(sql) as copy:
                copy.write(buffer.getvalue())


def sink_for_connection() -> Sink:
    return CopySink() if connection.vendor == "postgresql" else Sink()


def _default(field: models.Field):
    """The value a new instance would store for a column the generator leaves out."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    # What `Model()` would store: the default, else "" for text fields, else NULL.
    value = field.get_default()
    if value is None and not field.null:
        raise ImproperlyConfigured(
            f"{field.model._meta.label}.{field.name} has no default: the synthetic generator must supply it."
        )
    if isinstance(field, EncryptedFieldMixin):
        # Encrypted once, stored in every row: a Fernet token stays valid however often
        # it is stored (see `Sealer`).
        return field.get_prep_value(value)
    return value


def _adapt(value):
    """A value as the SQLite backend stores it (aware datetimes in UTC, decimals as text)."""
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    if isinstance(value, Decimal):
        return str(value)
    return value
