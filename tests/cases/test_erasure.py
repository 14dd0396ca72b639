"""Erasure on request: no personal value is left anywhere, the report counts stay the same."""

import datetime as dt
import io
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, Sum

from casetracker.audit.models import AuditAction, AuditEvent
from casetracker.cases.choices import Consent, HearingOutcome, IdentificationMethod, PlaceType
from casetracker.cases.erasure import ERASED_PERSON_FIELDS, person_erase
from casetracker.cases.models import Case, CaseNote, Charge, Detention, Document, EvidenceClaim, Hearing, Person
from casetracker.cases.selectors import persons_named, probable_duplicates
from casetracker.reports.models import CaseSummaryBatch
from casetracker.reports.storage import private_export_storage
from tests.conftest import client_for
from tests.factories import (
    MOSCOW,
    CaseFactory,
    CaseNoteFactory,
    ChargeFactory,
    DetentionFactory,
    DocumentFactory,
    EventFactory,
    EvidenceClaimFactory,
    HearingFactory,
    PersonFactory,
)

NAME = "Глухин Николай Сергеевич"
BIRTH_DATE = dt.date(2004, 3, 14)  # 16 at the detentions below: a minor
PERSONAL = {
    "phone": "+7 916 555-12-34",
    "email": "glukhin@example.org",
    "social_media": "@glukhin_n\nvk.com/glukhin.nikolai",
}
PASSPORT_LAST4 = "4821"
SUMMARY = "Глухин, школьник, задержан дважды."
NARRATIVE = "Задержан у турникета; сотрудник назвал его «Николай Сергеевич»."
HOME_ADDRESS = "ул. Профсоюзная, д. 7, кв. 12"
HOME_CAMERA = "камера над подъездом д. 7 по ул. Профсоюзной"
CLAIM_NOTES = "Рапорт ссылается на систему «Сфера» и фото из vk.com/glukhin.nikolai."
NOTE_TEXT = "Мать Глухина просила не звонить после 22:00."
DOCUMENT_MARKER = b"Protocol: Glukhin Nikolai, born 14.03.2004"
# Every former personal value, as text. The four passport digits are checked through
# the ORM only: four digits also turn up by chance in hashes and tokens.
FORMER_VALUES = [
    NAME,
    "+7 999 000-11-22",
    "Глухин",
    BIRTH_DATE.isoformat(),
    *PERSONAL.values(),
    "glukhin_n",
    SUMMARY,
    NARRATIVE,
    HOME_ADDRESS,
    HOME_CAMERA,
    CLAIM_NOTES,
    NOTE_TEXT,
    DOCUMENT_MARKER.decode(),
]


# The person's admin form, as a coordinator would post it (with one phone number changed).
ADMIN_FORM = {
    "full_name": NAME,
    "birth_date": BIRTH_DATE.isoformat(),
    "gender": "male",
    "region": "Москва",
    "is_journalist": "on",
    "consent": "publication",
    "passport_last4": PASSPORT_LAST4,
    **PERSONAL,
    "phone": "+7 999 000-11-22",
}


@pytest.fixture
def erasure_case(lawyer):
    """A minor journalist with two detentions (metro, home), claims, charges, hearings, notes, documents."""
    person = PersonFactory(
        full_name=NAME,
        birth_date=BIRTH_DATE,
        passport_last4=PASSPORT_LAST4,
        is_journalist=True,
        gender="male",
        region="Москва",
        consent=Consent.PUBLICATION,
        **PERSONAL,
    )
    case = CaseFactory(person=person, lawyers=[lawyer], summary=SUMMARY)
    event = EventFactory()
    metro = DetentionFactory(case=case, narrative=NARRATIVE, event=event)
    home = DetentionFactory(
        case=case,
        detained_at=dt.datetime(2021, 2, 2, 7, 0, tzinfo=MOSCOW),
        place_type=PlaceType.HOME,
        place=HOME_ADDRESS,
        narrative=NARRATIVE,
    )
    EvidenceClaimFactory(detention=metro, notes=CLAIM_NOTES, footage_event=event, camera_location="Пушкинская")
    EvidenceClaimFactory(
        detention=home,
        method=IdentificationMethod.SOCIAL_MEDIA_PHOTOS,
        notes=CLAIM_NOTES,
        camera_location=HOME_CAMERA,
    )
    ChargeFactory(case=case)
    HearingFactory(case=case, outcome=HearingOutcome.FINE, fine_amount=Decimal("15000"))
    HearingFactory(case=case, date=dt.date(2021, 3, 1), outcome=HearingOutcome.ARREST, fine_amount=None, arrest_days=10)
    CaseNoteFactory(case=case, text=NOTE_TEXT)
    CaseNoteFactory(case=case, text=NOTE_TEXT + " Второй раз.")
    DocumentFactory(case=case, file=ContentFile(DOCUMENT_MARKER, name="glukhin-protocol.txt"))
    DocumentFactory(case=case, file=ContentFile(DOCUMENT_MARKER + b" (photo)", name="glukhin.jpg"), kind="photo")
    return case


@pytest.fixture
def bystander_case(other_lawyer):
    """Another person's case: the erasure must not touch it."""
    case = CaseFactory(lawyers=[other_lawyer], person__full_name="Кузнецов Дмитрий Олегович", summary="Другое дело.")
    detention = DetentionFactory(case=case, place="Маяковская", narrative="Задержан на выходе.")
    EvidenceClaimFactory(detention=detention, notes="Свидетель.")
    HearingFactory(case=case, fine_amount=Decimal("10000"))
    CaseNoteFactory(case=case, text="Позвонить.")
    DocumentFactory(case=case)
    return case


def report_counts() -> dict:
    """The aggregates the NGO's reports are built from, all from stored, non-personal columns."""

    def grouped(queryset, field, measure=None):
        return dict(queryset.values_list(field).annotate(n=measure or Count("pk")).order_by(field))

    return {
        "detentions": Detention.objects.count(),
        "by_place_type": grouped(Detention.objects, "place_type"),
        "by_region": grouped(Detention.objects, "region"),
        "by_event": grouped(Detention.objects, "event"),
        "by_method": grouped(EvidenceClaim.objects, "method", Count("detention", distinct=True)),
        "footage_lag_days": EvidenceClaim.objects.aggregate(s=Sum("footage_lag_days"))["s"],
        "minors": Detention.objects.filter(is_minor=True).count(),
        "journalists": Person.objects.filter(is_journalist=True).count(),
        "by_gender": grouped(Person.objects, "gender"),
        "cases_by_status": grouped(Case.objects, "status"),
        "hearings_by_outcome": grouped(Hearing.objects, "outcome"),
        "fines_total": Hearing.objects.aggregate(s=Sum("fine_amount"))["s"],
        "arrest_days": Hearing.objects.aggregate(s=Sum("arrest_days"))["s"],
        "charges_by_article": grouped(Charge.objects, "article"),
    }


def every_stored_text() -> list[str]:
    """Every value of every column of every table, as text, straight from SQL."""
    quote = connection.ops.quote_name
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - names from introspection
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", "replace")
                    if value is not None:
                        values.append(str(value))
    return values


def every_decrypted_text() -> list[str]:
    """Every personal and free-text value as the application reads it (decrypted)."""
    values = []
    for person in Person.objects.all():
        values += [person.full_name, str(person.birth_date), person.phone, person.email, person.social_media]
        values.append(person.passport_last4)
    values += Case.objects.values_list("summary", flat=True)
    for detention in Detention.objects.all():
        values += [detention.narrative, detention.place, detention.private_address]
    for claim in EvidenceClaim.objects.all():
        values += [claim.notes, claim.camera_location]
    values += [note.text for note in CaseNote.objects.all()]
    for document in Document.objects.all():
        values += [document.original_name, document.description]
    return values


def files_under(root: Path) -> set[str]:
    return {
        os.path.relpath(os.path.join(directory, name), root) for directory, _, names in os.walk(root) for name in names
    }


def erase(person: Person, user, django_capture_on_commit_callbacks, **kwargs):
    # The files go once the erasure has committed: run those callbacks as a commit would.
    with django_capture_on_commit_callbacks(execute=True):
        return person_erase(person=person, user=user, **kwargs)


# --- The service --------------------------------------------------------------------------


def test_erasure_leaves_no_personal_value_in_the_database(
    coordinator, erasure_case, bystander_case, django_capture_on_commit_callbacks
):
    person = erasure_case.person
    # The admin log and the audit trail are written before the erasure, too.
    edited = client_for(coordinator).post(f"/admin/cases/person/{person.pk}/change/", ADMIN_FORM)
    assert edited.status_code == 302
    assert LogEntry.objects.filter(object_id=str(person.pk)).exists()
    # The scans do find values: the plain-text columns and the decrypted ones.
    assert any(HOME_CAMERA in value for value in every_stored_text())
    assert {NAME, NARRATIVE, NOTE_TEXT, PASSPORT_LAST4, HOME_ADDRESS, SUMMARY} <= set(every_decrypted_text())

    erase(person, coordinator, django_capture_on_commit_callbacks)

    stored = every_stored_text()
    decrypted = every_decrypted_text()
    for former in FORMER_VALUES:
        assert not [value for value in stored if former in value], former
        assert not [value for value in decrypted if former in value], former
    assert PASSPORT_LAST4 not in decrypted
    assert not persons_named(NAME).exists()
    assert not probable_duplicates(full_name=NAME, birth_date=BIRTH_DATE).exists()
    # The bystander keeps everything.
    bystander = Person.objects.get(pk=bystander_case.person_id)
    assert bystander.full_name == "Кузнецов Дмитрий Олегович"
    assert Detention.objects.get(case=bystander_case).narrative == "Задержан на выходе."
    assert CaseNote.objects.filter(case=bystander_case).count() == 1


def test_erased_person_keeps_a_pseudonym_and_statistical_fields(
    coordinator, erasure_case, django_capture_on_commit_callbacks
):
    person = erasure_case.person

    result = erase(person, coordinator, django_capture_on_commit_callbacks)

    person.refresh_from_db()
    assert person.full_name == f"Erased person #{person.pk}" == str(person)
    assert person.birth_date is None
    assert (person.phone, person.email, person.social_media, person.passport_last4) == ("", "", "", "")
    assert person.consent == Consent.NONE
    assert (person.gender, person.region, person.is_journalist) == ("male", "Москва", True)
    assert person.erased_by == coordinator and person.erased_at is not None
    assert (result.cases, result.documents, result.notes) == (1, 2, 2)
    assert not CaseNote.objects.filter(case=erasure_case).exists()
    assert not Document.objects.filter(case=erasure_case).exists()
    home = Detention.objects.get(case=erasure_case, place_type=PlaceType.HOME)
    assert (home.place, home.private_address) == ("", "[erased]")
    assert Detention.objects.get(case=erasure_case, place_type=PlaceType.METRO).place == "Пушкинская"


def test_report_counts_stay_the_same(coordinator, erasure_case, bystander_case, django_capture_on_commit_callbacks):
    before = report_counts()
    assert before["minors"] == 2 and before["journalists"] == 1  # the fixture exercises them

    erase(erasure_case.person, coordinator, django_capture_on_commit_callbacks)

    assert report_counts() == before


def test_minor_flag_survives_a_later_save_of_the_detention(
    coordinator, erasure_case, django_capture_on_commit_callbacks
):
    erase(erasure_case.person, coordinator, django_capture_on_commit_callbacks)
    detention = Detention.objects.filter(case=erasure_case).first()

    detention.force_used = True
    detention.save()

    assert Detention.objects.filter(case=erasure_case, is_minor=True).count() == 2


def test_erasure_deletes_the_document_files(
    coordinator, erasure_case, bystander_case, django_capture_on_commit_callbacks
):
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    erased_names = list(Document.objects.filter(case=erasure_case).values_list("file", flat=True))
    kept_names = list(Document.objects.filter(case=bystander_case).values_list("file", flat=True))
    assert len(erased_names) == 2 and all((root / name).exists() for name in erased_names)

    erase(erasure_case.person, coordinator, django_capture_on_commit_callbacks)

    assert not any((root / name).exists() for name in erased_names)
    assert files_under(root) == set(kept_names)


def test_erasure_deletes_pending_case_summary_exports(
    coordinator, erasure_case, bystander_case, django_capture_on_commit_callbacks
):
    storage = private_export_storage()
    batches = {}
    for label, case_ids in {"erased": [bystander_case.pk, erasure_case.pk], "other": [bystander_case.pk]}.items():
        batch = CaseSummaryBatch.objects.create(requested_by=coordinator, case_ids=case_ids, language="en")
        path = Path(storage.path(f"batch-{batch.pk}.zip"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"PK zip with " + NAME.encode())
        CaseSummaryBatch.objects.filter(pk=batch.pk).update(file=path.name)
        batches[label] = (batch.pk, path)

    erase(erasure_case.person, coordinator, django_capture_on_commit_callbacks)

    assert not CaseSummaryBatch.objects.filter(pk=batches["erased"][0]).exists()
    assert not batches["erased"][1].exists()
    assert CaseSummaryBatch.objects.filter(pk=batches["other"][0]).exists() and batches["other"][1].exists()


def test_audit_trail_records_the_erasure_with_field_names_only(
    coordinator, erasure_case, django_capture_on_commit_callbacks
):
    person = erasure_case.person

    erase(person, coordinator, django_capture_on_commit_callbacks)

    event = AuditEvent.objects.get(object_type="cases.person", object_id=str(person.pk), action=AuditAction.UPDATE)
    assert event.user == coordinator
    assert event.changed_fields == list(ERASED_PERSON_FIELDS)
    case_event = AuditEvent.objects.get(object_type="cases.case", action=AuditAction.UPDATE)
    assert case_event.case_reference == erasure_case.reference
    deleted = AuditEvent.objects.filter(action=AuditAction.DELETE, case_reference=erasure_case.reference)
    assert sorted(deleted.values_list("object_type", flat=True)) == ["cases.casenote"] * 2 + ["cases.document"] * 2
    trail = json.dumps(list(AuditEvent.objects.values()), default=str, ensure_ascii=False)
    assert all(former not in trail for former in FORMER_VALUES)


def test_admin_log_keeps_field_names_only(coordinator, erasure_case, django_capture_on_commit_callbacks):
    person = erasure_case.person
    edited = client_for(coordinator).post(f"/admin/cases/person/{person.pk}/change/", ADMIN_FORM)
    assert edited.status_code == 302
    # A row written before the admin stopped logging names (or by another admin class).
    LogEntry.objects.filter(object_id=str(person.pk)).update(object_repr=NAME)

    erase(person, coordinator, django_capture_on_commit_callbacks)

    entry = LogEntry.objects.get(object_id=str(person.pk))
    assert entry.object_repr == f"person #{person.pk}"
    assert json.loads(entry.change_message) == [{"changed": {"fields": ["Phone"]}}]


def test_an_erased_person_cannot_be_erased_again(coordinator, erasure_case, django_capture_on_commit_callbacks):
    erase(erasure_case.person, coordinator, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="already been erased"):
        person_erase(person=erasure_case.person, user=coordinator)


@pytest.mark.parametrize("role", ["lawyer", "analyst"])
def test_lawyer_and_analyst_may_not_erase(users, role, erasure_case):
    with pytest.raises(PermissionDenied):
        person_erase(person=erasure_case.person, user=users[role])
    assert Person.objects.get(pk=erasure_case.person_id).full_name == NAME


def test_superuser_may_erase(superuser, erasure_case, django_capture_on_commit_callbacks):
    erase(erasure_case.person, superuser, django_capture_on_commit_callbacks)
    assert Person.objects.get(pk=erasure_case.person_id).erased_at is not None


# --- The admin ------------------------------------------------------------------------------

CHANGELIST = "/admin/cases/person/"


def action_data(person: Person, **extra) -> dict:
    return {"action": "erase_personal_data", "_selected_action": [str(person.pk)], **extra}


def test_coordinator_confirms_then_erases_in_the_admin(
    coordinator, erasure_case, bystander_case, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    person = erasure_case.person
    assert 'value="erase_personal_data"' in client.get(CHANGELIST).content.decode()

    confirmation = client.post(CHANGELIST, action_data(person))

    body = confirmation.content.decode()
    assert confirmation.status_code == 200
    assert f"Person #{person.pk}" in body and erasure_case.reference in body
    assert "Глухин" not in body and bystander_case.reference not in body
    assert Person.objects.get(pk=person.pk).erased_at is None  # nothing happens before "Yes"

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(CHANGELIST, action_data(person, post="yes"), follow=True)

    assert "The personal data of 1 person was erased." in done.content.decode()
    assert Person.objects.get(pk=person.pk).erased_at is not None
    event = AuditEvent.objects.get(object_type="cases.person", action=AuditAction.UPDATE)
    assert (event.user, event.source) == (coordinator, "admin")


def test_erased_person_page_is_read_only_and_says_who_erased(
    coordinator, erasure_case, django_capture_on_commit_callbacks
):
    person = erasure_case.person
    erase(person, coordinator, django_capture_on_commit_callbacks)
    client = client_for(coordinator)

    page = client.get(f"/admin/cases/person/{person.pk}/change/")
    edit = client.post(
        f"/admin/cases/person/{person.pk}/change/", {"full_name": NAME, "gender": "male", "consent": "none"}
    )

    body = page.content.decode()
    assert page.status_code == 200
    assert "Personal data erased on" in body and "by coordinator" in body
    assert 'name="_save"' not in body
    assert edit.status_code == 403
    assert Person.objects.get(pk=person.pk).full_name == f"Erased person #{person.pk}"


def test_lawyer_is_not_offered_the_action_and_cannot_post_it(lawyer, erasure_case):
    client = client_for(lawyer)
    person = erasure_case.person
    assert "erase_personal_data" not in client.get(CHANGELIST).content.decode()

    response = client.post(CHANGELIST, action_data(person, post="yes"))

    assert response.status_code in {200, 302}
    assert Person.objects.get(pk=person.pk).erased_at is None


def test_analyst_gets_403(analyst, erasure_case):
    response = client_for(analyst).post(CHANGELIST, action_data(erasure_case.person, post="yes"))
    assert response.status_code == 403
    assert Person.objects.get(pk=erasure_case.person_id).erased_at is None


# --- The command ----------------------------------------------------------------------------


def test_erase_person_command_erases_and_audits(coordinator, erasure_case):
    output = io.StringIO()
    call_command("erase_person", str(erasure_case.person_id), "--by", "coordinator", stdout=output)

    assert f"Person #{erasure_case.person_id} erased" in output.getvalue()
    assert Person.objects.get(pk=erasure_case.person_id).erased_at is not None
    event = AuditEvent.objects.get(object_type="cases.person", action=AuditAction.UPDATE)
    assert (event.user, event.source) == (coordinator, "command")


@pytest.mark.parametrize(
    ("person_id", "username", "message"),
    [
        ("999999", "coordinator", "No person #999999."),
        (None, "lawyer", "User 'lawyer' may not erase person"),
        (None, "nobody", "No active user 'nobody'."),
    ],
)
def test_erase_person_command_fails_with_one_clear_line(users, erasure_case, person_id, username, message):
    with pytest.raises(CommandError, match=message):
        call_command("erase_person", person_id or str(erasure_case.person_id), "--by", username)
    assert Person.objects.get(pk=erasure_case.person_id).erased_at is None


def test_erase_person_command_refuses_an_erased_person(coordinator, erasure_case):
    call_command("erase_person", str(erasure_case.person_id), "--by", "coordinator", stdout=io.StringIO())
    with pytest.raises(CommandError, match="already been erased"):
        call_command("erase_person", str(erasure_case.person_id), "--by", "coordinator")
