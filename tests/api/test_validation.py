"""Writes validate like the admin (the models' full_clean) and answer 400 per field, never 500."""

import pytest

from tests.api.conftest import api_client, url
from tests.factories import EventFactory, PersonFactory

FIELD_ERRORS = [
    # (resource, body on the own case (or its detention), field with the error)
    ("detentions", {"released_at": "2021-01-28T08:00:00+03:00"}, "released_at"),
    ("detentions", {"detained_at": "2999-01-01T10:00:00+03:00"}, "detained_at"),
    ("detentions", {"detained_at": "1980-01-01T10:00:00+03:00"}, "detained_at"),  # before the birth date
    ("detentions", {"place_type": "spaceship"}, "place_type"),
    ("detentions", {"detained_at": "2021-02-30T10:00"}, "detained_at"),
    ("evidence-claims", {"footage_date": "2021-02-15"}, "footage_date"),  # after the detention
    ("evidence-claims", {"method": "telepathy"}, "method"),
    ("hearings", {"fine_amount": "-100"}, "fine_amount"),
    ("hearings", {"outcome": "arrest", "arrest_days": 45}, "arrest_days"),
    ("hearings", {"outcome": "acquitted", "fine_amount": "500"}, "fine_amount"),
    ("hearings", {"fine_amount": "1e40"}, "fine_amount"),
    ("hearings", {"arrest_days": 10**30}, "arrest_days"),
    ("hearings", {"decision_received_on": "2021-01-01"}, "decision_received_on"),
    ("hearings", {"date": "yesterday"}, "date"),
    ("cases", {"closed_at": "2020-01-01"}, "closed_at"),
    ("cases", {"status": "won"}, "status"),
    ("cases", {"reference": "CT-2021-999999"}, "reference"),
    ("cases", {"person": None}, "person"),
    ("persons", {"birth_date": "2999-01-01"}, "birth_date"),
    ("persons", {"passport_last4": "12a4"}, "passport_last4"),
    ("persons", {"email": "not-an-address"}, "email"),
    ("persons", {"gender": ["male"]}, "gender"),
    ("persons", {"full_name": ""}, "full_name"),
    ("notes", {"text": ""}, "text"),
    ("charges", {"article": 987654}, "article"),
]


@pytest.mark.parametrize(("resource", "body", "field"), FIELD_ERRORS)
def test_invalid_change_is_400_with_the_field(lawyer, own_tree, resource, body, field):
    record = own_tree[resource]
    response = api_client(lawyer).patch(url(resource, record.pk), body, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors, errors
    assert all(isinstance(message, str) for message in errors[field])


def test_release_before_detention_message_is_the_admins(lawyer, own_tree):
    response = api_client(lawyer).patch(
        url("detentions", own_tree["detentions"].pk), {"released_at": "2021-01-01T00:00:00+03:00"}, format="json"
    )
    assert response.json() == {"released_at": ["Release cannot be before the detention."]}


def test_missing_required_fields_are_named(lawyer, own_case):
    response = api_client(lawyer).post(url("detentions"), {"case": own_case.pk}, format="json")
    assert response.status_code == 400
    # `place` is required with a public place type only (see the next test).
    assert set(response.json()) == {"detained_at", "city", "region", "place_type"}


def test_a_public_detention_needs_its_place(lawyer, own_case):
    payload = {"case": own_case.pk, "detained_at": "2021-02-02T08:00:00+03:00", "city": "Москва", "region": "Москва"}
    response = api_client(lawyer).post(url("detentions"), {**payload, "place_type": "metro"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"place"}


def test_failed_validation_changes_nothing(lawyer, own_tree):
    hearing = own_tree["hearings"]
    response = api_client(lawyer).patch(
        url("hearings", hearing.pk), {"judge": "Петров", "fine_amount": "-1"}, format="json"
    )
    assert response.status_code == 400
    hearing.refresh_from_db()
    assert hearing.judge == ""


def test_duplicate_event_is_a_non_field_error(coordinator):
    event = EventFactory()
    response = api_client(coordinator).post(
        url("events"), {"name": event.name, "date": str(event.date), "city": event.city}, format="json"
    )
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


BAD_REQUESTS = [
    ("post", "cases", b"{not json", "application/json"),
    ("post", "cases", b"[]", "application/json"),
    ("post", "cases", b'"a string"', "application/json"),
    ("post", "persons", b'{"full_name": {"nested": 1}}', "application/json"),
    ("post", "persons", b'{"full_name": "x", "birth_date": 20210101}', "application/json"),
    ("post", "detentions", b'{"case": "abc"}', "application/json"),
    ("post", "detentions", b'{"case": 1e400}', "application/json"),
    ("post", "detentions", b'{"case": 100000000000000000000000000000}', "application/json"),
    ("post", "charges", b'{"case": 1, "article": -100000000000000000000000000000}', "application/json"),
    ("post", "detentions", b'{"case": 1, "detained_at": "0001-01-01T00:00:00+14:00"}', "application/json"),
    ("post", "detentions", b'{"case": 1, "detained_at": "9999-12-31T23:59:59-12:00"}', "application/json"),
    ("post", "hearings", b'{"case": 1, "court": "x", "date": "2021-02-01", "fine_amount": "NaN"}', "application/json"),
    ("post", "notes", b"text=hello", "text/plain"),
    ("post", "documents", b'{"case": 1, "kind": "photo"}', "application/json"),
]


@pytest.mark.parametrize(("method", "resource", "body", "content_type"), BAD_REQUESTS)
def test_malformed_input_is_a_client_error_in_json(lawyer, own_tree, method, resource, body, content_type):
    client = api_client(lawyer)
    response = getattr(client, method)(url(resource), body, content_type=content_type)
    assert 400 <= response.status_code < 500, response.content
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    "query",
    [
        {"page": "0"},
        {"page": "-1"},
        {"page": "abc"},
        {"page": "99999999999999999999"},
        {"page_size": "abc"},
        {"page_size": "100000"},
        {"status": "nonsense"},
        {"detained_from": "2021-13-01"},
        {"detained_to": "tomorrow"},
        {"event": "1.5"},
        {"lawyer": "99999999999999999999999999"},
        {"person": "x"},
        {"ordering": "person__full_name"},
        {"ordering": "-nonexistent,,"},
        {"search": "\x00"},
        {"method": ""},
    ],
)
def test_bad_query_parameters_never_500(lawyer, own_tree, query):
    response = api_client(lawyer).get(url("cases"), query)
    assert response.status_code in {200, 400, 404}, response.content
    assert response["Content-Type"].startswith("application/json")


def test_ordering_on_an_encrypted_field_is_ignored(lawyer, own_tree):
    PersonFactory(created_by=lawyer)
    response = api_client(lawyer).get(url("persons"), {"ordering": "full_name"})
    assert response.status_code == 200
