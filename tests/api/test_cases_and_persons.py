"""Cases and persons: who is assigned, who may assign, which persons exist for whom."""

import pytest

from casetracker.cases.models import Case, Person
from tests.api.conftest import api_client, url
from tests.factories import CaseFactory, PersonFactory, make_user


def test_lawyer_who_creates_a_case_is_assigned_to_it(lawyer):
    person = PersonFactory(created_by=lawyer)
    response = api_client(lawyer).post(url("cases"), {"person": person.pk, "status": "intake"}, format="json")
    assert response.status_code == 201, response.content
    case = Case.objects.get(pk=response.json()["id"])
    assert list(case.lawyers.all()) == [lawyer]
    assert case.created_by == lawyer
    assert response.json()["reference"].startswith("CT-")
    # ...and so it stays visible to them.
    assert api_client(lawyer).get(url("cases", case.pk)).status_code == 200


def test_lawyer_cannot_assign_lawyers(lawyer, other_lawyer):
    person = PersonFactory(created_by=lawyer)
    response = api_client(lawyer).post(url("cases"), {"person": person.pk, "lawyers": [other_lawyer.pk]}, format="json")
    assert response.status_code == 201
    # Ignored, as in the admin where the field is read-only for lawyers.
    assert response.json()["lawyers"] == [lawyer.pk]


def test_lawyer_cannot_unassign_themselves(lawyer, own_case, other_lawyer):
    response = api_client(lawyer).patch(url("cases", own_case.pk), {"lawyers": [other_lawyer.pk]}, format="json")
    assert response.status_code == 200
    assert list(own_case.lawyers.all()) == [lawyer]


def test_coordinator_assigns_lawyers(coordinator, lawyer, other_lawyer, own_case):
    response = api_client(coordinator).patch(
        url("cases", own_case.pk), {"lawyers": [lawyer.pk, other_lawyer.pk]}, format="json"
    )
    assert response.status_code == 200
    assert sorted(response.json()["lawyers"]) == sorted([lawyer.pk, other_lawyer.pk])
    # A coordinator creating a case is not assigned to it (they see every case anyway).
    response = api_client(coordinator).post(url("cases"), {"person": PersonFactory().pk}, format="json")
    assert response.json()["lawyers"] == []


def test_only_lawyers_and_coordinators_can_be_assigned(coordinator, analyst, own_case):
    response = api_client(coordinator).patch(url("cases", own_case.pk), {"lawyers": [analyst.pk]}, format="json")
    assert response.status_code == 400
    assert "lawyers" in response.json()


def test_lawyer_cannot_open_a_case_for_a_person_they_cannot_see(lawyer, foreign_case):
    response = api_client(lawyer).post(url("cases"), {"person": foreign_case.person_id}, format="json")
    assert response.status_code == 400
    assert "person" in response.json()


def test_person_without_case_is_visible_to_its_creator_only(lawyer, other_lawyer):
    response = api_client(lawyer).post(
        url("persons"), {"full_name": "Морозова Елена Павловна", "birth_date": "1995-03-08"}, format="json"
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert Person.objects.get(pk=pk).created_by == lawyer
    assert api_client(lawyer).get(url("persons", pk)).status_code == 200
    assert api_client(other_lawyer).get(url("persons", pk)).status_code == 404


def test_person_is_visible_through_a_visible_case(lawyer, own_case, foreign_case):
    client = api_client(lawyer)
    assert client.get(url("persons", own_case.person_id)).status_code == 200
    assert client.get(url("persons", foreign_case.person_id)).status_code == 404
    # Assigning the lawyer makes the person appear.
    foreign_case.lawyers.add(lawyer)
    assert client.get(url("persons", foreign_case.person_id)).status_code == 200


def test_persons_are_found_by_whole_words_of_the_name_only(lawyer, own_case, foreign_case):
    client = api_client(lawyer)
    found = client.get(url("persons"), {"name": "  соколова   анна викторовна "}).json()["results"]
    assert [row["id"] for row in found] == [own_case.person_id]
    assert client.get(url("persons"), {"name": "Соколова"}).json()["count"] == 1
    assert client.get(url("persons"), {"name": "Сокол"}).json()["count"] == 0  # no part of a word
    # The name of an invisible person finds nothing.
    assert client.get(url("persons"), {"name": "Кузнецов Дмитрий Олегович"}).json()["count"] == 0


def test_probable_duplicate_is_refused_until_confirmed(lawyer, own_case, foreign_case):
    client = api_client(lawyer)
    body = {"full_name": "Соколова Анна Викторовна", "birth_date": "1990-05-17"}
    response = client.post(url("persons"), body, format="json")
    assert response.status_code == 400
    message = response.json()["full_name"][0]
    assert f"#{own_case.person_id}" in message
    assert str(foreign_case.person_id) not in message.replace(f"#{own_case.person_id}", "")
    # A duplicate in a case the lawyer cannot see is not mentioned at all (it is queued
    # for the coordinators): the name is saved as any other.
    hidden = client.post(url("persons"), {"full_name": "Кузнецов Дмитрий Олегович"}, format="json")
    assert hidden.status_code == 201
    response = client.post(url("persons"), {**body, "save_despite_duplicate": True}, format="json")
    assert response.status_code == 201
    assert "save_despite_duplicate" not in response.json()


def test_coordinator_cannot_delete_a_person_with_a_case_but_can_without(coordinator, own_case):
    client = api_client(coordinator)
    assert client.delete(url("persons", own_case.person_id)).status_code == 409
    caseless = PersonFactory()
    assert client.delete(url("persons", caseless.pk)).status_code == 204


def test_inactive_user_is_refused(db):
    from casetracker.accounts.roles import LAWYER

    user = make_user(LAWYER, username="gone", is_active=False)
    CaseFactory(lawyers=[user])
    assert api_client(user).get(url("cases")).status_code == 403


@pytest.mark.parametrize("resource", ["cases", "persons", "detentions", "notes"])
def test_ids_that_are_not_numbers_are_404(lawyer, resource):
    assert api_client(lawyer).get(url(resource, "abc")).status_code == 404
    assert api_client(lawyer).get(url(resource, "99999999999999999999999")).status_code == 404


def test_put_replaces_a_record(lawyer, own_case):
    detention = own_case.detentions.get()
    body = {
        "case": own_case.pk,
        "detained_at": "2021-01-28T09:15:00+03:00",
        "released_at": "2021-01-28T21:00:00+03:00",
        "city": "Москва",
        "region": "Москва",
        "place_type": "street",
        "place": "Тверская улица",
        "narrative": "Задержан у выхода из метро.",
    }
    response = api_client(lawyer).put(url("detentions", detention.pk), body, format="json")
    assert response.status_code == 200, response.content
    detention.refresh_from_db()
    assert (detention.place_type, detention.place, detention.narrative) == (
        "street",
        "Тверская улица",
        "Задержан у выхода из метро.",
    )
    assert detention.is_minor is False  # recomputed from the birth date on save
