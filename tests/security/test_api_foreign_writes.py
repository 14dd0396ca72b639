"""The API's writes never reach a record of a case the user cannot see, nor move one.

The admin's inline formsets let a posted id reach another case's record (review
finding); the same attacks, sent to every writable resource of the API: change and
delete a record of an invisible case, and move an own record onto another case, visible
or not. Every registered resource is covered or named below with the reason it is not.
"""

import pytest

from casetracker.api.urls import router
from tests.api.conftest import api_client, case_tree, url
from tests.api.payloads import CHANGES
from tests.factories import CaseFactory, DetentionFactory

# The field that ties each case record to its parent, and where a new parent comes from.
PARENT_FIELD = {
    "detentions": "case",
    "charges": "case",
    "hearings": "case",
    "documents": "case",
    "notes": "case",
    "evidence-claims": "detention",
}
# Resources whose writes are not case records, each covered elsewhere.
NOT_CASE_RECORDS = {
    "events": "reference data, written per model permission (tests/api/test_permissions.py)",
    "legal-articles": "reference data, written per model permission (tests/api/test_permissions.py)",
    "tokens": "a user's own tokens only (tests/api/test_tokens.py)",
    "imports": "creates new records only, scoped like the admin (tests/api/test_imports.py)",
    "deadlines": "counted, not written; a PATCH marks one of a visible case (tests/deadlines/test_api.py)",
    "intake": "hotline intakes, scoped by intake.selectors (tests/intake/test_board.py: foreign ones are 404)",
    "intake/dispatches": "sent by coordinators, marked by their lawyer (tests/intake/test_board.py)",
    "intake/police-stations": "read-only reference data (tests/intake/test_hotline_matrix.py)",
}
WRITABLE_CASE_DATA = [*PARENT_FIELD, "cases", "persons"]


def test_every_registered_resource_is_covered():
    registered = {prefix for prefix, _viewset, _basename in router.registry}
    assert registered == set(WRITABLE_CASE_DATA) | set(NOT_CASE_RECORDS)


@pytest.fixture
def trees(lawyer, other_lawyer):
    return {
        "own": case_tree(CaseFactory(lawyers=[lawyer])),
        "second_own": case_tree(CaseFactory(lawyers=[lawyer])),
        "invisible": case_tree(CaseFactory(lawyers=[other_lawyer])),
    }


def snapshot(record) -> list[dict]:
    return list(type(record)._default_manager.filter(pk=record.pk).values())


@pytest.mark.django_db
@pytest.mark.parametrize("resource", WRITABLE_CASE_DATA)
@pytest.mark.parametrize("method", ["patch", "put", "delete"])
def test_a_record_of_an_invisible_case_cannot_be_changed_or_deleted(lawyer, trees, resource, method):
    victim = trees["invisible"][resource]
    before = snapshot(victim)
    client = api_client(lawyer)
    body = CHANGES[resource] if method != "delete" else None

    response = getattr(client, method)(url(resource, victim.pk), body, format="json")

    assert response.status_code == 404
    assert snapshot(victim) == before


@pytest.mark.django_db
@pytest.mark.parametrize("resource", list(PARENT_FIELD))
@pytest.mark.parametrize("target", ["second_own", "invisible"])
def test_an_own_record_cannot_be_moved_to_another_case(lawyer, trees, resource, target):
    record = trees["own"][resource]
    field = PARENT_FIELD[resource]
    new_parent = trees[target]["cases" if field == "case" else "detentions"]
    before = snapshot(record)

    response = api_client(lawyer).patch(url(resource, record.pk), {field: new_parent.pk}, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert snapshot(record) == before


@pytest.mark.django_db
def test_a_claim_cannot_move_to_another_detention_of_the_same_case(lawyer, trees):
    claim = trees["own"]["evidence-claims"]
    other_detention = DetentionFactory(case=trees["own"]["cases"])
    before = snapshot(claim)

    body = {"detention": other_detention.pk}
    response = api_client(lawyer).patch(url("evidence-claims", claim.pk), body, format="json")

    assert response.status_code == 400
    assert snapshot(claim) == before


@pytest.mark.django_db
def test_a_case_cannot_be_given_the_person_of_an_invisible_case(lawyer, trees):
    case = trees["own"]["cases"]
    before = snapshot(case)

    body = {"person": trees["invisible"]["persons"].pk}
    response = api_client(lawyer).patch(url("cases", case.pk), body, format="json")

    assert response.status_code == 400
    assert "person" in response.json()
    assert snapshot(case) == before
