"""Writing many rows fast: plain tuples of database values, COPY on PostgreSQL.

`bulk_create` spends most of its time in Python (per-object preparation, SQL assembly
with one parameter per value). Two writers use what is here: the synthetic data
generator (`demo.synthetic`), whose tuples are database-ready already, and the bulk
import (`imports.writing`), which turns validated model instances into tuples with
`ModelRows` (each field's own `get_db_prep_save`, as `bulk_create` would).
"""

import csv
import datetime as dt
import io
import json
import queue
import threading
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper

COPY_READ_SIZE = 8 * 1024 * 1024


class Sink:
    """Inserts rows with `executemany` (SQLite: small test sets only)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()

    def write(self, table: str, fields: Sequence[models.Field], rows: list[tuple], constants: tuple = ()) -> None:
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
    connection (the id reservations) out until the COPY has ended; a caller whose
    queries cannot take that lock calls `close()` first.

    Values are written as CSV text, which PostgreSQL parses as it would the same value
    sent as a parameter (str() of dates, aware datetimes, decimals, booleans). CSV cannot
    tell NULL from an empty string: None is NULL, and an empty string is stored only in
    NOT NULL columns (FORCE_NOT_NULL); `ModelRows` refuses "" for a nullable column.
    """

    def __init__(self) -> None:
        super().__init__()
        connection.ensure_connection()
        self.raw = connection.connection  # psycopg connections may be shared between threads
        # Django's exception classes (IntegrityError for a duplicate key...) for the
        # driver's, as for any other query: callers catch django.db's.
        self.wrap_errors = connection.wrap_database_errors
        with connection.cursor() as cursor:
            # Check each foreign key as its COPY ends, in the thread, instead of all of
            # them at commit (Django declares them DEFERRABLE INITIALLY DEFERRED).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        self.jobs: queue.Queue = queue.Queue(maxsize=16)  # about two batches waiting: bounded memory
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="bulk-copy", daemon=True)
        self.thread.start()

    def write(self, table: str, fields: Sequence[models.Field], rows: list[tuple], constants: tuple = ()) -> None:
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
                with self.lock, self.wrap_errors:
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


class ModelRows:
    """Model instances -> tuples of every concrete column's value, as `bulk_create` stores them.

    Per value, what `bulk_create` calls: `field.pre_save(obj, add=True)` where a field
    overrides it (auto_now), then `field.get_db_prep_save(value, connection)` (which
    encrypts the encrypted fields), each looked up once per field instead of per value.
    JSON values leave `get_db_prep_save` wrapped in the driver's adapter; COPY gets
    their JSON text. The pks must be set (reserved from the sequence by the caller).
    """

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.getters = [self._getter(field) for field in self.fields]
        self.nullable_text = [
            index
            for index, field in enumerate(self.fields)
            if field.null and field.get_internal_type() in ("CharField", "TextField")
        ]

    def rows(self, objs: Iterable[models.Model]) -> list[tuple]:
        # The connection resolved once: through the `connection` proxy it costs a
        # thread-local lookup per value, as much as the preparation itself.
        conn = connections[DEFAULT_DB_ALIAS]
        getters = self.getters
        rows = [tuple([get(obj, conn) for get in getters]) for obj in objs]
        for index in self.nullable_text:
            if any(row[index] == "" for row in rows):
                field = self.fields[index]
                raise ValueError(f"COPY cannot store '' in nullable {self.model._meta.label}.{field.name}")
        return rows

    @staticmethod
    def _getter(field: models.Field) -> Callable[[models.Model, BaseDatabaseWrapper], object]:
        prep = field.get_db_prep_save
        auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        if auto or type(field).pre_save not in PLAIN_PRE_SAVE:
            return lambda obj, conn: prep(field.pre_save(obj, True), conn)
        attname = field.attname
        if isinstance(field, models.JSONField):
            return lambda obj, conn: _json_text(prep(getattr(obj, attname), conn))
        unchanged = passthrough_types(field)

        def get(obj, conn):
            value = getattr(obj, attname)
            return value if value.__class__ in unchanged else prep(value, conn)

        return get


# DateField's and DateTimeField's pre_save only differ from Field's with auto_now(_add).
PLAIN_PRE_SAVE = (models.Field.pre_save, models.DateField.pre_save, models.DateTimeField.pre_save)
# The exact field classes whose get_db_prep_save returns a value of these exact types
# unchanged (tests/cases/test_bulk_copy.py checks it): skipping the call saves most of
# the preparation of an import's ~80 values per row. Subclasses (encrypted fields) are
# not among them, nor bool in an integer column (PostgreSQL wants 1, not "True").
PASSTHROUGH = {
    models.CharField: (str, type(None)),
    models.TextField: (str, type(None)),
    models.BooleanField: (bool, type(None)),
    models.IntegerField: (int, type(None)),
    models.PositiveIntegerField: (int, type(None)),
    models.BigIntegerField: (int, type(None)),
    models.AutoField: (int, type(None)),
    models.BigAutoField: (int, type(None)),
}


def passthrough_types(field: models.Field) -> tuple[type, ...]:
    """The types of value that `field.get_db_prep_save` returns as they are (see PASSTHROUGH)."""
    if isinstance(field, models.ForeignKey) and type(field) is models.ForeignKey:
        return PASSTHROUGH.get(type(field.target_field), ())
    return PASSTHROUGH.get(type(field), ())


def _json_text(value):
    """The JSON text of the driver's Jsonb adapter that `JSONField.get_db_prep_save` returns."""
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    if value is None:
        return None
    if is_psycopg3:
        return (value.dumps or json.dumps)(value.obj)
    return value.dumps(value.adapted)


def _adapt(value):
    """A value as the SQLite backend stores it (aware datetimes in UTC, decimals as text)."""
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    if isinstance(value, Decimal):
        return str(value)
    return value
