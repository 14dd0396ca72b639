"""The duplicate warning must not tell a lawyer who is in the database.

Found by the review: POST /api/v1/persons/ with the name of another lawyer's client
answered 400 "1 more record is in a case you cannot see; ask a coordinator", and the
birth date confirmed it exactly (a different one gave 201); the admin's add form said
the same. Now a user is warned only of persons they can see, the answer (status, body,
queries) is the one a name nobody has gets, and the match is queued for coordinators.
"""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casetracker.cases.models import Person, PossibleDuplicate
from casetracker.cases.selectors import persons_named
from casetracker.imports import services as imports
from tests.api.conftest import api_client, url
from tests.cases.test_imports import HEADER, run
from tests.conftest import client_for
from tests.factories import CaseFactory

FOREIGN_NAME = "Кузнецов Дмитрий Олегович"  # the foreign_case fixture's person
NOBODY = "Никитина Ольга Андреевна"
ADMIN_ADD = "/admin/cases/person/add/"


def shape(queries) -> list[str]:
    """The statements run, with every literal blanked: what differs is the data, not the work."""
    statements = []
    for query in queries:
        sql = re.sub(r"'(?:[^']|'')*'", "?", query["sql"])
        sql = re.sub(r'"s\d+_x\d+"', "?", sql)  # savepoint names
        statements.append(re.sub(r"\b\d+\b", "?", sql))
    return statements


def post_person(user, body: dict):
    # A fresh user object each time: its permission cache would spare later requests a query.
    client = api_client(type(user).objects.get(pk=user.pk))
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url("persons"), body, format="json")
    return response, shape(captured.captured_queries)


def comparable(response) -> dict:
    """The answer without what is the request's own (its id, times, and the values sent back)."""
    volatile = {"id", "created_at", "updated_at", "full_name", "birth_date"}
    return {key: value for key, value in response.json().items() if key not in volatile}


# --- The review's requests, through the API -----------------------------------------------


def test_api_name_of_another_lawyers_client_is_created_like_any_name(lawyer, foreign_case):
    fresh, fresh_work = post_person(lawyer, {"full_name": NOBODY})

    response, work = post_person(lawyer, {"full_name": FOREIGN_NAME})

    assert response.status_code == fresh.status_code == 201, response.content
    assert "cannot see" not in response.content.decode() and "coordinator" not in response.content.decode()
    assert comparable(response) == comparable(fresh)
    assert work == fresh_work


def test_api_name_and_birth_date_of_another_lawyers_client_confirm_nothing(lawyer, foreign_case):
    birth_date = foreign_case.person.birth_date.isoformat()
    fresh, fresh_work = post_person(lawyer, {"full_name": NOBODY, "birth_date": birth_date})
    other_date, other_date_work = post_person(lawyer, {"full_name": FOREIGN_NAME, "birth_date": "1991-02-03"})

    same_date, same_date_work = post_person(lawyer, {"full_name": FOREIGN_NAME, "birth_date": birth_date})

    assert same_date.status_code == other_date.status_code == fresh.status_code == 201, same_date.content
    assert comparable(same_date) == comparable(other_date) == comparable(fresh)
    assert same_date_work == other_date_work == fresh_work


def test_api_creation_despite_an_invisible_duplicate_queues_it_for_coordinators(lawyer, foreign_case):
    response, _work = post_person(lawyer, {"full_name": FOREIGN_NAME, "birth_date": "1990-05-17"})

    created = Person.objects.get(pk=response.json()["id"])
    entry = PossibleDuplicate.objects.get()
    assert (entry.person, entry.other, entry.found_by) == (created, foreign_case.person, lawyer)
    assert entry.resolved_at is None


def test_api_renaming_to_another_lawyers_client_is_queued_and_answered_as_usual(lawyer, own_case, foreign_case):
    response = api_client(lawyer).patch(url("persons", own_case.person_id), {"full_name": FOREIGN_NAME}, format="json")

    assert response.status_code == 200
    assert PossibleDuplicate.objects.filter(person=own_case.person, other=foreign_case.person).exists()


def test_api_still_warns_of_a_visible_duplicate_by_id(lawyer, own_case, foreign_case):
    body = {"full_name": own_case.person.full_name, "birth_date": "1990-05-17"}
    response = api_client(lawyer).post(url("persons"), body, format="json")

    assert response.status_code == 400
    message = response.json()["full_name"][0]
    assert f"#{own_case.person_id}" in message
    assert str(foreign_case.person_id) not in message.replace(f"#{own_case.person_id}", "")


def test_coordinator_sees_everyone_and_is_warned_of_everyone(coordinator, foreign_case):
    response = api_client(coordinator).post(url("persons"), {"full_name": FOREIGN_NAME}, format="json")

    assert response.status_code == 400
    assert f"#{foreign_case.person_id}" in response.json()["full_name"][0]
    assert not PossibleDuplicate.objects.exists()


# --- The same through the admin's add form -------------------------------------------------


def post_admin_add(user, data: dict):
    form = {"gender": "unknown", "consent": "legal_aid", **data}
    ContentType.objects.clear_cache()  # the admin log's first lookup would be cached for the next
    with CaptureQueriesContext(connection) as captured:
        response = client_for(user).post(ADMIN_ADD, form)
    return response, shape(captured.captured_queries)


@pytest.mark.parametrize("with_birth_date", [False, True])
def test_admin_add_form_saves_another_lawyers_client_name_like_any_name(lawyer, foreign_case, with_birth_date):
    extra = {"birth_date": foreign_case.person.birth_date.isoformat()} if with_birth_date else {}
    fresh, fresh_work = post_admin_add(lawyer, {"full_name": NOBODY, **extra})

    response, work = post_admin_add(lawyer, {"full_name": FOREIGN_NAME, **extra})

    assert response.status_code == fresh.status_code == 302
    assert persons_named(FOREIGN_NAME).count() == 2
    assert work == fresh_work
    assert PossibleDuplicate.objects.filter(other=foreign_case.person).count() == 1


def test_admin_add_form_offers_no_confirmation_box_for_an_invisible_duplicate(lawyer, foreign_case):
    # An invalid e-mail keeps the form on the page: the "save anyway" box must not appear.
    response, _work = post_admin_add(lawyer, {"full_name": FOREIGN_NAME, "email": "not-an-address"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "save_despite_duplicate" not in body
    assert "already recorded" not in body and "coordinator" not in body


def test_admin_add_form_still_warns_of_a_visible_duplicate(lawyer, own_case):
    response, _work = post_admin_add(lawyer, {"full_name": own_case.person.full_name})

    body = response.content.decode()
    assert response.status_code == 200
    assert "already recorded" in body
    assert f"/admin/cases/person/{own_case.person_id}/change/" in body
    assert "save_despite_duplicate" in body


def test_admin_warns_a_coordinator_of_any_duplicate(coordinator, foreign_case):
    response, _work = post_admin_add(coordinator, {"full_name": FOREIGN_NAME})

    assert response.status_code == 200
    assert f"/admin/cases/person/{foreign_case.person_id}/change/" in response.content.decode()


# --- The import keeps avoiding the oracle ----------------------------------------------------


def import_row(user, name: str, *, dry_run: bool = False):
    content = f"{HEADER}\n{name},1990-05-17,2021-02-02T10:00:00+03:00,Москва,Москва,metro,Тверская\n"
    job = run(user, content, dry_run=dry_run)
    return {
        "status": job.status,
        "created": job.created_count,
        "skipped": (job.skipped_count, job.skipped),
        "errors": job.errors,
    }


@pytest.mark.parametrize("dry_run", [True, False])
def test_import_of_another_lawyers_client_reads_like_any_row(lawyer, foreign_case, dry_run):
    fresh = import_row(lawyer, NOBODY, dry_run=dry_run)

    result = import_row(lawyer, FOREIGN_NAME, dry_run=dry_run)

    assert result == fresh
    assert result["status"] == "done"


def test_import_never_attaches_a_row_to_an_invisible_person_and_queues_the_pair(lawyer, foreign_case):
    import_row(lawyer, FOREIGN_NAME)

    imported = persons_named(FOREIGN_NAME).exclude(pk=foreign_case.person_id).get()
    assert imported.cases.get().lawyers.get() == lawyer
    assert foreign_case.person.cases.count() == 1
    entry = PossibleDuplicate.objects.get()
    assert (entry.person, entry.other) == (imported, foreign_case.person)


def test_import_queues_duplicates_of_every_chunk(lawyer, monkeypatch):
    monkeypatch.setattr(imports, "CHUNK_ROWS", 2)
    hidden = [CaseFactory(person__full_name=f"Скрытый Человек {n}").person for n in range(5)]
    rows = [
        f"Скрытый Человек {n},1990-05-17,2021-02-0{n + 1}T10:00:00+03:00,Москва,Москва,metro,Тверская" for n in range(5)
    ]

    job = run(lawyer, "\n".join([HEADER, *rows]) + "\n")

    assert job.created_count == 5
    assert set(PossibleDuplicate.objects.values_list("other", flat=True)) == {person.pk for person in hidden}


def test_a_duplicate_the_lawyer_can_see_and_saves_anyway_is_not_queued(lawyer, own_case):
    body = {"full_name": own_case.person.full_name, "save_despite_duplicate": True}

    response = api_client(lawyer).post(url("persons"), body, format="json")

    assert response.status_code == 201
    assert not PossibleDuplicate.objects.exists()
