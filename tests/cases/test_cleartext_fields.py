"""Case summaries, document names and descriptions, and home or work addresses are stored encrypted.

A home or work address lives in the encrypted `Detention.private_address`; `place`
stays readable (reports count metro stations) and holds public places only.
"""

import io

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from casetracker.cases.choices import PlaceType
from casetracker.cases.models import Case, Detention, Document
from casetracker.protected.crypto.keys import TOKEN_PREFIX
from tests.factories import CaseFactory, DetentionFactory, DocumentFactory

pytestmark = pytest.mark.django_db

HOME_ADDRESS = "ул. Профсоюзная, д. 93, кв. 417"
SUMMARY = "Позвонила на горячую линию: задержана в метро у турникетов"
BEFORE = ("cases", "0007_importjob_progress_and_file_expiry")
AFTER = ("cases", "0009_encrypt_summary_document_names_private_place")


def stored(table: str, column: str, pk: int) -> str:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote(column)} FROM {quote(table)} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def home_detention(**fields) -> Detention:
    return Detention(
        case=CaseFactory(),
        detained_at="2021-02-02T07:00:00+03:00",
        city="Москва",
        region="Москва",
        place_type=PlaceType.HOME,
        **fields,
    )


# --- The model's rule -----------------------------------------------------------------------


def test_an_address_given_as_the_place_of_a_home_detention_moves_to_the_encrypted_field():
    detention = home_detention(place=HOME_ADDRESS)

    detention.full_clean()
    detention.save()

    assert (detention.place, detention.private_address) == ("", HOME_ADDRESS)
    assert stored("cases_detention", "place", detention.pk) == ""
    assert stored("cases_detention", "private_address", detention.pk).startswith(f"{TOKEN_PREFIX}:")


def test_a_write_that_skips_validation_still_keeps_the_address_out_of_the_place():
    detention = DetentionFactory(place_type=PlaceType.WORKPLACE, place=HOME_ADDRESS)

    assert stored("cases_detention", "place", detention.pk) == ""
    assert HOME_ADDRESS not in str(detention)


def test_a_home_detention_with_both_a_place_and_an_address_is_refused_on_the_place():
    with pytest.raises(ValidationError) as error:
        home_detention(place="Пушкинская", private_address=HOME_ADDRESS).full_clean()

    assert set(error.value.message_dict) == {"place"}


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"place": ""}, "place"), ({"place": "Пушкинская", "private_address": HOME_ADDRESS}, "private_address")],
)
def test_a_public_detention_needs_a_place_and_no_private_address(fields, field):
    detention = home_detention(**fields)
    detention.place_type = PlaceType.METRO

    with pytest.raises(ValidationError) as error:
        detention.full_clean()

    assert set(error.value.message_dict) == {field}


def test_the_metro_station_stays_readable_for_the_reports():
    detention = DetentionFactory(place="Пушкинская")

    assert stored("cases_detention", "place", detention.pk) == "Пушкинская"
    assert detention.location == "Пушкинская"


def test_summary_and_document_names_are_ciphertext_in_the_database():
    case = CaseFactory(summary=SUMMARY)
    document = DocumentFactory(case=case, description="Скан паспорта Соколовой")

    assert stored("cases_case", "summary", case.pk).startswith(f"{TOKEN_PREFIX}:")
    for column in ("original_name", "description"):
        assert stored("cases_document", column, document.pk).startswith(f"{TOKEN_PREFIX}:")
    assert Case.objects.get(pk=case.pk).summary == SUMMARY
    assert Document.objects.get(pk=document.pk).description == "Скан паспорта Соколовой"


def test_rotate_keys_reencrypts_the_new_fields(settings):
    from cryptography.fernet import Fernet

    case = CaseFactory(summary=SUMMARY)
    detention = DetentionFactory(case=case, place_type=PlaceType.HOME, private_address=HOME_ADDRESS)
    new_key = Fernet.generate_key().decode()
    settings.CASETRACKER_ENCRYPTION_KEYS = [new_key, *settings.CASETRACKER_ENCRYPTION_KEYS]

    call_command("rotate_keys", stdout=io.StringIO(), stderr=io.StringIO())

    settings.CASETRACKER_ENCRYPTION_KEYS = [new_key]
    assert Case.objects.get(pk=case.pk).summary == SUMMARY
    assert Detention.objects.get(pk=detention.pk).private_address == HOME_ADDRESS


def test_the_synthetic_generator_keeps_home_addresses_encrypted(settings, lawyer):
    settings.DEBUG = True
    call_command("generate_cases", "--count", "200", "--seed", "3", stdout=io.StringIO())

    private = Detention.objects.filter(place_type__in=[PlaceType.HOME, PlaceType.WORKPLACE])
    assert private.exists()
    assert not private.exclude(place="").exists()
    assert all(detention.private_address for detention in private)
    with connection.cursor() as cursor:
        cursor.execute("SELECT private_address FROM cases_detention WHERE place_type = 'home'")
        assert all(value.startswith(f"{TOKEN_PREFIX}:") for (value,) in cursor.fetchall())


# --- The migration --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_existing_rows_and_moves_addresses_and_reverses():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    person = old.get_model("cases", "Person").objects.create(full_name="x")
    # Historical models: `summary` a plain text column, `place` a required one, no save() logic.
    case = old.get_model("cases", "Case").objects.create(
        person_id=person.pk, status="active", reference="R-1", summary=SUMMARY
    )
    old_detention = old.get_model("cases", "Detention")
    common = {"detained_at": "2021-02-02T07:00:00+03:00", "city": "Москва", "region": "Москва", "case_id": case.pk}
    old_detention.objects.create(place_type="home", place=HOME_ADDRESS, **common)
    old_detention.objects.create(place_type="metro", place="Пушкинская", **common)

    executor = MigrationExecutor(connection)
    executor.migrate([AFTER])

    assert stored("cases_case", "summary", case.pk).startswith(f"{TOKEN_PREFIX}:")
    home = Detention.objects.get(case_id=case.pk, place_type="home")
    metro = Detention.objects.get(case_id=case.pk, place_type="metro")
    assert (home.place, home.private_address) == ("", HOME_ADDRESS)
    assert (metro.place, metro.private_address) == ("Пушкинская", "")
    assert Case.objects.get(pk=case.pk).summary == SUMMARY

    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    assert stored("cases_case", "summary", case.pk) == SUMMARY
    assert stored("cases_detention", "place", home.pk) == HOME_ADDRESS

    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert django_apps.get_model("cases", "Detention").objects.get(pk=home.pk).private_address == HOME_ADDRESS
