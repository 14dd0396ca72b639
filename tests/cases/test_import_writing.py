"""The bulk import writes what save() would: derived fields, references, encryption, audit."""

import datetime as dt
import decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from casetracker.audit.models import AuditEvent
from casetracker.audit.services import audit_record
from casetracker.cases.models import Case, Detention, Event, EvidenceClaim, Hearing, Person
from casetracker.cases.models.imports import ImportStatus
from casetracker.imports import rows, services
from casetracker.imports.writing import case_reference
from casetracker.protected.crypto import blind_index
from casetracker.protected.crypto.keys import TOKEN_PREFIX
from tests.factories import CaseFactory, LegalArticleFactory, PersonFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "full_name,birth_date,phone,email,detained_at,city,region,place_type,place,event_name,event_date,"
    "method,footage_event_name,footage_date,article,court,hearing_date,outcome,fine_amount,arrest_days"
)
ROWS = [
    # an adult, every record; footage of an earlier rally
    "Иванов Пётр,1990-05-14,+7 900 1,p@example.org,2021-02-04 08:15,Москва,Москва,metro,Пушкинская,"
    "Акция 31 января,2021-01-31,facial_recognition_metro,Акция 23 января,2021-01-23,koap 20.2 part 5,"
    "Тверской суд,2021-02-05,fine,20000,",
    # a minor on the (Moscow) day of the detention: 18 the day after
    "Юная Анна,2003-02-05,,,2021-02-04 23:30,Москва,Москва,street,Тверская,,,cctv_review,,,,"
    "Мещанский суд,2021-02-06,arrest,,10",
    # no birth date: is_minor unknown; a hearing without outcome
    "Сидоров,,,,2021-02-04 00:10,Москва,Москва,home,ул. Ленина,,,,,,,Басманный суд,2021-03-01,,,",
]


def run(user, content: str, *, dry_run: bool = False):
    upload = SimpleUploadedFile("list.csv", content.encode())
    job = services.import_job_create(user=user, upload=upload, dry_run=dry_run, source="api")
    services.import_job_start(job=job)
    job.refresh_from_db()
    return job


@pytest.fixture
def imported(lawyer):
    LegalArticleFactory(code="koap", number="20.2", part="5")
    job = run(lawyer, HEADER + "\n" + "\n".join(ROWS) + "\n")
    assert job.status == ImportStatus.DONE, job.errors
    assert job.created_count == 3
    return job


def test_derived_fields_equal_what_save_stores(imported):
    stored = {
        "detention": {d.pk: d.is_minor for d in Detention.objects.all()},
        "claim": {c.pk: (c.footage_date, c.footage_lag_days) for c in EvidenceClaim.objects.all()},
        "hearing": {h.pk: h.appeal_deadline for h in Hearing.objects.all()},
        "person": {p.pk: (p.full_name_index, p.name_birth_index) for p in Person.objects.all()},
    }
    assert set(stored["detention"].values()) == {False, True, None}
    assert {lag for _date, lag in stored["claim"].values()} == {12, None}

    # save() recomputes every derived field from the stored values.
    for model in (Person, Detention, EvidenceClaim, Hearing):
        for instance in model.objects.all():
            instance.save()
    assert {d.pk: d.is_minor for d in Detention.objects.all()} == stored["detention"]
    assert {c.pk: (c.footage_date, c.footage_lag_days) for c in EvidenceClaim.objects.all()} == stored["claim"]
    assert {h.pk: h.appeal_deadline for h in Hearing.objects.all()} == stored["hearing"]
    assert {p.pk: (p.full_name_index, p.name_birth_index) for p in Person.objects.all()} == stored["person"]
    assert Hearing.objects.get(court="Тверской суд").appeal_deadline == dt.date(2021, 2, 15)


def test_relations_are_linked(imported):
    detention = Detention.objects.get(place="Пушкинская")
    claim = detention.evidence_claims.get()
    assert claim.footage_event == Event.objects.get(name="Акция 23 января")
    assert detention.event == Event.objects.get(name="Акция 31 января")
    assert detention.case.charges.get().article.number == "20.2"
    assert detention.case.hearings.get().fine_amount == decimal.Decimal("20000")
    assert detention.import_key and Detention.objects.exclude(import_key="").count() == 3


def test_references_have_the_format_case_save_generates(imported, lawyer):
    saved = Case(person=PersonFactory(), created_by=lawyer)
    saved.save()
    assert saved.reference == case_reference(opened_at=saved.opened_at, pk=saved.pk)
    for case in Case.objects.all():
        assert case.reference == case_reference(opened_at=case.opened_at, pk=case.pk)


def test_references_past_six_digits_match_case_save(lawyer):
    CaseFactory(pk=999_999)
    if connection.vendor == "postgresql":
        # An explicit pk does not move PostgreSQL's sequence; the reserved ids must pass 999,999 too.
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval(pg_get_serial_sequence('cases_case', 'id'), 999999)")
    job = run(lawyer, HEADER + "\n" + ROWS[2] + "\n")
    assert job.status == ImportStatus.DONE, job.errors
    case = Case.objects.get(detentions__place_type="home")
    assert case.pk >= 1_000_000
    assert case.reference == f"CT-{case.opened_at:%Y}-{case.pk}"
    assert case.reference == case_reference(opened_at=case.opened_at, pk=case.pk)


def test_personal_fields_are_stored_encrypted(imported):
    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name, birth_date, phone, email FROM cases_person")
        stored = cursor.fetchall()
    assert len(stored) == 3
    for row in stored:
        texts = [value for value in row if value is not None]  # no birth date: NULL
        assert len(texts) >= 3 and all(value.startswith(f"{TOKEN_PREFIX}:") for value in texts)
        assert not any("Иванов" in value or "1990" in value or "example" in value for value in texts)
    person = Person.objects.get(full_name_index=blind_index.name_index("Иванов Пётр"))
    assert (person.birth_date, person.phone, person.email) == (dt.date(1990, 5, 14), "+7 900 1", "p@example.org")


def test_audit_events_equal_what_audit_record_writes(imported, lawyer):
    case = Case.objects.get(detentions__place="Пушкинская")
    bulk = AuditEvent.objects.get(object_id=str(case.pk), action="create")
    single = audit_record(user=lawyer, action="create", obj=case, source="api")
    fields = ["user_id", "username", "action", "object_type", "object_id", "case_reference"]
    fields += ["changed_fields", "ip_address", "source", "path"]
    assert {name: getattr(bulk, name) for name in fields} == {name: getattr(single, name) for name in fields}
    assert AuditEvent.objects.filter(action="create", object_type="cases.case").count() == 3 + 1


def test_importing_lawyer_is_assigned(imported, lawyer):
    assert Case.objects.filter(lawyers=lawyer).count() == 3


# --- validation equals the admin's full_clean() ---

RELATIONS = {
    Person: ["created_by", "erased_by"],
    Detention: ["case", "event"],
    Event: [],
    EvidenceClaim: ["detention", "footage_event"],
    Hearing: ["case"],
}
DETENTION = {"city": "Москва", "region": "Москва", "place_type": "metro", "place": "Пушкинская"}
MOMENT = dt.datetime(2021, 2, 4, 8, 15, tzinfo=dt.UTC)


def invalid_instances():
    detention = Detention(detained_at=MOMENT, **DETENTION)
    return [
        Person(full_name="x" * 300, email="not-an-email", phone="1" * 70),
        Person(full_name="", birth_date=dt.date(2999, 1, 1), gender="robot"),
        Detention(detained_at=dt.datetime(2999, 1, 1, tzinfo=dt.UTC), city="", region="M", place_type="bus", place="p"),
        Detention(detained_at=None, city="x" * 200, region="M", place_type="metro", place="p" * 300),
        Event(name="", date=None, city="x" * 200),
        EvidenceClaim(
            detention=detention, method="telepathy", source="", reliability="x", footage_date=dt.date(2021, 3, 1)
        ),
        Hearing(court="", date=None, outcome="fine", fine_amount=decimal.Decimal("-1")),
        Hearing(court="c", date=dt.date(2021, 3, 1), outcome="fine", fine_amount=decimal.Decimal("1.005")),
        Hearing(court="c", date=dt.date(2021, 3, 1), outcome="fine", arrest_days=45),
        Hearing(court="c", date=dt.date(2021, 3, 1), outcome="arrest", fine_amount=decimal.Decimal("10")),
        Hearing(court="c", date=dt.date(2021, 3, 1), fine_amount=decimal.Decimal("1" * 13)),
    ]


@pytest.mark.parametrize("index", range(len(invalid_instances())))
def test_row_validation_gives_the_messages_of_full_clean(index):
    ours = rows.model_errors(invalid_instances()[index], {})
    instance = invalid_instances()[index]
    with pytest.raises(ValidationError) as admin:
        instance.full_clean(exclude=RELATIONS[type(instance)], validate_unique=False, validate_constraints=False)
    assert ours == admin.value.message_dict
    # The memo of repeated values gives the same answer the second time.
    memo: dict = {}
    rows.model_errors(invalid_instances()[index], memo)
    assert rows.model_errors(invalid_instances()[index], memo) == ours


def test_valid_instances_have_no_errors():
    assert rows.model_errors(Person(full_name="Иванов", birth_date=dt.date(1990, 1, 1)), {}) == {}
    assert rows.model_errors(Detention(detained_at=MOMENT, **DETENTION), {}) == {}


# --- the fast instance factory builds what Model(**values) builds ---


@pytest.mark.parametrize(
    ("model", "values"),
    [
        (Person, {"full_name": "Иванов", "birth_date": dt.date(1990, 1, 1), "created_by_id": 7}),
        (Detention, {"detained_at": MOMENT, "case_id": 3, **DETENTION}),
        (EvidenceClaim, {"method": "cctv_review", "source": "court_record", "reliability": "documented"}),
        (Hearing, {"court": "c", "date": dt.date(2021, 3, 1), "fine_amount": decimal.Decimal("5")}),
        (Case, {"person_id": 1, "created_by_id": 2, "opened_at": dt.date(2021, 1, 1)}),
        (AuditEvent, {"user_id": 1, "action": "create", "object_type": "cases.case", "object_id": "5"}),
    ],
)
def test_instance_factory_equals_the_model_constructor(model, values):
    from casetracker.imports.instances import InstanceFactory

    fast, plain = InstanceFactory(model)(**values), model(**values)
    fields = [field.attname for field in model._meta.concrete_fields if field.name != "created_at"]
    assert {name: getattr(fast, name) for name in fields} == {name: getattr(plain, name) for name in fields}
    assert fast._state.adding and fast.pk is None


def test_instance_factory_calls_callable_defaults_per_instance():
    from casetracker.imports.instances import InstanceFactory

    factory = InstanceFactory(AuditEvent)
    first, second = factory(action="create"), factory(action="create")
    assert first.changed_fields == [] and first.changed_fields is not second.changed_fields
    assert first.created_at is not None and first.created_at <= second.created_at
