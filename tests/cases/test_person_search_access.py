"""The word and phone search in the admin and the API never reaches a person the user may not see.

Two lawyers' clients share a surname and a phone number: each lawyer finds only their
own, through every search box (case list, person list, the case form's person picker,
the document's case picker) and every API search parameter; the coordinator finds both.
Query counts of the searched pages are pinned and do not grow with the matches.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import api_client, url
from tests.conftest import client_for
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

PHONE = "+7 916 555-12-34"
SHARED_SURNAME = "Сидорова"
# The change lists' budgets of tests/cases/test_changelist_queries.py plus nothing: the
# search is a subquery of the page's own queries. Measured on SQLite: case list 18 or
# fewer, person list 10, the person picker 9 (4 of the session, user and permissions,
# its count and page, 3 when the session's idle expiry is pushed ahead).
CASE_CHANGELIST_BUDGET = 20
PERSON_CHANGELIST_BUDGET = 12
AUTOCOMPLETE_BUDGET = 11
API_LIST_BUDGET = {"cases": 5, "persons": 4}


@pytest.fixture
def clients(lawyer, other_lawyer):
    own = CaseFactory(lawyers=[lawyer], reference="OWN-1", person__full_name="Сидорова Анна", person__phone=PHONE)
    foreign = CaseFactory(
        lawyers=[other_lawyer], reference="FOREIGN-1", person__full_name="Сидорова Мария", person__phone=PHONE
    )
    return own, foreign


def admin_page(user, path: str, term: str) -> str:
    response = client_for(user).get(path, {"q": term})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("term", [SHARED_SURNAME, "сидорова", "89165551234", PHONE])
def test_admin_case_list_finds_only_own_clients(lawyer, coordinator, clients, term):
    assert "OWN-1" in admin_page(lawyer, "/admin/cases/case/", term)
    assert "FOREIGN-1" not in admin_page(lawyer, "/admin/cases/case/", term)
    coordinators = admin_page(coordinator, "/admin/cases/case/", term)
    assert "OWN-1" in coordinators and "FOREIGN-1" in coordinators


@pytest.mark.parametrize("term", [SHARED_SURNAME, "Мария", "89165551234"])
def test_admin_person_list_finds_only_own_clients(lawyer, clients, term):
    own, foreign = clients
    body = admin_page(lawyer, "/admin/cases/person/", term)
    assert f"/admin/cases/person/{foreign.person.pk}/change/" not in body
    assert "Сидорова Мария" not in body
    if term != "Мария":
        assert f"/admin/cases/person/{own.person.pk}/change/" in body


@pytest.mark.parametrize("term", [SHARED_SURNAME, "Сидорова Мария", "89165551234"])
def test_person_picker_finds_only_own_clients(lawyer, clients, term):
    own, foreign = clients
    response = client_for(lawyer).get(
        "/admin/autocomplete/", {"app_label": "cases", "model_name": "case", "field_name": "person", "term": term}
    )
    ids = {int(result["id"]) for result in response.json()["results"]}
    assert foreign.person.pk not in ids
    assert (own.person.pk in ids) == (term != "Сидорова Мария")


def test_document_case_picker_finds_own_case_by_client_surname_only(lawyer, clients):
    response = client_for(lawyer).get(
        "/admin/autocomplete/",
        {"app_label": "cases", "model_name": "document", "field_name": "case", "term": SHARED_SURNAME},
    )
    assert [result["text"] for result in response.json()["results"]] == ["OWN-1"]


def test_search_boxes_say_what_they_match(lawyer, clients):
    assert "any whole word of the name" in admin_page(lawyer, "/admin/cases/case/", "")
    assert "a phone number" in admin_page(lawyer, "/admin/cases/person/", "")
    form = client_for(lawyer).get("/admin/cases/case/add/").content.decode()
    assert "Type any whole word of the name" in form


@pytest.mark.parametrize(
    ("resource", "query"),
    [
        ("persons", {"name": SHARED_SURNAME}),
        ("persons", {"name": "анна сидорова"}),
        ("persons", {"phone": "8 (916) 555 12 34"}),
        ("cases", {"search": SHARED_SURNAME}),
        ("cases", {"search": "89165551234"}),
    ],
)
def test_api_search_finds_only_own_clients(lawyer, coordinator, clients, resource, query):
    own, foreign = clients
    mine = {row["id"] for row in api_client(lawyer).get(url(resource), query).json()["results"]}
    every = {row["id"] for row in api_client(coordinator).get(url(resource), query).json()["results"]}
    expected = {"persons": (own.person.pk, foreign.person.pk), "cases": (own.pk, foreign.pk)}[resource]
    assert mine == {expected[0]}
    assert expected[1] in every or query.get("name") == "анна сидорова"


@pytest.mark.parametrize("phone", ["555-12-34", "Сидорова", "+7 916"])
def test_api_phone_filter_refuses_what_is_not_a_phone_number(lawyer, clients, phone):
    response = api_client(lawyer).get(url("persons"), {"phone": phone})
    assert response.status_code == 400
    assert "10 to 15 digits" in response.json()["phone"][0]


# --- query counts ----------------------------------------------------------------------------


def add_namesakes(lawyer, count: int, start: int) -> None:
    for number in range(start, start + count):
        CaseFactory(
            lawyers=[lawyer],
            reference=f"NS-{number:04d}",
            person__full_name=f"Сидорова Ольга {number}",
            person__phone="",
        )


def queries_of(request) -> int:
    # A first request may push the session's idle expiry ahead (3 queries, at most once a
    # minute): warm up, so that both counts compare the same work.
    request()
    with CaptureQueriesContext(connection) as context:
        response = request()
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("path", "budget"),
    [("/admin/cases/case/", CASE_CHANGELIST_BUDGET), ("/admin/cases/person/", PERSON_CHANGELIST_BUDGET)],
)
def test_admin_search_runs_a_fixed_number_of_queries(lawyer, clients, django_assert_max_num_queries, path, budget):
    client = client_for(lawyer)
    add_namesakes(lawyer, 3, start=0)
    few = queries_of(lambda: client.get(path, {"q": "Ольга Сидорова"}))
    add_namesakes(lawyer, 30, start=3)

    with django_assert_max_num_queries(budget) as captured:
        response = client.get(path, {"q": "Ольга Сидорова"})

    assert len(captured.captured_queries) == few
    body = response.content.decode()
    assert "Сидорова Ольга 32" in body and "Сидорова Анна" not in body


def test_autocomplete_search_runs_a_fixed_number_of_queries(lawyer, clients, django_assert_max_num_queries):
    client = client_for(lawyer)
    query = {"app_label": "cases", "model_name": "case", "field_name": "person", "term": "сидорова"}
    add_namesakes(lawyer, 3, start=0)
    few = queries_of(lambda: client.get("/admin/autocomplete/", query))
    add_namesakes(lawyer, 15, start=3)

    with django_assert_max_num_queries(AUTOCOMPLETE_BUDGET) as captured:
        response = client.get("/admin/autocomplete/", query)

    assert len(captured.captured_queries) == few
    assert len(response.json()["results"]) == 19  # the 18 namesakes and the own client


@pytest.mark.parametrize(("resource", "query"), [("persons", {"name": "Сидорова"}), ("cases", {"search": "Сидорова"})])
def test_api_search_runs_a_fixed_number_of_queries(lawyer, clients, django_assert_max_num_queries, resource, query):
    add_namesakes(lawyer, 30, start=0)
    with django_assert_max_num_queries(API_LIST_BUDGET[resource]):
        response = api_client(lawyer).get(url(resource), {**query, "page_size": 100})
    assert response.json()["count"] == 31
