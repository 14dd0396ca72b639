"""Writing synthetic rows fast: plain tuples, reserved ids, COPY on PostgreSQL.

`bulk_create` spent most of its time in Python here (model instances, per-value
preparation, SQL assembly): 1,300 detentions per second with their rows, 13 minutes for
a million.
Rows are therefore tuples of database-ready values and go in with one COPY per table
and batch (`executemany` on SQLite, where only small test sets are made; both sinks are
in `cases.bulk_copy`). This bypasses the models entirely: the generator supplies every
value a model's save() would derive, and every other column gets its field's default here.
"""

import threading
from collections.abc import Sequence

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models
from django.utils import timezone

from casetracker.protected.bulk_copy import Sink
from casetracker.protected.crypto.fields import EncryptedFieldMixin

# Each reservation waits for the COPY in progress on the shared connection: few, large ones.
ID_BLOCK = 50_000


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
