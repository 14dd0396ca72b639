"""Writing validated import rows in bulk: a handful of INSERTs per chunk of rows.

`bulk_create` skips `save()`, so every value `save()` would derive is set here, with
the same functions: the person's blind indexes (`blind_index`), the detention's
`is_minor` (`domain.is_minor_at`), the claim's `footage_lag_days`
(`domain.footage_lag_days`), the hearing's appeal deadline
(`Hearing.fill_appeal_deadline`) and the case reference (`CT-<year>-<pk:06d>`, as
`Case.save`). Encryption is not among them: it happens in the encrypted fields'
`get_prep_value`, which `bulk_create` calls too. tests/cases/test_import_writing.py
compares every derived value with what `save()` stores.
"""

import datetime as dt

from django.db import connection
from django.db.models import Case as DbCase
from django.db.models import CharField, Model, Value, When
from django.db.models.functions import Cast, Concat, LPad
from django.utils import timezone

from casetracker.accounts.models import User
from casetracker.audit.models import AuditAction, AuditEvent, AuditSource
from casetracker.cases import domain
from casetracker.cases.crypto import blind_index
from casetracker.cases.imports.instances import InstanceFactory
from casetracker.cases.imports.rows import EventKey, RowRecords
from casetracker.cases.models import Case, Charge, Detention, Event, EvidenceClaim, Hearing, Person
from casetracker.cases.selectors import persons_visible_to

CASE = InstanceFactory(Case)
CASE_LAWYER = InstanceFactory(Case.lawyers.through)
AUDIT_EVENT = InstanceFactory(AuditEvent)
# Case.save() switches from zero-padded to plain numbers at this pk ({pk:06d}).
PADDED_REFERENCE_LIMIT = 1_000_000


class ImportWriter:
    """Writes the rows of one import; caches persons and events across its chunks."""

    def __init__(self, *, user: User, source: str) -> None:
        self.user = user
        self.source = source or AuditSource.TASK
        self.today = timezone.localdate()
        self.persons: dict[tuple[str, str], Person] = {}
        self.events: dict[EventKey, Event] = {}

    def write(self, rows: list[RowRecords]) -> None:
        """Create each row's person (unless matched), case, detention, claim, charge, hearing."""
        if not rows:
            return
        self._attach_persons(rows)
        self._attach_events(rows)
        cases = self._create_cases(rows)
        Case.lawyers.through.objects.bulk_create(
            [
                CASE_LAWYER(case_id=case.pk, user_id=row.lawyer.pk)
                for case, row in zip(cases, rows, strict=True)
                if row.lawyer
            ]
        )
        self._create_records(rows, cases)
        AuditEvent.objects.bulk_create(
            case_created_event(case=case, user=self.user, source=self.source) for case in cases
        )

    def _attach_persons(self, rows: list[RowRecords]) -> None:
        """Reuse a person the user can see with the same name (and birth date), else create one."""
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
        Person.objects.bulk_create(new)

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
        # The reference is derived from the pk, exactly as Case.save() does. The pk comes
        # from the database's sequence, so concurrent imports and saves never share one
        # (and the unique constraint on reference would refuse a collision anyway).
        reserved = _reserve_ids(Case, len(cases))
        if reserved is not None:
            for case, pk in zip(cases, reserved, strict=True):
                case.pk = pk
                case.reference = case_reference(opened_at=case.opened_at, pk=pk)
            Case.objects.bulk_create(cases)
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
        Detention.objects.bulk_create([row.detention for row in rows])
        claims, charges, hearings = [], [], []
        for case, row in zip(cases, rows, strict=True):
            if row.claim is not None:
                # The claim holds its (now saved) detention: bulk_create copies its pk.
                claim = row.claim
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
        EvidenceClaim.objects.bulk_create(claims)
        Charge.objects.bulk_create(charges)
        Hearing.objects.bulk_create(hearings)


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


def _reserve_ids(model: type[Model], count: int) -> list[int] | None:
    """`count` fresh primary keys from the table's sequence (PostgreSQL), else None.

    Knowing the pk before the INSERT lets the reference be written with the row
    instead of by a second UPDATE; nextval() never hands a number out twice, whatever
    other transactions do.
    """
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _match(candidates: list[Person], person: Person) -> Person | None:
    for candidate in candidates:
        if person.name_birth_index and candidate.name_birth_index == person.name_birth_index:
            return candidate
    for candidate in candidates:
        # Either side without a birth date: the same name is taken as the same person.
        if not person.name_birth_index or not candidate.name_birth_index:
            return candidate
    return None
