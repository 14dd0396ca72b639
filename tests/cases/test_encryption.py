"""Personal fields are ciphertext in the database; keys rotate; a wrong key is an error."""

import datetime as dt
import io
import subprocess

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from casetracker.cases.models import CaseNote, Detention, EvidenceClaim, Person
from casetracker.cases.selectors import persons_named, probable_duplicates
from casetracker.protected.crypto.keys import DecryptionError, EncryptionKeyError, key_id, key_ring
from tests.conftest import client_for
from tests.factories import CaseFactory, CaseNoteFactory, DetentionFactory, EvidenceClaimFactory, PersonFactory

SECRETS = {
    "full_name": "Глухин Николай Сергеевич",
    "phone": "+7 916 555-12-34",
    "email": "glukhin@example.org",
    "social_media": "@glukhin_n",
    "passport_last4": "4821",
}
NARRATIVE = "Задержан у турникета, сотрудник сказал: «вас распознала система»."
CLAIM_NOTES = "Рапорт ссылается на систему «Сфера»."
NOTE_TEXT = "Мать просила не звонить после 22:00."

ENCRYPTED_COLUMNS = [
    ("cases_person", ["full_name", "birth_date", "phone", "email", "social_media", "passport_last4"]),
    ("cases_detention", ["narrative"]),
    ("cases_evidenceclaim", ["notes"]),
    ("cases_casenote", ["text"]),
]
PLAINTEXTS = [*SECRETS.values(), "1998-03-14", NARRATIVE, CLAIM_NOTES, NOTE_TEXT]


@pytest.fixture
def personal_record(db):
    person = PersonFactory(birth_date=dt.date(1998, 3, 14), **SECRETS)
    case = CaseFactory(person=person)
    detention = DetentionFactory(case=case, narrative=NARRATIVE)
    EvidenceClaimFactory(detention=detention, notes=CLAIM_NOTES)
    CaseNoteFactory(case=case, text=NOTE_TEXT)
    return person


def raw_values() -> list[str]:
    values = []
    with connection.cursor() as cursor:
        for table, columns in ENCRYPTED_COLUMNS:
            cursor.execute(f"SELECT {', '.join(columns)} FROM {table}")  # noqa: S608 - fixed names
            values.extend(str(value) for row in cursor.fetchall() for value in row if value is not None)
    return values


def test_raw_sql_on_every_encrypted_column_finds_no_plaintext(personal_record):
    values = raw_values()
    assert len(values) == 9
    for value in values:
        assert value.startswith("ct1:"), value
        for plaintext in PLAINTEXTS:
            assert plaintext not in value


def test_values_read_back_as_typed(personal_record):
    person = Person.objects.get(pk=personal_record.pk)
    assert person.full_name == SECRETS["full_name"]
    assert person.birth_date == dt.date(1998, 3, 14)
    assert person.passport_last4 == "4821"
    assert Detention.objects.get(case__person=person).narrative == NARRATIVE
    assert EvidenceClaim.objects.get(detention__case__person=person).notes == CLAIM_NOTES
    assert CaseNote.objects.get(case__person=person).text == NOTE_TEXT


def test_empty_and_missing_values_round_trip(db):
    person = PersonFactory(birth_date=None, phone="")
    person.refresh_from_db()
    assert person.birth_date is None
    assert person.phone == ""


def test_a_database_dump_contains_no_plaintext(personal_record):
    if connection.vendor == "sqlite":
        dump = "\n".join(connection.connection.iterdump())
    else:
        pytest.skip("the PostgreSQL dump is checked in tests/cases/test_backup.py")
    assert SECRETS["full_name"].split()[0] in SECRETS["full_name"]  # the needle is real
    for plaintext in PLAINTEXTS:
        assert plaintext not in dump


def test_sql_lookups_on_encrypted_fields_are_refused(db):
    with pytest.raises(FieldError):
        list(Person.objects.filter(full_name="Глухин"))
    with pytest.raises(FieldError):
        list(Person.objects.filter(phone__icontains="916"))
    assert Person.objects.filter(birth_date__isnull=True).count() == 0


def test_a_wrong_key_is_an_error_naming_the_field_never_garbage(personal_record, settings):
    settings.CASETRACKER_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(DecryptionError, match=r"cases\.Person\.full_name .* not in CASETRACKER_ENCRYPTION_KEYS"):
        Person.objects.get(pk=personal_record.pk)


def test_an_altered_ciphertext_fails_authentication(personal_record):
    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name FROM cases_person WHERE id = %s", [personal_record.pk])
        token = cursor.fetchone()[0]
        tampered = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
        cursor.execute("UPDATE cases_person SET full_name = %s WHERE id = %s", [tampered, personal_record.pk])
    with pytest.raises(DecryptionError, match="failed authentication"):
        Person.objects.get(pk=personal_record.pk)


@pytest.mark.parametrize("keys", [[], ["not-a-fernet-key"], ["c2hvcnQ="]])
def test_missing_or_malformed_keys_are_a_clear_configuration_error(settings, keys):
    settings.CASETRACKER_ENCRYPTION_KEYS = keys
    with pytest.raises(EncryptionKeyError, match="CASETRACKER_ENCRYPTION_KEYS"):
        key_ring()


def test_rotation_reencrypts_everything_under_the_newest_key(personal_record, settings):
    old_key = settings.CASETRACKER_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.CASETRACKER_ENCRYPTION_KEYS = [new_key, old_key]
    output = io.StringIO()

    call_command("rotate_keys", "--batch-size", "2", stdout=output)

    new_id = key_id(new_key.encode())
    assert all(value.startswith(f"ct1:{new_id}:") for value in raw_values())
    assert "cases.Person: 1 of 1 rows re-encrypted" in output.getvalue()
    settings.CASETRACKER_ENCRYPTION_KEYS = [new_key]  # the old key can now be dropped
    assert Person.objects.get(pk=personal_record.pk).full_name == SECRETS["full_name"]
    assert Detention.objects.get(case__person=personal_record).narrative == NARRATIVE
    settings.CASETRACKER_ENCRYPTION_KEYS = [old_key]  # and none is readable with it alone
    with pytest.raises(DecryptionError):
        Person.objects.get(pk=personal_record.pk)


def test_rotation_is_resumable_and_skips_current_rows(personal_record, settings):
    settings.CASETRACKER_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.CASETRACKER_ENCRYPTION_KEYS]
    call_command("rotate_keys", stdout=io.StringIO())
    second = io.StringIO()
    call_command("rotate_keys", stdout=second)
    assert "cases.Person: 0 of 1 rows re-encrypted" in second.getvalue()


def test_generate_encryption_key_prints_a_usable_key(settings):
    output = io.StringIO()
    call_command("generate_encryption_key", stdout=output)
    settings.CASETRACKER_ENCRYPTION_KEYS = [output.getvalue().strip()]
    assert key_ring().decrypt(key_ring().encrypt("проверка")) == "проверка"


def test_a_bad_key_stops_manage_py_with_one_clear_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "1", "SECRET_KEY": "x" * 50, "CASETRACKER_BLIND_INDEX_KEY": "k" * 32}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}", CASETRACKER_ENCRYPTION_KEYS="broken")
    result = subprocess.run(
        [".venv/bin/python", "manage.py", "check"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "key #1 is not a Fernet key" in result.stderr


# --- blind index --------------------------------------------------------------------------


def test_blind_index_finds_a_person_by_exact_name_regardless_of_case_spacing_and_yo(db):
    person = PersonFactory(full_name="Семёнов  Пётр Ильич")
    PersonFactory(full_name="Семёнов Пётр")
    assert list(persons_named("семенов пётр  ильич")) == [person]
    assert list(persons_named("Семёнов")) == []
    assert person.full_name_index and person.full_name_index not in "Семёнов Пётр Ильич"


def test_blind_index_follows_a_changed_name(db):
    person = PersonFactory(full_name="Иванова Анна")
    person.full_name = "Петрова Анна"
    person.save()
    assert list(persons_named("Петрова Анна")) == [person]
    assert list(persons_named("Иванова Анна")) == []


def test_probable_duplicates_match_name_and_birth_date(db):
    person = PersonFactory(full_name="Орлов Игорь", birth_date=dt.date(1990, 1, 2))
    assert list(probable_duplicates(full_name="орлов игорь", birth_date=dt.date(1990, 1, 2))) == [person]
    assert list(probable_duplicates(full_name="Орлов Игорь", birth_date=dt.date(1991, 1, 2))) == []
    assert list(probable_duplicates(full_name="Орлов Игорь", birth_date=None)) == [person]


def test_admin_case_search_finds_by_exact_person_name_only_in_visible_cases(lawyer, own_case, foreign_case):
    client = client_for(lawyer)
    own = client.get("/admin/cases/case/", {"q": own_case.person.full_name.lower()}).content.decode()
    foreign = client.get("/admin/cases/case/", {"q": foreign_case.person.full_name}).content.decode()
    assert own_case.reference in own
    assert foreign_case.reference not in foreign


def test_adding_a_probable_duplicate_warns_and_saves_only_when_confirmed(lawyer, own_case, foreign_case):
    client = client_for(lawyer)
    data = {"full_name": own_case.person.full_name, "gender": "unknown", "consent": "legal_aid"}
    data["birth_date"] = own_case.person.birth_date.isoformat()

    warned = client.post("/admin/cases/person/add/", data)

    body = warned.content.decode()
    assert warned.status_code == 200
    assert "already recorded" in body
    assert foreign_case.reference not in body and foreign_case.person.full_name not in body
    assert persons_named(own_case.person.full_name).count() == 1

    saved = client.post("/admin/cases/person/add/", {**data, "save_despite_duplicate": "on"})
    assert saved.status_code == 302
    assert persons_named(own_case.person.full_name).count() == 2


def test_duplicate_warning_links_a_visible_person(lawyer, own_case):
    data = {"full_name": own_case.person.full_name, "gender": "unknown", "consent": "legal_aid"}
    body = client_for(lawyer).post("/admin/cases/person/add/", data).content.decode()
    assert f"/admin/cases/person/{own_case.person.pk}/change/" in body


def test_admin_log_keeps_no_personal_value(lawyer, db):
    from django.contrib.admin.models import LogEntry

    client = client_for(lawyer)
    client.post("/admin/cases/person/add/", {"full_name": "Лебедева Инна", "gender": "unknown", "consent": "none"})
    person = persons_named("Лебедева Инна").get()
    client.post(
        f"/admin/cases/person/{person.pk}/change/",
        {"full_name": "Лебедева Инна Павловна", "gender": "unknown", "consent": "none", "phone": "+79990001122"},
    )
    entries = list(LogEntry.objects.values_list("object_repr", "change_message"))
    assert len(entries) == 2
    assert all("Лебедева" not in repr_ and "7999" not in message for repr_, message in entries)
    assert entries[0][0].startswith("person #")


def test_admin_name_search_keeps_the_change_list_filters(lawyer, own_case):
    client = client_for(lawyer)
    name = own_case.person.full_name

    closed_only = client.get("/admin/cases/case/", {"q": name, "status__exact": "closed"}).content.decode()
    active = client.get("/admin/cases/case/", {"q": name, "status__exact": own_case.status}).content.decode()

    assert own_case.status != "closed"
    assert own_case.reference not in closed_only
    assert own_case.reference in active
