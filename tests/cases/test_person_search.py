"""Finding a person by any whole word of the name or by phone number, through blind indexes."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from casetracker.cases.duplicates.merge import MERGE, person_merge
from casetracker.cases.erasure import person_erase
from casetracker.cases.models import Person, PersonSearchKey
from casetracker.cases.models.imports import ImportStatus
from casetracker.cases.selectors import persons_matching
from casetracker.imports import services as import_services
from casetracker.protected.crypto import blind_index
from tests.conftest import client_for
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db

PHONE = "+7 (916) 555-12-34"


def found(term: str) -> set[str]:
    return {person.full_name for person in persons_matching(term)}


def stored_keys(person: Person) -> set[str]:
    return set(PersonSearchKey.objects.filter(person=person).values_list("digest", flat=True))


# --- normalization -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Сидорова Анна Петровна", ["анна", "петровна", "сидорова"]),
        ("СЁМИНА  Алёна", ["алена", "семина"]),
        ("Римский-Корсаков Николай", ["корсаков", "николай", "римский"]),
        ("Иванов А. Б.", ["иванов"]),  # initials are not indexed
        ("Ли Ян", ["ли", "ян"]),  # two letters are a name, not an initial
        ("Ｉｖａｎｏｖａ", ["ivanova"]),  # NFKC: full-width letters
        ("O'Brien", ["brien"]),  # the apostrophe splits, "o" alone is an initial
        ("Анна Анна", ["анна"]),
        ("", []),
    ],
)
def test_name_words_are_normalized(name, words):
    assert blind_index.name_words(name) == words


@pytest.mark.parametrize(
    "written",
    ["+7 (916) 555-12-34", "8 916 555 12 34", "89165551234", "+79165551234", "916 555-12-34", "7.916.555.12.34"],
)
def test_phone_formats_of_one_russian_number_are_one_number(written):
    assert blind_index.normalize_phone(written) == "79165551234"
    assert blind_index.phone_search_index(written) == blind_index.phone_search_index(PHONE)


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("+44 20 7946 0958", "442079460958"),  # a foreign number keeps its country code
        ("+375 29 123-45-67", "375291234567"),
        ("555-12-34", ""),  # seven digits: part of a number
        ("+7 916 555", ""),
        ("Сидорова 916", ""),  # a name with a number is not a phone number
        ("1234567890123456", ""),  # more than E.164's 15 digits
    ],
)
def test_other_numbers(written, number):
    assert blind_index.normalize_phone(written) == number


def test_a_phone_field_with_several_numbers_indexes_each():
    assert blind_index.phone_numbers("+7 916 555-12-34, 8 903 111 22 33\n+44 20 7946 0958") == [
        "442079460958",
        "79031112233",
        "79165551234",
    ]


def test_word_phone_and_whole_name_digests_use_separate_keys():
    word = blind_index.name_word_indexes("Сидорова")
    assert word == blind_index.name_word_indexes("сидорова")
    assert word[0] != blind_index.name_index("Сидорова")
    assert blind_index.phone_search_index("9165551234") not in blind_index.name_word_indexes("79165551234")
    assert "сидорова" not in word[0] and len(word[0]) == blind_index.DIGEST_LENGTH


# --- search --------------------------------------------------------------------------------


@pytest.fixture
def people():
    return {
        "anna": PersonFactory(full_name="Сидорова Анна Петровна", phone=PHONE),
        "maria": PersonFactory(full_name="Сидорова Мария Ивановна", phone="8 903 111-22-33"),
        "semin": PersonFactory(full_name="Сёмин Пётр", phone=""),
        "hyphen": PersonFactory(full_name="Римская-Корсакова Анна"),
    }


@pytest.mark.parametrize(
    ("term", "names"),
    [
        ("Сидорова", {"Сидорова Анна Петровна", "Сидорова Мария Ивановна"}),  # surname only
        ("Анна", {"Сидорова Анна Петровна", "Римская-Корсакова Анна"}),  # first name only
        ("Анна Сидорова", {"Сидорова Анна Петровна"}),  # two words, any order
        ("петровна сидорова анна", {"Сидорова Анна Петровна"}),
        ("СИДОРОВА  мария", {"Сидорова Мария Ивановна"}),  # case and spacing
        ("семин", {"Сёмин Пётр"}),  # "ё" as "е"
        ("Пётр Сёмин", {"Сёмин Пётр"}),
        ("Корсакова", {"Римская-Корсакова Анна"}),  # a part of a hyphenated name
        ("Римская-Корсакова", {"Римская-Корсакова Анна"}),
        ("Сидор", set()),  # no partial words: the names are encrypted
        ("Сидорова Ольга", set()),  # every word must match
        ("А.", set()),  # an initial alone finds nobody
        ("Сидорова А.", {"Сидорова Анна Петровна", "Сидорова Мария Ивановна"}),  # the initial is ignored
        ("", set()),
    ],
)
def test_search_by_words_of_the_name(people, term, names):
    assert found(term) == names


@pytest.mark.parametrize("term", ["+7 916 555-12-34", "8 (916) 5551234", "9165551234", "+79165551234"])
def test_search_by_phone_in_any_format(people, term):
    assert found(term) == {"Сидорова Анна Петровна"}


def test_search_by_a_second_number_of_the_phone_field(db):
    PersonFactory(full_name="Орлов Игорь", phone="+7 916 555-12-34; +7 903 000-00-01")
    assert found("89030000001") == {"Орлов Игорь"}


def test_an_exact_name_of_initials_only_is_still_found(db):
    PersonFactory(full_name="А. Б.")
    assert found("а. б.") == {"А. Б."}


def test_the_digests_are_stored_in_digest_order_not_word_order(db):
    person = PersonFactory(full_name="Сидорова Анна Петровна", phone=PHONE)
    rows = list(PersonSearchKey.objects.filter(person=person).order_by("pk").values_list("digest", flat=True))
    assert len(rows) == 4  # three words, one number
    assert rows == sorted(rows)
    with connection.cursor() as cursor:
        cursor.execute("SELECT digest FROM cases_personsearchkey")
        raw = cursor.fetchall()
    assert all("сидорова" not in digest and "916" not in digest for (digest,) in raw)


# --- kept up to date -----------------------------------------------------------------------


def test_a_rename_and_a_new_phone_replace_the_keys(db):
    person = PersonFactory(full_name="Иванова Анна", phone=PHONE)
    person.full_name, person.phone = "Петрова Анна", "+7 903 111-22-33"
    person.save()
    assert found("Петрова") == {"Петрова Анна"}
    assert found("Иванова") == set()
    assert found(PHONE) == set()
    assert found("89031112233") == {"Петрова Анна"}
    assert stored_keys(person) == set(blind_index.name_word_indexes("Петрова Анна")) | set(
        blind_index.phone_search_indexes("+7 903 111-22-33")
    )


def test_admin_and_api_saves_write_the_keys(lawyer):
    from tests.api.conftest import api_client, url

    client_for(lawyer).post(
        "/admin/cases/person/add/",
        {"full_name": "Лебедева Инна", "gender": "unknown", "consent": "none", "phone": PHONE},
    )
    response = api_client(lawyer).post(
        url("persons"), {"full_name": "Гусев Олег", "phone": "8 903 111 22 33"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert found("Инна") == {"Лебедева Инна"}
    assert found(PHONE) == {"Лебедева Инна"}
    assert found("Гусев") == {"Гусев Олег"}
    assert found("+7 903 111-22-33") == {"Гусев Олег"}


def test_erasure_removes_the_keys(coordinator):
    person = CaseFactory(person__full_name="Сидорова Анна", person__phone=PHONE).person
    assert stored_keys(person)

    person_erase(person=person, user=coordinator)

    assert stored_keys(person) == set()
    assert found("Сидорова") == set()
    assert found(PHONE) == set()
    # The pseudonym is not searchable word by word either.
    assert found("person") == set() and found("Erased") == set()


def test_merge_keeps_the_chosen_name_and_phone_and_drops_the_other_keys(coordinator):
    keep = CaseFactory(person__full_name="Сидорова Анна", person__phone="").person
    merge = CaseFactory(person__full_name="Сидорова Анна Петровна", person__phone=PHONE).person

    person_merge(keep=keep, merge=merge, field_choices={"full_name": MERGE, "phone": MERGE}, user=coordinator)

    assert found("Петровна") == {"Сидорова Анна Петровна"}
    assert found(PHONE) == {"Сидорова Анна Петровна"}
    assert list(persons_matching("Сидорова")) == [keep]
    assert not PersonSearchKey.objects.filter(person_id=merge.pk).exists()


def test_the_bulk_import_writes_the_keys_save_would(lawyer):
    content = (
        "full_name,phone,detained_at,city,region,place_type,place\n"
        "Сидорова Анна Петровна,8 (916) 555-12-34,2021-02-04 08:15,Москва,Москва,street,Тверская\n"
        "Сёмин Пётр,,2021-02-04 09:15,Москва,Москва,street,Тверская\n"
    )
    job = import_services.import_job_create(
        user=lawyer, upload=SimpleUploadedFile("list.csv", content.encode()), dry_run=False, source="api"
    )
    import_services.import_job_start(job=job)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.errors

    imported = {person.pk: stored_keys(person) for person in Person.objects.all()}
    for person in Person.objects.all():
        person.save()
    assert {person.pk: stored_keys(person) for person in Person.objects.all()} == imported
    assert found("+79165551234") == {"Сидорова Анна Петровна"}
    assert found("семин петр") == {"Сёмин Пётр"}


# --- backfill, key changes -----------------------------------------------------------------


def test_rebuild_backfills_missing_keys_and_a_second_run_changes_nothing(people):
    PersonSearchKey.objects.all().delete()  # as before migration 0010
    assert found("Сидорова") == set()

    first, second = io.StringIO(), io.StringIO()
    call_command("rebuild_search_index", "--batch-size", "3", stdout=first)
    call_command("rebuild_search_index", stdout=second)

    assert found("Сидорова") == {"Сидорова Анна Петровна", "Сидорова Мария Ивановна"}
    assert found(PHONE) == {"Сидорова Анна Петровна"}
    assert "Persons: 4 of 4 updated (13 search keys written, 0 removed)" in first.getvalue()
    assert "Persons: 0 of 4 updated" in second.getvalue()


def test_rotating_the_encryption_keys_keeps_search_working(people, settings):
    settings.CASETRACKER_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.CASETRACKER_ENCRYPTION_KEYS]
    call_command("rotate_keys", stdout=io.StringIO())
    settings.CASETRACKER_ENCRYPTION_KEYS = settings.CASETRACKER_ENCRYPTION_KEYS[:1]  # the old key is gone

    assert found("Анна Сидорова") == {"Сидорова Анна Петровна"}
    assert found("89165551234") == {"Сидорова Анна Петровна"}


def test_a_new_blind_index_key_finds_again_after_rebuild(people, settings):
    settings.CASETRACKER_BLIND_INDEX_KEY = "a-new-blind-index-key-0123456789"
    assert found("Сидорова") == set()  # the stored digests are the old key's
    assert found("Сидорова Анна Петровна") == set()

    call_command("rebuild_search_index", stdout=io.StringIO())

    assert found("Сидорова") == {"Сидорова Анна Петровна", "Сидорова Мария Ивановна"}
    assert found("сидорова анна петровна") == {"Сидорова Анна Петровна"}  # the whole-name index too
    assert found(PHONE) == {"Сидорова Анна Петровна"}


def test_rebuild_refuses_a_bad_batch_size():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--batch-size must be at least 1"):
        call_command("rebuild_search_index", "--batch-size", "0", stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_the_migration_backfills_the_keys_of_existing_persons():
    from django.db.migrations.executor import MigrationExecutor

    before, after = ("cases", "0009_encrypt_summary_document_names_private_place"), ("cases", "0010_person_search_keys")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    old_person = executor.loader.project_state([before]).apps.get_model("cases", "Person")
    # Historical models have no save() logic: no index of any kind is written here.
    anna = old_person.objects.create(full_name="Сидорова Анна", phone=PHONE)
    erased = old_person.objects.create(full_name="Erased person #2", erased_at="2021-03-01T00:00:00Z")

    MigrationExecutor(connection).migrate([after])

    assert list(persons_matching("Сидорова")) == [Person.objects.get(pk=anna.pk)]
    assert found("+79165551234") == {"Сидорова Анна"}
    assert found("сидорова анна") == {"Сидорова Анна"}  # the whole-name index filled too
    assert not PersonSearchKey.objects.filter(person_id=erased.pk).exists()
