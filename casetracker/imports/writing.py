"""Writing validated import rows in bulk: one INSERT (COPY on PostgreSQL) per table and chunk.

`bulk_create` (and COPY) skip `save()`, so every value `save()` would derive is set here, with
the same functions: the person's blind indexes (`blind_index`) and search keys
(`search_digests`: the words of the name, the phone numbers), the detention's
`is_minor` (`domain.is_minor_at`), the claim's `footage_lag_days`
(`domain.footage_lag_days`), the hearing's appeal deadline
(`Hearing.fill_appeal_deadline`) and the case reference (`CT-<year>-<pk:06d>`, as
`Case.save`). Encryption is not among them: it happens in the encrypted fields'
`get_prep_value`, which `bulk_create` and `bulk_copy.ModelRows` call too.
tests/cases/test_import_writing.py compares every derived value with what `save()`
stores, tests/cases/test_bulk_copy.py the COPY rows with what `bulk_create` stores.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import ExitStack

from django.db import connection, transaction
from django.db.models import Case as DbCase
from django.db.models import CharField, Model, Value, When
from django.db.models.functions import Cast, Concat, LPad
from django.utils import timezone

from casetracker.accounts.models import User
from casetracker.audit.models import AuditAction, AuditEvent, AuditSource
from casetracker.cases import domain, writes
from casetracker.cases.duplicates.services import possible_duplicates_record
from casetracker.cases.models import Case, Charge, Detention, Event, EvidenceClaim, Hearing, Person, PersonSearchKey
from casetracker.cases.models.search import search_digests
from casetracker.cases.selectors import person_match, persons_visible_to
from casetracker.imports.instances import InstanceFactory
from casetracker.imports.rows import EventKey, RowRecords
from casetracker.protected.bulk_copy import CopySink, ModelRows
from casetracker.protected.crypto import blind_index

CASE = InstanceFactory(Case)
CASE_LAWYER = InstanceFactory(Case.lawyers.through)
AUDIT_EVENT = InstanceFactory(AuditEvent)
# Case.save() switches from zero-padded to plain numbers at this pk ({pk:06d}).
PADDED_REFERENCE_LIMIT = 1_000_000


class ImportWriter:
    """Writes the rows of one import; caches persons and events across its chunks.

    Use it as a context manager around everything the import does on the connection.
    On PostgreSQL a chunk's COPYs run in a thread (`bulk_copy.CopySink`) while this one
    builds and validates the next chunk; no other query may run on the connection
    during a COPY, so every query waits for them first (an execute wrapper), and the
    end of the `with` block waits for the last, before the commit or rollback.
    """

    def __init__(self, *, user: User, source: str) -> None:
        self.user = user
        self.source = source or AuditSource.TASK
        self.today = timezone.localdate()
        self.persons: dict[tuple[str, str], Person] = {}
        self.events: dict[EventKey, Event] = {}
        self.sink: CopySink | None = None  # from write() to the next query, on PostgreSQL
        self.ids: dict[type[Model], Iterator[int]] = {}  # the chunk's reserved pks, per model
        self.tables: dict[type[Model], ModelRows] = {}
        self.sequences: dict[type[Model], str] = {}  # pk sequence names, per model
        # Persons created by the last chunk, not yet compared with those the user cannot see.
        self.unqueued_persons: list[Person] = []
        self.stack = ExitStack()

    def __enter__(self) -> "ImportWriter":
        self.stack.enter_context(connection.execute_wrapper(self._wait_before_query))
        self.stack.callback(self.wait)  # runs first, the wrapper is removed after
        return self

    def __exit__(self, exc_type, exc_value, traceback) -> None:
        self.stack.close()
        # Not for an import that failed or is being rolled back: nothing it wrote stays.
        if exc_type is None and not transaction.get_rollback():
            self._queue_possible_duplicates()

    def _queue_possible_duplicates(self) -> None:
        """Queue the last chunk's new persons' duplicates among persons the user cannot see.

        A chunk behind: its persons must be in the table, and on PostgreSQL the query
        would otherwise wait for the chunk's COPYs that run while the next is built.
        """
        persons, self.unqueued_persons = self.unqueued_persons, []
        possible_duplicates_record(persons=persons, user=self.user)

    def wait(self) -> None:
        """Wait for the COPYs in progress; raises their error (IntegrityError...)."""
        sink, self.sink = self.sink, None
        if sink is not None:
            sink.close()

    def _wait_before_query(self, execute, sql, params, many, context):
        self.wait()
        return execute(sql, params, many, context)

    def write(self, rows: list[RowRecords]) -> None:
        """Create each row's person (unless matched), case, detention, claim, charge, hearing."""
        if not rows:
            return
        # The queries first (matching persons and events, reserving ids), then the
        # inserts: on PostgreSQL, COPYs that are left running when this returns.
        self._queue_possible_duplicates()
        new_persons = self._attach_persons(rows)
        digests = [search_digests(person) for person in new_persons]
        self._attach_events(rows)
        if connection.vendor == "postgresql":
            self.ids = _reserve_ids(_counts(rows, new_persons, digests), self.sequences)
            self.sink = CopySink()
        self._insert(Person, new_persons)
        self._insert(
            PersonSearchKey,
            [
                PersonSearchKey(person_id=person.pk, digest=digest)
                for person, person_digests in zip(new_persons, digests, strict=True)
                for digest in person_digests
            ],
        )
        self.unqueued_persons = new_persons
        cases = self._create_cases(rows)
        self._insert(
            Case.lawyers.through,
            [
                CASE_LAWYER(case_id=case.pk, user_id=row.lawyer.pk)
                for case, row in zip(cases, rows, strict=True)
                if row.lawyer
            ],
        )
        self._create_records(rows, cases)
        self._insert(AuditEvent, [case_created_event(case=case, user=self.user, source=self.source) for case in cases])

    def _insert(self, model: type[Model], objs: list[Model]) -> None:
        """`bulk_create(objs)`; on PostgreSQL the same column values by COPY, pks from the sequence.

        COPY skips what makes bulk_create slow here (per-object preparation, an INSERT
        with ~80 parameters per row): 1,450 -> 2,400 rows/s with the rest of this change
        (bench/import_rows.py). `ModelRows` calls the same field methods bulk_create
        does; tests/cases/test_bulk_copy.py compares the rows each stores.
        """
        if not objs:
            return
        if self.sink is None:
            model.objects.bulk_create(objs)
            return
        ids = self.ids[model]
        for obj in objs:
            if obj.pk is None:
                obj.pk = next(ids)
        table = self.tables.get(model) or self.tables.setdefault(model, ModelRows(model))
        self.sink.write(model._meta.db_table, table.fields, table.rows(objs))
        for obj in objs:  # as bulk_create leaves them
            obj._state.adding = False
            obj._state.db = connection.alias

    def _attach_persons(self, rows: list[RowRecords]) -> list[Person]:
        """Reuse a person the user can see with the same name (and birth date); the others, to create.

        Never a person the user cannot see: reusing one would attach the row to
        another lawyer's client, and the result would say so. A new record is made,
        and `_queue_possible_duplicates` puts the pair before the coordinators.
        """
        for row in rows:
            person = row.person
            person.full_name_index = blind_index.name_index(person.full_name)
            person.name_birth_index = blind_index.name_birth_index(person.full_name, person.birth_date)
        digests = {row.person.full_name_index for row in rows}
        candidates: dict[str, list[Person]] = {}
        if digests:
            for person in (
                persons_visible_to(self.user)
                .filter(full_name_index__in=digests, erased_at__isnull=True)
                .only("pk", "birth_date", "full_name_index", "name_birth_index")
                .order_by("pk")
            ):
                candidates.setdefault(person.full_name_index, []).append(person)
        new = []
        for row in rows:
            person = row.person
            key = (person.full_name_index, person.name_birth_index)
            match = self.persons.get(key) or _match(candidates.get(person.full_name_index, []), person)
            if match is None:
                self.persons[key] = person
                new.append(person)
            else:
                row.person = match
        return new

    def _attach_events(self, rows: list[RowRecords]) -> None:
        """Find or create the rows' events: one query for the known ones, one INSERT for the rest."""
        keys = {key for row in rows for key in (row.event_key, row.footage_event_key) if key} - self.events.keys()
        if keys:
            self._load_events(keys)
            missing = keys - self.events.keys()
            if missing:
                # ignore_conflicts: another import may create the same event meanwhile;
                # the unique constraint keeps one, and it is read back below.
                Event.objects.bulk_create(
                    [Event(name=name, date=date, city=city) for name, date, city in missing], ignore_conflicts=True
                )
                self._load_events(missing)
        for row in rows:
            if row.event_key:
                row.detention.event_id = self.events[row.event_key].pk
            if row.footage_event_key:
                row.footage_event = self.events[row.footage_event_key]

    def _load_events(self, keys: set[EventKey]) -> None:
        names = {name for name, _date, _city in keys}
        dates = {date for _name, date, _city in keys}
        for event in Event.objects.filter(name__in=names, date__in=dates):
            key = (event.name, event.date, event.city)
            if key in keys:
                self.events[key] = event

    def _create_cases(self, rows: list[RowRecords]) -> list[Case]:
        cases = [CASE(person_id=row.person.pk, created_by_id=self.user.pk, opened_at=self.today) for row in rows]
        if self.sink is not None:
            # The reference is derived from the pk, exactly as Case.save() does. The pk
            # comes from the database's sequence, so concurrent
            # imports and saves never share one (and the unique constraint on reference
            # would refuse a collision anyway).
            for case in cases:
                case.pk = next(self.ids[Case])
                case.reference = case_reference(opened_at=case.opened_at, pk=case.pk)
            self._insert(Case, cases)
            return cases
        Case.objects.bulk_create(cases)
        for case in cases:
            case.reference = case_reference(opened_at=case.opened_at, pk=case.pk)
        number = Cast("pk", output_field=CharField())
        # One UPDATE computing the same text in SQL (bulk_update's CASE per row is slower).
        Case.objects.filter(pk__in=[case.pk for case in cases]).update(
            reference=Concat(
                Value(f"CT-{self.today:%Y}-"),
                DbCase(When(pk__lt=PADDED_REFERENCE_LIMIT, then=LPad(number, 6, Value("0"))), default=number),
                output_field=CharField(),
            )
        )
        return cases

    def _create_records(self, rows: list[RowRecords], cases: list[Case]) -> None:
        # _id assignments: the objects are saved, and a relation's descriptor is slow.
        for case, row in zip(cases, rows, strict=True):
            row.detention.case_id = case.pk
            row.detention.import_key = row.import_key
            row.detention.is_minor = domain.is_minor_at(row.person.birth_date, row.detention.detained_at)
        self._insert(Detention, [row.detention for row in rows])
        claims, charges, hearings = [], [], []
        for case, row in zip(cases, rows, strict=True):
            if row.claim is not None:
                claim = row.claim
                claim.detention_id = row.detention.pk  # saved just above
                if row.footage_event is not None:
                    claim.footage_event_id = row.footage_event.pk
                    if claim.footage_date is None:
                        claim.footage_date = row.footage_event.date
                claim.footage_lag_days = domain.footage_lag_days(claim.footage_date, row.detention.detained_at)
                claims.append(claim)
            if row.charge is not None:
                row.charge.case_id = case.pk
                charges.append(row.charge)
            if row.hearing is not None:
                row.hearing.case_id = case.pk
                row.hearing.fill_appeal_deadline()
                hearings.append(row.hearing)
        self._insert(EvidenceClaim, claims)
        self._insert(Charge, charges)
        self._insert(Hearing, hearings)
        # Bulk inserts skip the write services: their follow-ups (the deadlines) run here.
        writes.records_written(records=[*charges, *hearings])


def case_reference(*, opened_at: dt.date, pk: int) -> str:
    """The reference Case.save() generates for a case left without one."""
    return f"CT-{opened_at:%Y}-{pk:06d}"


def case_created_event(*, case: Case, user: User, source: str) -> AuditEvent:
    """The event `audit_record(user=user, action="create", obj=case, source=source)` stores, unsaved."""
    return AUDIT_EVENT(
        user_id=user.pk,
        username=user.get_username()[:150],
        action=AuditAction.CREATE,
        object_type=Case._meta.label_lower,
        object_id=str(case.pk),
        case_reference=case.reference or "",
        source=AuditSource(source),
    )


def _counts(rows: list[RowRecords], new_persons: list[Person], digests: list[list[str]]) -> dict[type[Model], int]:
    """How many rows of each table `write` inserts for `rows`."""
    return {
        Person: len(new_persons),
        PersonSearchKey: sum(len(person_digests) for person_digests in digests),
        Case: len(rows),
        Case.lawyers.through: sum(1 for row in rows if row.lawyer),
        Detention: len(rows),
        EvidenceClaim: sum(1 for row in rows if row.claim is not None),
        Charge: sum(1 for row in rows if row.charge is not None),
        Hearing: sum(1 for row in rows if row.hearing is not None),
        AuditEvent: len(rows),
    }


def _reserve_ids(counts: dict[type[Model], int], sequences: dict[type[Model], str]) -> dict[type[Model], Iterator[int]]:
    """Fresh primary keys from each table's sequence (PostgreSQL), in one query.

    Knowing the pks before inserting lets the reference be written with the row
    instead of by a second UPDATE, and children point at parents written by COPY (which
    returns nothing); nextval() never hands a number out twice, whatever other
    transactions do. One query before the first COPY: none may run during one.
    """
    models = list(counts)
    selects, params = [], []
    for index, model in enumerate(models):
        # A constant regclass: pg_get_serial_sequence() inside nextval() would be
        # evaluated for every id, ten times the cost of the nextval() itself.
        selects.append("SELECT %s, nextval(%s::regclass) FROM generate_series(1, %s)")
        params += [index, _sequence(model, sequences), counts[model]]
    ids: list[list[int]] = [[] for _model in models]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        for index, pk in cursor.fetchall():
            ids[index].append(pk)
    return {model: iter(sorted(pks)) for model, pks in zip(models, ids, strict=True)}


def _sequence(model: type[Model], known: dict[type[Model], str]) -> str:
    """The name of the sequence of the model's pk, looked up once per import."""
    if model not in known:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [model._meta.db_table, model._meta.pk.column])
            known[model] = cursor.fetchone()[0]
    return known[model]


def _match(candidates: list[Person], person: Person) -> Person | None:
    return person_match(candidates, name_birth_digest=person.name_birth_index)
